"""``captionkit convert`` and :func:`captionkit.convert.convert`: any readable caption format
to any caption format, times and text kept, voices as the target's speaker marks, styling
dropped with a warning."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import captionkit
from captionkit import formats
from captionkit.cli import main
from captionkit.convert import convert, reader_for, writer_for
from captionkit.errors import CaptionParseError
from captionkit.formats import srt as srt_format
from captionkit.options import ExportOptions

from .conftest import SAMPLE
from .strategies import chars_per_caption, transcripts

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
_TAGS = re.compile(r"</?(?i:[ibu]|font)(?:\s[^<>\n]*)?>|\{\\[^{}\n]*\}")

SRT = "1\n00:00:01,000 --> 00:00:02,500\n<i>Hello</i> <b>there</b>\n[Speaker A] ok\n\n"
VTT = "WEBVTT\n\n00:01.000 --> 00:02.000\n<v Alice>Hi &amp; <i>bye</i></v>\n<v Bob>yo</v>\n"


def test_srt_to_vtt_drops_styling_with_warnings_and_keeps_labels_as_text():
    out, warnings = convert(SRT, "vtt", source="a.srt")
    assert out == "WEBVTT\n\n00:01.000 --> 00:02.500\nHello there\n[Speaker A] ok\n"
    assert any(w.startswith("italics dropped (1 tag)") and "no target keeps them" in w for w in warnings)
    assert any(w.startswith("formatting dropped (<b>)") for w in warnings)


@pytest.mark.parametrize(
    ("to", "expected"),
    [
        ("srt", "1\n00:00:01,000 --> 00:00:02,000\n[Alice] Hi & bye\n[Bob] yo\n\n"),
        ("sbv", "0:00:01.000,0:00:02.000\n[Alice] Hi & bye\n[Bob] yo\n\n"),
        ("vtt", "WEBVTT\n\n00:01.000 --> 00:02.000\n<v Alice>Hi &amp; bye</v>\n<v Bob>yo</v>\n"),
    ],
)
def test_voices_become_the_targets_speaker_marks(to, expected):
    out, warnings = convert(VTT, to, source="a.vtt")
    assert out == expected
    assert len(warnings) == 1 and warnings[0].startswith("italics dropped")


def test_label_format_and_no_warning_for_plain_input():
    out, warnings = convert(VTT.replace("<i>", "").replace("</i>", ""), "sbv", label_format="{speaker}: ")
    assert out.startswith("0:00:01.000,0:00:02.000\nAlice: Hi & bye\nBob: yo\n") and warnings == []


def test_formats_come_from_the_registry():
    assert {f.name for f in formats.readable()} >= {"srt", "vtt", "sbv"}
    assert writer_for(filename="OUT.SBV").name == "sbv" and writer_for("vtt").name == "vtt"
    with pytest.raises(ValueError, match="not a caption format"):
        writer_for("sentences")
    with pytest.raises(ValueError, match="unknown format 'nope'"):
        convert(SRT, "nope")
    with pytest.raises(ValueError, match="does not read 'words'"):
        reader_for(SRT, from_="words")
    # the text decides, then the extension
    assert reader_for(SRT, source="a.vtt").name == "srt"
    assert reader_for("", source="a.sbv").name == "sbv"
    with pytest.raises(CaptionParseError, match=r"^x\.txt: not a caption file captionkit reads"):
        reader_for("hello", source="x.txt")


def test_unreadable_input_names_the_file():
    with pytest.raises(CaptionParseError, match=r"^in\.sbv: not valid SBV: line 4"):
        convert("0:00:01.000,0:00:02.000\nhi\n\nbad\n", "srt", source="in.sbv")


def _chain(text: str, *targets: str) -> str:
    for to in targets:
        text, _ = convert(text, to)
    return text


@SETTINGS
@given(data=transcripts(), cap=chars_per_caption, labels=st.booleans())
def test_srt_vtt_sbv_srt_keeps_times_and_text(data, cap, labels):
    labels = labels and any(w["speaker"] for w in data["words"])
    t = captionkit.load(data)
    srt_text = formats.get("srt").render(t, ExportOptions(chars_per_caption=cap, speaker_labels=labels))
    original = srt_format.loads(srt_text)
    back = srt_format.loads(_chain(srt_text, "vtt", "sbv", "srt"))
    # styling tags are dropped (the cue model has none), with the lines and cues of nothing else;
    # everything else is the same text at the same times
    shown = [
        (c.start, c.end, tuple(x for x in (_TAGS.sub("", line) for line in c.lines) if x.strip())) for c in original
    ]
    assert [(c.start, c.end, c.lines) for c in back] == [cue for cue in shown if cue[2]]


@SETTINGS
@given(data=transcripts(), cap=chars_per_caption)
def test_vtt_voices_survive_sbv_and_srt(data, cap):
    if not any(w["speaker"] for w in data["words"]):
        data = {**data, "words": [{**w, "speaker": "A"} for w in data["words"]]}
    t = captionkit.load(data)
    vtt_text = formats.get("vtt").render(t, ExportOptions(chars_per_caption=cap, speaker_labels=True))
    original = formats.get("vtt").read(vtt_text)
    for to in ("srt", "sbv", "vtt"):
        out, _ = convert(vtt_text, to)
        back = formats.get(to).read(out)
        assert [(c.start, c.end) for c in back] == [(c.start, c.end) for c in original]
    assert formats.get("vtt").read(_chain(vtt_text, "vtt")) == original


def test_cli(tmp_path, capsys):
    src = tmp_path / "in.vtt"
    assert main(["vtt", str(SAMPLE), "--speaker-labels", "-o", str(src)]) == 0
    out = tmp_path / "out.sbv"
    assert main(["convert", str(src), "-o", str(out)]) == 0
    sbv_text = out.read_text(encoding="utf-8")
    assert sbv_text.startswith("0:00:00.640,0:00:03.546\n[Speaker A] Good morning")
    capsys.readouterr()
    assert main(["convert", str(out), "--to", "srt", "-o", "-"]) == 0
    assert capsys.readouterr().out.startswith("1\n00:00:00,640 --> 00:00:03,546\n[Speaker A] Good morning")
    assert main(["convert", str(out), "--to", "srt"]) == 0
    assert capsys.readouterr().out.startswith("1\n")
    styled = tmp_path / "styled.srt"
    styled.write_text(SRT, encoding="utf-8")
    assert main(["convert", str(styled), "--to", "vtt"]) == 0
    assert "captionkit: warning: " + str(styled) + ": italics dropped" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("argv", "code", "message"),
    [
        (["--to", "docx"], 2, "invalid choice: 'docx'"),
        (["-o", "x.docx"], 2, "cannot tell the output format from 'x.docx'"),
        ([], 2, "give --to FORMAT"),
        (["--from", "vtt", "--to", "srt"], 1, "not valid WebVTT"),
    ],
)
def test_cli_errors(tmp_path, capsys, argv, code, message):
    src = tmp_path / "in.srt"
    src.write_text(SRT, encoding="utf-8")
    if code == 2:
        with pytest.raises(SystemExit) as exc:
            main(["convert", str(src), *argv])
        assert exc.value.code == 2
    else:
        assert main(["convert", str(src), *argv]) == 1
    assert message in capsys.readouterr().err


def test_cli_unreadable_file(tmp_path, capsys):
    bad = tmp_path / "bad.sbv"
    bad.write_text("hello\n", encoding="utf-8")
    assert main(["convert", str(bad), "--to", "vtt"]) == 1
    assert (
        capsys.readouterr().err == f"captionkit: error: {bad}: not valid SBV: line 1: expected a timing line "
        "H:MM:SS.mmm,H:MM:SS.mmm, got 'hello'\n"
    )
    assert main(["convert", str(tmp_path / "missing.srt"), "--to", "vtt"]) == 1
    assert "missing.srt: cannot read the file" in capsys.readouterr().err
