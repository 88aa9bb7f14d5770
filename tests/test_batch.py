"""``captionkit render`` and :mod:`captionkit.batch`: outputs, skipping, failures, atomicity, executors."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

import captionkit
from captionkit import batch, formats
from captionkit.cli import main
from captionkit.options import ExportOptions

from .conftest import SAMPLE

ALL = ",".join(formats.REGISTRY)  # whatever exports exist: render must use the registry generically
BROKEN = '{"status": "completed", "words": [{"text": "a", "start": 5'


def suffix(name: str, options: ExportOptions | None = None) -> str:
    return batch._suffix(name, options or ExportOptions())


def expected(transcript_path: Path, name: str, cap: int | None = None) -> str:
    return formats.get(name).render(captionkit.load(transcript_path), ExportOptions(chars_per_caption=cap))


def make_archive(root: Path, n: int = 3, broken: tuple[int, ...] = ()) -> list[Path]:
    """``n`` transcripts under root (half of them in a subfolder), the ``broken`` ones cut short."""
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    paths = []
    for i in range(n):
        folder = root / ("sub" if i % 2 else "")
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"t{i:02d}.json"
        if i in broken:
            path.write_text(BROKEN, encoding="utf-8")
        else:
            data["id"] = f"t{i}"
            data["words"][0]["start"] = 600 + i  # each file renders differently
            path.write_text(json.dumps(data), encoding="utf-8")
        paths.append(path)
    return paths


def files_under(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def digest(paths: list[Path]) -> dict[Path, tuple[str, int]]:
    return {p: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns) for p in paths}


def render(capsys, *argv: str) -> tuple[int, str]:
    code = main(["render", *argv])
    return code, capsys.readouterr().err


# ---------------------------------------------------------------- outputs


def test_every_export_of_every_input_mirrors_the_tree(tmp_path, capsys):
    inputs = make_archive(tmp_path / "archive", 3)
    out = tmp_path / "exports"
    before = digest(inputs)
    code, err = render(capsys, str(tmp_path / "archive"), "--to", ALL, "--out", str(out), "--jobs", "1")
    assert code == 0, err
    want = sorted(
        (p.parent.relative_to(tmp_path / "archive") / (p.stem + suffix(n))).as_posix()
        for p in inputs
        for n in formats.REGISTRY
    )
    assert files_under(out) == want  # nothing else: no temporary file, no lock
    for p in inputs:
        for n in formats.REGISTRY:
            rel = p.parent.relative_to(tmp_path / "archive") / (p.stem + suffix(n))
            assert (out / rel).read_text(encoding="utf-8") == expected(p, n), (p, n)
    assert digest(inputs) == before  # inputs untouched
    assert f"3 inputs: 3 rendered, 0 up to date, 0 failed; {3 * len(formats.REGISTRY)} files written" in err


def test_options_reach_the_exports_and_outputs_get_normal_permissions(tmp_path, capsys):
    (src,) = make_archive(tmp_path / "a", 1)
    out = tmp_path / "o"
    code, _ = render(capsys, str(src), "--to", "srt", "--chars-per-caption", "20", "--out", str(out), "-j", "1")
    assert code == 0
    target = out / "t00.srt"
    assert target.read_text(encoding="utf-8") == expected(src, "srt", 20)
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask  # not mkstemp's 0600


def test_broadcast_profiles_and_speaker_labels_reach_the_captions(tmp_path, capsys):
    (src,) = make_archive(tmp_path / "a", 1)
    out = tmp_path / "o"
    argv = ["--profile", "netflix", "--max-cps", "17", "--speaker-labels", "--speaker-names", "A=Alice"]
    code, err = render(capsys, str(src), "--to", "srt,vtt", *argv, "--out", str(out), "-j", "1")
    assert code == 0, err
    for fmt in ("srt", "vtt"):
        assert main([fmt, str(src), *argv, "-o", str(tmp_path / f"one.{fmt}")]) == 0
        assert (out / f"t00.{fmt}").read_text(encoding="utf-8") == (tmp_path / f"one.{fmt}").read_text(encoding="utf-8")
    assert "[Alice] " in (out / "t00.srt").read_text(encoding="utf-8")
    assert "<v Alice>" in (out / "t00.vtt").read_text(encoding="utf-8")
    with pytest.raises(SystemExit) as usage:
        main(["render", str(src), "--to", "srt", "--profile", "bbc", "--chars-per-caption", "32", "--out", str(out)])
    assert usage.value.code == 2 and "--chars-per-caption works with the api profile only" in capsys.readouterr().err


def test_files_folders_and_globs(tmp_path, capsys):
    inputs = make_archive(tmp_path / "arch", 4)
    out = tmp_path / "out"
    pattern = str(tmp_path / "arch" / "**" / "t0[13].json")
    code, err = render(capsys, pattern, str(inputs[0]), "--to", "srt", "--out", str(out), "-j", "1")
    assert code == 0, err
    assert files_under(out) == ["sub/t01.srt", "sub/t03.srt", "t00.srt"]


def test_outputs_inside_the_input_folder_are_not_read_as_inputs(tmp_path, capsys):
    make_archive(tmp_path, 2)
    out = tmp_path / "exports"
    assert render(capsys, str(tmp_path), "--to", ALL, "--out", str(out), "-j", "1")[0] == 0
    code, err = render(capsys, str(tmp_path), "--to", ALL, "--out", str(out), "-j", "1")
    assert code == 0 and "2 inputs: 0 rendered, 2 up to date" in err
    # next to the inputs (--out is the input folder): outputs such as x.sentences.json are skipped
    code, err = render(capsys, str(tmp_path), "--to", ALL, "--out", str(tmp_path), "-j", "1")
    assert code == 0 and "2 inputs: 2 rendered" in err
    code, err = render(capsys, str(tmp_path), "--to", ALL, "--out", str(tmp_path), "-j", "1")
    assert code == 0 and "2 inputs: 0 rendered, 2 up to date" in err


def test_up_to_date_outputs_are_skipped_unless_forced(tmp_path, capsys):
    inputs = make_archive(tmp_path / "a", 2)
    out = tmp_path / "o"
    args = [str(tmp_path / "a"), "--to", "srt,vtt", "--out", str(out), "-j", "1"]
    assert render(capsys, *args)[0] == 0
    stamps = {p: p.stat().st_mtime_ns for p in out.rglob("*.*")}
    code, err = render(capsys, *args)
    assert code == 0 and "0 rendered, 2 up to date" in err and "0 files written" in err
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*.*")} == stamps
    # an input that changed is rendered again (only its outputs)
    time.sleep(0.01)
    inputs[0].write_text(inputs[0].read_text(encoding="utf-8"), encoding="utf-8")
    code, err = render(capsys, *args)
    assert code == 0 and "1 rendered, 1 up to date" in err and "2 files written" in err
    # a deleted output is rendered again
    (out / "sub" / "t01.vtt").unlink()
    code, err = render(capsys, *args)
    assert "1 rendered, 1 up to date" in err and (out / "sub" / "t01.vtt").exists()
    code, err = render(capsys, *args, "--force")
    assert code == 0 and "2 rendered, 0 up to date" in err and "4 files written" in err


# ---------------------------------------------------------------- failures


def test_a_broken_file_in_the_middle_fails_alone(tmp_path, capsys):
    inputs = make_archive(tmp_path / "a", 5, broken=(2,))
    (tmp_path / "a" / "notes.json").write_text('{"status": "queued"}', encoding="utf-8")
    out = tmp_path / "o"
    report = tmp_path / "report.jsonl"
    code, err = render(capsys, str(tmp_path / "a"), "--to", "srt,vtt", "--out", str(out), "--report", str(report))
    assert code == 1
    assert "6 inputs: 4 rendered, 0 up to date, 2 failed" in err
    assert f"{inputs[2]}: truncated JSON" in err
    assert f"{tmp_path / 'a' / 'notes.json'}: $.status: transcript is still queued" in err
    assert "Traceback" not in err
    good = [p for i, p in enumerate(inputs) if i != 2]
    rendered = sorted(
        (p.parent.relative_to(tmp_path / "a") / f"{p.stem}{s}").as_posix() for p in good for s in (".srt", ".vtt")
    )
    assert files_under(out) == rendered
    lines = [json.loads(line) for line in report.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == 6
    by_input = {r["input"]: r for r in lines}
    assert by_input[str(inputs[2])]["status"] == "failed"
    assert by_input[str(inputs[2])]["error_type"] == "InputError"
    assert "truncated JSON" in by_input[str(inputs[2])]["error"]
    assert by_input[str(inputs[0])]["status"] == "ok" and len(by_input[str(inputs[0])]["written"]) == 2
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # the report's temp file is gone


def test_missing_inputs_and_empty_patterns_are_failures_not_aborts(tmp_path, capsys):
    (good,) = make_archive(tmp_path / "a", 1)
    out = tmp_path / "o"
    code, err = render(
        capsys,
        str(tmp_path / "nope.json"),
        str(tmp_path / "a" / "*.nothing"),
        str(good),
        "--to",
        "srt",
        "--out",
        str(out),
    )
    assert code == 1
    assert f"{tmp_path / 'nope.json'}: no such file or folder" in err
    assert "matches no files" in err
    assert (out / "t00.srt").exists()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_pipes_broken_links_and_unreadable_paths_are_failures_not_hangs_or_tracebacks(tmp_path, capsys):
    """A named pipe called x.json in an archive would block the reader for ever; a broken
    symlink, a name too long for the file system or a path the run cannot read are each one
    failure, and the rest of the batch is rendered."""
    make_archive(tmp_path / "a", 1)
    os.mkfifo(tmp_path / "a" / "pipe.json")
    (tmp_path / "a" / "gone.json").symlink_to(tmp_path / "nowhere.json")
    too_long = str(tmp_path / ("x" * 300 + ".json"))
    out = tmp_path / "o"
    code, err = render(
        capsys, str(tmp_path / "a"), too_long, str(tmp_path / "a" / "pipe.json"), "--to", "srt", "--out", str(out)
    )
    assert code == 1
    assert f"{tmp_path / 'a' / 'pipe.json'}: not a regular file" in err
    assert f"{tmp_path / 'a' / 'gone.json'}: a broken symbolic link" in err
    assert "cannot read it: File name too long" in err and "Traceback" not in err
    assert (out / "t00.srt").exists()


def test_an_archive_made_without_speaker_labels_renders_its_text_too(tmp_path, capsys):
    """`--to ...,text` on transcripts without speakers: the text export is their paragraphs,
    exactly as `captionkit text` writes it, and nothing fails."""
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    data.pop("utterances")
    for w in data["words"]:
        w["speaker"] = None
    folder = tmp_path / "a"
    folder.mkdir()
    (folder / "plain.json").write_text(json.dumps(data), encoding="utf-8")
    out = tmp_path / "o"
    code, err = render(capsys, str(folder), "--to", "srt,text", "--out", str(out), "-j", "1")
    assert code == 0, err
    assert "1 input: 1 rendered, 0 up to date, 0 failed; 2 files written" in err
    assert files_under(out) == ["plain.srt", "plain.txt"]
    assert main(["text", str(folder / "plain.json"), "-o", str(tmp_path / "one.txt")]) == 0
    assert (out / "plain.txt").read_bytes() == (tmp_path / "one.txt").read_bytes()
    assert (out / "plain.txt").read_text(encoding="utf-8").startswith("00:00:00 -> Good morning")


def test_two_inputs_with_the_same_output_name_do_not_overwrite_each_other(tmp_path, capsys):
    (a,) = make_archive(tmp_path / "x", 1)
    (b,) = make_archive(tmp_path / "y", 1)
    code, err = render(capsys, str(a), str(b), "--to", "srt", "--out", str(tmp_path / "o"), "-j", "1")
    assert code == 1 and "would overwrite those of" in err
    assert (tmp_path / "o" / "t00.srt").read_text(encoding="utf-8") == expected(a, "srt")


def _make_unwritable(folder: Path, monkeypatch) -> None:
    """Make ``folder`` read-only; as root (permissions not enforced) refuse writes under it in this process."""
    folder.chmod(0o555)
    probe = folder / ".probe"
    try:
        probe.write_text("x")
    except PermissionError:
        return  # the file system enforces it
    probe.unlink()
    real_open, real_mkstemp, real_replace, real_mkdir = os.open, batch.tempfile.mkstemp, os.replace, os.mkdir

    def inside(path) -> bool:
        return folder == Path(path).absolute() or folder in Path(path).absolute().parents

    def denied(path):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(os, "open", lambda p, *a, **k: denied(p) if inside(p) else real_open(p, *a, **k))
    monkeypatch.setattr(os, "mkdir", lambda p, *a, **k: denied(p) if inside(p) else real_mkdir(p, *a, **k))
    monkeypatch.setattr(os, "replace", lambda s, d, *a, **k: denied(d) if inside(d) else real_replace(s, d, *a, **k))
    monkeypatch.setattr(
        batch.tempfile,
        "mkstemp",
        lambda *a, **k: denied(k.get("dir")) if inside(k.get("dir", ".")) else real_mkstemp(*a, **k),
    )
    import builtins

    real_builtin_open = builtins.open
    monkeypatch.setattr(
        builtins,
        "open",
        lambda p, *a, **k: (
            denied(p)
            if isinstance(p, (str, os.PathLike)) and inside(p) and (a[:1] or [k.get("mode", "r")])[0] != "r"
            else real_builtin_open(p, *a, **k)
        ),
    )


def test_a_read_only_output_folder_is_one_clear_error(tmp_path, capsys, monkeypatch):
    make_archive(tmp_path / "a", 2)
    out = tmp_path / "o"
    out.mkdir()
    _make_unwritable(out.absolute(), monkeypatch)
    try:
        code, err = render(capsys, str(tmp_path / "a"), "--to", "srt", "--out", str(out), "-j", "1")
    finally:
        monkeypatch.undo()
        out.chmod(0o755)
    assert code == 1
    assert err.strip() == f"captionkit: error: {out.absolute()}: cannot write to the output folder: Permission denied"
    assert list(out.iterdir()) == []


def test_a_read_only_subfolder_fails_its_files_only(tmp_path, capsys, monkeypatch):
    inputs = make_archive(tmp_path / "a", 4)
    out = tmp_path / "o"
    (out / "sub").mkdir(parents=True)
    _make_unwritable((out / "sub").absolute(), monkeypatch)
    try:
        code, err = render(capsys, str(tmp_path / "a"), "--to", "srt,vtt", "--out", str(out), "-j", "1")
    finally:
        monkeypatch.undo()
        (out / "sub").chmod(0o755)
    assert code == 1
    assert "4 inputs: 2 rendered, 0 up to date, 2 failed" in err
    assert f"{inputs[1]}: srt: cannot write {out.absolute() / 'sub' / 't01.srt'}: Permission denied" in err
    assert files_under(out) == ["t00.srt", "t00.vtt", "t02.srt", "t02.vtt"]  # no temporary file anywhere


def test_another_run_writing_to_the_same_folder_is_refused(tmp_path, capsys):
    make_archive(tmp_path / "a", 1)
    out = tmp_path / "o"
    with batch.output_folder(out.absolute()):
        code, err = render(capsys, str(tmp_path / "a"), "--to", "srt", "--out", str(out), "-j", "1")
    assert code == 1 and "another captionkit render is writing to this folder" in err
    assert files_under(out) == []


def test_what_a_killed_run_left_is_removed_by_the_next_run(tmp_path, capsys):
    make_archive(tmp_path / "a", 2)
    out = tmp_path / "o"
    staging = out / batch.STAGING
    staging.mkdir(parents=True)
    (staging / ".t00.srt.abc123.tmp").write_text("1\n00:00:00,640 --> 00:0", encoding="utf-8")  # half written
    (out / batch.LOCK).write_bytes(b"")
    code, _ = render(capsys, str(tmp_path / "a"), "--to", "srt", "--out", str(out), "-j", "1")
    assert code == 0
    assert files_under(out) == ["sub/t01.srt", "t00.srt"]
    assert not staging.exists() and not (out / batch.LOCK).exists()


def _killed_run_with_a_worker_alive(out: Path, pid_file: Path) -> None:
    """A run that forks a worker and is SIGKILLed (no cleanup) while the worker lives on."""
    with batch.output_folder(out):
        pid = os.fork()
        if pid == 0:
            time.sleep(30)
            os._exit(0)
        pid_file.write_text(str(pid), encoding="utf-8")
        os.kill(os.getpid(), signal.SIGKILL)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="fork is POSIX")
def test_a_worker_that_outlives_its_killed_run_does_not_hold_the_lock(tmp_path):
    """Worker processes are forked while the run holds its lock: one that outlives the killed
    run must not keep the next run out (it must not have inherited the lock)."""
    out = tmp_path / "o"
    pid_file = tmp_path / "worker.pid"
    run = os.fork()
    if run == 0:
        try:
            _killed_run_with_a_worker_alive(out, pid_file)
        finally:
            os._exit(1)
    _, status = os.waitpid(run, 0)
    worker = int(pid_file.read_text(encoding="utf-8"))
    try:
        assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL and (out / batch.LOCK).exists()
        os.kill(worker, 0)  # still alive
        with batch.output_folder(out):  # not refused
            pass
        assert files_under(out) == []
    finally:
        os.kill(worker, signal.SIGKILL)


def test_a_straggling_worker_of_an_earlier_run_cannot_write_into_the_next_one(tmp_path):
    """A worker of a killed run may live on for a moment: once the next run has started, its
    temporary files and its staging folder are out of its reach, so it cannot rename a file
    over what the next run writes."""
    out = tmp_path / "o"
    with batch.output_folder(out) as old_staging:
        pass
    old_staging.mkdir(parents=True)  # as a killed run leaves it
    half = old_staging / ".t00.srt.abc123.tmp"
    half.write_text("stale", encoding="utf-8")  # made before the next run began, renamed after
    with batch.output_folder(out) as staging:
        assert staging != old_staging
        with pytest.raises(FileNotFoundError):
            batch.write_atomic(out / "t00.srt", "stale", staging=old_staging)
        with pytest.raises(FileNotFoundError):
            os.replace(half, out / "t00.srt")
        batch.write_atomic(out / "t00.srt", "new", staging=staging)
    assert (out / "t00.srt").read_text(encoding="utf-8") == "new"
    assert files_under(out) == ["t00.srt"]


def _big_archive(root: Path, n: int) -> Path:
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    words = data["words"]
    root.mkdir()
    for i in range(n):  # ~6,000 words each: each input takes a few ms to render
        big = dict(data)
        big["words"] = [
            {**w, "start": w["start"] + k * 100_000, "end": w["end"] + k * 100_000} for k in range(40) for w in words
        ]
        big.pop("utterances")
        big["id"] = f"f{i}"
        (root / f"f{i:02d}.json").write_text(json.dumps(big), encoding="utf-8")
    return root


def processes_naming(folder: Path) -> list[str]:
    """The pids of the running processes whose command line holds ``folder`` (Linux /proc)."""
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            if str(folder).encode() in cmdline.read_bytes():
                found.append(cmdline.parent.name)
        except OSError:
            continue
    return found


def test_a_run_killed_half_way_leaves_only_whole_files(tmp_path):
    """SIGKILL the whole run (main process and workers) while it writes; then check every
    output is complete, and that the next run finishes the job and leaves nothing hidden."""
    archive = _big_archive(tmp_path / "a", 60)
    out = tmp_path / "o"
    cmd = [sys.executable, "-m", "captionkit", "render", str(archive), "--to", "srt,vtt", "--out", str(out), "-j", "2"]
    proc = subprocess.Popen(cmd, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        if len(list(out.glob("*.srt"))) >= 5:
            break
        time.sleep(0.005)
    assert proc.poll() is None, "the run ended before it could be killed: " + proc.stderr.read().decode()
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    proc.stderr.close()
    visible = [p for p in out.rglob("*") if p.is_file() and not any(part.startswith(".") for part in p.parts)]
    assert 0 < len(visible) < 120, "killed half-way"
    for p in visible:  # every visible output is whole
        src = archive / (p.stem + ".json")
        assert p.read_text(encoding="utf-8") == expected(src, p.suffix[1:]), p
    hidden = [p for p in out.rglob("*") if p.is_file() and p not in visible]
    assert all(batch.STAGING in p.parts or p.name == batch.LOCK for p in hidden), hidden
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert len(files_under(out)) == 120  # and nothing hidden left
    for p in out.iterdir():
        src = archive / (p.stem + ".json")
        assert p.read_text(encoding="utf-8") == expected(src, p.suffix[1:]), p


@pytest.mark.skipif(not Path("/proc/self/cmdline").exists(), reason="needs Linux /proc to find the workers")
def test_kill_of_the_main_process_alone_stops_the_workers_too(tmp_path):
    """`kill PID` (SIGTERM to the main process only, not its group): the run stops as on
    Ctrl-C, and no orphaned worker is left holding the output folder's lock."""
    archive = _big_archive(tmp_path / "a", 60)
    out = tmp_path / "o"
    cmd = [sys.executable, "-m", "captionkit", "render", str(archive), "--to", "srt,vtt", "--out", str(out), "-j", "2"]
    proc = subprocess.Popen(cmd, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None and len(list(out.glob("*.srt"))) < 5:
        time.sleep(0.005)
    assert proc.poll() is None, "the run ended before it could be killed: " + proc.stderr.read().decode()
    proc.terminate()
    assert proc.wait(30) == 130
    assert b"interrupted" in proc.stderr.read()
    proc.stderr.close()

    deadline = time.monotonic() + 10
    while processes_naming(out) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert processes_naming(out) == [], "worker processes outlived the run"
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=120)  # the folder is not locked
    assert done.returncode == 0, done.stderr
    assert len(files_under(out)) == 120


