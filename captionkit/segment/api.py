"""Segment words into cues.

The API-compatible split was fitted on real API output (the measuring script is
``benchmarks/api_boundary_f1.py``). The API's own split is not deterministic: on identical
words its runs agree on only 21-52% of cue boundaries in default mode, and with
``chars_per_caption`` its breaks that the cap does not force look random near the time
limit (a cue that has run 3.2-3.4 s is closed before the next word in about a quarter of
cases, one that has run 3.6-3.8 s in about half). So no rule reproduces one run exactly;
captionkit is deterministic, keeps every invariant of the API's output and matches its
statistics.

**With** ``chars_per_caption`` (:func:`api_break_probabilities`, :func:`api_groups`): a
cue is always closed when the next word would push its text (words joined by single
spaces) past the cap (a word longer than the cap gets a cue of its own), and before a
silence of :data:`API_HARD_SILENCE_MS` or more. Every other break is a probability: a
logistic model of the API's choice, fitted on 18,919 such decisions in 18 real meetings
(21,449 words and 3,565 API cues at ``chars_per_caption=40``: the paired corpus and the
beginnings of 17 meetings of the same public archive; leave-one-meeting-out boundary F1
0.750, refitted by ``benchmarks/caption_fit.py``), from how
long the cue has run (to the end of its last word, and to the end of the next word), how
full it is (with and without the next word), the silence before the next word, and whether
the cue's last word ends with a sentence mark (``.``, ``?``, ``!``, optionally followed by
closing quotes or brackets: :func:`~captionkit.text.punctuation.ends_with_sentence_mark`,
the mark alone, not the /sentences rule) or a clause mark (``,``, ``;``, ``:``). Pauses
without punctuation make the API *less* likely to break; a sentence end followed by 2 s of
silence almost always breaks. From these probabilities a forward pass gives, for every
word, the probability that one of the API's cues ends there, and the split chosen is the
one (within the cap) that maximises the sum of those probabilities minus
:data:`API_BREAK_THRESHOLD` per cue end: the split that agrees best, on average, with what
the API would return, rather than the single most likely run.

**Without** ``chars_per_caption`` (the API's default mode cuts by time only: median cue
3.4-3.6 s on its real files), words are taken in order and a cue is closed before the next
word when

1. the cue already spans at least :data:`API_TIME_LIMIT_MS` (3.4 s), first word start to
   last word end;
2. the silence before the next word is at least 4 s;
3. the silence before the next word is at least 0.9 s and the cue is at least 75% full;
4. the cue ends a sentence and is at least 80% full.

"Full" is the cue's share of the time limit.

Cue timing: :func:`captionkit.segment.timing.cues_from_groups`.
"""

from __future__ import annotations

import math
import operator
import random
from collections.abc import Sequence

from captionkit.model.columns import WordColumns, gc_paused
from captionkit.model.cue import Cue
from captionkit.model.transcript import Word
from captionkit.segment.timing import cues_from_groups
from captionkit.text.punctuation import ends_with_clause_mark, ends_with_sentence_mark
from captionkit.text.width import code_points

#: Time limit per cue (ms) in default mode (no ``chars_per_caption``).
API_TIME_LIMIT_MS = 3400
#: Default mode: a silence this long always ends a cue (ms).
API_LONG_SILENCE_MS = 4000
#: Default mode: a silence this long ends a cue that is at least :data:`API_PAUSE_FULLNESS` full (ms).
API_PAUSE_MS = 900
API_PAUSE_FULLNESS = 0.75
#: Default mode: a sentence end ends a cue that is at least this full.
API_SENTENCE_FULLNESS = 0.80

