"""``lint`` on every format the registry reads: detection by content, then extension, then
SRT; SBV files get their structure problems as ``format`` errors."""

from __future__ import annotations

import json

import pytest

from captionkit import formats
from captionkit.cli import main
from captionkit.formats import sbv
from captionkit.model.cue import Cue
from captionkit.profiles import get_profile
from captionkit.qa.lint import detect_format, format_by_name, lint_text, parse_captions, sniff_format

from ..conftest import SAMPLE

SBV = "0:00:01.000,0:00:03.000\n[Alice] Hello there.\n\n0:00:04.000,0:00:06.000\n[Bob] Hi.\n\n"


def test_detection_is_the_registrys():
    for text, name in (("WEBVTT\n\n", "vtt"), ("1\n00:00:01,000 --> 00:00:02,000\nA\n", "srt"), (SBV, "sbv")):
        assert sniff_format(text) == formats.sniff(text) == detect_format(text) == name
    assert sniff_format(SBV) == "sbv" and detect_format(SBV, "x.srt") == "sbv"
    assert format_by_name("A.SBV") == "sbv" == detect_format("hello", "a.sbv")
    assert detect_format("hello", "a.txt") == "srt"  # the default, as before


def test_sbv_file_lints_clean_with_speakers_from_its_labels():
    report = lint_text(SBV, get_profile("netflix"), source="x.sbv")
    assert report.fmt == "sbv" and report.cues == 2
    assert not [v for v in report.violations if v.rule == "format"]
    assert [c.speakers for c in parse_captions(SBV, "sbv", "x.sbv")] == [("Alice",), ("Bob",)]


def test_sbv_structure_problems_are_format_errors():
    text = (
        "0:00:01.000,0:00:02.000\nhi there\n\nstray text\n\n0:00:03.000,0:00:02.500\nback\n\n0:00:04.000,0:00:05.000\n"
    )
    report = lint_text(text, get_profile("netflix"), source="bad.sbv")
    problems = [(v.cue, v.line, v.message) for v in report.violations if v.rule == "format"]
    assert problems == [
        (1, 4, "line 4: expected a timing line H:MM:SS.mmm,H:MM:SS.mmm, got 'stray text'"),
        (2, 6, "line 6: ends (0:00:02.500) before it starts"),
        (3, 9, "line 9: a caption with a timing line and no text"),
    ]
    assert report.cues == 2 and not report.ok


def test_extension_and_content_disagree():
    srt_text = "1\n00:00:01,000 --> 00:00:02,000\nHello.\n\n"
    report = lint_text(srt_text, get_profile("netflix"), source="x.sbv")
    assert report.fmt == "srt"
    assert any(v.message == "the file is named .sbv but holds SRT" for v in report.violations)
    report = lint_text(SBV, get_profile("netflix"), source="x.vtt")
    assert any(v.message == "the file is named .vtt but holds SBV" for v in report.violations)


def test_cli_lints_an_sbv_file(tmp_path, capsys):
    path = tmp_path / "sample.sbv"
    assert main(["sbv", str(SAMPLE), "-o", str(path)]) == 0
    code = main(["lint", str(path), "--profile", "netflix", "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    assert report["format"] == "sbv" and report["cues"] == len(sbv.loads(path.read_text(encoding="utf-8")))
    assert code in (0, 1)
    assert not [v for v in report["violations"] if v["rule"] == "format"]


def test_cli_input_format_choices_are_the_readable_formats(tmp_path, capsys):
    path = tmp_path / "captions.txt"
    path.write_text("hello\n", encoding="utf-8")
    assert main(["lint", str(path), "--input-format", "sbv"]) == 1
    out = capsys.readouterr().out
    assert "expected a timing line" in out and "the file has no cues" in out
    with pytest.raises(SystemExit) as exc:
        main(["lint", str(path), "--input-format", "words"])
    assert exc.value.code == 2


def test_unknown_format_is_a_parse_error():
    from captionkit.errors import CaptionParseError

    with pytest.raises(CaptionParseError, match="unknown caption format 'words'"):
        parse_captions("x", "words", "x")
    assert parse_captions(sbv.dumps([Cue(0, 1000, ("a",))]), "sbv", "s") == [Cue(0, 1000, ("a",))]