@pytest.mark.skipif(not Path("/proc/self/cmdline").exists(), reason="needs Linux /proc to find the workers")
def test_sigkill_of_the_main_process_alone_leaves_no_worker_and_no_lock(tmp_path):
    """`kill -9 PID` (the main process only, no handler runs): its workers exit with it instead
    of rendering on as orphans that hold the output folder's lock, and the next run finishes
    the job exactly as a clean run does."""
    archive = _big_archive(tmp_path / "a", 60)
    out = tmp_path / "o"
    cmd = [sys.executable, "-m", "captionkit", "render", str(archive), "--to", "srt,vtt", "--out", str(out), "-j", "2"]
    proc = subprocess.Popen(cmd, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and proc.poll() is None and len(list(out.glob("*.srt"))) < 5:
            time.sleep(0.005)
        assert proc.poll() is None, "the run ended before it could be killed: " + proc.stderr.read().decode()
        proc.kill()  # SIGKILL to the main process alone
        proc.wait()
        deadline = time.monotonic() + 3
        while processes_naming(out) and time.monotonic() < deadline:
            time.sleep(0.02)
        assert processes_naming(out) == [], "worker processes outlived their killed parent"
    finally:
        proc.stderr.close()
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)  # whatever is left of the run's session
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=60)  # neither refused nor clobbered
    assert done.returncode == 0, done.stderr
    clean = tmp_path / "clean"
    clean_cmd = [str(clean) if arg == str(out) else arg for arg in cmd]
    assert subprocess.run(clean_cmd, capture_output=True, timeout=60).returncode == 0
    assert files_under(out) == files_under(clean)  # 120 outputs, nothing hidden left (no staging folder, no lock)
    assert len(files_under(out)) == 120 and [p.name for p in out.iterdir() if p.name.startswith(".")] == []
    assert all((out / f).read_bytes() == (clean / f).read_bytes() for f in files_under(clean))


