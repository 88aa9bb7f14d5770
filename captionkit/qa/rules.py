"""The lint rules: one small function per rule, and the table :func:`run_checks` runs.

Each rule function takes a :class:`LintContext` (the cues, the profile, the transcript's
words and what is derived from them once) and returns a :class:`RuleRun`: how many items it
checked and its violations, in cue order. :data:`RULES` gives each rule's severity and
description, in the order the report lists them; :data:`CHECKS` gives the functions in the
order their violations are listed within a cue.

The rules (section 6 of ``../shared/reference/caption-standards.md``):

=================== ======== ===================================================================
rule                severity what
=================== ======== ===================================================================
format              error    file structure (:mod:`captionkit.qa.structure`, S1-S11 and V1-V11):
                             blocks and blank lines, exact timing lines, SRT numbered 1, 2, 3...,
                             unique WebVTT identifiers and known settings, balanced markup, no
                             '-->' in text, one kind of line end, at least one cue
text                error    no empty cue, no blank or padded line, no double space (Q15)
timing              error    a cue ends after it starts; cues in order of start (S7, S8)
overlap             error    no cue starts before the previous one ends (Q7)
max_chars_per_line  error    graphemes per line (full-width units for JA/ZH/KO) (Q1)
max_lines           error    lines per cue (Q2)
wide_word           warning  a line over max_chars_per_line that is one word (after its dash or
                             label): no line break can fix it, only rewording (a URL, a long
                             compound); reported here instead of under max_chars_per_line
min_duration        warning  (Q5); fast verbatim speech cannot always meet it (the DCMP's 2 s
                             with 32-character lines needs under 32 cps)
max_duration        error    (Q5)
min_gap             error    gap between cues, in frames of the profile's fps (Q6)
gap_chaining        error    a gap under the profile's threshold is exactly the minimum gap (Q6)
reading_speed_cps   warning  graphemes of all lines per second (Q4)
reading_speed_wpm   warning  words per minute (Q4)
one_line_if_fits    warning  a two-line cue whose text fits on one line (Q3)
line_breaks         warning  a line break never follows an article, determiner, preposition,
                             conjunction or auxiliary, nor splits a name or a number and its
                             unit (Q10)
cue_breaks          warning  the same, at the break between two cues (Q12)
completeness        error    with a transcript: every word once, in order (Q9)
sync                error    with a transcript: a cue starts with its first word (within the
                             lead-in and 3 frames) and ends after its last word, no later than
                             the hang, the minimum duration or the reading speed needs (Q8)
=================== ======== ===================================================================

Timestamps have millisecond precision, so a frame- or second-based limit passes within 1 ms
(two frames at 24 fps are 83.3 ms: 83 ms passes).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from captionkit.model.transcript import Word
from captionkit.profiles import Profile
from captionkit.qa.context import EPS, TOLERANCE_MS, LintContext, RuleRun, num
from captionkit.qa.cuetext import DASH, content, speaker_change
from captionkit.qa.report import Violation
from captionkit.segment.timing import needed_ms
from captionkit.text.breaks import forbidden_break
from captionkit.text.width import count_words, joiner, no_space_char, reading_chars, width

#: what a rule counts (its ``checked`` and ``failed``); the others count cues
UNITS = {
    "max_chars_per_line": "lines",
    "wide_word": "lines",
    "min_gap": "gaps",
    "gap_chaining": "gaps",
    "overlap": "gaps",
    "line_breaks": "breaks",
    "cue_breaks": "breaks",
    "completeness": "words",
}
# -- the rules, in the order their violations are listed within a cue -----------------------------


def check_format(ctx: LintContext) -> RuleRun:
    """``format``: the file's problems were found while reading it (:mod:`captionkit.qa.lint`)."""
    return RuleRun(max(len(ctx.cues), 1), list(ctx.extra))


def _text_problem(lines: Sequence[str], shown: Sequence[str]) -> str | None:
    if not lines or not any(line.strip() for line in lines):
        return "empty cue"
    if any(not line.strip() for line in lines):
        return "blank line inside the cue"
    if any(line != line.strip() for line in shown):
        return "a line starts or ends with white space"
    if any("  " in line for line in shown):
        return "double space"
    return None