#: With ``chars_per_caption``: a silence this long always ends a cue (ms). The real files
#: break at an 11.5 s silence and keep going across one of 4.96 s; this is our choice.
API_HARD_SILENCE_MS = 10_000
#: With ``chars_per_caption``: a word is chosen as a cue end when the probability that the
#: API ends a cue there is worth more than this (tuned by leave-one-meeting-out F1).
API_BREAK_THRESHOLD = 0.35
# The logistic model of the API's unforced breaks (chars_per_caption mode), fitted on the
# real meetings: logit = intercept + the weights below times the features named.
_B0 = -16.8104
# time: span to the last word's end (s), hinges at 3.0 s and 3.6 s; span to the next
# word's end, hinge at 3.6 s; fullness with the next word, hinge at 0.9
_B_SPAN, _B_SPAN_3, _B_SPAN_36 = 2.1165, 2.9128, -0.3954
_B_NEXT, _B_NEXT_36 = 1.7817, -0.6923
_B_FULL_NEXT, _B_FULL_NEXT_09 = 1.9336, 1.4763
# per kind of join (sentence end, clause end, other): constant, log(1 + 4 x silence s),
# silence hinges at 1 s and 2 s, fullness without the next word, span
_B_SENTENCE = (0.8623, 1.631, 2.6884, 0.7774, 1.6396, 0.2973)
_B_CLAUSE = (2.3293, 1.3514, 1.3301, 0.1168, 2.1, -0.4817)
_B_OTHER = (0.0, -0.5921, -0.6548, -0.2833, -0.8518, 0.0)

#: the model as the compiled split takes it (captionkit/_speedups.c): the terms above, the hard
#: silence, then the per-join weights of "other", "sentence end" and "clause end" joins
_C_MODEL = (
    _B0,
    _B_SPAN,
    _B_SPAN_3,
    _B_SPAN_36,
    _B_NEXT,
    _B_NEXT_36,
    _B_FULL_NEXT,
    _B_FULL_NEXT_09,
    float(API_HARD_SILENCE_MS),
    *_B_OTHER,
    *_B_SENTENCE,
    *_B_CLAUSE,
)

try:  # the compiled split (optional: built when a C compiler is there)
    from captionkit import _speedups
except ImportError:  # pragma: no cover - depends on the installation
    _speedups = None  # type: ignore[assignment]


