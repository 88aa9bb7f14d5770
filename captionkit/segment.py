"""Segment words into cues.

The API-compatible rule (:func:`api_groups`) was fitted on real API output in
``../shared`` (the measuring script is ``benchmarks/api_boundary_f1.py``). The API's own
split is not deterministic (seven runs on identical words agree on only 21-52% of cue
boundaries), so no rule reproduces it exactly; this one keeps every invariant of the
API's output and matches its statistics. Words are taken in order and a cue is closed
before the next word when

1. ``chars_per_caption`` is set and the cue text (words joined by single spaces) would
   grow past it (a single word longer than the cap gets a cue of its own);
2. the cue already spans at least the time limit, first word start to last word end:
   3.6 s with ``chars_per_caption``, 3.4 s without it (the API's default mode cuts by
   time only: median cue 3.4-3.6 s on its real files);
3. the silence before the next word is at least 4 s;
4. the silence before the next word is at least 0.9 s and the cue is at least 75% full;
5. the cue ends a sentence (``.``, ``?``, ``!``, optionally followed by closing quotes or
   brackets) and is at least 80% full.

"Full" is the larger of the cue's share of ``chars_per_caption`` (when set) and its share
of the time limit.

Cue timing (:func:`cues_from_groups`): a cue starts at its first word's ``start`` and ends
at its last word's ``end``. Two repairs keep every output valid for inputs the API never
produces: a cue whose span would be empty (zero-length words) ends 1 ms after it starts,
and when words overlap in time across a cue boundary the earlier cue's end is clipped to
the next cue's start (or, if that would empty it, the next cue starts when it ends).
"""

from __future__ import annotations

from collections.abc import Sequence

from captionkit.cue import Cue
from captionkit.layout import Layout, one_line
from captionkit.model import Word, WordColumns, gc_paused

#: Time limit per cue (ms) in default mode (no ``chars_per_caption``).
API_TIME_LIMIT_MS = 3400
#: Time limit per cue (ms) when ``chars_per_caption`` is given.
API_TIME_LIMIT_CAPPED_MS = 3600
#: A silence this long always ends a cue (ms).
API_LONG_SILENCE_MS = 4000
#: A silence this long ends a cue that is at least :data:`API_PAUSE_FULLNESS` full (ms).
API_PAUSE_MS = 900
API_PAUSE_FULLNESS = 0.75
#: A sentence end ends a cue that is at least this full.
API_SENTENCE_FULLNESS = 0.80

_CLOSERS = "\"')]}\u201d\u2019\u00bb"
_TERMINALS = ".?!\u3002\uff1f\uff01\u2026"


def ends_sentence(text: str) -> bool:
    """True when ``text`` ends with terminal punctuation (closing quotes/brackets allowed)."""
    stripped = text.rstrip(_CLOSERS)
    return bool(stripped) and stripped[-1] in _TERMINALS


def api_groups(
    texts: Sequence[str],
    starts: Sequence[int],
    ends: Sequence[int],
    chars_per_caption: int | None = None,
) -> list[tuple[int, int]]:
    """Split words (given as columns) into cues: ``(first, last)`` word indices, inclusive."""
    if chars_per_caption is not None and chars_per_caption < 1:
        raise ValueError(f"chars_per_caption must be a positive integer, got {chars_per_caption}")
    cap = chars_per_caption
    limit = API_TIME_LIMIT_CAPPED_MS if cap else API_TIME_LIMIT_MS
    groups: list[tuple[int, int]] = []
    n = len(texts)
    if n == 0:
        return groups
    first = 0
    cue_start = starts[0]
    length = len(texts[0])
    for i in range(1, n):
        prev_end = ends[i - 1]
        span = prev_end - cue_start
        gap = starts[i] - prev_end
        new_length = length + 1 + len(texts[i])
        full = span / limit
        if cap:
            full = max(full, length / cap)
        if (
            (cap and new_length > cap)
            or span >= limit
            or gap >= API_LONG_SILENCE_MS
            or (gap >= API_PAUSE_MS and full >= API_PAUSE_FULLNESS)
            or (full >= API_SENTENCE_FULLNESS and ends_sentence(texts[i - 1]))
        ):
            groups.append((first, i - 1))
            first = i
            cue_start = starts[i]
            length = len(texts[i])
        else:
            length = new_length
    groups.append((first, n - 1))
    return groups


def cues_from_groups(
    texts: Sequence[str],
    starts: Sequence[int],
    ends: Sequence[int],
    groups: Sequence[tuple[int, int]],
    speakers: Sequence[str | None] | None = None,
    layout: Layout = one_line,
) -> list[Cue]:
    """Time each group of words as a cue, its text laid out by ``layout``."""
    cues: list[Cue] = []
    prev_end = 0
    count = len(groups)
    for k, (a, b) in enumerate(groups):
        start = max(starts[a], prev_end)
        end = max(ends[b], start + 1)
        if k + 1 < count:
            next_start = starts[groups[k + 1][0]]
            if end > next_start:
                end = max(next_start, start + 1)
        lines = layout(texts[a : b + 1])
        cues.append(
            Cue(
                start=start,
                end=end,
                lines=lines,
                first_word=a,
                last_word=b,
                speakers=(speakers[a],) * len(lines) if speakers is not None else (),
            )
        )
        prev_end = end
    return cues


def api_cues(words: Sequence[Word] | WordColumns, chars_per_caption: int | None = None) -> list[Cue]:
    """API-compatible cues for ``words`` (models, or a transcript's ``word_columns()``)."""
    cols = words if isinstance(words, WordColumns) else WordColumns(words)
    with gc_paused():
        texts, starts, ends = cols.texts, cols.starts, cols.ends
        return cues_from_groups(texts, starts, ends, api_groups(texts, starts, ends, chars_per_caption))