def test_an_output_that_would_overwrite_another_input_is_refused(tmp_path, capsys):
    folder = tmp_path / "calls"
    folder.mkdir()
    source = folder / "a.json"
    source.write_bytes(SAMPLE.read_bytes())
    assert main(["sentences", str(source), "-o", str(folder / "a.sentences.json")]) == 0  # the API's /sentences
    before = digest([folder / "a.sentences.json"])
    code, err = render(
        capsys, str(source), str(folder / "a.sentences.json"), "--to", "srt,sentences", "--out", str(folder), "--force"
    )
    assert code == 1 and "would overwrite the input" in err
    assert digest([folder / "a.sentences.json"]) == before
    assert not (folder / "a.srt").exists()  # nothing of that input is written
    assert (folder / "a.sentences.srt").exists()  # the other input renders as usual


def test_a_report_path_that_is_a_folder_is_a_usage_error(tmp_path, capsys):
    with pytest.raises(SystemExit) as info:
        main(["render", str(SAMPLE), "--to", "srt", "--out", str(tmp_path / "o"), "--report", str(tmp_path)])
    assert info.value.code == 2
    assert "is a folder" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()


# ---------------------------------------------------------------- usage


@pytest.mark.parametrize(
    "argv",
    [
        ["render", "x.json", "--to", "srt,bogus", "--out", "o"],
        ["render", "x.json", "--to", "", "--out", "o"],
        ["render", "x.json", "--to", "srt"],
        ["render", "x.json", "--to", "srt", "--out", "o", "--jobs", "0"],
        ["render", "x.json", "--to", "srt", "--out", "o", "--jobs", "2", "--scheduler", "tcp://h:1"],
    ],
)
def test_usage_errors_exit_2(argv, capsys):
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert "usage:" in err
    if "bogus" in argv[3]:
        assert "unknown export bogus; known: " + ", ".join(formats.REGISTRY) in err


