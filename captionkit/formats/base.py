"""What every caption writer shares: SRT and WebVTT differ only in header, timestamps,
cue numbering, text escaping and the file's last line."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from captionkit.cue import Cue


def split_ms(ms: int) -> tuple[int, int, int, int]:
    """``ms`` as (hours, minutes, seconds, milliseconds)."""
    seconds, millis = divmod(ms, 1000)
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    return hours, minutes, seconds, millis


class CaptionWriter:
    """Writes cues as caption text. Subclasses set the format's particulars."""

    extension = ""
    header = ""
    numbered = False
    #: Whether the text ends with a blank line after the last cue.
    trailing_blank_line = True

    def timestamp(self, ms: int, with_hours: bool) -> str:
        raise NotImplementedError

    def escape(self, line: str) -> str:
        return line

    def uses_hours(self, cues: Sequence[Cue]) -> bool:
        return True

    def blocks(self, cues: Sequence[Cue]) -> Iterable[str]:
        hours = self.uses_hours(cues)
        ts = self.timestamp
        esc = self.escape
        for n, cue in enumerate(cues, 1):
            number = f"{n}\n" if self.numbered else ""
            text = "\n".join(esc(line) for line in cue.lines)
            yield f"{number}{ts(cue.start, hours)} --> {ts(cue.end, hours)}\n{text}\n"

    def dumps(self, cues: Sequence[Cue]) -> str:
        body = "\n".join(self.blocks(cues))
        if self.trailing_blank_line and body:
            body += "\n"
        return self.header + body
