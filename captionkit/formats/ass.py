"""Advanced SubStation Alpha (``.ass``, v4+ styles), for players and editors that style
captions (mpv, VLC, Aegisub, ffmpeg's ``subtitles`` filter).

Layout: ``[Script Info]`` (``ScriptType: v4.00+``, a 1920x1080 canvas, ``WrapStyle: 2`` so
the renderer never re-wraps captionkit's lines, ``ScaledBorderAndShadow: yes``), ``[V4+
Styles]`` and ``[Events]`` with one ``Dialogue`` per cue, the cue's lines joined by ``\\N``.

* **Times** are centiseconds, written ``H:MM:SS.cc``, both start and end *floored* from the
  cue's milliseconds. Flooring is monotonic, so cues in order and not overlapping stay so.
  A cue shorter than the centisecond it starts in (start and end floor to the same value)
  gets one centisecond when the next cue starts later, else it stays zero-length (never
  overlapping). Hours are not padded (``123:00:00.00`` past 99 hours).
* **Escaping**: ASS has no escape for ``{`` (it opens an override block wherever it is) and
  ``\\N``, ``\\n``, ``\\h`` are commands in text. So ``{`` and ``}`` become
  U+FF5B and U+FF5D (full-width braces: they read the same and can never open a block) and a backslash is followed by
  a WORD JOINER (U+2060, invisible), so ``C:\\New`` shows as written and never breaks the line.
  A space at the start or end of a line is written ``\\h`` (parsers strip the text field).
* **Speakers** (``--speaker-labels``): a style per speaker, named after the speaker's
  display name (commas and ``{}\\`` removed: a style name is a field), coloured from the
  Okabe-Ito colour-blind-safe palette in order of first appearance (past seven speakers the
  colours repeat). An event takes the style of its first line's speaker; a later speaker's
  lines in the same cue (broadcast profiles only: the api profile never mixes speakers)
  switch to that speaker's style with ``{\\r<style>}``. The dialogue dash of such a cue is
  the profile's to write (``--profile``: it counts in the line width, and e.g. BBC leaves it
  out when colours show the speakers): this writer adds none.
* **Karaoke** (``--karaoke``): ``{\\kf<cs>}`` before each word, timed from the transcript.
  See :func:`karaoke_text`.
"""

from __future__ import annotations

import bisect
import re
import warnings
from collections.abc import Sequence
from typing import TYPE_CHECKING

from captionkit.errors import CaptionkitWarning, CaptionParseError
from captionkit.formats.base import Arg, CaptionFormat, speaker_runs
from captionkit.model.cue import Cue

if TYPE_CHECKING:
    from captionkit.model.transcript import Transcript
    from captionkit.options import ExportOptions

PLAY_RES = (1920, 1080)
STYLE_FORMAT = (
    "Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, Italic, "
    "Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, "
    "MarginL, MarginR, MarginV, Encoding"
)
EVENT_FORMAT = "Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text"
DEFAULT_STYLE = "Default"
WHITE = "FFFFFF"
#: Karaoke: a word not yet sung is this grey (SecondaryColour), sung it takes the style's colour.
UNSUNG = "A0A0A0"
#: Okabe-Ito colours (no black), the light ones first: readable on a black outline.
PALETTE = ("F0E442", "56B4E9", "E69F00", "009E73", "CC79A7", "D55E00", "0072B2")

WORD_JOINER = "\u2060"
_ESCAPES = str.maketrans({"{": "\uff5b", "}": "\uff5d", "\\": "\\" + WORD_JOINER})
_NAME_DROP = str.maketrans({",": " ", "{": None, "}": None, "\\": None})
#: The dialogue dashes a broadcast profile may put before a speaker's line.
DASHES = ("-", "\u2013", "\u2014")

KARAOKE = Arg.of(
    "--karaoke",
    dest="karaoke",
    action="store_true",
    help="time every word from the transcript (karaoke highlighting)",
)


def colour(rgb: str) -> str:
    """An ``RRGGBB`` colour as ASS writes it: ``&HAABBGGRR`` (alpha 00: opaque)."""
    return f"&H00{rgb[4:6]}{rgb[2:4]}{rgb[0:2]}".upper()


def centiseconds(cues: Sequence[Cue]) -> list[tuple[int, int]]:
    """Each cue's (start, end) in centiseconds, by the rule in the module doc."""
    out = []
    for i, cue in enumerate(cues):
        start, end = cue.start // 10, cue.end // 10
        if end <= start:
            later = i + 1 == len(cues) or cues[i + 1].start // 10 > start
            end = start + 1 if later else start
        out.append((start, end))
    return out