LATE_FORMAT = """
from captionkit.formats.base import Format


class Late(Format):
    name = "late"
    extension = ".late.txt"
    help = "the word count"

    def render(self, transcript, options):
        return f"{len(transcript.word_columns())} words\\n"


FORMAT = Late()
"""


def test_a_format_added_as_one_module_and_one_registry_line_just_works(tmp_path, capsys, monkeypatch):
    """A new format is a module and a registry line: render (and the rest) find it there."""
    plugin = tmp_path / "plugin" / "ckplugin"
    plugin.mkdir(parents=True)
    (plugin / "__init__.py").write_text("", encoding="utf-8")
    (plugin / "late.py").write_text(LATE_FORMAT, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path / "plugin"))
    monkeypatch.setitem(formats.REGISTRY, "late", ("ckplugin.late", "the word count"))
    (src,) = make_archive(tmp_path / "a", 1)
    code, err = render(capsys, str(src), "--to", "srt,late", "--out", str(tmp_path / "o"), "-j", "1")
    assert code == 0, err
    assert (tmp_path / "o" / "t00.late.txt").read_text(encoding="utf-8") == f"{len(captionkit.load(src).words)} words\n"
    (plugin / "dup.py").write_text(LATE_FORMAT.replace('".late.txt"', '".srt"'), encoding="utf-8")
    monkeypatch.setitem(formats.REGISTRY, "dup", ("ckplugin.dup", "a clash"))
    with pytest.raises(ValueError, match=r"exports srt and dup would both write \*\.srt"):
        batch.check_exports(["srt", "dup"])


