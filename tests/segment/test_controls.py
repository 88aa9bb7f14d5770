"""Cue controls (captionkit.segment.controls): every word once and in order, at most N words
a cue, no cue across a pause of the split length, exact offsets, legal times; with the api
and broadcast profiles, through the whole caption path (cues_for) and the CLI."""

from __future__ import annotations

import contextlib
import io
import itertools
import json
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from captionkit.cli import main
from captionkit.inputs import load
from captionkit.options import ExportOptions
from captionkit.profiles import PROFILES
from captionkit.qa.lint import lint_cues
from captionkit.segment.controls import CueControlError, apply_controls, line_ranges, timecode_ms
from captionkit.segment.cues import cues_for

from ..strategies import transcripts

SETTINGS = settings(
    max_examples=int(os.environ.get("CONTROLS_EXAMPLES", "25")), deadline=None, suppress_health_check=list(HealthCheck)
)
profiles = st.sampled_from([None, "netflix", "bbc", "dcmp"])


def _words_of(cues, transcript):
    """Each cue's word indices, checked against its text."""
    cols = transcript.word_columns()
    out = []
    for cue in cues:
        assert 0 <= cue.first_word <= cue.last_word
        ranges = line_ranges(cue, cols.texts)
        assert ranges is not None, cue  # the lines are exactly the cue's words
        out.extend(range(cue.first_word, cue.last_word + 1))
    return out


def _legal(cues):
    for cue in cues:
        assert 0 <= cue.start < cue.end
    for a, b in itertools.pairwise(cues):
        assert a.end <= b.start