def timestamp(cs: int) -> str:
    """``H:MM:SS.cc`` of ``cs`` centiseconds."""
    seconds, cc = divmod(cs, 100)
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}.{cc:02d}"


def escape(text: str) -> str:
    """``text`` that an ASS renderer shows as it is (see the module doc)."""
    return text.translate(_ESCAPES)


def hard_edges(line: str) -> str:
    """An escaped line whose leading and trailing spaces are hard spaces (``\\h``)."""
    body = line.strip(" ")
    if not body:
        return "\\h" * len(line)
    lead = len(line) - len(line.lstrip(" "))
    trail = len(line) - len(line.rstrip(" "))
    return "\\h" * lead + body + "\\h" * trail


def style_name(name: str, taken: set[str]) -> str:
    """A style name for the speaker ``name``: no field separator or override characters,
    not ``Default`` and not one already ``taken`` (a number is added)."""
    base = " ".join(name.translate(_NAME_DROP).split()) or "Speaker"
    candidate, n = base, 1
    while candidate in taken or candidate == DEFAULT_STYLE:
        n += 1
        candidate = f"{base} {n}"
    taken.add(candidate)
    return candidate


def speaker_styles(cues: Sequence[Cue]) -> dict[str, tuple[str, str]]:
    """speaker display name -> (style name, RRGGBB colour), in order of first appearance."""
    styles: dict[str, tuple[str, str]] = {}
    taken: set[str] = set()
    for cue in cues:
        for speaker in cue.speakers:
            if speaker is not None and speaker not in styles:
                styles[speaker] = (style_name(speaker, taken), PALETTE[len(styles) % len(PALETTE)])
    return styles


def style_line(name: str, rgb: str) -> str:
    return (
        f"Style: {name},Arial,64,{colour(rgb)},{colour(UNSUNG)},&H00000000,&H00000000,"
        f"0,0,0,0,100,100,0,0,1,3,0,2,96,96,60,1"
    )


#: What may stand between two words of a cue: white space, a line break, and at the start
#: of a line a dialogue dash.
_BETWEEN = r"(?:\s|(?<![^\n])[" + "".join(DASHES) + r"])*"


def locate_words(lines: Sequence[str], words: Sequence[str]) -> list[list[tuple[int, int, int]]] | None:
    """Where each of ``words`` is in the cue's ``lines``, in order: per line, a list of
    (word index, start column, end column). Between words only white space or a line break
    (or nothing: no-space scripts); a line may start with a dialogue dash. None when the
    lines are not the words (a translation, a rewritten text)."""
    if not words or not all(words) or any("\n" in line for line in lines):
        return None
    text = "\n".join(lines)
    pattern = _BETWEEN + _BETWEEN.join(f"({re.escape(w)})" for w in words) + _BETWEEN
    match = re.fullmatch(pattern, text)
    if match is None:
        return None
    starts = [0]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    out: list[list[tuple[int, int, int]]] = [[] for _ in lines]
    for k in range(len(words)):
        a, b = match.span(k + 1)
        n = bisect.bisect_right(starts, a) - 1
        out[n].append((k, a - starts[n], b - starts[n]))
    return out


def cue_words(transcript: Transcript, cues: Sequence[Cue]) -> list[tuple[list[str], list[int]] | None]:
    """Each cue's (word texts, word starts) from the transcript; None for a cue without
    word indices."""
    columns = transcript.word_columns()
    texts, starts = columns.texts, columns.starts
    out: list[tuple[list[str], list[int]] | None] = []
    for cue in cues:
        a, b = cue.first_word, cue.last_word
        if a < 0 or b < a or b >= len(texts):
            out.append(None)
        else:
            out.append((list(texts[a : b + 1]), list(starts[a : b + 1])))
    return out


def warn_untimed(fmt: str, untimed: int, total: int) -> None:
    if untimed:
        warnings.warn(
            f"{fmt} --karaoke: {untimed} of {total} cue(s) do not show their transcript words "
            "(a translation or rewritten text); written without word timing",
            CaptionkitWarning,
            stacklevel=3,
        )


