"""Cue timing: every decision about when a cue starts and ends, in integer milliseconds.

* The API-compatible cues (:func:`cues_from_groups`): a cue starts at its first word's
  ``start`` and ends at its last word's ``end``. Two repairs keep every output valid for
  inputs the API never produces: a cue whose span would be empty (zero-length words) ends
  1 ms after it starts, and when words overlap in time across a cue boundary the earlier
  cue's end is clipped to the next cue's start (or, if that would empty it, the next cue
  starts when it ends).
* Translated text (:func:`share_time`), which has no word times: an utterance's time is
  shared among its pieces in proportion to their characters (code points, as the API
  counts ``chars_per_caption``); pieces of one utterance touch.
* Broadcast profiles (:func:`time_cues`): a cue starts at its first word and ends at its
  last word's end, then (1) overlapping words of multichannel audio are separated by the
  minimum gap, (2) the end extends into the following silence until the cue reaches its
  minimum duration and reading speed (:func:`needed_ms`; never closer to the next cue than
  the minimum gap, never past the maximum duration), (3) a cue still short of that may
  start earlier, up to the profile's lead-in, (4) gaps shorter than the profile's chaining
  threshold are closed to exactly the minimum gap. All limits are whole ms, rounded the
  safe way, so they hold in the written file. The segmenter predicts this timing for
  every cue it weighs (:func:`cue_timing_cost`), so the two are kept side by side here.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, NamedTuple

from captionkit.model.columns import WordColumns
from captionkit.model.cue import Cue
from captionkit.model.transcript import Word
from captionkit.segment.layout import Layout, one_line
from captionkit.text.width import code_points, count_words, reading_chars

if TYPE_CHECKING:
    from captionkit.profiles import Profile
    from captionkit.segment.broadcast import Group

#: the timing costs of a cue (:func:`cue_timing_cost`; dimensionless, as the segmentation's
#: other costs in :mod:`captionkit.segment.costs`, which hands them to the compiled segmenter)
TOO_FAST = 30.0  # reading speed over the limit, plus SPEED_SLOPE per unit of excess ratio
#: TOO_FAST for a profile whose reading speed is a checked maximum (``Profile.speed_is_limit``):
#: more than any cue break costs (a break after a function word: 60), so a cue goes over the
#: speed only where no break can avoid it
TOO_FAST_LIMIT = 80.0
SPEED_SLOPE = 40.0
TOO_SHORT = 25.0  # shorter than the minimum duration, plus SHORT_SLOPE times the missing share
SHORT_SLOPE = 25.0
UNCLOSED_GAP = 15.0  # a gap the profile closes cannot be closed (maximum duration)
OFF_SYNC = 500.0  # a cue break where the minimum gap does not fit: the next cue would start late

# -- the API-compatible cues -------------------------------------------------------------------


def cues_from_groups(
    texts: Sequence[str],
    starts: Sequence[int],
    ends: Sequence[int],
    groups: Sequence[tuple[int, int]],
    speakers: Sequence[str | None] | None = None,
    layout: Layout = one_line,
) -> list[Cue]:
    """Time each group of words as a cue (module doc), its text laid out by ``layout``.

    Written for speed (a 200,000-word file at ``chars_per_caption=32`` makes 40,000 cues):
    positional construction, and the API's one-line layout joined inline."""
    cues: list[Cue] = []
    append = cues.append
    prev_end = 0
    # each group's first start, and the next group's (a sentinel past the last group)
    next_starts = [starts[a] for a, _ in groups[1:]]
    next_starts.append(-1)
    inline = layout is one_line
    join = " ".join
    for (a, b), next_start in zip(groups, next_starts, strict=True):
        start = starts[a]
        if start < prev_end:
            start = prev_end
        end = ends[b]
        if end <= start:
            end = start + 1
        if next_start >= 0 and end > next_start:
            end = next_start if next_start > start else start + 1
        lines = (join(texts[a : b + 1]),) if inline else layout(texts[a : b + 1])
        append(Cue(start, end, lines, a, b, (speakers[a],) * len(lines) if speakers is not None else ()))
        prev_end = end
    return cues


