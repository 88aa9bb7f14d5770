"""Cue controls: what a user asks of the cues after the segmenter made them, whatever the
profile (api or broadcast) and whatever the format (they act before the writer).

* ``max_words`` (:func:`limit_words`): a cue of more than N words is split into cues of at
  most N words, one line each (each of its lines is cut into as few, as even pieces as
  fit), for short one-line captions on social video;
* ``split_pause`` (:func:`split_at_pauses`): a cue never spans a silence of that length or
  more between two of its words; the pieces keep the profile's lines where a line is whole;
* ``offset`` and ``start_timecode`` (:func:`shift_cues`, :func:`timecode_ms`): every cue
  moved by a time; a cue moved before 0 is an error (:class:`CueControlError`).

All are pure functions of cues and the transcript's word columns (``starts``, ``ends``,
``texts``); a cue's words (``first_word``..``last_word``) are never dropped, added or
reordered, and a split cue's text is exactly its words. A split cue's pieces are timed by
their words inside the cue's own span (the first piece starts with the cue, the last ends
with it; a piece ends with its last word, at most the profile's minimum gap before the
next piece's first word), so the cues stay in order, never overlap and never empty. A cue
too short to give every piece a whole millisecond (words of no duration) is kept whole.
With a broadcast profile the pieces are then timed again by the profile's rules
(:func:`captionkit.segment.timing.retime`, from :func:`captionkit.segment.cues.controlled_cues`).
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Sequence
from dataclasses import replace
from fractions import Fraction

from captionkit.errors import CaptionkitError
from captionkit.model.columns import WordColumns
from captionkit.model.cue import Cue
from captionkit.text.width import RLM, bidi_safe, join_words

__all__ = [
    "CueControlError",
    "apply_controls",
    "exact_fps",
    "limit_words",
    "line_ranges",
    "shift_cues",
    "split_at_pauses",
    "timecode_ms",
]

_DASHES = ">-\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
_MARKS = "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


class CueControlError(CaptionkitError, ValueError):
    """A cue control that cannot be applied (a cue moved before 0, a bad timecode)."""


# -- which words each line shows -------------------------------------------------------------


def _squeeze(text: str) -> str:
    return "".join(ch for ch in text if not ch.isspace() and ch not in _MARKS)


def line_ranges(cue: Cue, texts: Sequence[str]) -> list[tuple[int, int]] | None:
    """The words (first, last; inclusive indices) each of the cue's lines shows, or None when
    the lines are not the cue's words (translated text, no word indices)."""
    a, b = cue.first_word, cue.last_word
    if a < 0 or b < a or b >= len(texts):
        return None
    if len(cue.lines) == 1:
        return [(a, b)]
    out: list[tuple[int, int]] = []
    k = a
    for line in cue.lines:
        squeezed = _squeeze(line)
        dashes = len(squeezed) - len(squeezed.lstrip(_DASHES))
        for strip in range(dashes + 1):  # a dialogue dash may come before the first word
            end = _consume(squeezed[strip:], texts, k, b)
            if end is not None:
                break
        else:
            return None
        out.append((k, end))
        k = end + 1
    return out if k == b + 1 else None


def _consume(rest: str, texts: Sequence[str], k: int, b: int) -> int | None:
    """The last of the words ``k``.. (at most ``b``) that make up ``rest`` exactly, or None."""
    first = k
    while rest and k <= b:
        word = _squeeze(texts[k])
        if not rest.startswith(word):
            return None
        rest = rest[len(word) :]
        k += 1
    return None if rest or k == first else k - 1


# -- splitting ---------------------------------------------------------------------------------


def _piece_times(
    cue: Cue, pieces: Sequence[tuple[int, int]], cols: WordColumns, gap: int
) -> list[tuple[int, int]] | None:
    """(start, end) of each piece of ``cue`` (see the module doc); None when the cue is too
    short to give each piece at least 1 ms."""
    if cue.end - cue.start < len(pieces):
        return None
    starts, ends = cols.starts, cols.ends
    times = [cue.start]
    for (_, last), (nxt, _) in itertools.pairwise(pieces):
        times.append(min(ends[last], starts[nxt] - gap))
        times.append(starts[nxt])
    times.append(cue.end)
    # forward: starts before ends, ends no later than the next start; backward: within the cue
    for i in range(1, len(times)):
        times[i] = max(times[i], times[i - 1] + (1 if i % 2 else 0))
    times[-1] = cue.end  # the last piece ends with the cue
    for i in range(len(times) - 2, -1, -1):
        times[i] = min(times[i], times[i + 1] - (0 if i % 2 else 1))
    if times[0] < cue.start:  # pragma: no cover - excluded by the length check
        return None
    return [(times[2 * j], times[2 * j + 1]) for j in range(len(pieces))]