# ---------------------------------------------------------------- progress, executors


def test_progress_bar_only_when_asked_or_on_a_terminal(tmp_path, capsys):
    make_archive(tmp_path / "a", 3, broken=(1,))
    code, err = render(capsys, str(tmp_path / "a"), "--to", "srt", "--out", str(tmp_path / "o"), "-j", "1")
    assert code == 1 and "file/s" not in err and "%|" not in err  # not a terminal: quiet
    code, err = render(
        capsys, str(tmp_path / "a"), "--to", "srt", "--out", str(tmp_path / "p"), "-j", "1", "--progress"
    )
    assert "3/3" in err and "file/s" in err  # count and rate
    assert "failed: " in err


def test_any_executor_runs_the_batch(tmp_path):
    inputs = make_archive(tmp_path / "a", 5, broken=(3,))
    seen = []
    with ThreadPoolExecutor(2) as pool:
        summary = batch.render_batch(
            [tmp_path / "a"], ["srt"], tmp_path / "o", executor=pool, in_flight=2, on_result=seen.append
        )
    assert (summary.inputs, summary.rendered, summary.failed, summary.written) == (5, 4, 1, 4)
    assert summary.failures[0].input == str(inputs[3])
    assert len(seen) == 5


def test_a_worker_that_dies_fails_its_input_and_the_batch_goes_on(tmp_path):
    make_archive(tmp_path / "a", 3)

    class Flaky(ThreadPoolExecutor):
        calls = 0

        def submit(self, fn, *args, **kwargs):
            Flaky.calls += 1
            if Flaky.calls == 2:
                from concurrent.futures import Future

                fut: Future = Future()
                fut.set_exception(RuntimeError("worker died"))
                return fut
            return super().submit(fn, *args, **kwargs)

    with Flaky(2) as pool:
        summary = batch.render_batch([tmp_path / "a"], ["srt"], tmp_path / "o", executor=pool)
    assert (summary.rendered, summary.failed) == (2, 1)
    assert "the worker running it failed: RuntimeError: worker died" in summary.failures[0].error