def check_text(ctx: LintContext) -> RuleRun:
    """``text``: no empty cue, no blank or padded line, no double space."""
    found = []
    for n, cue in enumerate(ctx.cues, 1):
        problem = _text_problem(cue.lines, ctx.shown[n - 1])
        if problem:
            found.append(Violation("text", n, problem, "clean text", problem))
    return RuleRun(len(ctx.cues), found)


def check_timing(ctx: LintContext) -> RuleRun:
    """``timing``: a cue ends after it starts; cues in order of start."""
    found, cues = [], ctx.cues
    for n, cue in enumerate(cues, 1):
        duration = cue.end - cue.start
        if duration <= 0:
            message = f"ends at {cue.end} ms, not after its start {cue.start} ms"
            found.append(Violation("timing", n, duration, "> 0 ms", message))
        elif n > 1 and cue.start < cues[n - 2].start:
            message = f"starts before cue {n - 1} (not sorted)"
            found.append(Violation("timing", n, cue.start, f">= {cues[n - 2].start}", message))
    return RuleRun(len(cues), found)


def _one_word(text: str) -> bool:
    """One space-separated word in a script written with spaces (a CJK line has no spaces
    between its words, so it is never taken for one word)."""
    tokens = text.split()
    return len(tokens) == 1 and not any(no_space_char(c) for c in tokens[0])


def check_line_width(ctx: LintContext) -> RuleRun:
    """``max_chars_per_line`` and ``wide_word``, one function: a line over the width is
    one or the other (``wide_word`` when it is one word, which no break can fix), and the
    two rules' violations come in line order."""
    p, found, checked = ctx.profile, [], 0
    cpl = p.max_chars_per_line
    for n, cue in enumerate(ctx.cues, 1):
        for k, line in enumerate(ctx.shown[n - 1], 1):
            checked += 1
            w = width(line, p.width_mode)
            if w <= cpl + EPS:
                continue
            if _one_word(DASH.sub("", content(cue, k - 1))):
                message = f"line {k} is one word, {num(w)} characters > {num(cpl)}: {line!r} (no break can fix it)"
                found.append(Violation("wide_word", n, w, cpl, message))
            else:
                message = f"line {k} has {num(w)} characters > {num(cpl)}: {line!r}"
                found.append(Violation("max_chars_per_line", n, w, cpl, message))
    return RuleRun(checked, found)


def check_max_lines(ctx: LintContext) -> RuleRun:
    """``max_lines``: lines per cue."""
    limit = ctx.profile.max_lines
    found = [
        Violation("max_lines", n, len(cue.lines), limit, f"{len(cue.lines)} lines > {limit}")
        for n, cue in enumerate(ctx.cues, 1)
        if len(cue.lines) > limit
    ]
    return RuleRun(len(ctx.cues), found)


def check_one_line_if_fits(ctx: LintContext) -> RuleRun:
    """``one_line_if_fits``: a cue of one speaker (no dialogue) whose lines fit on one line."""
    p, found, checked = ctx.profile, [], 0
    for n, cue in enumerate(ctx.cues, 1):
        shown = ctx.shown[n - 1]
        two_speakers = any(speaker_change(cue, k - 1, cue, k) for k in range(1, len(cue.lines)))
        if len(shown) < 2 or ctx.dialogue[n - 1] or two_speakers:  # one speaker per line (Q13)
            continue
        checked += 1
        joined = shown[0]
        for line in shown[1:]:
            joined += (joiner(joined, line, p.language) if joined and line else "") + line
        w = width(joined, p.width_mode)
        if w <= p.max_chars_per_line + EPS:
            message = f"{len(shown)} lines fit on one ({num(w)} <= {num(p.max_chars_per_line)})"
            found.append(Violation("one_line_if_fits", n, w, p.max_chars_per_line, message))
    return RuleRun(checked, found)


def check_min_duration(ctx: LintContext) -> RuleRun:
    """``min_duration`` (of the cues that end after they start; the others fail ``timing``)."""
    least, timed = ctx.profile.min_duration_ms, ctx.durations()
    found = [
        Violation("min_duration", n, d, least, f"{d} ms < {least} ms minimum")
        for n, _, d in timed
        if d < least - TOLERANCE_MS
    ]
    return RuleRun(len(timed), found)


