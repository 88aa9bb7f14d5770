"""Scenarist SCC (``.scc``): CEA-608 pop-on captions at 29.97 fps drop-frame
(``HH:MM:SS;FF``), at most 4 rows of 32 columns, centred at the bottom of the screen.

The CEA-608 byte stream is written by ttconv's SCC writer (``pip install
'captionkit[scc]'``); this module decides what goes on screen and when:

* **Characters.** CEA-608 has a fixed set (ASCII with a few letters swapped for accented
  ones, plus the special characters ``®°½¿™¢£♪àèâêîôû``). Any other character is replaced:
  curly quotes by straight ones, dashes by ``-``, ``…`` by ``...``, other white space by a
  space; else its accents are stripped (NFKD without combining marks) when what is left is
  in the set; else ``?``. The number of characters replaced is reported with a warning.
* **Layout.** A line longer than 32 columns is wrapped at spaces (a word longer than a row
  is cut); a cue of more than 4 rows becomes several captions that share its time, in
  proportion to their characters. With ``--speaker-labels`` a label (``[Speaker A] ``,
  ``--label-format``... as in SRT) is part of the text.
* **Timing.** Times are rounded to the nearest frame. Line 21 carries 2 bytes a frame, so a
  caption takes some frames to load before it is shown: a caption whose loading would not
  fit after the previous one is shown later (just after it can be loaded), its end kept
  when still later; each caption shows for at least 3 frames. How many captions were moved
  is reported with a warning.
"""

from __future__ import annotations

import logging
import math
import unicodedata
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING

from captionkit.errors import CaptionkitError, CaptionkitWarning
from captionkit.formats.base import DEFAULT_LABEL, LABEL_FORMAT, CaptionFormat
from captionkit.model.cue import Cue
from captionkit.options import ExportOptions

if TYPE_CHECKING:
    from captionkit.model.transcript import Transcript

COLUMNS = 32
ROWS = 4
FPS = Fraction(30000, 1001)
#: Frames in 24 hours (drop-frame timecodes stop at 23:59:59;29).
DAY_FRAMES = round(24 * 3600 * FPS)
#: Shortest time a caption is shown, in frames.
MIN_FRAMES = 3


class SccWarning(CaptionkitWarning):
    """Characters replaced, or captions moved, to fit CEA-608."""


class MissingDependencyError(CaptionkitError):
    """The scc format is used without ttconv installed."""


MISSING = "the scc format needs ttconv (its CEA-608 encoder): pip install 'captionkit[scc]' (or: pip install ttconv)"

