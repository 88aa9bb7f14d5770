"""Properties of the API-compatible SRT and WebVTT output, on generated transcripts."""

from __future__ import annotations

import html
import io
import itertools
import math
import random
import re

import pytest
import srt
import webvtt
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import captionkit
from captionkit.formats import srt as srt_format
from captionkit.formats import vtt as vtt_format
from captionkit.qa import invariants as check
from captionkit.segment import api as segment
from captionkit.text.punctuation import ends_with_sentence_mark

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
@given(data=transcripts(min_words=2))
def test_default_mode_cues_end_early_only_by_a_documented_rule(data):
    """Without a cap, packing is greedy: a cue ends before the next word only when one of
    the time, pause or sentence rules of the module doc applies."""
    t = captionkit.load(data)
    limit = segment.API_TIME_LIMIT_MS
    for c, nxt in itertools.pairwise(t.captions()):
        text = c.lines[0]
        span = t.words[c.last_word].end - t.words[c.first_word].start
        gap = t.words[nxt.first_word].start - t.words[c.last_word].end
        full = span / limit
        assert (
            span >= limit
            or gap >= segment.API_LONG_SILENCE_MS
            or (gap >= segment.API_PAUSE_MS and full >= segment.API_PAUSE_FULLNESS)
            or (full >= segment.API_SENTENCE_FULLNESS and ends_with_sentence_mark(text))
        ), (text, span, gap, full)


def _columns(t):
    return [w.text for w in t.words], [w.start for w in t.words], [w.end for w in t.words]


def _splits(n: int):
    """Every way to cut n words into consecutive groups."""
    for mask in range(1 << (n - 1)):
        groups, first = [], 0
        for k in range(n - 1):
            if mask >> k & 1:
                groups.append((first, k))
                first = k + 1
        groups.append((first, n - 1))
        yield groups


@settings(max_examples=150, deadline=None)
@given(data=transcripts(min_words=1, max_words=9), cap=st.integers(1, 60))
def test_capped_split_is_the_best_one_within_the_cap(data, cap):
    """The capped split maximises the summed break probabilities less the threshold per
    cue end, over every split that keeps the cap and the hard silence: checked by brute
    force on short transcripts."""
    texts, starts, ends = _columns(captionkit.load(data))
    n = len(texts)
    p_end = segment.api_break_probabilities(texts, starts, ends, cap)

    def legal(groups):
        return all(
            a == b
            or (
                len(" ".join(texts[a : b + 1])) <= cap
                and all(starts[k + 1] - ends[k] < segment.API_HARD_SILENCE_MS for k in range(a, b))
            )
            for a, b in groups
        )

    def value(groups):
        return sum(p_end[b] - segment.API_BREAK_THRESHOLD for _, b in groups[:-1])

    best = max(value(g) for g in _splits(n) if legal(g))
    chosen = segment.api_groups(texts, starts, ends, cap)
    assert legal(chosen)
    assert value(chosen) >= best - 1e-9


@settings(max_examples=200, deadline=None)
@given(data=transcripts(min_words=1), cap=st.integers(1, 60))
def test_break_probabilities_are_probabilities(data, cap):
    texts, starts, ends = _columns(captionkit.load(data))
    p_end = segment.api_break_probabilities(texts, starts, ends, cap)
    assert len(p_end) == len(texts)
    assert all(-1e-9 <= p <= 1 + 1e-9 for p in p_end)
    assert p_end[-1] == 0.0
    # the sum is the expected number of cue ends: at least the fewest any split within the
    # cap and the hard silences needs (greedy packing gives that number)
    fewest, length = 0, len(texts[0])
    for k in range(1, len(texts)):
        length += 1 + len(texts[k])
        if length > cap or starts[k] - ends[k - 1] >= segment.API_HARD_SILENCE_MS:
            fewest += 1
            length = len(texts[k])
    assert sum(p_end) >= fewest - 1e-6


def _reference_break_probabilities(texts, starts, ends, cap):
    """The cue-end probabilities computed the slow, readable way: for every possible cue
    start, walk the words with :func:`segment.api_break_logit`."""
    n = len(texts)
    alpha = [0.0] * (n + 1)
    alpha[0] = 1.0
    for a in range(n):
        survive, length = alpha[a], len(texts[a])
        for i in range(a + 1, n):
            new = length + 1 + len(texts[i])
            gap = starts[i] - ends[i - 1]
            if new > cap or gap >= segment.API_HARD_SILENCE_MS:
                alpha[i] += survive
                break
            logit = segment.api_break_logit(
                texts[i - 1], gap, ends[i - 1] - starts[a], ends[i] - starts[a], length, new, cap
            )
            p = survive / (1.0 + math.exp(-min(max(logit, -50.0), 50.0)))
            alpha[i] += p
            survive -= p
            length = new
    return [*alpha[1:n], 0.0]


