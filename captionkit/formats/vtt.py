"""WebVTT, laid out as the AssemblyAI API writes it: ``WEBVTT``, a blank line, then cues
without identifiers separated by blank lines; timestamps ``MM:SS.mmm`` when the file is
under an hour. Past an hour every timestamp carries hours (``HH:MM:SS.mmm``: WebVTT
requires them, and one width keeps the file uniform). Text escapes ``&``, ``<`` and ``>``
(so a word can never form a tag or ``-->``)."""

from __future__ import annotations

import html
import io
from collections.abc import Sequence

import webvtt

from captionkit.cue import Cue
from captionkit.errors import CaptionParseError
from captionkit.formats.base import CaptionWriter, split_ms

_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
HOUR_MS = 3_600_000


class VttWriter(CaptionWriter):
    extension = ".vtt"
    header = "WEBVTT\n\n"
    trailing_blank_line = False

    def timestamp(self, ms: int, with_hours: bool) -> str:
        h, m, s, f = split_ms(ms)
        if with_hours:
            return f"{h:02d}:{m:02d}:{s:02d}.{f:03d}"
        return f"{m:02d}:{s:02d}.{f:03d}"

    def uses_hours(self, cues: Sequence[Cue]) -> bool:
        return bool(cues) and max(c.end for c in cues) >= HOUR_MS

    def escape(self, line: str) -> str:
        return line.translate(_ESCAPES)


WRITER = VttWriter()


def dumps(cues: Sequence[Cue]) -> str:
    """WebVTT text of ``cues``."""
    return WRITER.dumps(cues)


def loads(text: str, *, source: str = "<vtt>") -> list[Cue]:
    """Parse WebVTT text with ``webvtt-py``; entities in the text are decoded."""
    try:
        captions = webvtt.from_buffer(io.StringIO(text.lstrip("\ufeff")))
    except Exception as exc:  # webvtt-py raises several types for malformed files
        raise CaptionParseError(f"not valid WebVTT: {exc}", source=source) from None
    return [
        Cue(
            start=_ts_ms(c.start),
            end=_ts_ms(c.end),
            lines=tuple(html.unescape(line) for line in c.text.split("\n")),
        )
        for c in captions
    ]


def _ts_ms(stamp: str) -> int:
    parts = stamp.split(":")
    seconds, millis = parts[-1].split(".")
    total = int(seconds) + 60 * int(parts[-2]) + (3600 * int(parts[-3]) if len(parts) > 2 else 0)
    return total * 1000 + int(millis)
