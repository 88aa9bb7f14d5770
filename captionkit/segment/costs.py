"""The costs of the broadcast segmentation (:mod:`captionkit.segment.broadcast`).

Dimensionless; linguistic costs dominate geometric ones. The cue and line break costs are
by kind of join (:mod:`captionkit.text.breaks`), made cheaper by the silence at the join;
the geometric costs (balance, top-heavy, orphan, a sentence inside a line) are defined
with the line layout they price (:mod:`captionkit.segment.layout`), and the timing costs
with the timing they price (:func:`captionkit.segment.timing.cue_timing_cost`), so that
the API-compatible path, which imports those two, does not load the break rules.
:data:`C_COSTS` is the tuple the compiled segmenter takes (captionkit/_speedups.c): its
values and order must stay those of the Python code.
"""

from __future__ import annotations

from functools import cache

from captionkit.segment.layout import BALANCE, ORPHAN, SENTENCE_INSIDE_LINE, TOP_HEAVY
from captionkit.segment.timing import OFF_SYNC, SHORT_SLOPE, SPEED_SLOPE, TOO_FAST, TOO_SHORT, UNCLOSED_GAP
from captionkit.text.breaks import BEFORE_FUNCTION, CLAUSE, FORBIDDEN, PLAIN, SENTENCE, SPEAKER, WEAK

#: cost of ending a cue at each kind of break
CUE_BREAK_COST = {
    SPEAKER: 0.0,
    SENTENCE: 0.0,
    CLAUSE: 3.0,
    BEFORE_FUNCTION: 6.0,
    PLAIN: 9.0,
    WEAK: 14.0,
    FORBIDDEN: 60.0,
}
#: cost of breaking a line at each kind of break
LINE_BREAK_COST = {
    SPEAKER: 0.0,
    SENTENCE: 0.0,
    CLAUSE: 0.5,
    BEFORE_FUNCTION: 2.0,
    PLAIN: 4.0,
    WEAK: 10.0,
    FORBIDDEN: 60.0,
}
CUE_COST = 4.0  # every cue: fewer, fuller cues unless a better break says otherwise
DUAL_CUE_COST = 1.0  # a two-speaker cue, on top
SENTENCE_AT_LINE_BREAK = 5.0  # a sentence ends at the line break of a cue
#: the costs the compiled segmenter takes, in its order (captionkit/_speedups.c)
C_COSTS = (
    CUE_COST,
    DUAL_CUE_COST,
    SENTENCE_INSIDE_LINE,
    BALANCE,
    TOP_HEAVY,
    ORPHAN,
    TOO_FAST,
    SPEED_SLOPE,
    TOO_SHORT,
    SHORT_SLOPE,
    UNCLOSED_GAP,
    OFF_SYNC,
)


def compiled_costs(too_fast: float) -> tuple[float, ...]:
    """:data:`C_COSTS` with the cost of a cue over the reading speed the profile sets
    (:attr:`captionkit.segment.timing.TimingLimits.too_fast`)."""
    costs = list(C_COSTS)
    costs[C_COSTS_TOO_FAST] = too_fast
    return tuple(costs)


C_COSTS_TOO_FAST = 6  # the place of TOO_FAST in C_COSTS


def pause_bonus(gap_ms: int) -> float:
    """How much cheaper a cue break gets for the silence at it."""
    if gap_ms >= 1000:
        return 4.0
    if gap_ms >= 500:
        return 3.0
    if gap_ms >= 250:
        return 1.5
    return 0.0


def cue_break_cost(kind: int, gap_ms: int) -> float:
    """Cost of ending a cue at a join of ``kind`` followed by ``gap_ms`` of silence."""
    boundary = max(0.0, CUE_BREAK_COST[kind] - pause_bonus(gap_ms))
    if kind == FORBIDDEN:
        boundary = max(boundary, CUE_BREAK_COST[FORBIDDEN] / 2)
    return boundary


def line_break_cost(kind: int, gap_ms: int) -> float:
    """Cost of breaking a line at a join of ``kind`` followed by ``gap_ms`` of silence."""
    cost = LINE_BREAK_COST[kind]
    if kind == SENTENCE:
        cost += SENTENCE_AT_LINE_BREAK - SENTENCE_INSIDE_LINE
    elif gap_ms >= 500:
        cost -= 0.5
    return cost


@cache
def break_cost_tables() -> tuple[list[list[float]], list[list[float]]]:
    """:func:`cue_break_cost` by kind and silence bucket (under 250 ms, 500, 1000, more),
    :func:`line_break_cost` by kind and silence under/over 500 ms: the segmenter looks them up."""
    cue = [[cue_break_cost(kind, gap) for gap in (0, 250, 500, 1000)] for kind in range(FORBIDDEN + 1)]
    line = [[line_break_cost(kind, gap) for gap in (0, 500)] for kind in range(FORBIDDEN + 1)]
    return cue, line
