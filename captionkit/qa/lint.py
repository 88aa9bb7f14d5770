"""Caption QC: check any caption file captionkit reads (SRT, WebVTT, SBV... every
``readable`` format of :data:`captionkit.formats.REGISTRY`) against a broadcast profile.

:func:`lint_text` parses a file (through the format's reader in :mod:`captionkit.formats`)
and :func:`lint_cues` checks cues; both return a :class:`LintReport` with, for every rule,
how many items were checked and how many conform, and every violation (cue number, rule,
value, limit). Errors are the hard rules of the profile (the file fails QC); warnings are
soft rules (reading speed, line shape, line breaks) that verbatim speech cannot always meet.

The rules, their severities and what they check are listed in :mod:`captionkit.qa.rules`
(section 6 of ``../shared/reference/caption-standards.md``); each is one small function
there, and :func:`lint_cues` runs their table (:func:`run_checks`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import regex
import srt as _srt

from captionkit import formats
from captionkit.errors import CaptionParseError
from captionkit.formats import srt as srt_format
from captionkit.formats import vtt as vtt_format
from captionkit.model.cue import Cue
from captionkit.model.transcript import Word
from captionkit.profiles import Profile
from captionkit.qa.align import Mismatch, align
from captionkit.qa.context import LintContext
from captionkit.qa.cuetext import content, label_speakers
from captionkit.qa.report import ERROR, RULES, WARNING, LintReport, RuleResult, Violation
from captionkit.qa.rules import CHECK_OF, CUE_CHECKS, FILE_CHECKS, TRANSCRIPT_CHECKS, UNITS, limits_of
from captionkit.qa.structure import srt_problems, vtt_problems
from captionkit.text.width import detect_language

if TYPE_CHECKING:
    from captionkit.formats.base import Format

# the SRT markup players know (S11: <i>, <b>, <u>, <font ...>) and ASS override blocks such as
# {\an8}; any other <word> is shown as text by players, so it is text here too
_TAGS = regex.compile(r"</?(?i:[ibu]|font)(?:\s[^<>\n]*)?>|\{\\[^{}\n]*\}")


# -- reading files --------------------------------------------------------------------------


# how a report names a format (a format not named here: its name in capitals, e.g. SBV)
_FORMAT_NAMES = {"srt": "SRT", "vtt": "WebVTT"}


def _display(name: str) -> str:
    return _FORMAT_NAMES.get(name, name.upper())


def format_by_name(name: str | None) -> str | None:
    """The readable format whose extension a file name ends with (``"srt"``, ``"vtt"``,
    ``"sbv"``...), else None: :func:`captionkit.formats.by_extension`."""
    return formats.by_extension(name)


def sniff_format(text: str) -> str | None:
    """The readable format the text says it is in (``"vtt"`` for a ``WEBVTT`` header,
    ``"srt"`` for a number line then a timing line, ``"sbv"`` for an SBV timing line...),
    else None: :func:`captionkit.formats.sniff`."""
    return formats.sniff(text)


def detect_format(text: str, name: str | None = None) -> str:
    """A readable format's name: by the text when it tells (:func:`sniff_format`), else by
    the name's extension, else SRT."""
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
    if fmt == "srt":
        structure = srt_problems(text)
    elif fmt == "vtt":
        structure = vtt_problems(text)
    else:  # another readable format: its own structure check, when it has one
        check = getattr(_readable(fmt, "<text>"), "problems", None)
        structure = check(text) if check is not None else []
    problems.extend(
        Violation("format", n, "invalid", "valid", f"line {line}: {message}" if line else message, line=line)
        for n, line, message in structure
    )
    return problems


def _readable(fmt: str, source: str) -> Format:
    try:
        found = formats.get(fmt)
    except ValueError:
        found = None
    if found is None or not found.readable:
        known = ", ".join(f.name for f in formats.readable())
        raise CaptionParseError(f"unknown caption format {fmt!r} (expected one of {known})", source=source)
    return found