def share_time(start: int, end: int, pieces: Sequence[str], prev_end: int) -> list[tuple[int, int]]:
    """(start, end) of each of ``pieces`` (non-empty texts) sharing the span ``start``..``end``
    in proportion to their code points (the space between two pieces counted with the
    first), never before ``prev_end`` (the previous cue's end) and never empty."""
    total = sum(code_points(p) for p in pieces) + len(pieces) - 1
    offset = 0
    span = end - start
    out: list[tuple[int, int]] = []
    for piece in pieces:
        first = max(start + span * offset // total, prev_end)
        offset += code_points(piece) + 1
        last = max(start + span * min(offset - 1, total) // total, first + 1)
        out.append((first, last))
        prev_end = last
    return out


# -- broadcast profiles ------------------------------------------------------------------------


@dataclass(frozen=True)
class TimingLimits:
    """A profile's timing limits, in whole ms (read once: the profile computes them)."""

    gap: int
    min_dur: int
    max_dur: int | None
    chain: int | None
    lead_in: int
    max_cps: float | None
    max_wpm: float | None
    too_fast: float = TOO_FAST  # the cost of a cue over the reading speed (TOO_FAST_LIMIT, TOO_FAST)

    @classmethod
    def of(cls, profile: Profile) -> TimingLimits:
        return cls(
            gap=profile.min_gap_ms,
            min_dur=profile.min_duration_ms,
            max_dur=profile.max_duration_ms,
            chain=profile.chain_gaps_under_ms,
            lead_in=profile.max_lead_in_ms,
            max_cps=profile.max_cps,
            max_wpm=profile.max_wpm,
            too_fast=TOO_FAST_LIMIT if profile.speed_is_limit else TOO_FAST,
        )

    def needed_ms(self, chars: int, words: int) -> int:
        """:func:`needed_ms` of these limits."""
        return _needed_ms(self.min_dur, self.max_cps, self.max_wpm, chars, words)


def needed_ms(profile: Profile, chars: int, words: int) -> int:
    """The shortest duration the profile allows for a cue of ``chars``/``words`` (ms): its
    minimum duration, and the time to read them at its maximum characters per second and
    words per minute."""
    return _needed_ms(profile.min_duration_ms, profile.max_cps, profile.max_wpm, chars, words)


def _needed_ms(min_dur: int, max_cps: float | None, max_wpm: float | None, chars: int, words: int) -> int:
    need = min_dur
    if max_cps:
        need = max(need, math.ceil(chars * 1000.0 / max_cps - 1e-6))
    if max_wpm:
        need = max(need, math.ceil(words * 60000.0 / max_wpm - 1e-6))
    return need


def time_cues(
    words: Sequence[Word] | WordColumns,
    groups: Sequence[Group],
    needs: Sequence[int],
    profile: Profile,
) -> list[tuple[int, int]]:
    """(start, end) in ms of each group (see the module doc); ``needs[k]`` is the duration
    cue ``k`` needs for its minimum duration and reading speed."""
    cols = words if isinstance(words, WordColumns) else WordColumns(words)
    limits = TimingLimits.of(profile)
    first_start = [cols.starts[g.first] for g in groups]
    word_end = [max(cols.ends[g.last], cols.starts[g.first] + 1) for g in groups]
    starts = list(first_start)
    ends = list(word_end)
    if limits.max_dur is not None:
        ends = [min(e, s + limits.max_dur) for s, e in zip(starts, ends, strict=True)]
    _separate_overlaps(starts, ends, limits)
    _extend_into_silence(starts, ends, needs, limits)
    if limits.lead_in > 0:
        _start_earlier(starts, ends, needs, first_start, limits)
    if limits.chain is not None:
        _close_gaps(starts, ends, first_start, word_end, limits)
    # the invariants, whatever the input: positive durations, the minimum gap, no overlap
    gap = limits.gap
    for k in range(len(groups)):
        if k and starts[k] < ends[k - 1] + gap:
            starts[k] = ends[k - 1] + gap
        if ends[k] <= starts[k]:
            ends[k] = starts[k] + 1
    return list(zip(starts, ends, strict=True))


class _Words(NamedTuple):
    first: int
    last: int


def retime(cues: Sequence[Cue], words: WordColumns, profile: Profile, label_format: str | None = None) -> list[Cue]:
    """``cues`` (each showing its words ``first_word``..``last_word``) timed again by
    :func:`time_cues`, as the segmenter's cues are: for cues split after segmenting
    (:mod:`captionkit.segment.controls`). Each cue starts where the split put it (with its
    first word, or later where words of no duration had to be spread out) and ends with its
    last word at the earliest, then gets the profile's extension, lead-in and gap closing;
    it needs the time to read its lines, with ``label_format`` before a line whose speaker is
    not the one talking (the SRT writer's rule). Cues without word indices (translations)
    are returned as they are."""
    if not cues or any(c.first_word < 0 or c.last_word < c.first_word for c in cues):
        return list(cues)
    limits = TimingLimits.of(profile)
    needs: list[int] = []
    talking: str | None = None
    for cue in cues:
        shown = list(cue.lines)
        if label_format is not None and cue.speakers:
            for i, speaker in enumerate(cue.speakers[: len(shown)]):
                if speaker is not None and speaker != talking:
                    shown[i] = label_format.format(speaker=speaker) + shown[i]
                talking = speaker
        needs.append(limits.needed_ms(reading_chars(shown), count_words(cue.lines)))
    starts, ends = list(words.starts), list(words.ends)
    for c in cues:  # each cue's own span is where its words are, as time_cues reads them
        starts[c.first_word] = c.start
        ends[c.last_word] = c.end
    groups = [_Words(c.first_word, c.last_word) for c in cues]
    times = time_cues(words.replace(starts=starts, ends=ends), groups, needs, profile)  # type: ignore[arg-type]
    return [replace(c, start=s, end=e) for c, (s, e) in zip(cues, times, strict=True)]


def _cap(starts: list[int], k: int, max_dur: int | None) -> int:
    """The latest end cue ``k`` may have (its maximum duration; infinite without one)."""
    return starts[k] + max_dur if max_dur is not None else math.inf  # type: ignore[return-value]


def _separate_overlaps(starts: list[int], ends: list[int], limits: TimingLimits) -> None:
    """Step 1: overlapping words (multichannel audio): keep the minimum gap between cues."""
    gap, max_dur = limits.gap, limits.max_dur
    for k in range(1, len(starts)):
        if starts[k] < ends[k - 1] + gap:
            clipped = starts[k] - gap
            if clipped > starts[k - 1]:
                ends[k - 1] = clipped
            else:
                ends[k - 1] = starts[k - 1] + 1
                starts[k] = ends[k - 1] + gap
            ends[k] = min(max(ends[k], starts[k] + 1), max(_cap(starts, k, max_dur), starts[k] + 1))


def _extend_into_silence(starts: list[int], ends: list[int], needs: Sequence[int], limits: TimingLimits) -> None:
    """Step 2: extend into the following silence for minimum duration and reading speed."""
    count = len(starts)
    for k in range(count):
        target = starts[k] + needs[k]
        if ends[k] < target:
            limit = starts[k + 1] - limits.gap if k + 1 < count else math.inf
            ends[k] = max(ends[k], int(min(target, limit, _cap(starts, k, limits.max_dur))))


def _start_earlier(
    starts: list[int], ends: list[int], needs: Sequence[int], first_start: Sequence[int], limits: TimingLimits
) -> None:
    """Step 3: a cue still short starts earlier, within the lead-in."""
    gap, max_dur, chain = limits.gap, limits.max_dur, limits.chain
    for k in range(len(starts)):
        short = starts[k] + needs[k] - ends[k]
        if short <= 0:
            continue
        earliest = max(0, first_start[k] - limits.lead_in, ends[k - 1] + gap if k else 0)
        if max_dur is not None:
            earliest = max(earliest, ends[k] - max_dur)
        new_start = max(earliest, starts[k] - short)
        if new_start >= starts[k]:
            continue
        if k and chain is not None:
            opened = new_start - ends[k - 1]
            if gap < opened < chain:
                # the gap before would be one the profile closes: close it ourselves if the
                # lead-in allows, else leave the start alone
                if ends[k - 1] + gap >= earliest:
                    new_start = ends[k - 1] + gap
                else:
                    continue
        starts[k] = new_start


def _close_gaps(
    starts: list[int], ends: list[int], first_start: Sequence[int], word_end: Sequence[int], limits: TimingLimits
) -> None:
    """Step 4: close the gaps the profile closes (shorter than its chaining threshold) to
    exactly the minimum gap: by extending the cue before, else by starting the next one
    earlier (within the lead-in), else by opening the gap to the threshold."""
    gap, max_dur, chain = limits.gap, limits.max_dur, limits.chain
    assert chain is not None
    for k in range(len(starts) - 1):
        space = starts[k + 1] - ends[k]
        if space >= chain or space == gap:
            continue
        target = starts[k + 1] - gap
        if target > ends[k] and (max_dur is None or target - starts[k] <= max_dur):
            ends[k] = target
            continue
        if target <= ends[k]:
            continue
        earlier = ends[k] + gap
        if earlier >= first_start[k + 1] - limits.lead_in and (max_dur is None or ends[k + 1] - earlier <= max_dur):
            starts[k + 1] = earlier
            continue
        opened = starts[k + 1] - chain
        if opened >= word_end[k] and opened > starts[k]:
            ends[k] = opened


def cue_timing_cost(
    limits: TimingLimits,
    starts: Sequence[int],
    ends: Sequence[int],
    a: int,
    b: int,
    chars: int,
    words: int,
    prev_end: int | None,
) -> tuple[float, int]:
    """Reading speed, minimum duration and gap closing of words a..b-1 (of ``starts``/
    ``ends``) as one cue, timed as :func:`time_cues` will time it after a previous cue
    ending at ``prev_end`` (None: the first cue): (cost, end). The segmenter weighs every
    candidate cue with it (its compiled twin is in captionkit/_speedups.c)."""
    first = starts[a]
    need = limits.needed_ms(chars, words)
    gap, max_dur, chain, min_dur = limits.gap, limits.max_dur, limits.chain, limits.min_dur
    limit = starts[b] - gap if b < len(starts) else None  # the next cue starts with word b
    e = max(ends[b - 1], first + 1, first + need)
    if limit is not None:
        e = min(e, limit)
    if max_dur is not None:
        e = min(e, first + max_dur)
    s = first
    short = first + need - e
    if short > 0 and limits.lead_in > 0:
        # still short: start earlier, within the lead-in and after the previous cue
        earliest = max(0, first - limits.lead_in, prev_end + gap if prev_end is not None else 0)
        if max_dur is not None:
            earliest = max(earliest, e - max_dur)
        s = min(first, max(earliest, first - short))
        if prev_end is not None and chain is not None and gap < s - prev_end < chain:
            s = prev_end + gap if prev_end + gap >= earliest else first
    cost = 0.0
    if limit is not None and limit <= first:
        # the gap cannot fit before word b: the next cue would start after its first word
        cost += OFF_SYNC
    if limit is not None and chain is not None and starts[b] - e < chain:
        if max_dur is None or limit - s <= max_dur:
            e = max(e, limit)
        else:
            cost += UNCLOSED_GAP
    duration = max(e - s, 1)
    if duration < min_dur:
        cost += TOO_SHORT + SHORT_SLOPE * (min_dur - duration) / min_dur
    if limits.max_cps:
        ratio = chars * 1000.0 / duration / limits.max_cps
        if ratio > 1.0 + 1e-9:
            cost += limits.too_fast + SPEED_SLOPE * (ratio - 1.0)
    if limits.max_wpm:
        ratio = words * 60000.0 / duration / limits.max_wpm
        if ratio > 1.0 + 1e-9:
            cost += limits.too_fast + SPEED_SLOPE * (ratio - 1.0)
    return cost, e