def test_process_pool_gives_the_same_outputs(tmp_path, capsys):
    make_archive(tmp_path / "a", 4)
    assert render(capsys, str(tmp_path / "a"), "--to", ALL, "--out", str(tmp_path / "one"), "-j", "1")[0] == 0
    assert render(capsys, str(tmp_path / "a"), "--to", ALL, "--out", str(tmp_path / "two"), "-j", "2")[0] == 0
    one, two = files_under(tmp_path / "one"), files_under(tmp_path / "two")
    assert one == two
    assert all((tmp_path / "one" / f).read_bytes() == (tmp_path / "two" / f).read_bytes() for f in one)


def test_dask_local_cluster(tmp_path, capsys):
    distributed = pytest.importorskip("distributed", reason="the Dask extra is not installed (captionkit[dask])")
    inputs = make_archive(tmp_path / "a", 4, broken=(2,))
    out = tmp_path / "o"
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None
    ) as cluster:
        code, err = render(
            capsys, str(tmp_path / "a"), "--to", "srt,vtt", "--out", str(out), "--scheduler", cluster.scheduler_address
        )
    assert code == 1 and "4 inputs: 3 rendered, 0 up to date, 1 failed" in err
    assert f"{inputs[2]}: truncated JSON" in err
    assert (out / "t00.srt").read_text(encoding="utf-8") == expected(inputs[0], "srt")
    assert len(files_under(out)) == 6


