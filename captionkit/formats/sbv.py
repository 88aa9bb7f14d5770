"""YouTube SubViewer (SBV), laid out as YouTube writes it: blocks of a timing line
``H:MM:SS.mmm,H:MM:SS.mmm`` (hours not zero-padded) and the text lines, a blank line after
each block; no cue numbers, no header. SBV has no escaping and no markup: text is written as
it is, and a speaker label is a prefix of the text, as in SRT (``--label-format``).

Reading is strict by default (:func:`loads`): a block whose first line is not a timing line,
a timing line without text, or an end before its start is a
:class:`~captionkit.errors.CaptionParseError` naming the line. :func:`problems` lists the
same problems (for the lint), and ``loads(..., skip_bad_blocks=True)`` reads what it can.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence

from captionkit.errors import CaptionParseError
from captionkit.formats.base import DEFAULT_LABEL, LABEL_FORMAT, CaptionFormat, line_blocks
from captionkit.model.cue import Cue

# a timing line as YouTube writes it (minutes and seconds two digits, milliseconds three)
_TS = r"(\d+):([0-5]\d):([0-5]\d)\.(\d{3})"
_TIMING = re.compile(rf"[ \t]*{_TS},{_TS}[ \t]*")
# what a file starts with to be taken for SBV: its first non-empty line is a timing line
_SNIFF = re.compile(rf"\s*{_TS},{_TS}[ \t]*(?:\n|$)")

#: a problem of an SBV file: (cue number or None, line number or None, message)
Problem = tuple[int | None, int | None, str]


class SbvFormat(CaptionFormat):
    name = "sbv"
    extension = ".sbv"
    help = "YouTube SubViewer (.sbv) captions: H:MM:SS.mmm,H:MM:SS.mmm then the text"
    description = (
        "Write YouTube SubViewer (.sbv) captions of a saved transcript: each caption is a timing line "
        "H:MM:SS.mmm,H:MM:SS.mmm, its text lines and a blank line, as YouTube Studio downloads them."
    )
    labels_in_text = True
    readable = True
    arguments = (LABEL_FORMAT,)

    def timestamp(self, ms: int, with_hours: bool = True) -> str:
        s, f = divmod(ms, 1000)
        m, s = divmod(s, 60)
        h, m = divmod(m, 60)
        return f"{h:d}:{m:02d}:{s:02d}.{f:03d}"

    def blocks(
        self, cues: Sequence[Cue], speaker_labels: bool, label_format: str, label_turns_only: bool = False
    ) -> Iterable[str]:
        # the shared blocks (labels, runs of speakers), with SBV's timing line: start,end
        for block in super().blocks(cues, speaker_labels, label_format, label_turns_only):
            timing, _, text = block.partition("\n")
            yield timing.replace(" --> ", ",", 1) + "\n" + text

    def sniff(self, text: str) -> bool:
        """A text whose first non-empty line is an SBV timing line."""
        return bool(_SNIFF.match(_normalized(text)))

    def read(self, text: str, *, source: str = "<sbv>", skip_bad_blocks: bool = False) -> list[Cue]:
        return loads(text, source=source, skip_bad_blocks=skip_bad_blocks)

    def problems(self, text: str) -> list[Problem]:
        return problems(text)


FORMAT = WRITER = SbvFormat()


def dumps(
    cues: Sequence[Cue],
    *,
    speaker_labels: bool = False,
    label_format: str = DEFAULT_LABEL,
    label_turns_only: bool = False,
) -> str:
    """SBV text of ``cues`` (``speaker_labels``: ``label_format`` before each speaker's lines)."""
    return WRITER.dumps(
        cues, speaker_labels=speaker_labels, label_format=label_format, label_turns_only=label_turns_only
    )


def _normalized(text: str) -> str:
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def _ms(h: str, m: str, s: str, f: str) -> int:
    return ((int(h) * 60 + int(m)) * 60 + int(s)) * 1000 + int(f)


def _scan(text: str) -> Iterator[tuple[Cue | None, Problem | None]]:
    """Each block of ``text``: its cue, or the problem that keeps it from being one (and a
    cue with a problem of its own: an end before its start)."""
    n = 0
    for line, block in line_blocks(_normalized(text).split("\n")):
        timing = _TIMING.fullmatch(block[0])
        if timing is None:
            yield (
                None,
                (n or None, line, f"expected a timing line H:MM:SS.mmm,H:MM:SS.mmm, got {block[0]!r}"),
            )
            continue
        n += 1
        if len(block) == 1:
            yield None, (n, line, "a caption with a timing line and no text")
            continue
        start, end = _ms(*timing.groups()[:4]), _ms(*timing.groups()[4:])
        cue = Cue(start=start, end=end, lines=tuple(block[1:]))
        yield cue, (n, line, f"ends ({block[0].split(',')[1].strip()}) before it starts") if end < start else None


def problems(text: str) -> list[Problem]:
    """The structure problems of an SBV text: blocks that do not start with a timing line,
    captions without text, ends before starts; an empty file."""
    out = [p for _, p in _scan(text) if p is not None]
    if not _normalized(text).strip():
        out.append((None, None, "the file is empty"))
    return out


def loads(text: str, *, source: str = "<sbv>", skip_bad_blocks: bool = False) -> list[Cue]:
    """Parse SBV text into cues without word indices (a label stays in the text, as in SRT).

    A block that is not a caption is an error naming its line, or with ``skip_bad_blocks``
    is left out (the lint reports it from :func:`problems`)."""
    cues = []
    for cue, problem in _scan(text):
        if problem is not None and not skip_bad_blocks:
            raise CaptionParseError(f"not valid SBV: line {problem[1]}: {problem[2]}", source=source)
        if cue is not None:
            cues.append(cue)
    return cues