def karaoke_durations(start: int, end: int, word_starts_cs: Sequence[int]) -> tuple[int, list[int]]:
    """(leading gap, one duration per word), in centiseconds, summing to ``end - start``.
    Word k runs from its start to the next word's start (a gap after a word is folded into
    it), the last word to the event's end; starts are clamped into the event and made
    non-decreasing (overlapping words of multichannel audio)."""
    bounds, previous = [], start
    for s in word_starts_cs:
        previous = min(max(s, previous), end)
        bounds.append(previous)
    durations = [b - a for a, b in zip(bounds, [*bounds[1:], end], strict=True)]
    return bounds[0] - start, durations


class AssFormat(CaptionFormat):
    name = "ass"
    extension = ".ass"
    help = "Advanced SubStation Alpha (.ass) captions, styled (a colour per speaker) and optionally karaoke-timed"
    description = (
        "Write Advanced SubStation Alpha (v4+, .ass) captions of a saved transcript: a 1080p canvas, "
        "white text with a black outline at the bottom centre; with --speaker-labels a colour per speaker; "
        "with --karaoke each word highlighted when it is spoken."
    )
    examples = (
        "  captionkit ass transcript.json --karaoke -o out.ass\n  captionkit ass transcript.json --speaker-labels"
    )
    arguments = (KARAOKE,)
    readable = True

    def sniff(self, text: str) -> bool:
        """A text that starts with the ``[Script Info]`` section."""
        return text.lstrip("\ufeff \t\r\n").startswith("[Script Info]")

    def read(self, text: str, *, source: str = "<ass>") -> list[Cue]:
        """The ``Dialogue`` events of an ASS/SSA file as cues, in start order: override tags
        (``{...}``, karaoke timing too) removed, ``\\N`` a line break, ``\\h`` a space, a
        style other than ``Default`` the lines' speaker (captionkit names a speaker's style
        after the speaker)."""
        cues = [cue for cue in _events(text.lstrip("\ufeff"), source)]
        if not cues:
            raise CaptionParseError("not valid ASS: no Dialogue events", source=source)
        return sorted(cues, key=lambda c: c.start)

    def render(self, transcript: Transcript, options: ExportOptions) -> str:
        from captionkit.segment.cues import cues_for

        cues = cues_for(transcript, options, labels_in_text=False)
        words = cue_words(transcript, cues) if options.extra.get("karaoke") else None
        return self.dumps_ass(cues, speaker_labels=options.speaker_labels, words=words)

    def write(self, cues: Sequence[Cue], options: ExportOptions) -> str:
        return self.dumps_ass(cues, speaker_labels=options.speaker_labels)

    def dumps(self, cues: Sequence[Cue], *, speaker_labels: bool = False, **_: object) -> str:
        return self.dumps_ass(cues, speaker_labels=speaker_labels)

    def dumps_ass(
        self,
        cues: Sequence[Cue],
        *,
        speaker_labels: bool = False,
        words: Sequence[tuple[list[str], list[int]] | None] | None = None,
    ) -> str:
        """The .ass text of ``cues``; ``words`` (per cue: word texts and starts in ms, or
        None) turns karaoke on."""
        styles = speaker_styles(cues) if speaker_labels else {}
        out = [
            "[Script Info]",
            "; Script generated by captionkit",
            "ScriptType: v4.00+",
            f"PlayResX: {PLAY_RES[0]}",
            f"PlayResY: {PLAY_RES[1]}",
            "WrapStyle: 2",
            "ScaledBorderAndShadow: yes",
            "",
            "[V4+ Styles]",
            f"Format: {STYLE_FORMAT}",
            style_line(DEFAULT_STYLE, WHITE),
            *(style_line(name, rgb) for name, rgb in styles.values()),
            "",
            "[Events]",
            f"Format: {EVENT_FORMAT}",
        ]
        untimed = 0
        for i, (cue, (start, end)) in enumerate(zip(cues, centiseconds(cues), strict=True)):
            runs = speaker_runs(cue) if speaker_labels else [(None, list(cue.lines))]
            style_of = {sp: styles[sp][0] for sp in styles}
            first_style = style_of.get(runs[0][0], DEFAULT_STYLE) if runs else DEFAULT_STYLE
            text = None
            if words is not None:
                text = self.karaoke_text(cue, runs, style_of, first_style, start, end, words[i])
                untimed += text is None
            if text is None:
                text = self.plain_text(runs, style_of, first_style)
            out.append(f"Dialogue: 0,{timestamp(start)},{timestamp(end)},{first_style},,0,0,0,,{text}")
        if words is not None:
            warn_untimed(self.name, untimed, len(cues))
        return "\n".join(out) + "\n"

    @staticmethod
    def switch(speaker: str | None, style_of: dict[str, str], current: str) -> tuple[str, str]:
        """(the override that changes to ``speaker``'s style, or "", the style then)."""
        style = style_of.get(speaker, DEFAULT_STYLE) if speaker is not None else DEFAULT_STYLE
        return ("" if style == current else f"{{\\r{style}}}"), style

    def plain_text(self, runs: list[tuple[str | None, list[str]]], style_of: dict[str, str], current: str) -> str:
        lines = []
        for speaker, run in runs:
            tag, current = self.switch(speaker, style_of, current)
            escaped = [hard_edges(escape(line)) for line in run]
            escaped[0] = tag + escaped[0]
            lines.extend(escaped)
        return "\\N".join(lines)

    def karaoke_text(
        self,
        cue: Cue,
        runs: list[tuple[str | None, list[str]]],
        style_of: dict[str, str],
        current: str,
        start: int,
        end: int,
        words: tuple[list[str], list[int]] | None,
    ) -> str | None:
        """The event text with ``{\\kf<cs>}`` before each word (and ``{\\k<cs>}`` first for
        the silence before the first word): the durations sum to the event's length
        exactly. None when the cue's lines are not its words."""
        if words is None:
            return None
        texts, starts_ms = words
        where = locate_words(cue.lines, texts)
        if where is None:
            return None
        lead, durations = karaoke_durations(start, end, [s // 10 for s in starts_ms])
        lines: list[str] = []
        n = 0
        for speaker, run in runs:
            tag, current = self.switch(speaker, style_of, current)
            for j, line in enumerate(run):
                pieces, col = [], 0
                for k, a, b in where[n]:
                    pieces.append(escape(line[col:a]))
                    pieces.append(f"{{\\kf{durations[k]}}}{escape(line[a:b])}")
                    col = b
                pieces.append(escape(line[col:]))
                text = hard_edges("".join(pieces))
                if j == 0:
                    text = tag + text
                lines.append(text)
                n += 1
        body = "\\N".join(lines)
        return (f"{{\\k{lead}}}" if lead else "") + body


_OVERRIDE = re.compile(r"\{[^}]*\}")
_ASS_TIME = re.compile(r"^(\d+):([0-5]\d):([0-5]\d)[.:](\d{2})$")
_DEFAULT_FIELDS = ("layer", "start", "end", "style", "name", "marginl", "marginr", "marginv", "effect", "text")


def _events(text: str, source: str) -> list[Cue]:
    cues: list[Cue] = []
    fields: list[str] | None = None
    in_events = False
    for n, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if line.startswith("["):
            in_events = line.lower() == "[events]"
            continue
        lowered = line.lower()
        if not in_events or not lowered.startswith(("format:", "dialogue:")):
            continue
        if lowered.startswith("format:"):
            fields = [f.strip().lower() for f in line[7:].split(",")]
            continue
        names = fields or list(_DEFAULT_FIELDS)
        parts = line[9:].lstrip().split(",", len(names) - 1)
        if len(parts) != len(names) or "text" not in names:
            raise CaptionParseError(
                f"not valid ASS: line {n}: {len(parts)} fields, the Format has {len(names)}", source=source
            )
        event = dict(zip(names, parts, strict=True))
        start, end = (_ass_ms(event.get(key, ""), n, source) for key in ("start", "end"))
        body = _OVERRIDE.sub("", event["text"]).replace("\\N", "\n").replace("\\n", "\n").replace("\\h", " ")
        lines = tuple(body.replace(WORD_JOINER, "").split("\n"))
        style = event.get("style", "").strip().lstrip("*")
        speaker = None if style.lower() in ("", "default") else style
        cues.append(Cue(start, max(end, start), lines, speakers=(speaker,) * len(lines) if speaker else ()))
    return cues


def _ass_ms(stamp: str, line: int, source: str) -> int:
    match = _ASS_TIME.match(stamp.strip())
    if match is None:
        raise CaptionParseError(f"not valid ASS: line {line}: bad time {stamp.strip()!r} (H:MM:SS.cc)", source=source)
    h, m, s, cs = map(int, match.groups())
    return ((h * 60 + m) * 60 + s) * 1000 + cs * 10


FORMAT = WRITER = AssFormat()