def test_scheduler_without_dask_is_a_clear_error(tmp_path, capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # import fails as if not installed
    make_archive(tmp_path / "a", 1)
    code, err = render(
        capsys, str(tmp_path / "a"), "--to", "srt", "--out", str(tmp_path / "o"), "--scheduler", "tcp://x:1"
    )
    assert code == 1
    assert "--scheduler needs Dask's distributed scheduler: pip install 'captionkit[dask]'" in err


def _hold_lock_in_child(out: Path, owner: int, seconds: float) -> int:
    """Lock ``out``'s run lock naming ``owner`` as its run, hand the lock to a child that keeps
    it for ``seconds`` (as a worker forked at its run's death does until it first runs)."""
    import fcntl

    out.mkdir(parents=True, exist_ok=True)
    fd = os.open(out / batch.LOCK, os.O_RDWR | os.O_CREAT)
    fcntl.flock(fd, fcntl.LOCK_EX)
    os.write(fd, str(owner).encode())
    child = os.fork()
    if child == 0:
        time.sleep(seconds)
        os._exit(0)
    os.close(fd)
    return child


@pytest.mark.skipif(not hasattr(os, "fork"), reason="fork is POSIX")
def test_a_lock_left_by_a_dead_run_is_waited_for_and_a_live_run_refused_at_once(tmp_path):
    dead = os.fork()
    if dead == 0:
        os._exit(0)
    os.waitpid(dead, 0)
    child = _hold_lock_in_child(tmp_path / "a", dead, 0.5)
    began = time.monotonic()
    with batch.output_folder(tmp_path / "a"):  # the run is gone: waits for the straggler, then runs
        pass
    assert 0.3 < time.monotonic() - began < batch.DEAD_OWNER_WAIT_S
    os.waitpid(child, 0)
    child = _hold_lock_in_child(tmp_path / "b", os.getpid(), 3)
    try:
        began = time.monotonic()
        with pytest.raises(batch.OutputError, match="another captionkit render"), batch.output_folder(tmp_path / "b"):
            pass
        assert time.monotonic() - began < 1  # its run is alive: refused without waiting
    finally:
        os.kill(child, signal.SIGKILL)
        os.waitpid(child, 0)


def test_format_warnings_are_listed_with_their_file_and_reported(tmp_path, capsys):
    folder = tmp_path / "a"
    folder.mkdir()
    doc = {"id": "t", "status": "completed", "text": "naïve",
           "words": [{"text": "naïve", "start": 5000, "end": 7000}]}  # fmt: skip
    (folder / "accents.json").write_text(json.dumps(doc), encoding="utf-8")
    report = tmp_path / "report.jsonl"
    code, err = render(capsys, str(folder), "--to", "scc,srt", "--out", str(tmp_path / "o"), "--report", str(report))
    assert code == 0 and "1 rendered" in err and "0 failed" in err  # a warning does not fail the input
    assert f"warnings:\n  {folder / 'accents.json'}: scc: 1 character(s) outside the CEA-608 set" in err
    (line,) = [json.loads(x) for x in report.read_text(encoding="utf-8").splitlines()]
    assert line["status"] == "ok" and len(line["written"]) == 2
    assert [w.split(" character")[0] for w in line["warnings"]] == ["scc: 1"]
