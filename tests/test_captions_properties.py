"""Properties of the API-compatible SRT and WebVTT output, on generated transcripts."""

from __future__ import annotations

import html
import io
import itertools
import re

import srt
import webvtt
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import captionkit
from captionkit import check, segment
from captionkit.formats import srt as srt_format
from captionkit.formats import vtt as vtt_format

from .strategies import chars_per_caption, transcripts

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _ms(td) -> int:
    return round(td.total_seconds() * 1000)


def _vtt_ms(stamp: str) -> int:
    *hm, sec = stamp.split(":")
    return ((int(hm[0]) * 60 if len(hm) == 2 else 0) * 60 + int(hm[-1]) * 60) * 1000 + round(float(sec) * 1000)


@SETTINGS
@given(data=transcripts(), cap=chars_per_caption)
def test_cues_keep_every_invariant(data, cap):
    t = captionkit.load(data)
    cues = t.captions(cap)
    words = t.words
    # every word exactly once, in order, whole, joined by single spaces
    assert " ".join(c.lines[0] for c in cues) == " ".join(w.text for w in words)
    assert [c.first_word for c in cues] == [0] + [c.last_word + 1 for c in cues[:-1]]
    assert cues[-1].last_word == len(words) - 1
    for i, c in enumerate(cues):
        assert len(c.lines) == 1
        assert c.lines[0] == " ".join(w.text for w in words[c.first_word : c.last_word + 1])
        if cap is not None and c.first_word != c.last_word:
            assert len(c.lines[0]) <= cap
        assert c.end > c.start
        if i:
            assert c.start >= cues[i - 1].end
        first, last = words[c.first_word], words[c.last_word]
        # exact word times unless a documented repair applied (zero-length/overlapping words)
        prev_end = cues[i - 1].end if i else 0
        assert c.start == max(first.start, prev_end)
        if last.end > c.start and (i + 1 == len(cues) or last.end <= words[cues[i + 1].first_word].start):
            assert c.end == last.end
    assert check.invariants(words, cues, cap).ok, str(check.invariants(words, cues, cap))


@SETTINGS
@given(data=transcripts(), cap=chars_per_caption)
def test_srt_is_canonical_and_parses_back(data, cap):
    t = captionkit.load(data)
    cues = t.captions(cap)
    text = t.export_subtitles_srt(chars_per_caption=cap)
    assert srt.compose(list(srt.parse(text))) == text
    parsed = list(srt.parse(text))
    assert [(_ms(s.start), _ms(s.end), s.content) for s in parsed] == [(c.start, c.end, c.lines[0]) for c in cues]
    assert [s.index for s in parsed] == list(range(1, len(cues) + 1))
    assert check.layout(text, "srt") == []
    assert srt_format.loads(text) == [type(c)(c.start, c.end, c.lines) for c in cues]


@SETTINGS
@given(data=transcripts(), cap=chars_per_caption)
def test_vtt_parses_back_escaped(data, cap):
    t = captionkit.load(data)
    cues = t.captions(cap)
    text = t.export_subtitles_vtt(chars_per_caption=cap)
    assert text.startswith("WEBVTT\n\n")
    parsed = webvtt.from_buffer(io.StringIO(text))
    got = [(_vtt_ms(c.start), _vtt_ms(c.end), html.unescape(c.text)) for c in parsed]
    assert got == [(c.start, c.end, c.lines[0]) for c in cues]
    assert all(c.identifier is None for c in parsed)
    for c in parsed:  # escaped: no raw '<' or '>', every '&' starts an entity we wrote
        assert "<" not in c.text and ">" not in c.text
        assert re.fullmatch(r"(?:[^&]|&amp;|&lt;|&gt;)*", c.text)
    assert check.layout(text, "vtt") == []
    assert vtt_format.loads(text) == [type(c)(c.start, c.end, c.lines) for c in cues]


@settings(max_examples=100, deadline=None)
@given(data=transcripts(), cap=chars_per_caption)
def test_rendering_is_deterministic(data, cap):
    a = captionkit.load(data).export_subtitles_srt(cap)
    b = captionkit.load(dict(data)).export_subtitles_srt(cap)
    assert a == b


@settings(max_examples=200, deadline=None)
@given(data=transcripts(min_words=2), cap=st.one_of(st.none(), st.integers(1, 60)))
def test_cues_end_early_only_by_a_documented_rule(data, cap):
    """Packing is greedy: a cue ends before the next word only when that word would not fit
    (with a cap) or one of the time, pause or sentence rules of the API profile applies."""
    t = captionkit.load(data)
    limit = segment.API_TIME_LIMIT_CAPPED_MS if cap else segment.API_TIME_LIMIT_MS
    for c, nxt in itertools.pairwise(t.captions(cap)):
        text = c.lines[0]
        if cap and len(text) + 1 + len(t.words[nxt.first_word].text) > cap:
            continue
        span = t.words[c.last_word].end - t.words[c.first_word].start
        gap = t.words[nxt.first_word].start - t.words[c.last_word].end
        full = max(span / limit, len(text) / cap if cap else 0)
        assert (
            span >= limit
            or gap >= segment.API_LONG_SILENCE_MS
            or (gap >= segment.API_PAUSE_MS and full >= segment.API_PAUSE_FULLNESS)
            or (full >= segment.API_SENTENCE_FULLNESS and segment.ends_sentence(text))
        ), (text, span, gap, full)