def check_chars_per_caption(value: object) -> int | None:
    """``value`` as a ``chars_per_caption``: None, or a whole number >= 1 (TypeError for
    anything that is not a whole number, bools and floats included; ValueError below 1)."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise TypeError(f"chars_per_caption must be a whole number of characters, got {value!r}")
    try:
        cap = operator.index(value)  # type: ignore[arg-type]
    except TypeError:
        raise TypeError(
            f"chars_per_caption must be a whole number of characters, got {type(value).__name__} {value!r}"
        ) from None
    if cap < 1:
        raise ValueError(f"chars_per_caption must be a positive integer, got {cap}")
    return cap


def api_groups(
    texts: Sequence[str],
    starts: Sequence[int],
    ends: Sequence[int],
    chars_per_caption: int | None = None,
) -> list[tuple[int, int]]:
    """Split words (given as columns) into cues: ``(first, last)`` word indices, inclusive."""
    chars_per_caption = check_chars_per_caption(chars_per_caption)
    if not texts:
        return []
    if chars_per_caption is None:
        return _timed_groups(texts, starts, ends)
    return _agreeing_groups(texts, starts, ends, chars_per_caption)


def _timed_groups(texts: Sequence[str], starts: Sequence[int], ends: Sequence[int]) -> list[tuple[int, int]]:
    """Default mode: the greedy time rule of the module doc."""
    limit = API_TIME_LIMIT_MS
    groups: list[tuple[int, int]] = []
    first = 0
    cue_start = starts[0]
    for i in range(1, len(texts)):
        prev_end = ends[i - 1]
        span = prev_end - cue_start
        gap = starts[i] - prev_end
        full = span / limit
        if (
            span >= limit
            or gap >= API_LONG_SILENCE_MS
            or (gap >= API_PAUSE_MS and full >= API_PAUSE_FULLNESS)
            or (full >= API_SENTENCE_FULLNESS and ends_with_sentence_mark(texts[i - 1]))
        ):
            groups.append((first, i - 1))
            first = i
            cue_start = starts[i]
    groups.append((first, len(texts) - 1))
    return groups


def api_break_probabilities(
    texts: Sequence[str], starts: Sequence[int], ends: Sequence[int], chars_per_caption: int
) -> list[float]:
    """For each word, the probability that one of the API's cues ends with it (the last
    word's is 0: the end of the transcript is not a boundary), under the model of the
    module doc. Forced breaks (cap, hard silence) have probability 1 given where the cue
    started; the rest follow the logistic model."""
    n = len(texts)
    cap = chars_per_caption
    lens = list(map(len, texts))  # code_points: the API counts len()
    # the parts of the logit fixed by the join before word i (after word i-1)
    static = [0.0] * n
    w_full = [0.0] * n
    w_span = [0.0] * n
    hard = [False] * n
    for i in range(1, n):
        gap = max(starts[i] - ends[i - 1], 0)
        hard[i] = gap >= API_HARD_SILENCE_MS
        g = gap / 1000.0
        prev = texts[i - 1]
        b = _B_SENTENCE if ends_with_sentence_mark(prev) else _B_CLAUSE if ends_with_clause_mark(prev) else _B_OTHER
        static[i] = _B0 + b[0] + b[1] * math.log1p(4.0 * g) + b[2] * max(g - 1.0, 0.0) + b[3] * max(g - 2.0, 0.0)
        w_full[i] = b[4]
        w_span[i] = b[5] + _B_SPAN
    # alpha[a]: probability that a cue starts with word a, i.e. that one ends with word a-1
    alpha = [0.0] * (n + 1)
    alpha[0] = 1.0
    end_s = [e / 1000.0 for e in ends]
    inv_cap = 1.0 / cap
    exp = math.exp
    for a in range(n):
        survive = alpha[a]
        if survive < 1e-9:
            continue
        t0 = starts[a] / 1000.0
        length = lens[a]
        for i in range(a + 1, n):
            new = length + 1 + lens[i]
            if new > cap or hard[i]:
                alpha[i] += survive
                break
            span = end_s[i - 1] - t0
            nxt = end_s[i] - t0
            full_next = new * inv_cap
            logit = (
                static[i] + w_span[i] * span + _B_NEXT * nxt + _B_FULL_NEXT * full_next + w_full[i] * length * inv_cap
            )
            if span > 3.0:
                logit += _B_SPAN_3 * (span - 3.0)
                if span > 3.6:
                    logit += _B_SPAN_36 * (span - 3.6)
            if nxt > 3.6:
                logit += _B_NEXT_36 * (nxt - 3.6)
            if full_next > 0.9:
                logit += _B_FULL_NEXT_09 * (full_next - 0.9)
            if logit > -20.0:  # below, the break has odds under 2e-9: not worth the arithmetic
                p = survive if logit > 36.0 else survive / (1.0 + exp(-logit))
                alpha[i] += p
                survive -= p
                if survive < 1e-9:
                    break
            length = new
    p_end = alpha[1:n]
    p_end.append(0.0)
    return p_end


def api_break_logit(
    previous: str, gap_ms: int, span_ms: int, next_span_ms: int, length: int, next_length: int, cap: int
) -> float:
    """The model's log-odds that the API closes a cue before the next word, when the break
    is not forced (the next word fits the cap, the silence is under
    :data:`API_HARD_SILENCE_MS`). ``previous`` is the cue's last word, ``gap_ms`` the
    silence before the next word, ``span_ms``/``next_span_ms`` the cue's span without/with
    the next word (first word's start to last word's end), ``length``/``next_length`` its
    text length without/with the next word.

    This is the readable form of the model; :func:`api_break_probabilities` evaluates the
    same expression inline (it runs once per word pair of every possible cue), and a test
    holds the two equal.
    """
    g = max(gap_ms, 0) / 1000.0
    b = _B_SENTENCE if ends_with_sentence_mark(previous) else _B_CLAUSE if ends_with_clause_mark(previous) else _B_OTHER
    span, nxt = span_ms / 1000.0, next_span_ms / 1000.0
    full_next = next_length / cap
    return (
        _B0
        + b[0]
        + b[1] * math.log1p(4.0 * g)
        + b[2] * max(g - 1.0, 0.0)
        + b[3] * max(g - 2.0, 0.0)
        + (b[5] + _B_SPAN) * span
        + _B_SPAN_3 * max(span - 3.0, 0.0)
        + _B_SPAN_36 * max(span - 3.6, 0.0)
        + _B_NEXT * nxt
        + _B_NEXT_36 * max(nxt - 3.6, 0.0)
        + _B_FULL_NEXT * full_next
        + _B_FULL_NEXT_09 * max(full_next - 0.9, 0.0)
        + b[4] * length / cap
    )


def sample_api_groups(
    texts: Sequence[str], starts: Sequence[int], ends: Sequence[int], chars_per_caption: int, rng: random.Random
) -> list[tuple[int, int]]:
    """One random split drawn from the model of the API's capped mode: what one run of the
    API might return for these words (forced breaks always, every other break with the
    model's probability). captionkit never uses it to render; it measures how far any
    deterministic split can agree with an API that is not deterministic
    (``benchmarks/api_boundary_f1.py``), and it can test a pipeline against the API's
    run-to-run variation."""
    cap = check_chars_per_caption(chars_per_caption)
    assert cap is not None
    n = len(texts)
    groups: list[tuple[int, int]] = []
    first = 0
    while first < n:
        length, last = code_points(texts[first]), first
        while last + 1 < n:
            nxt = last + 1
            new = length + 1 + code_points(texts[nxt])
            gap = starts[nxt] - ends[last]
            if new > cap or gap >= API_HARD_SILENCE_MS:
                break
            logit = api_break_logit(
                texts[last], gap, ends[last] - starts[first], ends[nxt] - starts[first], length, new, cap
            )
            if rng.random() < 1.0 / (1.0 + math.exp(-min(max(logit, -50.0), 50.0))):
                break
            length, last = new, nxt
        groups.append((first, last))
        first = last + 1
    return groups


def join_kind_ids(texts: Sequence[str]) -> list[int]:
    """What each word ends, as the model reads it: 1 a sentence, 2 a clause, 0 neither."""
    kinds = {t: 1 if ends_with_sentence_mark(t) else 2 if ends_with_clause_mark(t) else 0 for t in set(texts)}
    return list(map(kinds.__getitem__, texts))


def _agreeing_groups(
    texts: Sequence[str], starts: Sequence[int], ends: Sequence[int], cap: int, compiled: bool | None = None
) -> list[tuple[int, int]]:
    """The cap-respecting split maximising the summed break probabilities, less
    :data:`API_BREAK_THRESHOLD` per cue end (module doc). By the compiled code of
    :mod:`captionkit._speedups` when it is built (``compiled`` None or True): the same
    groups, the Python below being its specification."""
    if compiled is None:
        compiled = _speedups is not None
    if compiled:
        if _speedups is None:
            raise RuntimeError("captionkit._speedups is not built (no C compiler when captionkit was installed)")
        lens = list(map(len, texts))  # code_points: the API counts len()
        return _speedups.api_split(lens, starts, ends, join_kind_ids(texts), cap, _C_MODEL, API_BREAK_THRESHOLD)
    n = len(texts)
    p_end = api_break_probabilities(texts, starts, ends, cap)
    lens = list(map(len, texts))  # code_points: the API counts len()
    gain = [p - API_BREAK_THRESHOLD for p in p_end]
    best = [-math.inf] * (n + 1)
    back = [0] * (n + 1)
    best[0] = 0.0
    for b in range(1, n + 1):
        score = gain[b - 1] if b < n else 0.0
        length = -1
        top, arg = -math.inf, b - 1
        for a in range(b - 1, -1, -1):
            length += lens[a] + 1
            if a < b - 1 and (length > cap or starts[a + 1] - ends[a] >= API_HARD_SILENCE_MS):
                break
            if best[a] > top:
                top, arg = best[a], a
        best[b] = top + score
        back[b] = arg
    groups: list[tuple[int, int]] = []
    b = n
    while b > 0:
        a = back[b]
        groups.append((a, b - 1))
        b = a
    groups.reverse()
    return groups


def api_cues(words: Sequence[Word] | WordColumns, chars_per_caption: int | None = None) -> list[Cue]:
    """API-compatible cues for ``words`` (models, or a transcript's ``word_columns()``)."""
    cols = words if isinstance(words, WordColumns) else WordColumns(words)
    with gc_paused():
        texts, starts, ends = cols.texts, cols.starts, cols.ends
        return cues_from_groups(texts, starts, ends, api_groups(texts, starts, ends, chars_per_caption))
