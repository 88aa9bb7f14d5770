"""The checker and the renderer on real API output (../shared); skipped when it is absent."""

from __future__ import annotations

import json
import statistics

import pytest

import captionkit
from captionkit.formats import srt, vtt
from captionkit.qa import invariants as check

from ..conftest import CORPUS, FIXTURES, needs_shared, shared_file

pytestmark = needs_shared

REACT_RUNS = ["1408446", "16d1b1e", "4f1f8b2", "5ae715f", "7e9e9e7", "c1b642c", "f08f4fb"]
ALL_VTT = [*REACT_RUNS, "1f3c6c6", "50aa1c4", "a507413"]


def corpus_folders():
    folders = sorted(p for p in CORPUS.glob("*/") if (p / "api.srt").exists()) if CORPUS.is_dir() else []
    return folders or [pytest.param(None, marks=pytest.mark.skip(reason=f"no paired corpus in {CORPUS}"))]


@pytest.mark.parametrize("folder", corpus_folders(), ids=lambda p: getattr(p, "name", "none"))
def test_checker_accepts_the_real_api_srt_against_its_transcript(folder):
    transcript = captionkit.load(folder / "transcript.json")
    text = (folder / "api.srt").read_text(encoding="utf-8")
    cues = srt.loads(text)
    report = check.invariants(transcript.words, cues, chars_per_caption=40)
    assert report.ok, str(report)
    assert not report.skipped
    assert check.layout(text, "srt") == []
    # the cap binds: the API fills cues up to it
    assert max(len(c.lines[0]) for c in cues) == 40


@pytest.mark.parametrize("folder", corpus_folders(), ids=lambda p: getattr(p, "name", "none"))
def test_our_captions_of_the_corpus_keep_the_api_invariants(folder):
    transcript = captionkit.load(folder / "transcript.json")
    for cap in (None, 40, 32, 1):
        cues = transcript.captions(cap)
        assert check.invariants(transcript.words, cues, cap).ok
        assert check.layout(transcript.export_subtitles_srt(cap), "srt") == []
        assert check.layout(transcript.export_subtitles_vtt(cap), "vtt") == []


@pytest.mark.parametrize("commit", ALL_VTT)
def test_checker_accepts_every_real_default_mode_vtt(commit):
    text = shared_file("coogan-research", f"transcript@{commit}.vtt").read_text(encoding="utf-8")
    assert check.layout(text, "vtt") == []
    cues = vtt.loads(text)
    words = None
    if commit in REACT_RUNS:
        words = shared_file("coogan-research", "transcript@c1b642c.txt").read_text(encoding="utf-8").split()
    elif commit == "a507413":
        words = shared_file("coogan-research", "transcript@a507413.txt").read_text(encoding="utf-8").split()
    report = check.invariants(words, cues)
    assert report.ok, str(report)
    if words is not None:
        assert report.held("words_in_order") is True


def test_checker_accepts_the_real_capped_srt():
    text = shared_file("assemblyai-go-sdk", "subtitles.srt").read_text(encoding="utf-8")
    assert check.layout(text, "srt") == []
    report = check.invariants(None, srt.loads(text), chars_per_caption=60)
    assert report.ok, str(report)
    assert report.held("cap") is True
    # ... and the cap is the one the file was made with: at 59 it is broken
    assert not check.invariants(None, srt.loads(text), chars_per_caption=59).ok


def test_checker_on_two_concatenated_windows_exports():
    raw = shared_file("automatic-subtitle-generator", "subtittles.srt").read_bytes().decode("utf-8")
    assert "line ends are not LF" in check.layout(raw, "srt")  # the checker sees the CRLF ...
    text = raw.replace("\r\n", "\n")
    second = text.index("\n\n1\n") + 2
    runs = [text[:second], text[second:]]
    for run in runs:  # ... and each export on its own has the API's layout
        assert check.layout(run, "srt") == []
        assert check.invariants(None, srt.loads(run)).ok
    assert any("numbered 1" in p for p in check.layout(text, "srt"))  # restart is caught


def test_checker_rejects_the_hand_edited_spec_vtt():
    """The API spec's example VTT is hand-edited (no blank lines, overlapping cues)."""
    text = shared_file("assemblyai-api-spec", "example_VttSubtitlesResponse.vtt").read_text(encoding="utf-8")
    assert check.layout(text, "vtt") != []


def test_checker_accepts_the_spec_srt():
    text = shared_file("assemblyai-api-spec", "example_SrtSubtitlesResponse.srt").read_text(encoding="utf-8")
    assert check.layout(text, "srt") == []
    assert check.invariants(None, srt.loads(text)).ok


def real_transcripts():
    out = []
    for path in sorted(FIXTURES.rglob("*.json")) + sorted(CORPUS.rglob("transcript.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(data, dict) and (data.get("words") or data.get("sentences") or data.get("paragraphs")):
            out.append(path)
    return out


@pytest.mark.parametrize(
    "path", real_transcripts() if FIXTURES.is_dir() else [], ids=lambda p: f"{p.parent.name}/{p.name}"
)
def test_our_output_on_every_real_transcript(path):
    t = captionkit.load(path)
    for cap in (None, 32, 40, 60):
        cues = t.captions(cap)
        assert check.invariants(t.words, cues, cap).ok
        srt_text = t.export_subtitles_srt(cap)
        vtt_text = t.export_subtitles_vtt(cap)
        assert check.layout(srt_text, "srt") == [] and check.layout(vtt_text, "vtt") == []
        assert srt.loads(srt_text) == vtt.loads(vtt_text)


def test_default_mode_timing_matches_the_api_statistics():
    """On a long real transcript the default mode cuts as the API does: the API's files have
    a median cue of 3.4-3.6 s and a longest cue of 4.2-5.3 s (fixtures README, point 5)."""
    t = captionkit.load(shared_file("assemblyai-go-sdk", "completed.json"))
    durations = [c.end - c.start for c in t.captions()]
    assert 3200 <= statistics.median(durations) <= 3800
    assert max(durations) <= 6000
    assert max(len(c.lines[0]) for c in t.captions()) <= 100
