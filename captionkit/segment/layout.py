"""Lay out a cue's words as lines of text.

* The API's layout (:func:`one_line`): every word of the cue on one line.
* Broadcast profiles (:class:`LineBreaker`): the best line breaks of one speaker's words,
  weighed by the segmenter for every candidate cue. A cue that fits on one line is one
  line; else, within the profile's characters per line and lines per cue, the breaks with
  the lowest cost: the join's line-break cost (:func:`captionkit.segment.costs.line_break_cost`:
  after punctuation, before conjunctions and prepositions, never after a function word),
  then balanced lines (:data:`BALANCE`), bottom-heavy (the shorter line on top:
  :data:`TOP_HEAVY`), no orphan (:data:`ORPHAN`), and a sentence ending inside a line
  costs :data:`SENTENCE_INSIDE_LINE`. A speaker label shown on a line
  (:func:`label_at_turns`) counts in its width.

The geometric costs are defined here, with the layout they price; the segmentation's other
costs are in :mod:`captionkit.segment.costs`, which hands all of them to the compiled
segmenter (captionkit/_speedups.c transcribes :class:`LineBreaker` line by line).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from captionkit.text.width import join_words

if TYPE_CHECKING:
    from captionkit.profiles import Profile

Layout = Callable[[Sequence[str]], tuple[str, ...]]

SENTENCE_INSIDE_LINE = 9.0  # a sentence ends inside a line of a cue
BALANCE = 3.0  # times |line1 - line2| / line limit
TOP_HEAVY = 0.3  # the top line is the longer
ORPHAN = 1.5  # a line of one short word


def one_line(texts: Sequence[str]) -> tuple[str, ...]:
    """The API's layout: every word of the cue on one line, joined by single spaces."""
    return (" ".join(texts),)


def label_at_turns(speakers: Sequence[str | None]) -> list[bool]:
    """Whether a line starting with word k shows its speaker's label: at the first word of
    each speaker turn only (a speaker goes on being shown until another speaker talks, as
    broadcast labels such as ``JAMES:`` are used). The SRT writer follows the same rule
    (``label_turns_only``), so the widths the segmenter plans for are the ones written."""
    return [sp is not None and (k == 0 or speakers[k - 1] != sp) for k, sp in enumerate(speakers)]


def group_lines(
    texts: Sequence[str],
    speakers: Sequence[str | None],
    bounds: Sequence[int],
    dash: str | None,
    language: str | None,
    spaces: Sequence[int],
    pwords: Sequence[int],
) -> tuple[list[str], list[str | None], int]:
    """The lines of a cue whose lines start at the words ``bounds[:-1]`` (and end before
    ``bounds[-1]``): each line's words joined as written (:func:`join_words`), with ``dash``
    in front (a two-speaker cue); each line's speaker; and the words shown, or -1 when a
    line joins words without spaces (count them from the lines). ``spaces``/``pwords`` are
    prefix sums of the joins with a space before each word and of each word's words."""
    lines: list[str] = []
    line_speakers: list[str | None] = []
    shown_words = 0
    for a, b in itertools.pairwise(bounds):
        if b - a == 1:
            line = texts[a]
        elif spaces[b - 1] - spaces[a] == b - 1 - a:
            line = " ".join(texts[a:b])
        else:
            line = join_words(texts[a:b], language)
            shown_words = -1
        if shown_words >= 0:
            shown_words += pwords[b] - pwords[a]
        if dash:
            line = dash + line
        lines.append(line)
        line_speakers.append(speakers[a])
    return lines, line_speakers, shown_words


class LineBreaker:
    """The line breaking of the broadcast segmenter, a mixin: the segmenter sets the
    prefix sums below over its words, and weighs each candidate cue's best layout.

    ``pw[k]``: width of words 0..k-1, each with the join after it (``join_w[k]``: the width
    between word k and k+1); ``label_w[k]``: the width of the speaker label on a line
    starting with word k; ``ps[k]``: sentence ends among words 0..k-1; ``line_costs[k]``:
    the cost of a line break before word k; ``cpl``: characters per line; ``p``: the
    profile (its ``max_lines``).
    """

    pw: list[float]
    join_w: list[float]
    label_w: list[float]
    ps: list[int]
    line_costs: list[float]
    cpl: int
    p: Profile

    # widths of words a..b-1 (b exclusive) as one line
    def w(self, a: int, b: int) -> float:
        return self.pw[b] - self.pw[a] - self.join_w[b - 1]

    def fits(self, value: float) -> bool:
        return value <= self.cpl + 1e-9

    def layout(self, a: int, b: int) -> tuple[float, tuple[int, ...]] | None:
        """Best line breaks for words a..b-1 of one speaker: (cost, breaks) or None."""
        sentence_ends = self.ps[b - 1] - self.ps[a]  # sentence ends before the last word
        inside = sentence_ends * SENTENCE_INSIDE_LINE
        if self.fits(self.w(a, b) + self.label_w[a]) or b - a == 1:
            return inside, ()  # fits, or a single word wider than a line: a line of its own
        best: tuple[float, tuple[int, ...]] | None = None
        for lines in range(2, self.p.max_lines + 1):
            best = self._layout_n(a, b, lines, inside)
            if best is not None:
                return best
        return None

    def _geometry(self, widths: Sequence[float], words: Sequence[int]) -> float:
        cost = BALANCE * (max(widths) - min(widths)) / self.cpl
        for top, bottom in itertools.pairwise(widths):
            if top > bottom:
                cost += TOP_HEAVY
        for w_, count in zip(widths, words, strict=True):
            if count == 1 and w_ <= 4:
                cost += ORPHAN
        return cost

    def _layout_n(self, a: int, b: int, lines: int, inside: float) -> tuple[float, tuple[int, ...]] | None:
        if lines == 2:
            best: tuple[float, tuple[int, ...]] | None = None
            for k in range(a + 1, b):
                w1 = self.w(a, k) + self.label_w[a]
                if not self.fits(w1):
                    break
                w2 = self.w(k, b)
                if not self.fits(w2):
                    continue
                cost = inside + self.line_costs[k] + self._geometry((w1, w2), (k - a, b - k))
                if best is None or cost < best[0] - 1e-12:
                    best = (cost, (k,))
            return best
        # general case (max_lines > 2): exhaustive dynamic programme over the break positions
        memo: dict[tuple[int, int], tuple[float, tuple[int, ...]] | None] = {}

        def offset(start: int) -> float:
            return self.label_w[a] if start == a else 0.0

        def rest(start: int, left: int) -> tuple[float, tuple[int, ...]] | None:
            key = (start, left)
            if key in memo:
                return memo[key]
            result: tuple[float, tuple[int, ...]] | None = None
            if left == 1:
                result = (0.0, ()) if self.fits(self.w(start, b) + offset(start)) else None
            else:
                for k in range(start + 1, b - left + 2):
                    if not self.fits(self.w(start, k) + offset(start)):
                        break
                    tail = rest(k, left - 1)
                    if tail is None:
                        continue
                    cost = self.line_costs[k] + tail[0]
                    if result is None or cost < result[0] - 1e-12:
                        result = (cost, (k, *tail[1]))
            memo[key] = result
            return result

        found = rest(a, lines)
        if found is None:
            return None
        bounds = (a, *found[1], b)
        widths = [self.w(x, y) + offset(x) for x, y in itertools.pairwise(bounds)]
        counts = [y - x for x, y in itertools.pairwise(bounds)]
        return inside + found[0] + self._geometry(widths, counts), found[1]
