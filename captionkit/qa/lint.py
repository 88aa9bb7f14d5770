"""Caption QC: check any SRT or WebVTT file against a broadcast profile.

:func:`lint_text` parses a file (``srt`` / ``webvtt-py``, through
:mod:`captionkit.formats`) and :func:`lint_cues` checks cues; both return a
:class:`LintReport` with, for every rule, how many items were checked and how many
conform, and every violation (cue number, rule, value, limit). Errors are the hard rules of
the profile (the file fails QC); warnings are soft rules (reading speed, line shape, line
breaks) that verbatim speech cannot always meet.

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

import math
from collections.abc import Callable, Sequence

import regex
import srt as _srt

from captionkit.errors import CaptionParseError
from captionkit.formats import srt as srt_format
from captionkit.formats import vtt as vtt_format
from captionkit.model.cue import Cue
from captionkit.model.transcript import Word
from captionkit.profiles import Profile
from captionkit.qa.align import Mismatch, align
from captionkit.qa.cuetext import DASH, content, is_dialogue, label_speakers, speaker_change
from captionkit.qa.report import ERROR, WARNING, LintReport, RuleResult, Violation
from captionkit.qa.rules import RULES
from captionkit.qa.structure import srt_problems, vtt_problems
from captionkit.segment.broadcast import count_words, forbidden_break, needed_ms, reading_chars
from captionkit.text.width import detect_language, joiner, no_space_char, strip_ignorable, width

# the SRT markup players know (S11: <i>, <b>, <u>, <font ...>) and ASS override blocks such as
# {\an8}; any other <word> is shown as text by players, so it is text here too
_TAGS = regex.compile(r"</?(?i:[ibu]|font)(?:\s[^<>\n]*)?>|\{\\[^{}\n]*\}")
_TOLERANCE_MS = 1


# -- reading files --------------------------------------------------------------------------


_FORMAT_NAMES = {"srt": "SRT", "vtt": "WebVTT"}
_SRT_START = regex.compile(r"\s*\d+\s*\n\s*-?\d[\d:.,]*\s*-->")


def format_by_name(name: str | None) -> str | None:
    """``"srt"``/``"vtt"`` by a file name's extension, else None."""
    lowered = (name or "").lower()
    return "vtt" if lowered.endswith(".vtt") else "srt" if lowered.endswith(".srt") else None


def sniff_format(text: str) -> str | None:
    """``"vtt"`` for a text with the ``WEBVTT`` header, ``"srt"`` for one that starts like an
    SRT (a number line, then a timing line), else None."""
    body = text.lstrip("\ufeff")
    if body.startswith("WEBVTT"):
        return "vtt"
    return "srt" if _SRT_START.match(body.replace("\r\n", "\n").replace("\r", "\n")) else None


def detect_format(text: str, name: str | None = None) -> str:
    """``"srt"`` or ``"vtt"``: by the text when it tells (:func:`sniff_format`), else by the
    name's extension, else SRT."""
    return sniff_format(text) or format_by_name(name) or "srt"


def unreadable_report(profile: Profile, source: str, reason: str) -> LintReport:
    """The report for a caption file that could not be read or parsed: no cues, the
    ``format`` rule failed with ``reason``."""
    report = LintReport(profile=profile, cues=0, source=source, error=reason)
    report.violations.append(Violation("format", None, "unreadable", "readable", reason))
    report.rules.append(RuleResult("format", 1, 1, "files", "a readable SRT or WebVTT file"))
    return report


def _format_violations(text: str, fmt: str) -> list[Violation]:
    problems: list[Violation] = []
    crlf = text.count("\r\n")
    lone_lf = text.count("\n") - crlf
    lone_cr = text.count("\r") - crlf
    # SRT (S2): one kind of line end, LF or CRLF; WebVTT allows CRLF, LF and CR, even mixed
    if fmt == "srt" and ((crlf and lone_lf) or lone_cr):
        kinds = f"{crlf} CRLF, {lone_lf} LF, {lone_cr} CR"
        what = "lone CR line ends" if lone_cr and not (crlf or lone_lf) else "mixed line ends"
        problems.append(Violation("format", None, kinds, "LF or CRLF", f"{what} ({kinds})"))
    if fmt == "srt":
        body = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
        try:
            with srt_format.quiet_srt_log():
                indices = [s.index for s in _srt.parse(body, ignore_errors=True)]
        except (OverflowError, ValueError):
            indices = []  # the parse error is reported by the caller; the structure is still checked
        for n, index in enumerate(indices, 1):
            if index is not None and index != n:  # no number at all: the structure check says so
                problems.append(Violation("format", n, index, n, f"numbered {index}, expected {n}"))
    structure = srt_problems(text) if fmt == "srt" else vtt_problems(text)
    problems.extend(
        Violation("format", n, "invalid", "valid", f"line {line}: {message}" if line else message, line=line)
        for n, line, message in structure
    )
    return problems


