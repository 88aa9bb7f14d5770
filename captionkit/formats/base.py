"""What every caption writer shares: SRT and WebVTT differ only in header, timestamps,
cue numbering, text escaping, how a speaker is shown and the file's last line."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from captionkit.model.cue import Cue
from captionkit.text.width import RLM, mostly_rtl

#: Default SRT speaker label, put before the first line of each speaker's lines.
DEFAULT_LABEL = "[{speaker}] "
#: Marks that set a line's direction to right-to-left (RLM, ALM).
RTL_MARKS = RLM + "\u061c"


def split_ms(ms: int) -> tuple[int, int, int, int]:
    """``ms`` as (hours, minutes, seconds, milliseconds)."""
    seconds, millis = divmod(ms, 1000)
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    return hours, minutes, seconds, millis


def speaker_runs(cue: Cue) -> list[tuple[str | None, list[str]]]:
    """The cue's lines grouped into runs of consecutive lines with the same speaker."""
    speakers = cue.speakers or (None,) * len(cue.lines)
    out: list[tuple[str | None, list[str]]] = []
    for speaker, line in zip(speakers, cue.lines, strict=True):
        if out and out[-1][0] == speaker:
            out[-1][1].append(line)
        else:
            out.append((speaker, [line]))
    return out


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

    def labelled(self, cue: Cue, label_format: str, previous: str | None = None) -> list[str]:
        """The cue's lines with each speaker run marked (SRT: a text prefix); a run of
        ``previous`` (the speaker still talking from the cue before) is not marked, unless
        ``previous`` is None. A right-to-left line keeps its direction: its right-to-left
        mark (added when missing) goes before the label."""
        lines = []
        for speaker, run in speaker_runs(cue):
            prefix = label_format.format(speaker=speaker) if speaker is not None and speaker != previous else ""
            first = run[0]
            if prefix and (first[:1] in RTL_MARKS or mostly_rtl(first)):
                # a left-to-right label in front would make a right-to-left line left-to-right
                mark = first[0] if first[:1] in RTL_MARKS else RLM
                prefix, first = mark + prefix, first.removeprefix(mark)
            lines.append(self.escape(prefix + first))
            lines.extend(self.escape(line) for line in run[1:])
            previous = None
        return lines

    def blocks(
        self, cues: Sequence[Cue], speaker_labels: bool, label_format: str, label_turns_only: bool = False
    ) -> Iterable[str]:
        hours = self.uses_hours(cues)
        ts = self.timestamp
        esc = self.escape
        plain = type(self).escape is CaptionWriter.escape  # no escaping: lines as they are
        talking: str | None = None
        for n, cue in enumerate(cues, 1):
            number = f"{n}\n" if self.numbered else ""
            if speaker_labels:
                lines = self.labelled(cue, label_format, talking if label_turns_only else None)
                talking = cue.speakers[-1] if cue.speakers else None
            elif plain:
                lines = cue.lines
            else:
                lines = [esc(line) for line in cue.lines]
            text = "\n".join(lines)
            yield f"{number}{ts(cue.start, hours)} --> {ts(cue.end, hours)}\n{text}\n"

    def dumps(
        self,
        cues: Sequence[Cue],
        *,
        speaker_labels: bool = False,
        label_format: str = DEFAULT_LABEL,
        label_turns_only: bool = False,
    ) -> str:
        """The caption file text. With ``speaker_labels`` the speaker of each cue (from
        ``Cue.speakers``) is shown: SRT prefixes ``label_format`` (with ``label_turns_only``
        only where a speaker's turn starts, as broadcast profiles do), WebVTT uses voice spans
        on every cue."""
        body = "\n".join(self.blocks(cues, speaker_labels, label_format, label_turns_only))
        if self.trailing_blank_line and body:
            body += "\n"
        return self.header + body