@settings(max_examples=150, deadline=None)
@given(data=transcripts(min_words=1, max_words=40), cap=st.integers(1, 60))
def test_fast_break_probabilities_equal_the_readable_model(data, cap):
    """The forward pass (the model inlined, tiny probabilities skipped) gives the same
    numbers as the model written out in :func:`segment.api_break_logit`."""
    texts, starts, ends = _columns(captionkit.load(data))
    fast = segment.api_break_probabilities(texts, starts, ends, cap)
    slow = _reference_break_probabilities(texts, starts, ends, cap)
    assert fast == pytest.approx(slow, abs=1e-6)


def test_sampled_api_runs_end_cues_as_often_as_the_model_says():
    """Over many runs drawn by :func:`segment.sample_api_groups`, each word ends a cue about
    as often as :func:`segment.api_break_probabilities` says; every run keeps the cap."""
    rng = random.Random(7)
    words = [
        "so",
        "we",
        "looked",
        "at",
        "the",
        "model,",
        "and",
        "then",
        "we",
        "went",
        "on",
        "talking",
        "about",
        "it.",
        "Right?",
        "okay",
        "then",
    ]
    texts, starts, ends, t = [], [], [], 0
    for k, w in enumerate(words):
        t += 40 + 600 * (k % 5 == 4)
        texts.append(w)
        starts.append(t)
        t += 90 * len(w)
        ends.append(t)
    p_end = segment.api_break_probabilities(texts, starts, ends, 30)
    runs = 4000
    counts = [0] * len(texts)
    for _ in range(runs):
        groups = segment.sample_api_groups(texts, starts, ends, 30, rng)
        assert [a for a, _ in groups] == [0] + [b + 1 for _, b in groups[:-1]]
        assert groups[-1][1] == len(texts) - 1
        assert all(len(" ".join(texts[a : b + 1])) <= 30 for a, b in groups)
        for _, b in groups[:-1]:
            counts[b] += 1
    assert max(abs(c / runs - p) for c, p in zip(counts, p_end, strict=True)) < 0.03
    assert sum(0.05 < p < 0.95 for p in p_end) >= 3  # the runs really vary


def _words(spec):
    """Words from (text, start, end) triples."""
    return [w[0] for w in spec], [w[1] for w in spec], [w[2] for w in spec]


def test_break_probabilities_follow_the_api_habits():
    """The fitted model keeps what the real files show: a sentence end before a long silence
    is nearly always a cue end; a join inside a phrase early in a cue nearly never is; and a
    pause without punctuation makes a break less likely than a sentence end."""
    texts, starts, ends = _words(
        [
            ("We", 0, 200),
            ("looked", 220, 500),
            ("at", 520, 600),
            ("the", 620, 700),
            ("model.", 720, 1500),
            ("Then", 4000, 4200),  # 2.5 s after a sentence end
            ("we", 4220, 4400),
            ("went", 4420, 4600),
            ("on", 6600, 6800),  # 2 s after a word with no punctuation
            ("talking", 6820, 7200),
        ]
    )
    p = segment.api_break_probabilities(texts, starts, ends, 40)
    assert p[4] > 0.9  # "model." then 2.5 s of silence
    assert p[1] < 0.05 and p[2] < 0.05  # inside "We looked at the"
    assert p[7] < p[4]


def test_capped_mode_ends_cues_at_the_cap_and_at_hard_silences():
    texts, starts, ends = _words([("aaaa", 0, 100), ("bbbb", 150, 250), ("cccc", 300, 400), ("dddd", 10_400, 10_500)])
    groups = segment.api_groups(texts, starts, ends, 9)
    assert all(len(" ".join(texts[a : b + 1])) <= 9 for a, b in groups)
    assert (3, 3) in groups  # the 10 s silence before "dddd"
    assert segment.api_groups(texts, starts, ends, 40) == [(0, 2), (3, 3)]
    assert segment.api_groups(texts, starts, ends, 1) == [(0, 0), (1, 1), (2, 2), (3, 3)]