def parse_captions(text: str, fmt: str, source: str) -> list[Cue]:
    """Cues of a caption text: SRT (tags removed from the lines), WebVTT (tags removed,
    entities decoded), or any other readable format through its reader. A format with a
    structure check of its own (``problems(text)``, reported by the lint) is read leniently
    (``read(..., skip_bad_blocks=True)``: the blocks it cannot read are left out). A format
    whose speaker labels are text (``labels_in_text``) gets its speakers from the labels."""
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
    reader = _readable(fmt, source)
    if hasattr(reader, "problems"):
        cues = reader.read(body, source=source, skip_bad_blocks=True)  # type: ignore[call-arg]
    else:
        cues = reader.read(body, source=source)
    if getattr(reader, "labels_in_text", False):
        cues = [c if c.speakers else Cue(c.start, c.end, c.lines, speakers=label_speakers(c.lines)) for c in cues]
    return cues


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
    """Parse a caption text (any readable format) and check it (see :func:`lint_cues`).
    ``extra`` are format problems found before (the file's encoding).

    Without ``fmt`` the text decides when it can (:func:`captionkit.formats.sniff`: a
    ``WEBVTT`` header, an SRT or SBV first block...), else the name's extension; a file
    whose extension says otherwise gets a ``format`` error. Raises
    :class:`~captionkit.errors.CaptionParseError` when the text cannot be parsed at all.
    """
    extra = list(extra)
    if fmt is None:
        named, sniffed = format_by_name(source), sniff_format(text)
        fmt = sniffed or named or "srt"
        if named and sniffed and named != sniffed:
            extra.append(
                Violation("format", None, sniffed, named, f"the file is named .{named} but holds {_display(sniffed)}")
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
    ``extra`` are the file's format problems, listed first.
    """
    if words:
        lang = language or detect_language(w.text for w in words[:2000])
    else:
        lang = language or detect_language(line for c in cues[:2000] for line in c.lines)
    ctx = LintContext(cues, profile.for_language(lang), words, extra)
    checked, violations = run_checks(ctx)
    return LintReport(
        profile=ctx.profile, cues=len(cues), rules=rule_results(ctx, checked, violations), violations=violations
    )


def run_checks(ctx: LintContext) -> tuple[dict[str, int], list[Violation]]:
    """Every check that applies: items checked per rule, and all violations (the file's,
    then the cues' by cue, then the transcript's)."""
    checked: dict[str, int] = {}
    out: list[Violation] = []
    for phase in (FILE_CHECKS, CUE_CHECKS, TRANSCRIPT_CHECKS):
        found: list[tuple[int, int, Violation]] = []
        for order, check in enumerate(phase):
            if not check.applies(ctx):
                continue
            run = check.run(ctx)
            for rule in check.rules:
                checked[rule] = run.checked
            found += [(v.cue or 0, order, v) for v in run.violations]
        if phase is CUE_CHECKS:
            found.sort(key=lambda item: item[:2])
        out += [v for _, _, v in found]
    return checked, out


def _failed(rule: str, items: Sequence[Violation]) -> int:
    """How many checked items failed: words for completeness, lines for line width,
    otherwise distinct cues (or gaps after a cue; for the file format, problems of the file
    as a whole count as one more)."""
    if rule == "completeness":
        return sum(int(item.value or 0) for item in items)
    if rule in ("max_chars_per_line", "wide_word"):
        return len(items)
    return len({item.cue for item in items})


def rule_results(ctx: LintContext, checked: dict[str, int], violations: Sequence[Violation]) -> list[RuleResult]:
    """Each applicable rule's result, in the order of :data:`RULES`."""
    limits = limits_of(ctx.profile)
    out = []
    for rule in RULES:
        if not CHECK_OF[rule].applies(ctx):
            continue
        n_failed = _failed(rule, [v for v in violations if v.rule == rule])
        total = max(checked.get(rule, 0), n_failed)
        out.append(RuleResult(rule, total, n_failed, UNITS.get(rule, "cues"), limits.get(rule, "")))
    return out


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
