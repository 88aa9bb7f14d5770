"""The command line: output, exit codes and messages."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import captionkit
from captionkit.cli import main

from .conftest import SAMPLE


def run(capsysbinary, *argv):
    code = main(list(argv))
    out, err = capsysbinary.readouterr()
    return code, out.decode("utf-8"), err.decode("utf-8")


def test_srt_to_stdout_matches_the_library(capsysbinary):
    code, out, err = run(capsysbinary, "srt", str(SAMPLE), "--chars-per-caption", "32")
    assert code == 0 and err == ""
    assert out == captionkit.load(SAMPLE).export_subtitles_srt(chars_per_caption=32)


def test_vtt_to_file(tmp_path, capsysbinary):
    out_file = tmp_path / "out.vtt"
    code, out, _ = run(capsysbinary, "vtt", str(SAMPLE), "-o", str(out_file))
    assert code == 0 and out == ""
    assert out_file.read_text(encoding="utf-8") == captionkit.load(SAMPLE).export_subtitles_vtt()
    assert [p.name for p in tmp_path.iterdir()] == ["out.vtt"]  # no temporary file left


def test_stdin(monkeypatch, capsysbinary):
    import io

    class Stdin:
        buffer = io.BytesIO(SAMPLE.read_bytes())

    monkeypatch.setattr(sys, "stdin", Stdin)
    code, out, _ = run(capsysbinary, "srt", "-")
    assert code == 0 and out.startswith("1\n00:00:00,640 --> ")


def test_output_is_utf8_whatever_the_locale(tmp_path):
    data = json.loads(SAMPLE.read_text())
    data["words"][0]["text"] = "Ça—日本"
    data.pop("utterances")
    path = tmp_path / "u.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    env = {**os.environ, "LC_ALL": "C", "LANG": "C", "PYTHONIOENCODING": "ascii"}
    proc = subprocess.run([sys.executable, "-m", "captionkit", "vtt", str(path)], capture_output=True, env=env)
    assert proc.returncode == 0, proc.stderr
    assert "Ça—日本".encode() in proc.stdout


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("{not json", "not valid JSON"),
        ('{"words": [{"text": "a", "start": 1, "en', "truncated JSON"),
        ('{"status": "processing", "words": null}', "transcript is still processing"),
        ('{"status": "error", "error": "Audio too short"}', "'Audio too short'"),
        ('{"status": "completed", "words": []}', "no words"),
        ('{"words": [{"text": "a", "start": 5, "end": 2}]}', "$.words[0].end"),
        ('{"words": [{"text": "a", "start": 5}]}', "$.words[0].end: word 'a' has no end"),
    ],
)
def test_bad_input_exits_1_with_the_message_and_no_traceback(tmp_path, capsysbinary, content, expected):
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    code, out, err = run(capsysbinary, "srt", str(path))
    assert code == 1 and out == ""
    assert err.startswith(f"captionkit: error: {path}: ") and expected in err
    assert "Traceback" not in err


def test_missing_file_exits_1(capsysbinary, tmp_path):
    code, _, err = run(capsysbinary, "vtt", str(tmp_path / "missing.json"))
    assert code == 1 and "missing.json: cannot read the file" in err


def test_unwritable_output_exits_1_and_leaves_nothing(capsysbinary, tmp_path):
    target = tmp_path / "no-such-dir" / "out.srt"
    code, _, err = run(capsysbinary, "srt", str(SAMPLE), "-o", str(target))
    assert code == 1 and "cannot write the output" in err
    assert not target.parent.exists()


def test_output_onto_its_own_input_is_refused(capsysbinary, tmp_path):
    path = tmp_path / "call.json"
    path.write_bytes(SAMPLE.read_bytes())
    with pytest.raises(SystemExit) as info:
        main(["srt", str(path), "-o", str(tmp_path / "." / "call.json")])
    assert info.value.code == 2
    assert "is the input file" in capsysbinary.readouterr().err.decode()
    assert path.read_bytes() == SAMPLE.read_bytes()


def test_output_through_a_symlink_replaces_the_file_it_names(capsysbinary, tmp_path):
    real = tmp_path / "real.srt"
    real.write_text("old\n")
    link = tmp_path / "link.srt"
    link.symlink_to(real)
    assert run(capsysbinary, "srt", str(SAMPLE), "-o", str(link))[0] == 0
    assert link.is_symlink() and real.read_text().startswith("1\n00:00:00,640 --> ")


def test_output_into_a_pipe_writes_into_it(capsysbinary, tmp_path):
    import threading

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    assert run(capsysbinary, "srt", str(SAMPLE), "-o", str(fifo))[0] == 0
    reader.join(10)
    assert fifo.is_fifo() and got and got[0].startswith(b"1\n00:00:00,640 --> ")


@pytest.mark.skipif(not Path("/dev/fd").exists(), reason="no /dev/fd on this system")
def test_output_to_dev_stdout_writes_through_the_descriptor(tmp_path):
    # a pipe: /dev/stdout resolves to /proc/PID/fd/pipe:[N], which cannot be opened by name
    piped = subprocess.run(
        [sys.executable, "-m", "captionkit", "srt", str(SAMPLE), "-o", "/dev/stdout"], capture_output=True, text=True
    )
    assert piped.returncode == 0, piped.stderr
    assert piped.stdout.startswith("1\n00:00:00,640 --> ")
    # a file opened for appending (>>): the text is appended, the file not replaced
    out = tmp_path / "all.txt"
    out.write_text("PRIOR\n")
    inode = out.stat().st_ino
    with open(out, "a") as handle:
        done = subprocess.run(
            [sys.executable, "-m", "captionkit", "srt", str(SAMPLE), "-o", "/dev/stdout"], stdout=handle, text=True
        )
    assert done.returncode == 0
    assert out.read_text().startswith("PRIOR\n1\n00:00:00,640 --> ") and out.stat().st_ino == inode
    # /dev/fd/N of an inherited descriptor
    read, write = os.pipe()
    proc = subprocess.run(
        [sys.executable, "-m", "captionkit", "srt", str(SAMPLE), "-o", f"/dev/fd/{write}"], pass_fds=(write,)
    )
    os.close(write)
    with os.fdopen(read, "rb") as handle:
        assert proc.returncode == 0 and handle.read().startswith(b"1\n00:00:00,640 --> ")


class _ShortWrites(io.BytesIO):
    """A stdout buffer that stops taking bytes after ``room`` (a file size limit)."""

    def __init__(self, room):
        super().__init__()
        self.room = room

    def write(self, data):
        taken = bytes(data[: max(self.room - self.tell(), 0)])
        return super().write(taken)


def test_stdout_that_takes_part_of_the_output_is_an_error_not_a_silent_cut(monkeypatch, capsys):
    class Out:
        buffer = _ShortWrites(100)

    monkeypatch.setattr(sys, "stdout", Out())
    assert main(["srt", str(SAMPLE)]) == 1
    assert "<stdout>: cannot write the output" in capsys.readouterr().err
    monkeypatch.setattr(sys, "stdout", None)
    assert main(["srt", str(SAMPLE)]) == 1
    assert "standard output is closed" in capsys.readouterr().err


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["srt"],
        ["srt", str(SAMPLE), "--chars-per-caption", "0"],
        ["srt", str(SAMPLE), "--chars-per-caption", "x"],
        ["bogus", str(SAMPLE)],
        ["srt", str(SAMPLE), "--no-such-flag"],
    ],
)
def test_usage_errors_exit_2(argv, capsysbinary):
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 2
    assert "usage:" in capsysbinary.readouterr().err.decode()


def test_version_and_help(capsysbinary):
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0
    assert capsysbinary.readouterr().out.decode().strip() == f"captionkit {captionkit.__version__}"
    with pytest.raises(SystemExit):
        main(["--help"])
    help_text = capsysbinary.readouterr().out.decode()
    assert "examples:" in help_text and "captionkit srt transcript.json --chars-per-caption 32" in help_text
    with pytest.raises(SystemExit):
        main(["srt", "--help"])
    assert "--chars-per-caption" in capsysbinary.readouterr().out.decode()


def test_python_dash_m_and_console_script(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "captionkit", "srt", str(SAMPLE)], capture_output=True, text=True)
    assert proc.returncode == 0 and proc.stdout == captionkit.load(SAMPLE).export_subtitles_srt()
    script = Path(sys.executable).with_name("captionkit")
    if script.exists():
        proc = subprocess.run([str(script), "vtt", str(SAMPLE)], capture_output=True, text=True)
        assert proc.returncode == 0 and proc.stdout.startswith("WEBVTT\n\n")
    bad = tmp_path / "q.json"
    bad.write_text('{"status": "queued"}')
    proc = subprocess.run([sys.executable, "-m", "captionkit", "srt", str(bad)], capture_output=True, text=True)
    assert proc.returncode == 1 and "still queued" in proc.stderr and "Traceback" not in proc.stderr


def test_a_format_warning_is_a_captionkit_line_naming_the_file(tmp_path, capsysbinary):
    words = [{"text": "naïve", "start": 5000, "end": 7000}, {"text": "€5", "start": 7100, "end": 9000}]
    doc = {"id": "t", "status": "completed", "text": "naïve €5", "words": words}
    path = tmp_path / "accents.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    code, out, err = run(capsysbinary, "scc", str(path))
    assert code == 0 and out.startswith("Scenarist_SCC V1.0")
    assert f"captionkit: warning: {path}: scc: 2 character(s) outside the CEA-608 set were replaced" in err
    assert "SccWarning" not in err and "scc.py" not in err  # not Python's warning format