def check_max_duration(ctx: LintContext) -> RuleRun:
    """``max_duration``, when the profile has one."""
    most, timed = ctx.profile.max_duration_ms, ctx.durations()
    assert most is not None
    found = [
        Violation("max_duration", n, d, most, f"{d} ms > {most} ms maximum")
        for n, _, d in timed
        if d > most + TOLERANCE_MS - 1
    ]
    return RuleRun(len(timed), found)


def check_reading_speed_cps(ctx: LintContext) -> RuleRun:
    """``reading_speed_cps``: graphemes of all lines per second."""
    limit, found, timed = ctx.profile.max_cps, [], ctx.durations()
    for n, _, duration in timed:
        chars = reading_chars(ctx.shown[n - 1])
        cps = chars * 1000.0 / duration
        if cps > limit + EPS:
            message = f"{num(cps)} cps > {num(limit)} ({chars} characters in {duration} ms)"
            found.append(Violation("reading_speed_cps", n, round(cps, 2), limit, message))
    return RuleRun(len(timed), found)


def check_reading_speed_wpm(ctx: LintContext) -> RuleRun:
    """``reading_speed_wpm``: words per minute."""
    limit, found, timed = ctx.profile.max_wpm, [], ctx.durations()
    for n, _, duration in timed:
        n_words = count_words(ctx.shown[n - 1])
        wpm = n_words * 60000.0 / duration
        if wpm > limit + EPS:
            message = f"{num(wpm)} wpm > {num(limit)} ({n_words} words in {duration} ms)"
            found.append(Violation("reading_speed_wpm", n, round(wpm, 1), limit, message))
    return RuleRun(len(timed), found)


def _last_token(ctx: LintContext, index: int, line: int, shown: Sequence[str]) -> str | None:
    """The token before the first token of ``shown[line]`` (None before the first cue;
    :func:`~captionkit.text.breaks.forbidden_break` tells a sentence end from it)."""
    if line > 0:
        tokens = shown[line - 1].split()
        if len(tokens) > 1:
            return tokens[-2]
    if index >= 0:
        tokens = ctx.tokens(index)
        if tokens:
            return tokens[-1]
    return None


def check_line_breaks(ctx: LintContext) -> RuleRun:
    """``line_breaks``: no line break where :func:`forbidden_break` forbids one (not in
    dialogue, nor where the speaker changes)."""
    found, checked = [], 0
    for n, cue in enumerate(ctx.cues, 1):
        if ctx.dialogue[n - 1]:
            continue
        words_shown = [content(cue, k) for k in range(len(cue.lines))]
        for k in range(1, len(cue.lines)):
            before, after = words_shown[k - 1].split(), words_shown[k].split()
            if not before or not after or speaker_change(cue, k - 1, cue, k):
                continue
            checked += 1
            prev_prev = before[-2] if len(before) > 1 else _last_token(ctx, n - 2, k - 1, words_shown)
            why = forbidden_break(before[-1], after[0], prev_prev, ctx.profile.language)
            if why:
                message = f"line {k} ends {why}: {before[-1]!r} / {after[0]!r}"
                found.append(Violation("line_breaks", n, f"{before[-1]} / {after[0]}", "no break", message))
    return RuleRun(checked, found)


def check_overlap(ctx: LintContext) -> RuleRun:
    """``overlap``: no cue starts while an earlier one is on screen."""
    found = []
    for g in ctx.gaps:
        if not g.overlapping:
            continue
        by = int(min(g.latest_end, g.nxt.end) - g.nxt.start)
        what = (
            f"overlaps cue {g.n + 1} by {by} ms"
            if g.latest_no == g.n
            else f"cue {g.n + 1} starts while cue {g.latest_no} is on screen (overlap {by} ms)"
        )
        found.append(Violation("overlap", g.n, -by, ">= 0 ms", what))
    return RuleRun(len(ctx.gaps), found)


def _at_fps(ctx: LintContext) -> str:
    p = ctx.profile
    return f"({num(p.min_gap * ctx.frame)} ms at {num(p.fps)} fps)"


def check_min_gap(ctx: LintContext) -> RuleRun:
    """``min_gap``: the gap to the next cue, in frames of the profile's fps."""
    p, found = ctx.profile, []
    for g in ctx.gaps:
        if g.short:
            message = f"gap of {g.ms} ms ({g.frames} frames) to cue {g.n + 1} < {num(p.min_gap)} frames {_at_fps(ctx)}"
            found.append(Violation("min_gap", g.n, g.ms, p.min_gap_ms, message))
    return RuleRun(len(ctx.gaps), found)