@SETTINGS
@given(
    data=transcripts(max_words=25),
    profile=profiles,
    labels=st.booleans(),
    max_words=st.one_of(st.none(), st.integers(1, 6)),
    pause=st.one_of(st.none(), st.sampled_from([0.05, 0.3, 1.0])),
)
def test_controls_keep_every_word_and_their_limits(data, profile, labels, max_words, pause):
    transcript = load(data)
    if labels and all(w.speaker is None for w in transcript.words):
        labels = False
    options = ExportOptions(profile=profile, speaker_labels=labels, max_words=max_words, split_pause=pause)
    base = cues_for(transcript, ExportOptions(profile=profile, speaker_labels=labels), labels_in_text=True)
    _legal(base)
    cues = cues_for(transcript, options, labels_in_text=True)
    assert _words_of(cues, transcript) == list(range(len(transcript.words)))
    _legal(cues)
    cols = transcript.word_columns()
    # the split itself (before a broadcast profile times the pieces again), word for word
    split = apply_controls(
        base,
        cols,
        max_words=max_words,
        split_pause_ms=round(pause * 1000) if pause is not None else None,
        gap=PROFILES[profile].min_gap_ms if profile is not None else 0,
        language=transcript.language_code,
    )
    assert [(c.first_word, c.last_word, c.lines) for c in cues] == [(c.first_word, c.last_word, c.lines) for c in split]
    for cue in split:
        n = cue.last_word - cue.first_word + 1
        # a cue too short to give each piece 1 ms is kept whole (words of no duration)
        if max_words is not None and n > max_words:
            ranges = line_ranges(cue, cols.texts) or [(cue.first_word, cue.last_word)]
            pieces = sum(-(-(b - a + 1) // max_words) for a, b in ranges)  # each line in even pieces
            assert cue.end - cue.start < pieces, cue
        if pause is not None:
            split_ms = round(pause * 1000)
            spans = [k for k in range(cue.first_word, cue.last_word) if cols.starts[k + 1] - cols.ends[k] >= split_ms]
            if spans:
                assert cue.end - cue.start < len(spans) + 1, cue
    if max_words is None and pause is None:
        assert cues == base
    if profile is not None:
        # split cues are timed by the profile's rules too: the gaps it closes are closed, as
        # between the segmenter's own cues (words too close for the minimum gap aside)
        kept = _timing_errors(base, transcript, profile)
        assert _timing_errors(cues, transcript, profile) <= kept


@pytest.mark.parametrize("profile", ["netflix", "bbc"])
@pytest.mark.parametrize(("max_words", "pause"), [(2, None), (None, 0.15)])
def test_split_cues_get_the_profiles_timing(profile, max_words, pause):
    # speech with short silences (150-250 ms): split cues must close the gaps as the profile does
    words, t = [], 1000
    for k in range(24):
        words.append({"text": f"word{k}" + ("." if k % 6 == 5 else ""), "start": t, "end": t + 280, "speaker": "A"})
        t += 280 + (150 if k % 2 else 250)
    transcript = load({"id": "t", "status": "completed", "text": " ".join(w["text"] for w in words), "words": words})
    options = ExportOptions(profile=profile, max_words=max_words, split_pause=pause)
    base = cues_for(transcript, ExportOptions(profile=profile), labels_in_text=True)
    cues = cues_for(transcript, options, labels_in_text=True)
    assert len(cues) > len(base)  # the controls split cues
    limits = PROFILES[profile]
    for a, b in itertools.pairwise(cues):
        gap = b.start - a.end
        assert gap >= limits.min_gap_ms
        assert gap >= limits.chain_gaps_under_ms or gap == limits.min_gap_ms  # a short gap is closed
    report = lint_cues(cues, limits, words=transcript.words)
    assert {r.rule for r in report.rules if r.failed and r.severity == "error"} == set()


def _timing_errors(cues, transcript, profile) -> set[str]:
    """The gap rules the cues break."""
    report = lint_cues(cues, PROFILES[profile], words=transcript.words, language=transcript.language_code)
    return {r.rule for r in report.rules if r.failed and r.rule in ("overlap", "gap_chaining")}


@SETTINGS
@given(data=transcripts(max_words=30), profile=profiles, offset=st.integers(-3000, 3000))
def test_offset_is_exact_or_a_clear_error(data, profile, offset):
    transcript = load(data)
    base = cues_for(transcript, ExportOptions(profile=profile), labels_in_text=True)
    options = ExportOptions(profile=profile, offset=offset / 1000)
    if base and base[0].start + offset < 0:
        with pytest.raises(CueControlError, match="before 0"):
            cues_for(transcript, options, labels_in_text=True)
        return
    cues = cues_for(transcript, options, labels_in_text=True)
    assert [(c.start - offset, c.end - offset, c.lines) for c in cues] == [(c.start, c.end, c.lines) for c in base]


@pytest.mark.parametrize(
    ("timecode", "fps", "ms"),
    [
        ("10:00:00:00", 25, 36_000_000),
        ("00:00:01:12", 25, 1480),
        ("10:00:00:00", 30, 36_000_000),
        ("10:00:00:00", 29.97, 36_036_000),  # non-drop: frames at 30, played at 30000/1001
        ("10:00:00;00", 29.97, 35_999_964),  # drop-frame: within a frame of the clock
        ("00:01:00;02", 29.97, 60_060),
        ("00:00:00:23", 23.976, 959),
    ],
)
def test_timecodes(timecode, fps, ms):
    assert timecode_ms(timecode, fps) == ms


@pytest.mark.parametrize(
    ("timecode", "fps"),
    [("10:00:00:25", 25), ("10:00:00;00", 25), ("00:01:00;00", 29.97), ("1:2:3", 25), ("00:60:00:00", 25)],
)
def test_bad_timecodes(timecode, fps):
    with pytest.raises(CueControlError):
        timecode_ms(timecode, fps)


def test_start_timecode_needs_a_frame_rate_with_the_api_profile():
    transcript = load({"id": "x", "status": "completed", "text": "a", "words": [{"text": "a", "start": 0, "end": 5}]})
    with pytest.raises(ValueError, match="needs --fps"):
        cues_for(transcript, ExportOptions(start_timecode="10:00:00:00"), labels_in_text=True)
    cue = cues_for(transcript, ExportOptions(start_timecode="10:00:00:00", fps=25), labels_in_text=True)[0]
    assert (cue.start, cue.end) == (36_000_000, 36_000_005)
    # a broadcast profile has a frame rate of its own (netflix: 24 fps)
    cue = cues_for(transcript, ExportOptions(profile="netflix", start_timecode="00:00:01:12"), labels_in_text=True)[0]
    assert cue.start == 1500


def _run(tmp_path, *argv):
    """Exit status, output (written with -o) and standard error of the command line."""
    out = tmp_path / "out.txt"
    out.unlink(missing_ok=True)
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        try:
            code = main([*argv, "-o", str(out)])
        except SystemExit as exc:
            code = exc.code
    return code, out.read_text() if out.exists() else "", err.getvalue()


def test_cli_every_caption_format_takes_the_controls(tmp_path):
    from captionkit import formats

    src = tmp_path / "t.json"
    words = [{"text": f"w{i}", "start": 1000 + 300 * i, "end": 1250 + 300 * i} for i in range(12)]
    src.write_text(json.dumps({"id": "x", "status": "completed", "text": "", "words": words}))
    for name in formats.REGISTRY:
        if not formats.get(name).captions:
            continue
        code, out, err = _run(tmp_path, name, str(src), "--max-words", "2", "--offset", "1", "--split-pause", "0.04")
        assert code in (0, None), err
        fmt = formats.get(name)
        if fmt.readable:  # read back: the last word is there, 2 words a cue at most
            cues = fmt.read(out, source=name)
            assert "w11" in cues[-1].lines[-1] and all(len(" ".join(c.lines).split()) <= 2 for c in cues)
        elif name != "scc":  # SCC's text is CEA-608 byte codes (its own tests read it back with ttconv)
            assert "w11" in out


def test_cli_offset_before_zero_is_an_input_error(tmp_path):
    src = tmp_path / "t.json"
    words = [{"text": "a", "start": 500, "end": 900}]
    src.write_text(json.dumps({"id": "x", "status": "completed", "text": "a", "words": words}))
    code, _, err = _run(tmp_path, "srt", str(src), "--offset", "-1")
    assert code == 1 and "before 0" in err and "00:00:00.500" in err
    code, _, err = _run(tmp_path, "srt", str(src), "--start-timecode", "10:00:00:00")
    assert code == 2 and "--fps" in err
    code, out, _ = _run(tmp_path, "srt", str(src), "--start-timecode", "10:00:00:00", "--fps", "25")
    assert code in (0, None) and "10:00:00,500 --> 10:00:00,900" in out
