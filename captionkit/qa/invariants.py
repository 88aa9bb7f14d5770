"""Check captions against the invariants of the AssemblyAI API's real caption output.

:func:`invariants` relates cues to the transcript's words; :func:`layout` checks the raw
file text against the API's exact SRT/WebVTT layout. Both are run on every real API
caption file in ``../shared`` by the test-suite, so the checks are proven on reality, and
on everything captionkit writes.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import cast

from captionkit.model.cue import Cue
from captionkit.model.transcript import Transcript, Word
from captionkit.qa.align import Span, align
from captionkit.qa.report import InvariantReport

#: The invariants, in the order they are reported.
INVARIANTS = (
    "one_line",
    "positive_duration",
    "sorted",
    "no_overlap",
    "single_spaces",
    "cap",
    "words_in_order",
    "starts_at_first_word",
    "ends_at_last_word",
)


@dataclass
class Report(InvariantReport):
    """Violations per caption invariant (:data:`INVARIANTS`); an invariant that could not be
    checked is ``skipped``."""

    names: tuple[str, ...] = INVARIANTS


def invariants(
    words: Transcript | Sequence[Word] | Sequence[str] | None,
    cues: Sequence[Cue],
    chars_per_caption: int | None = None,
) -> Report:
    """Check ``cues`` against the API's caption invariants.

    ``words`` are the transcript's words (timed :class:`Word` objects), or only their texts
    (then the timing invariants are skipped), or None (only the checks that need no
    transcript run); a :class:`Transcript` stands for its words. A cue may deviate from its
    words' times only where captionkit's documented timing repairs apply (zero-length or
    overlapping words).
    """
    if isinstance(words, Transcript):
        words = words.words
    report = Report()
    for check in (_one_line, _positive_duration, _single_spaces, _sorted, _no_overlap):
        check(cues, report)
    if chars_per_caption is None:
        report.skipped["cap"] = "no chars_per_caption given"
    if words is None:
        for name in ("words_in_order", "starts_at_first_word", "ends_at_last_word"):
            report.skipped[name] = "no transcript words given"
        _cap(cues, chars_per_caption, None, report)
        return report
    spans = _align([w if isinstance(w, str) else w.text for w in words], cues, report)
    _cap(cues, chars_per_caption, spans, report)
    if not words or isinstance(words[0], str):
        report.skipped["starts_at_first_word"] = report.skipped["ends_at_last_word"] = "words have no times"
        return report
    timed = cast("Sequence[Word]", words)
    _starts_at_first_word(timed, cues, spans, report)
    _ends_at_last_word(timed, cues, spans, report)
    return report


# -- the invariants, one function each ------------------------------------------------------------


def _one_line(cues: Sequence[Cue], report: Report) -> None:
    for n, cue in enumerate(cues, 1):
        if len(cue.lines) != 1:
            report.add("one_line", f"cue {n} has {len(cue.lines)} lines", n)


def _positive_duration(cues: Sequence[Cue], report: Report) -> None:
    for n, cue in enumerate(cues, 1):
        if cue.end <= cue.start:
            report.add("positive_duration", f"cue {n} ends at {cue.end} ms, not after its start {cue.start} ms", n)


def _single_spaces(cues: Sequence[Cue], report: Report) -> None:
    for n, cue in enumerate(cues, 1):
        text = " ".join(cue.lines)
        if "  " in text or text != text.strip() or not text:
            report.add("single_spaces", f"cue {n} text {text!r} is not words joined by single spaces", n)


def _sorted(cues: Sequence[Cue], report: Report) -> None:
    for n, (prev, cue) in enumerate(itertools.pairwise(cues), 2):
        if cue.start < prev.start:
            report.add("sorted", f"cue {n} starts at {cue.start} ms, before cue {n - 1} ({prev.start} ms)", n)


def _no_overlap(cues: Sequence[Cue], report: Report) -> None:
    for n, (prev, cue) in enumerate(itertools.pairwise(cues), 2):
        if cue.start < prev.end:
            report.add("no_overlap", f"cue {n} starts at {cue.start} ms, before cue {n - 1} ends ({prev.end} ms)", n)


def _cap(cues: Sequence[Cue], cap: int | None, spans: Sequence[Span | None] | None, report: Report) -> None:
    """No cue over ``cap`` characters unless it is one word: a word is one span of the
    transcript when the words are known (``spans``), else text without a space."""
    if cap is None:
        return
    for n, cue in enumerate(cues, 1):
        text = " ".join(cue.lines)
        if spans is None:
            single_word = " " not in text
        else:
            span = spans[n - 1] if n <= len(spans) else None
            single_word = span is not None and span[0] == span[1]
        if len(text) > cap and not single_word:
            report.add("cap", f"cue {n} has {len(text)} characters > {cap}", n)


def _starts_at_first_word(
    words: Sequence[Word], cues: Sequence[Cue], spans: Sequence[Span | None], report: Report
) -> None:
    """A cue starts at its first word, unless the previous cue's end pushed it later."""
    for n, (cue, span) in enumerate(zip(cues, spans, strict=False), 1):
        if span is None:
            break
        first = words[span[0]]
        prev_end = cues[n - 2].end if n > 1 else None
        pushed = prev_end is not None and cue.start == prev_end > first.start
        if cue.start != first.start and not pushed:
            message = f"cue {n} starts at {cue.start} ms, its first word {first.text!r} at {first.start} ms"
            report.add("starts_at_first_word", message, n)