def check_gap_chaining(ctx: LintContext) -> RuleRun:
    """``gap_chaining``: a gap under the profile's threshold is exactly the minimum gap."""
    p, found = ctx.profile, []
    chain = p.chain_gaps_under_ms
    assert chain is not None
    for g in ctx.gaps:
        if not g.unsorted and not g.overlapping and not g.short and g.ms < chain and g.frames != p.min_gap:
            message = (
                f"gap of {g.ms} ms ({g.frames} frames) to cue {g.n + 1} is under {chain} ms but not "
                f"closed to {num(p.min_gap)} frames {_at_fps(ctx)}"
            )
            found.append(Violation("gap_chaining", g.n, g.ms, p.min_gap_ms, message))
    return RuleRun(len(ctx.gaps), found)


def check_cue_breaks(ctx: LintContext) -> RuleRun:
    """``cue_breaks``: no break between two cues where :func:`forbidden_break` forbids one
    (not at dialogue, nor where the speaker changes)."""
    found, checked, cues = [], 0, ctx.cues
    for n, (cue, nxt) in enumerate(itertools.pairwise(cues), 1):
        if ctx.dialogue[n - 1] or ctx.dialogue[n] or speaker_change(cue, -1, nxt, 0):
            continue
        this_tokens, next_tokens = ctx.tokens(n - 1), ctx.tokens(n)
        if not this_tokens or not next_tokens:
            continue
        checked += 1
        prev_prev = this_tokens[-2] if len(this_tokens) > 1 else None
        why = forbidden_break(this_tokens[-1], next_tokens[0], prev_prev, ctx.profile.language)
        if why:
            message = f"cue ends {why}: {this_tokens[-1]!r} / {next_tokens[0]!r}"
            found.append(Violation("cue_breaks", n, f"{this_tokens[-1]} / {next_tokens[0]}", "no break", message))
    return RuleRun(checked, found)


# -- against the transcript ------------------------------------------------------------------------


def check_completeness(ctx: LintContext) -> RuleRun:
    """``completeness``: every transcript word shown once, in order (:func:`align`)."""
    assert ctx.words is not None
    cues = ctx.cues
    found = [
        Violation("completeness", min(m.cue, len(cues)) if cues else None, m.count, "every word once", m.message)
        for m in ctx.alignment[1]
    ]
    return RuleRun(len(ctx.words), found)


def _sync_problem(ctx: LintContext, n: int, first: Word, last: Word) -> tuple[int, str] | None:
    """(value, message) when cue ``n`` is not timed to its first and last words."""
    p, cues, cue = ctx.profile, ctx.cues, ctx.cues[n - 1]
    three_frames = math.ceil(3 * 1000 / p.fps)
    if cue.start < first.start - (max(p.max_lead_in_ms, three_frames) + TOLERANCE_MS):
        return cue.start - first.start, f"starts {first.start - cue.start} ms before its first word {first.text!r}"
    if cue.start > first.start + three_frames + TOLERANCE_MS:
        return cue.start - first.start, f"starts {cue.start - first.start} ms after its first word {first.text!r}"
    lines = ctx.shown[n - 1]
    need = needed_ms(p, reading_chars(lines), count_words(lines))
    next_start = cues[n].start if n < len(cues) else None
    blocked = next_start is not None and next_start - p.min_gap_ms < last.end
    latest = max(last.end + p.max_hang_ms, cue.start + need)
    chain = p.chain_gaps_under_ms
    if chain is not None and next_start is not None and next_start - latest < chain:
        latest = max(latest, next_start - p.min_gap_ms)  # the gap left was closed (chained)
    if cue.end < last.end - TOLERANCE_MS and not blocked and cue.end < cue.start + (p.max_duration_ms or 10**12):
        return cue.end - last.end, f"ends {last.end - cue.end} ms before its last word {last.text!r} ends"
    if cue.end > latest + TOLERANCE_MS:
        return cue.end - last.end, (
            f"ends {cue.end - last.end} ms after its last word (allowed: {p.max_hang_ms} ms, "
            f"or {need} ms from its start for duration and reading speed)"
        )
    return None