def _build(
    cue: Cue,
    pieces: Sequence[tuple[int, int]],
    cols: WordColumns,
    gap: int,
    ranges: Sequence[tuple[int, int]],
    language: str | None,
    one_line: bool,
) -> list[Cue]:
    times = _piece_times(cue, pieces, cols, gap)
    if times is None:
        return [cue]
    texts = cols.texts
    speakers = cue.speakers or (None,) * len(cue.lines)
    out = []
    for (a, b), (start, end) in zip(pieces, times, strict=True):
        lines: list[str] = []
        line_speakers: list[str | None] = []
        for (la, lb), line, speaker in zip(ranges, cue.lines, speakers, strict=True):
            lo, hi = max(a, la), min(b, lb)
            if lo > hi:
                continue
            if (lo, hi) == (la, lb) and not one_line:
                lines.append(line)  # a whole line keeps the profile's text (dash, marks)
            else:
                joined = join_words(texts[lo : hi + 1], language)
                lines.append(bidi_safe(joined) if line.startswith(RLM) else joined)
            line_speakers.append(speaker)
        if one_line and len(lines) > 1:
            lines = [join_words(texts[a : b + 1], language)]
            line_speakers = line_speakers[:1]
        out.append(
            Cue(
                start=start,
                end=end,
                lines=tuple(lines),
                first_word=a,
                last_word=b,
                speakers=tuple(line_speakers) if cue.speakers else (),
            )
        )
    return out


def _ranges_or_whole(cue: Cue, texts: Sequence[str]) -> tuple[list[tuple[int, int]], Cue]:
    ranges = line_ranges(cue, texts)
    if ranges is not None:
        return ranges, cue
    # lines that are not plainly the words: treat the cue as one line of its words
    whole = replace(cue, lines=(" ".join(cue.lines),), speakers=(cue.speaker,) if cue.speakers else ())
    return [(cue.first_word, cue.last_word)], whole


def split_at_pauses(
    cues: Sequence[Cue], cols: WordColumns, pause_ms: int, *, gap: int = 0, language: str | None = None
) -> list[Cue]:
    """Split every cue where a silence of ``pause_ms`` or more lies between two of its words
    (the next word starts that long after the previous word's end)."""
    if pause_ms < 1:
        raise ValueError(f"split pause must be at least 1 ms, got {pause_ms!r}")
    starts, ends = cols.starts, cols.ends
    out: list[Cue] = []
    for cue in cues:
        a, b = cue.first_word, cue.last_word
        if a < 0 or b <= a:
            out.append(cue)
            continue
        cuts = [k for k in range(a, b) if starts[k + 1] - ends[k] >= pause_ms]
        if not cuts:
            out.append(cue)
            continue
        bounds = [a, *(k + 1 for k in cuts), b + 1]
        pieces = [(x, y - 1) for x, y in itertools.pairwise(bounds)]
        ranges, base = _ranges_or_whole(cue, cols.texts)
        out.extend(_build(base, pieces, cols, gap, ranges, language, one_line=False))
    return out