def parse_captions(text: str, fmt: str, source: str) -> list[Cue]:
    """Cues of an SRT or WebVTT text, tags removed from the lines (entities decoded)."""
    body = text.replace("\r\n", "\n").replace("\r", "\n")
    if fmt == "srt":
        cues = srt_format.loads(body, source=source, skip_bad_blocks=True)
        out = []
        for c in cues:
            lines = tuple(_TAGS.sub("", line) for line in c.lines)
            out.append(Cue(c.start, c.end, lines, speakers=label_speakers(lines)))
        return out
    if fmt == "vtt":
        if not body.lstrip("\ufeff").startswith("WEBVTT"):
            raise CaptionParseError("not valid WebVTT: the file does not start with 'WEBVTT'", source=source)
        return vtt_format.loads(body, source=source)
    raise CaptionParseError(f"unknown caption format {fmt!r} (expected srt or vtt)", source=source)


def lint_text(
    text: str,
    profile: Profile,
    *,
    fmt: str | None = None,
    source: str = "<text>",
    words: Sequence[Word] | None = None,
    language: str | None = None,
    extra: Sequence[Violation] = (),
) -> LintReport:
    """Parse an SRT/WebVTT text and check it (see :func:`lint_cues`). ``extra`` are format
    problems found before (the file's encoding).

    Without ``fmt`` the text decides when it can (a ``WEBVTT`` header, or an SRT first
    block), else the name's extension; a file whose extension says otherwise gets a
    ``format`` error. Raises :class:`~captionkit.errors.CaptionParseError` when the text
    cannot be parsed at all.
    """
    extra = list(extra)
    if fmt is None:
        named, sniffed = format_by_name(source), sniff_format(text)
        fmt = sniffed or named or "srt"
        if named and sniffed and named != sniffed:
            extra.append(
                Violation(
                    "format", None, sniffed, named, f"the file is named .{named} but holds {_FORMAT_NAMES[sniffed]}"
                )
            )
    cues = parse_captions(text, fmt, source)
    extra += _format_violations(text, fmt)
    if not cues:  # nothing to check is not a pass
        extra.append(Violation("format", None, 0, ">= 1 cue", "the file has no cues"))
    report = lint_cues(cues, profile, words=words, language=language, extra=extra)
    report.source = source
    report.fmt = fmt
    return report


# -- the checks ------------------------------------------------------------------------------