def check_sync(ctx: LintContext) -> RuleRun:
    """``sync``: a cue starts with its first word (within the lead-in and 3 frames) and ends
    after its last word, no later than the hang, the minimum duration or the reading speed
    needs."""
    words = ctx.words
    assert words is not None
    found, checked = [], 0
    for n, span in enumerate(ctx.alignment[0][: len(ctx.cues)], 1):
        if span is None:
            continue
        checked += 1
        problem = _sync_problem(ctx, n, words[span[0]], words[span[1]])
        if problem:
            found.append(Violation("sync", n, problem[0], "in sync", problem[1]))
    return RuleRun(checked, found)


# -- the table ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Check:
    """A rule function, the rules it reports, and when it applies to a profile / input."""

    rules: tuple[str, ...]
    run: Callable[[LintContext], RuleRun]
    applies: Callable[[LintContext], bool] = lambda ctx: True


def _with_words(ctx: LintContext) -> bool:
    return ctx.words is not None


#: the file's problems, listed first
FILE_CHECKS = (Check(("format",), check_format),)
#: the rules of each cue (and of the gap and break after it): their violations are listed by
#: cue, and within a cue in this order
CUE_CHECKS = (
    Check(("text",), check_text),
    Check(("timing",), check_timing),
    Check(("max_chars_per_line", "wide_word"), check_line_width),
    Check(("max_lines",), check_max_lines),
    Check(("one_line_if_fits",), check_one_line_if_fits),
    Check(("min_duration",), check_min_duration),
    Check(("max_duration",), check_max_duration, lambda ctx: ctx.profile.max_duration_ms is not None),
    Check(("reading_speed_cps",), check_reading_speed_cps, lambda ctx: bool(ctx.profile.max_cps)),
    Check(("reading_speed_wpm",), check_reading_speed_wpm, lambda ctx: bool(ctx.profile.max_wpm)),
    Check(("line_breaks",), check_line_breaks),
    Check(("overlap",), check_overlap),
    Check(("min_gap",), check_min_gap),
    Check(("gap_chaining",), check_gap_chaining, lambda ctx: ctx.profile.chain_gaps_under_ms is not None),
    Check(("cue_breaks",), check_cue_breaks),
)
#: with a transcript, listed last, rule after rule
TRANSCRIPT_CHECKS = (
    Check(("completeness",), check_completeness, _with_words),
    Check(("sync",), check_sync, _with_words),
)
CHECKS = FILE_CHECKS + CUE_CHECKS + TRANSCRIPT_CHECKS
CHECK_OF = {rule: check for check in CHECKS for rule in check.rules}


def limits_of(p: Profile) -> dict[str, str]:
    """Each rule's limit under profile ``p``, as the report shows it."""
    unit = "full-width units" if p.width_mode == "cjk" else "graphemes"
    out = {
        "max_chars_per_line": f"<= {num(p.max_chars_per_line)} {unit}",
        "wide_word": f"<= {num(p.max_chars_per_line)} {unit}",
        "max_lines": f"<= {p.max_lines}",
        "min_duration": f">= {p.min_duration_ms} ms",
        "min_gap": f">= {num(p.min_gap)} frames ({p.min_gap_ms} ms at {num(p.fps)} fps)",
        "timing": "end > start, sorted",
        "overlap": "none",
        "text": "clean",
        "format": "valid",
        "one_line_if_fits": "",
        "line_breaks": "no forbidden break",
        "cue_breaks": "no forbidden break",
        "completeness": "every word once, in order",
        "sync": f"start -{max(p.max_lead_in_ms, math.ceil(3 * 1000 / p.fps))}/+{math.ceil(3 * 1000 / p.fps)} ms, "
        f"end <= last word + {p.max_hang_ms} ms or as needed",
    }
    if p.max_duration_ms is not None:
        out["max_duration"] = f"<= {p.max_duration_ms} ms"
    if p.chain_gaps_under_ms is not None:
        out["gap_chaining"] = f"gaps < {p.chain_gaps_under_ms} ms are {num(p.min_gap)} frames"
    if p.max_cps:
        out["reading_speed_cps"] = f"<= {num(p.max_cps)} cps"
    if p.max_wpm:
        out["reading_speed_wpm"] = f"<= {num(p.max_wpm)} wpm"
    return out