def _ends_at_last_word(
    words: Sequence[Word], cues: Sequence[Cue], spans: Sequence[Span | None], report: Report
) -> None:
    """A cue ends at its last word, unless widened to 1 ms or clipped at the next cue's start."""
    for n, (cue, span) in enumerate(zip(cues, spans, strict=False), 1):
        if span is None:
            break
        last = words[span[1]]
        next_start = cues[n].start if n < len(cues) else None
        widened = cue.end == cue.start + 1 and last.end <= cue.start
        clipped = next_start is not None and cue.end in (next_start, cue.start + 1) and next_start < last.end
        if cue.end != last.end and not widened and not clipped:
            message = f"cue {n} ends at {cue.end} ms, its last word {last.text!r} at {last.end} ms"
            report.add("ends_at_last_word", message, n)


def _align(texts: Sequence[str], cues: Sequence[Cue], report: Report) -> list[tuple[int, int] | None]:
    """Match each cue's text to a run of consecutive whole words; None after a mismatch."""
    spans, problems = align(cues, texts, exact=True)
    for problem in problems:
        report.add("words_in_order", problem.message, problem.cue)
    return spans


_SRT_BLOCK = re.compile(r"(\d+)\n(\d{2,}:[0-5]\d:[0-5]\d,\d{3}) --> (\d{2,}:[0-5]\d:[0-5]\d,\d{3})\n([^\n]+)\n")
_VTT_STAMP = r"(?:\d{2,}:)?[0-5]\d:[0-5]\d\.\d{3}"
_VTT_TIMING = re.compile(f"({_VTT_STAMP}) --> ({_VTT_STAMP})")


def _vtt_ms(stamp: str) -> int:
    *hm, sec = stamp.split(":")
    hours = int(hm[0]) if len(hm) == 2 else 0
    return ((hours * 60 + int(hm[-1])) * 60) * 1000 + round(float(sec) * 1000)


def layout(text: str, fmt: str) -> list[str]:
    """Differences between ``text`` and the API's exact file layout for ``fmt`` (srt/vtt).

    SRT: blocks ``N`` (from 1, step 1), ``HH:MM:SS,mmm --> HH:MM:SS,mmm``, one text line,
    a blank line. WebVTT: ``WEBVTT``, a blank line, cues with no identifiers, one text
    line each, blank lines between them, ``MM:SS.mmm`` timestamps when the file is under an
    hour (``HH:MM:SS.mmm`` throughout otherwise). Line ends are LF.
    """
    problems: list[str] = []
    if "\r" in text:
        problems.append("line ends are not LF")
        text = text.replace("\r\n", "\n")
    if fmt == "srt":
        return problems + _srt_layout(text)
    if fmt != "vtt":
        raise ValueError(f"unknown caption format {fmt!r}")
    return problems + _vtt_layout(text)


def _srt_layout(text: str) -> list[str]:
    problems: list[str] = []
    pos = 0
    expected = 1
    while pos < len(text):
        m = _SRT_BLOCK.match(text, pos)
        if not m:
            problems.append(f"block {expected} at character {pos} is not 'N / timing / one line of text'")
            break
        if int(m.group(1)) != expected:
            problems.append(f"block {expected} is numbered {m.group(1)}")
        pos = m.end()
        if pos < len(text):
            if text[pos] != "\n":
                problems.append(f"no blank line after block {expected}")
                break
            pos += 1
        expected += 1
    if text and not text.endswith("\n"):
        problems.append("the file does not end with a newline")
    return problems


def _vtt_layout(text: str) -> list[str]:
    if not text.startswith("WEBVTT\n\n"):
        return ["does not start with 'WEBVTT' and a blank line"]
    problems: list[str] = []
    body = text[len("WEBVTT\n\n") :].rstrip("\n")
    blocks = body.split("\n\n") if body else []
    timings = []
    for n, block in enumerate(blocks, 1):
        lines = block.split("\n")
        m = _VTT_TIMING.fullmatch(lines[0])
        if len(lines) != 2 or not m:
            problems.append(f"cue {n} is not a timing line and one text line (no identifier): {block[:60]!r}")
            continue
        timings.append((n, m.group(1), m.group(2)))
    long_form = bool(timings) and max(_vtt_ms(end) for _, _, end in timings) >= 3_600_000
    for n, *stamps in timings:
        for stamp in stamps:
            if (stamp.count(":") == 2) != long_form:
                want = (
                    "HH:MM:SS.mmm (the file passes an hour)" if long_form else "MM:SS.mmm (the file is under an hour)"
                )
                problems.append(f"cue {n} timestamp {stamp} is not {want}")
    if not text.endswith("\n"):
        problems.append("the file does not end with a newline")
    elif text.endswith("\n\n"):
        problems.append("the file ends with a blank line (the API's ends right after the last cue's text)")
    return problems


def word_spans(words: Sequence[Word] | Sequence[str], cues: Sequence[Cue]) -> list[tuple[int, int]]:
    """The (first, last) word indices of each cue, matched by text.

    Raises ValueError naming the first cue whose text is not the next run of whole words.
    """
    texts = [w if isinstance(w, str) else w.text for w in words]
    report = Report()
    spans = _align(texts, cues, report)
    if not report.ok:
        raise ValueError(report.found[0].message)
    return [s for s in spans if s is not None]


@dataclass(frozen=True)
class BoundaryScores:
    """Precision/recall/F1 of one segmentation's boundaries against a reference's."""

    precision: float
    recall: float
    f1: float
    reference: int
    candidate: int
    matched: int


def boundary_scores(reference: set[int] | Sequence[int], candidate: set[int] | Sequence[int]) -> BoundaryScores:
    """Score cue-end (or item-end) word positions of ``candidate`` against ``reference``."""
    ref, cand = set(reference), set(candidate)
    matched = len(ref & cand)
    precision = matched / len(cand) if cand else 0.0
    recall = matched / len(ref) if ref else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return BoundaryScores(precision, recall, f1, len(ref), len(cand), matched)