def _even_chunks(a: int, b: int, size: int) -> list[tuple[int, int]]:
    """Words a..b in as few pieces of at most ``size`` words as possible, as even as possible."""
    n = b - a + 1
    count = -(-n // size)
    small, extra = divmod(n, count)
    out = []
    for j in range(count):
        length = small + (1 if j < extra else 0)
        out.append((a, a + length - 1))
        a += length
    return out


def limit_words(
    cues: Sequence[Cue], cols: WordColumns, max_words: int, *, gap: int = 0, language: str | None = None
) -> list[Cue]:
    """Split every cue of more than ``max_words`` words into one-line cues of at most that
    many: each of its lines (a speaker's line stays that speaker's) in even pieces."""
    if max_words < 1:
        raise ValueError(f"max words must be at least 1, got {max_words!r}")
    out: list[Cue] = []
    for cue in cues:
        a, b = cue.first_word, cue.last_word
        if a < 0 or b - a + 1 <= max_words:
            out.append(cue)
            continue
        ranges, base = _ranges_or_whole(cue, cols.texts)
        pieces = [chunk for la, lb in ranges for chunk in _even_chunks(la, lb, max_words)]
        out.extend(_build(base, pieces, cols, gap, ranges, language, one_line=True))
    return out


# -- moving in time ---------------------------------------------------------------------------


def _clock(ms: int) -> str:
    sign = "-" if ms < 0 else ""
    ms = abs(ms)
    return f"{sign}{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d}.{ms % 1000:03d}"


def shift_cues(cues: Sequence[Cue], shift_ms: int, *, what: str = "the offset") -> list[Cue]:
    """Every cue moved by ``shift_ms`` (may be negative); CueControlError naming the first
    cue that would start before 0."""
    if not shift_ms:
        return list(cues)
    for n, cue in enumerate(cues, 1):
        if cue.start + shift_ms < 0:
            raise CueControlError(
                f"{what} ({shift_ms / 1000:+g} s) moves cue {n} (at {_clock(cue.start)}) "
                f"before 0 (to {_clock(cue.start + shift_ms)})",
                source="cue controls",
            )
    return [replace(cue, start=cue.start + shift_ms, end=cue.end + shift_ms) for cue in cues]


_TIMECODE = re.compile(r"^(\d{1,2}):(\d{2}):(\d{2})([:;.,])(\d{2,3})$")


def exact_fps(fps: float) -> Fraction:
    """The frame rate ``fps`` as an exact fraction: 29.97 is 30000/1001 (and 23.976, 59.94
    likewise), a whole number is itself."""
    if not math.isfinite(fps) or fps <= 0:
        raise CueControlError(f"fps must be a number > 0, got {fps!r}", source="--fps")
    nominal = round(fps)
    if abs(fps - nominal) < 1e-6:
        return Fraction(nominal)
    ntsc = Fraction(round(fps * 1001 / 1000) * 1000, 1001)
    if abs(fps - float(ntsc)) < 0.006:
        return ntsc
    return Fraction(fps).limit_denominator(1001)


def timecode_ms(timecode: str, fps: float) -> int:
    """``HH:MM:SS:FF`` (``;`` before the frames: drop-frame, for 29.97 and 59.94 fps) at
    ``fps`` frames per second, in whole ms (rounded to the nearest)."""
    m = _TIMECODE.match(timecode.strip())
    if not m:
        raise CueControlError(
            f"bad timecode {timecode!r}: expected HH:MM:SS:FF (or HH:MM:SS;FF drop-frame), e.g. 10:00:00:00",
            source="--start-timecode",
        )
    h, mi, s, sep, f = int(m[1]), int(m[2]), int(m[3]), m[4], int(m[5])
    rate = exact_fps(fps)
    nominal = math.ceil(rate) if rate.denominator != 1 else int(rate)
    if mi > 59 or s > 59 or f >= nominal:
        raise CueControlError(
            f"bad timecode {timecode!r}: minutes and seconds 0-59, frames 0-{nominal - 1} at {float(rate):g} fps",
            source="--start-timecode",
        )
    frames = (3600 * h + 60 * mi + s) * nominal + f
    if sep == ";":
        if rate.denominator != 1001 or nominal % 30:
            raise CueControlError(
                f"drop-frame timecode {timecode!r} (';') is for 29.97 or 59.94 fps, not {float(rate):g}",
                source="--start-timecode",
            )
        drop = nominal // 15  # 2 frames a minute at 29.97, 4 at 59.94
        minutes = 60 * h + mi
        if s == 0 and f < drop and mi % 10:
            raise CueControlError(
                f"bad drop-frame timecode {timecode!r}: frames 0-{drop - 1} are skipped at minute {mi}",
                source="--start-timecode",
            )
        frames -= drop * (minutes - minutes // 10)
        return round(Fraction(frames * 1000) / rate)
    # non-drop: frames counted at the nominal rate, played at the real one
    return round(Fraction(frames * 1000) / rate)


def apply_controls(
    cues: Sequence[Cue],
    cols: WordColumns,
    *,
    max_words: int | None = None,
    split_pause_ms: int | None = None,
    shift_ms: int = 0,
    gap: int = 0,
    language: str | None = None,
    what: str = "the offset",
) -> list[Cue]:
    """The controls in order: pauses, words, time shift."""
    out = list(cues)
    if split_pause_ms is not None:
        out = split_at_pauses(out, cols, split_pause_ms, gap=gap, language=language)
    if max_words is not None:
        out = limit_words(out, cols, max_words, gap=gap, language=language)
    return shift_cues(out, shift_ms, what=what)
