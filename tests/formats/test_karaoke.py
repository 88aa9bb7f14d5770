"""``--karaoke`` on ``ass`` and ``vtt``: every word timed from the transcript, on generated
transcripts (with and without speaker labels and a broadcast profile)."""

from __future__ import annotations

import html
import io
import json
import re
import warnings

import pytest
import webvtt
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import captionkit
from captionkit.documents.speakers import NoSpeakersError
from captionkit.formats import ass, get
from captionkit.options import ExportOptions
from captionkit.segment.cues import cues_for

from ..conftest import SAMPLE
from ..strategies import chars_per_caption, transcripts
from ._ass import KARAOKE, dialogues, shown

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
STAMP = re.compile(r"<((?:\d+:)?\d\d:\d\d\.\d\d\d)>")
options_ = st.fixed_dictionaries(
    {"chars_per_caption": chars_per_caption, "speaker_labels": st.booleans()},
    optional={"profile": st.sampled_from(["netflix", "bbc"])},
)


def karaoke(fmt, data, opts):
    if "profile" in opts:
        opts = {**opts, "chars_per_caption": None}
    t = captionkit.load(data)
    options = ExportOptions(**opts, extra={"karaoke": True})
    try:
        cues = cues_for(t, options, labels_in_text=False)
    except NoSpeakersError:
        assume(False)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # every cue of a transcript's own words is timed
        return t, cues, get(fmt).render(t, options)


def _ms(stamp: str) -> int:
    *hm, sec = stamp.split(":")
    hours = int(hm[0]) if len(hm) == 2 else 0
    return ((hours * 60 + int(hm[-1])) * 60) * 1000 + round(float(sec) * 1000)


@SETTINGS
@given(data=transcripts(), opts=options_)
def test_ass_karaoke_times_every_word_and_fills_the_event(data, opts):
    t, cues, text = karaoke("ass", data, opts)
    events = dialogues(text)
    assert len(events) == len(cues)
    for (start, end, _, body), cue in zip(events, cues, strict=True):
        tags = KARAOKE.findall(body)
        kf = [int(n) for kind, n in tags if kind == "kf"]
        assert len(kf) == cue.last_word - cue.first_word + 1  # one \kf per word
        assert [kind for kind, _ in tags].count("k") <= 1 and (tags[0][0] == "kf" or len(tags) == len(kf) + 1)
        assert sum(int(n) for _, n in tags) == end - start  # nothing lost, nothing added
        assert shown(body) == [ass.hard_edges(ass.escape(line)) for line in cue.lines]
    # every word once, in order (the lines of a cue are its words)
    words = [w.text for w in t.words]
    assert [w for c in cues for w in words[c.first_word : c.last_word + 1]] == words


def test_ass_karaoke_durations():
    # event 100..200 cs; words at 110, 130 (a gap after it folds into it), 190
    assert ass.karaoke_durations(100, 200, [110, 130, 190]) == (10, [20, 60, 10])
    # overlapping or out-of-event starts are clamped and kept in order
    assert ass.karaoke_durations(100, 200, [90, 150, 140, 250]) == (0, [50, 0, 50, 0])


@SETTINGS
@given(data=transcripts(), opts=options_)
def test_vtt_karaoke_timestamps_increase_inside_the_cue(data, opts):
    _, cues, text = karaoke("vtt", data, opts)
    parsed = webvtt.from_buffer(io.StringIO(text))
    assert len(parsed) == len(cues)
    hours = max(c.end for c in cues) >= 3_600_000
    for c, cue in zip(parsed, cues, strict=True):
        assert (_ms(c.start), _ms(c.end)) == (cue.start, cue.end)
        stamps = STAMP.findall(c.raw_text)
        assert all((s.count(":") == 2) == hours for s in stamps)  # the cue timings' style
        times = [_ms(s) for s in stamps]
        assert times == sorted(set(times)) and all(cue.start < x < cue.end for x in times)
        n = cue.last_word - cue.first_word + 1
        assert len(times) <= n - 1
        if cue.end - cue.start >= n:  # room for every tag: every word after the first has one
            assert len(times) == n - 1
        # the text is unchanged once the tags go (escaping kept)
        plain = re.sub(r"</?v[^>]*>", "", STAMP.sub("", c.raw_text))
        assert [html.unescape(line) for line in plain.split("\n")] == list(cue.lines)
        assert "<" not in plain and ">" not in plain
        if opts["speaker_labels"] and cue.speakers and cue.speakers[0] is not None:
            assert c.raw_text.startswith(f"<v {html.escape(cue.speakers[0], quote=False)}>")


@settings(max_examples=100, deadline=None)
@given(data=transcripts(), cap=chars_per_caption, labels=st.booleans())
def test_vtt_without_karaoke_is_unchanged(data, cap, labels):
    t = captionkit.load(data)
    try:
        plain = get("vtt").render(t, ExportOptions(chars_per_caption=cap, speaker_labels=labels))
    except NoSpeakersError:
        assume(False)
    off = ExportOptions(chars_per_caption=cap, speaker_labels=labels, extra={"karaoke": False})
    assert get("vtt").render(t, off) == plain
    assert get("vtt").write(cues_for(t, off, labels_in_text=False), off) == plain


def test_vtt_karaoke_on_the_sample():
    t = captionkit.load(SAMPLE)
    text = get("vtt").render(t, ExportOptions(speaker_labels=True, extra={"karaoke": True}))
    assert "<v Speaker A>Good <00:01.005>morning," in text


def test_a_translation_is_written_without_karaoke_and_counted():
    data = json.loads(SAMPLE.read_text())
    for i, u in enumerate(data["utterances"]):
        u["translated_texts"] = {"es": f"Frase número {i} traducida."}
    t = captionkit.load(data)
    options = ExportOptions(language="es", extra={"karaoke": True})
    n = len(cues_for(t, options, labels_in_text=False))
    for fmt in ("ass", "vtt"):
        with pytest.warns(UserWarning, match=f"{n} of {n} cue"):
            text = get(fmt).render(t, options)
        assert "\\kf" not in text and not STAMP.search(text)
        assert "traducida." in text
