"""WebVTT, laid out as the AssemblyAI API writes it: ``WEBVTT``, a blank line, then cues
without identifiers separated by blank lines; timestamps ``MM:SS.mmm`` when the file is
under an hour. Past an hour every timestamp carries hours (``HH:MM:SS.mmm``: WebVTT
requires them, and one width keeps the file uniform). Text escapes ``&``, ``<`` and ``>``
(so a word can never form a tag or ``-->``).

``--karaoke`` (``vtt --karaoke``) times every word: a timestamp tag ``<MM:SS.mmm>`` before
each word after the first (with hours when the cue timings have them), at the word's start,
strictly increasing and strictly inside the cue (WebVTT requires both: a word whose start
leaves no room, e.g. a cue of more words than milliseconds, gets no tag and shows with the
word before it). A cue whose text is not its words (a translation) is written without tags
and counted in a warning. Without ``--karaoke`` the output is unchanged."""

from __future__ import annotations

import html
import io
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

import webvtt

from captionkit.errors import CaptionParseError
from captionkit.formats.ass import KARAOKE, cue_words, locate_words, warn_untimed
from captionkit.formats.base import CaptionFormat, speaker_runs, split_ms
from captionkit.model.cue import Cue

if TYPE_CHECKING:
    from captionkit.model.transcript import Transcript
    from captionkit.options import ExportOptions

_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
HOUR_MS = 3_600_000


class VttFormat(CaptionFormat):
    name = "vtt"
    extension = ".vtt"
    help = "WebVTT (.vtt) captions, laid out as the API's /vtt endpoint writes them"
    description = "Write WebVTT (.vtt) captions of a saved transcript, as GET /v2/transcript/{id}/vtt would."
    readable = True
    header = "WEBVTT\n\n"
    trailing_blank_line = False
    arguments = (KARAOKE,)

    def render(self, transcript: Transcript, options: ExportOptions) -> str:
        if not options.extra.get("karaoke"):
            return super().render(transcript, options)
        from captionkit.segment.cues import cues_for

        cues = cues_for(transcript, options, labels_in_text=False)
        hours = self.uses_hours(cues)
        ts = self.timestamp
        blocks, untimed = [], 0
        for cue, words in zip(cues, cue_words(transcript, cues), strict=True):
            lines = self.karaoke_lines(cue, words, hours)
            if lines is None:
                untimed += 1
                lines = [self.escape(line) for line in cue.lines]
            if options.speaker_labels:
                lines = self.voiced(cue, lines)
            blocks.append(f"{ts(cue.start, hours)} --> {ts(cue.end, hours)}\n" + "\n".join(lines) + "\n")
        warn_untimed(self.name, untimed, len(cues))
        return self.header + "\n".join(blocks)

    def karaoke_lines(self, cue: Cue, words: tuple[list[str], list[int]] | None, hours: bool) -> list[str] | None:
        """The cue's escaped lines with a timestamp tag before each word after the first
        (see the module doc), or None when the lines are not the cue's words."""
        if words is None:
            return None
        texts, starts = words
        where = locate_words(cue.lines, texts)
        if where is None:
            return None
        n = len(texts)
        tags: dict[int, str] = {}
        previous = cue.start
        for k in range(1, n):
            low, high = previous + 1, cue.end - (n - k)  # room for the later words' tags
            if low > high:
                continue
            previous = min(max(starts[k], low), high)
            tags[k] = f"<{self.timestamp(previous, hours)}>"
        lines = []
        for line, spans in zip(cue.lines, where, strict=True):
            pieces, col = [], 0
            for k, a, b in spans:
                pieces += [self.escape(line[col:a]), tags.get(k, ""), self.escape(line[a:b])]
                col = b
            pieces.append(self.escape(line[col:]))
            lines.append("".join(pieces))
        return lines

    def timestamp(self, ms: int, with_hours: bool) -> str:
        h, m, s, f = split_ms(ms)
        if with_hours:
            return f"{h:02d}:{m:02d}:{s:02d}.{f:03d}"
        return f"{m:02d}:{s:02d}.{f:03d}"

    def uses_hours(self, cues: Sequence[Cue]) -> bool:
        return bool(cues) and max(c.end for c in cues) >= HOUR_MS

    def escape(self, line: str) -> str:
        return line.translate(_ESCAPES)

    def sniff(self, text: str) -> bool:
        """A text with the ``WEBVTT`` header."""
        return text.lstrip("\ufeff").startswith("WEBVTT")

    def read(self, text: str, *, source: str = "<vtt>") -> list[Cue]:
        return loads(text, source=source)

    def labelled(self, cue: Cue, label_format: str, previous: str | None = None) -> list[str]:
        """Voice spans: ``<v Name>...</v>`` around each speaker's lines (name escaped)."""
        return self.voiced(cue, [self.escape(line) for line in cue.lines])

    def voiced(self, cue: Cue, escaped_lines: Sequence[str]) -> list[str]:
        """The cue's lines, already escaped (and tagged), in voice spans by speaker run."""
        lines: list[str] = []
        rest = iter(escaped_lines)
        for speaker, run in speaker_runs(cue):
            escaped = [next(rest) for _ in run]
            if speaker is not None:
                escaped[0] = f"<v {self.escape(speaker)}>{escaped[0]}"
                escaped[-1] += "</v>"
            lines.extend(escaped)
        return lines


FORMAT = WRITER = VttFormat()


def dumps(cues: Sequence[Cue], *, speaker_labels: bool = False) -> str:
    """WebVTT text of ``cues`` (``speaker_labels``: ``<v Name>`` voice spans)."""
    return WRITER.dumps(cues, speaker_labels=speaker_labels)


def loads(text: str, *, source: str = "<vtt>") -> list[Cue]:
    """Parse WebVTT text with ``webvtt-py``: tags are dropped, entities decoded, and the
    speaker of each line taken from its ``<v Name>`` voice span (if any)."""
    try:
        captions = webvtt.from_buffer(io.StringIO(text.lstrip("\ufeff")))
    except Exception as exc:  # webvtt-py raises several types for malformed files
        raise CaptionParseError(f"not valid WebVTT: {exc}", source=source) from None
    cues = []
    for c in captions:
        lines = tuple(html.unescape(line) for line in c.text.split("\n"))
        voices: list[str | None] = []
        current: str | None = None
        for raw in c.raw_text.split("\n"):
            opened = _VOICE.match(raw)
            if opened:
                current = html.unescape(opened.group(1).strip())
            voices.append(current)
            if "</v>" in raw:
                current = None
        speakers = tuple(voices) if any(v is not None for v in voices) and len(voices) == len(lines) else ()
        cues.append(Cue(start=_ts_ms(c.start), end=_ts_ms(c.end), lines=lines, speakers=speakers))
    return cues


_VOICE = re.compile(r"<v(?:\.[^ \t>]*)?[ \t]+([^>]*)>")


def _ts_ms(stamp: str) -> int:
    parts = stamp.split(":")
    seconds, millis = parts[-1].split(".")
    total = int(seconds) + 60 * int(parts[-2]) + (3600 * int(parts[-3]) if len(parts) > 2 else 0)
    return total * 1000 + int(millis)