def _num(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def lint_cues(
    cues: Sequence[Cue],
    profile: Profile,
    *,
    words: Sequence[Word] | None = None,
    language: str | None = None,
    extra: Sequence[Violation] = (),
) -> LintReport:
    """Check ``cues`` (their lines as displayed, tags removed) against ``profile``.

    ``words`` (the transcript's) adds the completeness and sync rules. ``language`` (a
    language code) picks the per-language limits; without it the script of the text decides
    (Japanese, Chinese, Korean or other): the script of the ``words`` when given (as the
    renderers decide it; the caption text may hold Latin speaker labels), else of the text.
    """
    if words:
        lang = language or detect_language(w.text for w in words[:2000])
    else:
        lang = language or detect_language(line for c in cues[:2000] for line in c.lines)
    p = profile.for_language(lang)
    report = LintReport(profile=p, cues=len(cues))
    v = report.violations
    v.extend(extra)
    count: dict[str, int] = {}

    def checked(rule: str, n: int = 1) -> None:
        count[rule] = count.get(rule, 0) + n

    checked("format", max(len(cues), 1))
    frame = 1000.0 / p.fps
    gap_exact = p.min_gap * frame
    gap_ms = p.min_gap_ms
    min_dur = p.min_duration_ms
    max_dur = p.max_duration_ms
    chain = p.chain_gaps_under_ms
    cpl = p.max_chars_per_line
    mode = p.width_mode
    n_cues = len(cues)
    latest_no, latest_end = 0, -math.inf  # the cue that ends last so far, and its end
    for n, cue in enumerate(cues, 1):
        lines = cue.lines
        shown = [strip_ignorable(line) for line in lines]
        dialogue = is_dialogue(cue)
        # text
        checked("text")
        problem = None
        if not lines or not any(line.strip() for line in lines):
            problem = "empty cue"
        elif any(not line.strip() for line in lines):
            problem = "blank line inside the cue"
        elif any(line != line.strip() for line in shown):
            problem = "a line starts or ends with white space"
        elif any("  " in line for line in shown):
            problem = "double space"
        if problem:
            v.append(Violation("text", n, problem, "clean text", problem))
        # timing
        checked("timing")
        duration = cue.end - cue.start
        if duration <= 0:
            v.append(
                Violation("timing", n, duration, "> 0 ms", f"ends at {cue.end} ms, not after its start {cue.start} ms")
            )
        elif n > 1 and cue.start < cues[n - 2].start:
            v.append(
                Violation("timing", n, cue.start, f">= {cues[n - 2].start}", f"starts before cue {n - 1} (not sorted)")
            )
        # width and lines
        for k, line in enumerate(shown, 1):
            checked("max_chars_per_line")
            checked("wide_word")
            w = width(line, mode)
            if w > cpl + 1e-9 and _one_word(DASH.sub("", content(cue, k - 1))):
                v.append(
                    Violation(
                        "wide_word",
                        n,
                        w,
                        cpl,
                        f"line {k} is one word, {_num(w)} characters > {_num(cpl)}: {line!r} (no break can fix it)",
                    )
                )
            elif w > cpl + 1e-9:
                v.append(
                    Violation(
                        "max_chars_per_line", n, w, cpl, f"line {k} has {_num(w)} characters > {_num(cpl)}: {line!r}"
                    )
                )
        checked("max_lines")
        if len(lines) > p.max_lines:
            v.append(Violation("max_lines", n, len(lines), p.max_lines, f"{len(lines)} lines > {p.max_lines}"))
        two_speakers = any(speaker_change(cue, k - 1, cue, k) for k in range(1, len(lines)))
        if len(shown) >= 2 and not dialogue and not two_speakers:  # one speaker per line (Q13)
            checked("one_line_if_fits")
            joined = shown[0]
            for line in shown[1:]:
                joined += (joiner(joined, line, p.language) if joined and line else "") + line
            if width(joined, mode) <= cpl + 1e-9:
                v.append(
                    Violation(
                        "one_line_if_fits",
                        n,
                        width(joined, mode),
                        cpl,
                        f"{len(shown)} lines fit on one ({_num(width(joined, mode))} <= {_num(cpl)})",
                    )
                )
        # durations
        if duration > 0:
            checked("min_duration")
            if duration < min_dur - _TOLERANCE_MS:
                v.append(Violation("min_duration", n, duration, min_dur, f"{duration} ms < {min_dur} ms minimum"))
            if max_dur is not None:
                checked("max_duration")
                if duration > max_dur + _TOLERANCE_MS - 1:
                    v.append(Violation("max_duration", n, duration, max_dur, f"{duration} ms > {max_dur} ms maximum"))
            chars = reading_chars(shown)
            if p.max_cps:
                checked("reading_speed_cps")
                cps = chars * 1000.0 / duration
                if cps > p.max_cps + 1e-9:
                    v.append(
                        Violation(
                            "reading_speed_cps",
                            n,
                            round(cps, 2),
                            p.max_cps,
                            f"{_num(cps)} cps > {_num(p.max_cps)} ({chars} characters in {duration} ms)",
                        )
                    )
            if p.max_wpm:
                checked("reading_speed_wpm")
                n_words = count_words(shown)
                wpm = n_words * 60000.0 / duration
                if wpm > p.max_wpm + 1e-9:
                    v.append(
                        Violation(
                            "reading_speed_wpm",
                            n,
                            round(wpm, 1),
                            p.max_wpm,
                            f"{_num(wpm)} wpm > {_num(p.max_wpm)} ({n_words} words in {duration} ms)",
                        )
                    )
        # line breaks
        if not dialogue:
            words_shown = [content(cue, k) for k in range(len(lines))]
            for k in range(1, len(shown)):
                before, after = words_shown[k - 1].split(), words_shown[k].split()
                if not before or not after or speaker_change(cue, k - 1, cue, k):
                    continue
                checked("line_breaks")
                prev_prev = before[-2] if len(before) > 1 else _last_token(cues, n - 2, k - 1, words_shown)
                why = forbidden_break(before[-1], after[0], prev_prev, p.language)
                if why:
                    v.append(
                        Violation(
                            "line_breaks",
                            n,
                            f"{before[-1]} / {after[0]}",
                            "no break",
                            f"line {k} ends {why}: {before[-1]!r} / {after[0]!r}",
                        )
                    )
        # gaps to the next cue
        if n < n_cues:
            nxt = cues[n]
            gap = nxt.start - cue.end
            checked("overlap")
            # against the cue that ends last so far: a cue nested in an earlier one does not
            # hide that earlier cue from the next
            if cue.end >= latest_end:
                latest_no, latest_end = n, cue.end
            unsorted = nxt.start < cue.start  # the timing rule reports it (at the next cue)
            overlapping = not unsorted and nxt.start < latest_end
            if overlapping:
                by = int(min(latest_end, nxt.end) - nxt.start)
                what = (
                    f"overlaps cue {n + 1} by {by} ms"
                    if latest_no == n
                    else f"cue {n + 1} starts while cue {latest_no} is on screen (overlap {by} ms)"
                )
                v.append(Violation("overlap", n, -by, ">= 0 ms", what))
            # a gap is judged in frames (rounded), as the rules and frame-based tools count it;
            # an overlap or an unsorted pair is reported once, above, not as a gap too
            gap = int(nxt.start - latest_end)
            frames = math.floor(gap / frame + 0.5 + 1e-9)
            at_fps = f"({_num(gap_exact)} ms at {_num(p.fps)} fps)"
            checked("min_gap")
            short = not unsorted and not overlapping and frames < p.min_gap
            if short:
                v.append(
                    Violation(
                        "min_gap",
                        n,
                        gap,
                        gap_ms,
                        f"gap of {gap} ms ({frames} frames) to cue {n + 1} < {_num(p.min_gap)} frames {at_fps}",
                    )
                )
            if chain is not None:
                checked("gap_chaining")
                if not unsorted and not overlapping and not short and gap < chain and frames != p.min_gap:
                    v.append(
                        Violation(
                            "gap_chaining",
                            n,
                            gap,
                            gap_ms,
                            f"gap of {gap} ms ({frames} frames) to cue {n + 1} is under {chain} ms but not "
                            f"closed to {_num(p.min_gap)} frames {at_fps}",
                        )
                    )
            # the break between this cue and the next
            if not is_dialogue(cue) and not is_dialogue(nxt) and not speaker_change(cue, -1, nxt, 0):
                this_tokens = " ".join(content(cue, k) for k in range(len(cue.lines))).split()
                next_tokens = " ".join(content(nxt, k) for k in range(len(nxt.lines))).split()
                if this_tokens and next_tokens:
                    checked("cue_breaks")
                    prev_prev = this_tokens[-2] if len(this_tokens) > 1 else None
                    why = forbidden_break(this_tokens[-1], next_tokens[0], prev_prev, p.language)
                    if why:
                        v.append(
                            Violation(
                                "cue_breaks",
                                n,
                                f"{this_tokens[-1]} / {next_tokens[0]}",
                                "no break",
                                f"cue ends {why}: {this_tokens[-1]!r} / {next_tokens[0]!r}",
                            )
                        )
    if words is not None:
        _check_transcript(cues, words, p, v, checked)
    applicable = ["format", "text", "timing", "overlap", "max_chars_per_line", "max_lines", "wide_word", "min_duration"]
    if max_dur is not None:
        applicable.append("max_duration")
    applicable.append("min_gap")
    if chain is not None:
        applicable.append("gap_chaining")
    if p.max_cps:
        applicable.append("reading_speed_cps")
    if p.max_wpm:
        applicable.append("reading_speed_wpm")
    applicable += ["one_line_if_fits", "line_breaks", "cue_breaks"]
    if words is not None:
        applicable += ["completeness", "sync"]
    limits = _limits(p)
    units = {
        "max_chars_per_line": "lines",
        "wide_word": "lines",
        "min_gap": "gaps",
        "gap_chaining": "gaps",
        "overlap": "gaps",
        "line_breaks": "breaks",
        "cue_breaks": "breaks",
        "completeness": "words",
    }
    for rule in applicable:
        items = [item for item in v if item.rule == rule]
        n_failed = _failed(rule, items)
        total = max(count.get(rule, 0), n_failed)
        report.rules.append(RuleResult(rule, total, n_failed, units.get(rule, "cues"), limits.get(rule, "")))
    return report


def _failed(rule: str, items: Sequence[Violation]) -> int:
    """How many checked items failed: words for completeness, lines for line width,
    otherwise distinct cues (or gaps after a cue; for the file format, problems of the file
    as a whole count as one more)."""
    if rule == "completeness":
        return sum(int(item.value) for item in items)
    if rule in ("max_chars_per_line", "wide_word"):
        return len(items)
    return len({item.cue for item in items})


def _one_word(text: str) -> bool:
    """One space-separated word in a script written with spaces (a CJK line has no spaces
    between its words, so it is never taken for one word)."""
    tokens = text.split()
    return len(tokens) == 1 and not any(no_space_char(c) for c in tokens[0])


def _last_token(cues: Sequence[Cue], index: int, line: int, shown: Sequence[str]) -> str | None:
    """The token before the first token of ``shown[line]`` (None before the first cue;
    :func:`~captionkit.segment.broadcast.forbidden_break` tells a sentence end from it)."""
    if line > 0:
        tokens = shown[line - 1].split()
        if len(tokens) > 1:
            return tokens[-2]
    if index >= 0:
        tokens = " ".join(content(cues[index], k) for k in range(len(cues[index].lines))).split()
        if tokens:
            return tokens[-1]
    return None


def _limits(p: Profile) -> dict[str, str]:
    unit = "full-width units" if p.width_mode == "cjk" else "graphemes"
    out = {
        "max_chars_per_line": f"<= {_num(p.max_chars_per_line)} {unit}",
        "wide_word": f"<= {_num(p.max_chars_per_line)} {unit}",
        "max_lines": f"<= {p.max_lines}",
        "min_duration": f">= {p.min_duration_ms} ms",
        "min_gap": f">= {_num(p.min_gap)} frames ({p.min_gap_ms} ms at {_num(p.fps)} fps)",
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
        out["gap_chaining"] = f"gaps < {p.chain_gaps_under_ms} ms are {_num(p.min_gap)} frames"
    if p.max_cps:
        out["reading_speed_cps"] = f"<= {_num(p.max_cps)} cps"
    if p.max_wpm:
        out["reading_speed_wpm"] = f"<= {_num(p.max_wpm)} wpm"
    return out


# -- against the transcript ----------------------------------------------------------------------


def _check_transcript(
    cues: Sequence[Cue],
    words: Sequence[Word],
    p: Profile,
    v: list[Violation],
    checked: Callable[[str, int], None],
) -> None:
    spans, problems = align(cues, words, exact=False)
    checked("completeness", len(words))
    for problem in problems:
        cue_no = min(problem.cue, len(cues)) if cues else None
        v.append(Violation("completeness", cue_no, problem.count, "every word once", problem.message))
    three_frames = math.ceil(3 * 1000 / p.fps)
    early_ok = max(p.max_lead_in_ms, three_frames) + _TOLERANCE_MS
    late_ok = three_frames + _TOLERANCE_MS
    gap_ms = p.min_gap_ms
    for n, (cue, span) in enumerate(zip(cues, spans, strict=False), 1):
        if span is None:
            continue
        checked("sync")
        first, last = words[span[0]], words[span[1]]
        lines = [strip_ignorable(line) for line in cue.lines]
        need = needed_ms(p, reading_chars(lines), count_words(lines))
        problem = None
        if cue.start < first.start - early_ok:
            problem = (
                cue.start - first.start,
                f"starts {first.start - cue.start} ms before its first word {first.text!r}",
            )
        elif cue.start > first.start + late_ok:
            problem = (
                cue.start - first.start,
                f"starts {cue.start - first.start} ms after its first word {first.text!r}",
            )
        else:
            next_start = cues[n].start if n < len(cues) else None
            blocked = next_start is not None and next_start - gap_ms < last.end
            latest = max(last.end + p.max_hang_ms, cue.start + need)
            chain = p.chain_gaps_under_ms
            if chain is not None and next_start is not None and next_start - latest < chain:
                latest = max(latest, next_start - gap_ms)  # the gap left was closed (chained)
            if (
                cue.end < last.end - _TOLERANCE_MS
                and not blocked
                and cue.end < cue.start + (p.max_duration_ms or 10**12)
            ):
                problem = (cue.end - last.end, f"ends {last.end - cue.end} ms before its last word {last.text!r} ends")
            elif cue.end > latest + _TOLERANCE_MS:
                problem = (
                    cue.end - last.end,
                    f"ends {cue.end - last.end} ms after its last word (allowed: {p.max_hang_ms} ms, "
                    f"or {need} ms from its start for duration and reading speed)",
                )
        if problem:
            v.append(Violation("sync", n, problem[0], "in sync", problem[1]))


__all__ = [
    "ERROR",
    "RULES",
    "WARNING",
    "LintReport",
    "Mismatch",
    "RuleResult",
    "Violation",
    "align",
    "content",
    "detect_format",
    "format_by_name",
    "label_speakers",
    "lint_cues",
    "lint_text",
    "parse_captions",
    "sniff_format",
    "unreadable_report",
]