#: Replacements tried before stripping accents.
_SUBSTITUTES = {
    **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u02bc`\u00b4", "'"),
    **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb", '"'),
    **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"),
    "\u2026": "...",
    "\u2022": "-",
}


def _ttconv():  # type: ignore[no-untyped-def]
    try:
        from ttconv import model
        from ttconv.scc import writer
        from ttconv.scc.codes.special_characters import SccSpecialCharacter
        from ttconv.scc.codes.standard_characters import TO_SCC_BYTES
        from ttconv.scc.config import SCCFrameRate, SccWriterConfiguration
    except ImportError:
        raise MissingDependencyError(MISSING) from None
    return model, writer, SccSpecialCharacter, TO_SCC_BYTES, SCCFrameRate, SccWriterConfiguration


def _special_chars() -> frozenset[str]:
    _, _, special, _, _, _ = _ttconv()
    return frozenset(s.get_unicode_value() for s in special)


def _standard_chars() -> frozenset[str]:
    _, _, _, standard, _, _ = _ttconv()
    return frozenset(standard)


class Charset:
    """The CEA-608 characters ttconv encodes, and the replacement rule for the others."""

    def __init__(self) -> None:
        self.special = _special_chars()
        self.chars = _standard_chars() | self.special

    def replace(self, text: str) -> tuple[str, int]:
        """``text`` in the CEA-608 set, and how many characters were replaced."""
        out: list[str] = []
        replaced = 0
        for c in text:
            if c in self.chars:
                out.append(c)
                continue
            replaced += 1
            if c in _SUBSTITUTES:
                out.append(_SUBSTITUTES[c])
            elif c.isspace():
                out.append(" ")
            else:
                stripped = "".join(
                    d for d in unicodedata.normalize("NFKD", c) if not unicodedata.combining(d) and not d.isspace()
                )
                out.append(stripped if stripped and all(d in self.chars for d in stripped) else "?")
        return "".join(out), replaced


def wrap(line: str, width: int = COLUMNS) -> list[str]:
    """``line`` in rows of at most ``width`` columns, broken at spaces (a longer word is cut)."""
    rows: list[str] = []
    current = ""
    for word in line.split():
        while len(word) > width:
            if current:
                rows.append(current)
                current = ""
            rows.append(word[:width])
            word = word[width:]
        if not word:
            continue
        if current and len(current) + 1 + len(word) <= width:
            current += " " + word
        elif current:
            rows.append(current)
            current = word
        else:
            current = word
    if current:
        rows.append(current)
    return rows


@dataclass(frozen=True)
class Caption:
    """One SCC pop-on caption: shown from frame ``start`` to frame ``end`` (29.97 fps)."""

    start: int
    end: int
    rows: tuple[str, ...]


def frames(ms: int) -> int:
    """``ms`` as the nearest frame at 29.97 fps."""
    return round(Fraction(ms, 1000) * FPS)


def frame_ms(frame: int) -> float:
    return float(Fraction(frame) / FPS * 1000)


def load_frames(rows: Sequence[str], special: frozenset[str]) -> int:
    """The frames ttconv's pop-on chunk of centred ``rows`` takes on line 21 (2 bytes a
    frame), counted as its writer lays the bytes out: RCL and ENM, then for each row a
    preamble and the centring spaces past the preamble's indent (a multiple of 4), the
    characters (a special character is a two-byte code), then EOC. A control code is sent
    twice (4 bytes) and a two-byte code starts on an even byte (a padding byte before it)."""
    octets = 0

    def code(size: int) -> None:
        nonlocal octets
        octets += (octets % 2) + size

    code(4)  # RCL
    code(4)  # ENM
    for row in rows:
        code(4)  # preamble address code
        octets += ((COLUMNS - len(row)) // 2) % 4
        for i, c in enumerate(row):
            if c in special:
                code(2)
                if c in row[i - 1 : i] or c in row[i + 1 : i + 2]:
                    code(2)  # a special character next to the same one is sent twice (_resend_repeats)
            else:
                octets += 1
    code(4)  # EOC
    return math.ceil(octets / 2)


def layout(cues: Sequence[Cue], lines_of: Sequence[Sequence[str]]) -> list[tuple[int, int, list[str]]]:
    """Each cue's lines wrapped to 32 columns, in pieces of at most 4 rows: (start ms, end
    ms, rows), a cue's time shared among its pieces in proportion to their characters."""
    out: list[tuple[int, int, list[str]]] = []
    for cue, lines in zip(cues, lines_of, strict=True):
        rows = [row for line in lines for row in wrap(line)]
        if not rows:
            continue
        pieces = [rows[i : i + ROWS] for i in range(0, len(rows), ROWS)]
        total = sum(len(r) for r in rows)
        done = 0
        start = cue.start
        for piece in pieces:
            done += sum(len(r) for r in piece)
            end = cue.start + (cue.end - cue.start) * done // total
            out.append((start, end, piece))
            start = end
    return out


def schedule(pieces: Sequence[tuple[int, int, list[str]]], special: frozenset[str]) -> tuple[list[Caption], int]:
    """Frame times for each piece that ttconv can load in time, and how many were moved."""
    captions: list[Caption] = []
    moved = 0
    for start_ms, end_ms, rows in pieces:
        load = load_frames(rows, special)
        start = frames(start_ms)
        earliest = max(load, captions[-1].start + load + 2) if captions else load
        if start < earliest:
            start = earliest
            moved += 1
        end = max(frames(end_ms), start + MIN_FRAMES)
        if captions and captions[-1].end > start:
            captions[-1] = Caption(captions[-1].start, start, captions[-1].rows)
        captions.append(Caption(start, end, tuple(rows)))
    return captions, moved


class SccFormat(CaptionFormat):
    name = "scc"
    extension = ".scc"
    help = "Scenarist SCC (.scc) CEA-608 pop-on captions, 29.97 fps drop-frame (needs ttconv)"
    description = (
        "Write Scenarist SCC (CEA-608 pop-on) captions of a saved transcript: 29.97 fps drop-frame "
        "timecodes, at most 4 rows of 32 columns. Characters outside the CEA-608 set are replaced "
        "(accents stripped, else '?') and counted in a warning. Needs ttconv: pip install 'captionkit[scc]'."
    )
    examples = (
        "  captionkit scc transcript.json -o out.scc\n  captionkit scc --profile netflix --max-chars-per-line 32 t.json"
    )
    labels_in_text = True
    arguments = (LABEL_FORMAT,)

    def render(self, transcript: Transcript, options: ExportOptions) -> str:
        _ttconv()  # the clear error before any work
        return super().render(transcript, options)

    def write(self, cues: Sequence[Cue], options: ExportOptions) -> str:
        return self.dumps(
            cues,
            speaker_labels=options.speaker_labels,
            label_format=options.label_format,
            label_turns_only=options.profile is not None,
        )

    def captions_of(
        self,
        cues: Sequence[Cue],
        *,
        speaker_labels: bool = False,
        label_format: str = DEFAULT_LABEL,
        label_turns_only: bool = False,
        warn: bool = True,
    ) -> list[Caption]:
        """The SCC captions of ``cues``: characters replaced, wrapped, split and timed."""
        charset = Charset()
        lines_of: list[list[str]] = []
        replaced = 0
        talking: str | None = None
        for cue in cues:
            if speaker_labels:
                lines = self.labelled(cue, label_format, talking if label_turns_only else None)
                talking = cue.speakers[-1] if cue.speakers else None
            else:
                lines = list(cue.lines)
            fixed = []
            for line in lines:
                text, n = charset.replace(line)
                fixed.append(text)
                replaced += n
            lines_of.append(fixed)
        captions, moved = schedule(layout(cues, lines_of), charset.special)
        if captions and captions[-1].end >= DAY_FRAMES:
            hours = float(captions[-1].end / FPS / 3600)
            raise CaptionkitError(f"SCC timecodes stop at 23:59:59;29; these captions run to {hours:.1f} hours")
        if warn and replaced:
            warnings.warn(
                f"scc: {replaced} character(s) outside the CEA-608 set were replaced "
                "(accents stripped where possible, else '?')",
                SccWarning,
                stacklevel=3,
            )
        if warn and moved:
            warnings.warn(
                f"scc: {moved} caption(s) shown later than their words: CEA-608 could not load them in time",
                SccWarning,
                stacklevel=3,
            )
        return captions

    def dumps(
        self,
        cues: Sequence[Cue],
        *,
        speaker_labels: bool = False,
        label_format: str = DEFAULT_LABEL,
        label_turns_only: bool = False,
    ) -> str:
        captions = self.captions_of(
            cues, speaker_labels=speaker_labels, label_format=label_format, label_turns_only=label_turns_only
        )
        return encode(captions)


def encode(captions: Sequence[Caption]) -> str:
    """The SCC file of ``captions`` (ttconv's CEA-608 pop-on writer)."""
    model, writer, _, _, frame_rate, config = _ttconv()
    from ttconv.style_properties import StyleProperties, TextAlignType

    doc = model.ContentDocument()
    body = model.Body(doc)
    doc.set_body(body)
    div = model.Div(doc)
    body.push_child(div)
    for caption in captions:
        p = model.P(doc)
        p.set_begin(Fraction(caption.start) / FPS)
        p.set_end(Fraction(caption.end) / FPS)
        p.set_style(StyleProperties.TextAlign, TextAlignType.center)
        for i, row in enumerate(caption.rows):
            if i:
                p.push_child(model.Br(doc))
            span = model.Span(doc)
            span.push_child(model.Text(doc, row))
            p.push_child(span)
        div.push_child(p)
    if not captions:
        return "Scenarist_SCC V1.0\n"
    problems = _Problems()
    logger = logging.getLogger("ttconv")
    logger.addHandler(problems)
    try:
        text = writer.from_model(doc, config(force_popon=True, frame_rate=frame_rate.FPS_2997_DF))
    finally:
        logger.removeHandler(problems)
    # with force_popon ttconv only notes it would have guessed roll-up: not a problem
    problems.messages = [m for m in problems.messages if "roll-up" not in m]
    if problems.messages:
        warnings.warn("scc: ttconv: " + "; ".join(problems.messages), SccWarning, stacklevel=2)
    return _resend_repeats(text) + "\n"


def _is_special(word: str) -> bool:
    """Whether an SCC byte pair (4 hex digits, with parity) is a special character's code."""
    value = int(word, 16)
    return (value >> 8) & 0x7F in (0x11, 0x19) and 0x30 <= value & 0x7F <= 0x3F


def _resend_repeats(text: str) -> str:
    """ttconv sends each special character's code once; a decoder takes a code sent twice in a
    row for the one redundant copy CEA-608 allows, so ``àà`` or ``♪♪`` would show one. Each
    special character next to the same one is sent twice, as CEA-608 sends control codes:
    ``9138 9138`` becomes ``9138 9138 9138 9138``, read back as two."""
    lines = text.split("\n")
    for n, line in enumerate(lines):
        head, tab, body = line.partition("\t")
        if not tab:
            continue
        words = body.split(" ")
        out: list[str] = []
        for i, w in enumerate(words):
            out.append(w)
            if _is_special(w) and ((i and words[i - 1] == w) or (i + 1 < len(words) and words[i + 1] == w)):
                out.append(w)
        lines[n] = head + tab + " ".join(out)
    return "\n".join(lines)


class _Problems(logging.Handler):
    """The warnings ttconv logs while writing (a skipped caption would be one)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


FORMAT = WRITER = SccFormat()
