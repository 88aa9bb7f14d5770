"""The invariant checker fails when an invariant is broken (each one, on purpose)."""

from __future__ import annotations

import dataclasses

import pytest

import captionkit
from captionkit.model.cue import Cue
from captionkit.qa import invariants as check

from ..conftest import SAMPLE


@pytest.fixture(scope="module")
def sample():
    t = captionkit.load(SAMPLE)
    return t, t.captions(32)


def test_sample_passes(sample):
    t, cues = sample
    report = check.invariants(t.words, cues, 32)
    assert report.ok and all(report.held(name) for name in check.INVARIANTS)


def broken(cues, i, **changes):
    out = list(cues)
    out[i] = dataclasses.replace(out[i], **changes)
    return out


@pytest.mark.parametrize(
    ("name", "mutate"),
    [
        ("one_line", lambda c: broken(c, 2, lines=("two", "lines"))),
        ("positive_duration", lambda c: broken(c, 2, end=c[2].start)),
        ("no_overlap", lambda c: broken(c, 3, start=c[2].end - 10)),
        ("sorted", lambda c: [c[1], c[0], *c[2:]]),
        ("single_spaces", lambda c: broken(c, 1, lines=(c[1].lines[0].replace(" ", "  ", 1),))),
        ("cap", lambda c: broken(c, 1, lines=(c[1].lines[0] + " x" * 20,))),
        ("words_in_order", lambda c: [*c[:4], *c[5:]]),
        ("words_in_order", lambda c: broken(c, 4, lines=(c[4].lines[0][:-1],))),  # a word cut
        ("starts_at_first_word", lambda c: broken(c, 5, start=c[5].start + 7)),
        ("ends_at_last_word", lambda c: broken(c, 5, end=c[5].end - 7)),
    ],
)
def test_each_violation_is_reported(sample, name, mutate):
    t, cues = sample
    report = check.invariants(t.words, mutate(cues), 32)
    assert not report.ok
    assert report.violations[name], str(report)
    assert name in str(report) and "FAILED" in str(report)


def test_words_missing_at_the_end_are_reported(sample):
    t, cues = sample
    report = check.invariants(t.words, cues[:-1], 32)
    assert "are in no cue" in report.violations["words_in_order"][0]


def test_text_only_words_skip_timing(sample):
    t, cues = sample
    report = check.invariants([w.text for w in t.words], cues, 32)
    assert report.ok and report.held("starts_at_first_word") is None


def test_layout_flags_deviations(sample):
    t, _ = sample
    srt_text = t.export_subtitles_srt(32)
    vtt_text = t.export_subtitles_vtt(32)
    assert check.layout(srt_text, "srt") == [] and check.layout(vtt_text, "vtt") == []
    assert check.layout(srt_text.replace("\n2\n", "\n7\n", 1), "srt")
    assert check.layout(srt_text.replace(",", ".", 1), "srt")
    assert check.layout(vtt_text.replace("WEBVTT\n\n", "WEBVTT\n\n1\n", 1), "vtt")  # identifier
    assert check.layout(vtt_text.replace("00:0", "00:00:0", 1), "vtt")  # hours under an hour
    assert check.layout(vtt_text.replace("\n\n", "\n", 2), "vtt")
    assert check.layout(vtt_text + "\n", "vtt") == [
        "the file ends with a blank line (the API's ends right after the last cue's text)"
    ]


def test_vtt_over_an_hour_uses_hours_everywhere():
    cues = [Cue(1000, 2000, ("a",)), Cue(3_600_500, 3_601_000, ("b",))]
    from captionkit.formats import vtt

    text = vtt.dumps(cues)
    assert "00:00:01.000 --> 00:00:02.000" in text and "01:00:00.500 --> 01:00:01.000" in text
    assert check.layout(text, "vtt") == []
    assert check.layout(text.replace("00:00:01.000", "00:01.000"), "vtt")


def test_boundary_scores():
    s = check.boundary_scores({1, 4, 9}, {1, 5, 9, 12})
    assert (s.matched, s.precision, s.recall) == (2, 0.5, 2 / 3)
    assert s.f1 == pytest.approx(2 * 0.5 * (2 / 3) / (0.5 + 2 / 3))
    assert check.boundary_scores(set(), set()).f1 == 0.0
