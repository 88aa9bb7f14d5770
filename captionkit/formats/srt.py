"""SubRip (SRT), laid out as the AssemblyAI API writes it: blocks ``N``,
``HH:MM:SS,mmm --> HH:MM:SS,mmm``, the text, a blank line; numbered from 1. The output is
canonical for the ``srt`` package (``srt.compose(srt.parse(x)) == x``). SRT has no
escaping: text is written as it is."""

from __future__ import annotations

import contextlib
import logging
import re
from collections.abc import Iterator, Sequence
from datetime import timedelta

import srt as _srt

from captionkit.errors import CaptionParseError
from captionkit.formats.base import DEFAULT_LABEL, LABEL_FORMAT, CaptionFormat
from captionkit.model.cue import Cue

#: A file that starts like an SRT: a number line, then a timing line (loosely: any digits).
_SRT_START = re.compile(r"\s*\d+\s*\n\s*-?\d[\d:.,]*\s*-->")


class SrtFormat(CaptionFormat):
    name = "srt"
    extension = ".srt"
    help = "SubRip (.srt) captions, laid out as the API's /srt endpoint writes them"
    description = "Write SubRip (.srt) captions of a saved transcript, as GET /v2/transcript/{id}/srt would."
    numbered = True
    labels_in_text = True
    readable = True
    arguments = (LABEL_FORMAT,)

    def sniff(self, text: str) -> bool:
        """A text that starts like an SRT (a number line, then a timing line)."""
        body = text.lstrip("\ufeff")
        return bool(_SRT_START.match(body.replace("\r\n", "\n").replace("\r", "\n")))

    def read(self, text: str, *, source: str = "<srt>") -> list[Cue]:
        return loads(text, source=source)

    def timestamp(self, ms: int, with_hours: bool = True) -> str:
        return _timestamp(ms)

    def blocks(
        self, cues: Sequence[Cue], speaker_labels: bool, label_format: str, label_turns_only: bool = False
    ) -> Iterator[str]:
        if speaker_labels:
            yield from super().blocks(cues, speaker_labels, label_format, label_turns_only)
            return
        ts = _Timestamps()  # the common case, one expression a cue (200,000-word files: 40,000 cues)
        for n, cue in enumerate(cues, 1):
            yield f"{n}\n{ts(cue.start)} --> {ts(cue.end)}\n" + "\n".join(cue.lines) + "\n"


def _timestamp(ms: int) -> str:
    s, f = divmod(ms, 1000)  # split_ms, inline
    m, s = divmod(s, 60)
    h, m = divmod(m, 60)
    return f"{h:02d}:{m:02d}:{s:02d},{f:03d}"


#: "000" to "999", the milliseconds part of every timestamp
_MILLIS = tuple(f"{f:03d}" for f in range(1000))


class _Timestamps:
    """:func:`_timestamp` for one file, with the ``HH:MM:SS,`` part of each second made once
    (a cue's end and the next cue's start usually share it): a third of the time."""

    def __init__(self) -> None:
        self._seconds: dict[int, str] = {}

    def __call__(self, ms: int) -> str:
        s, f = divmod(ms, 1000)
        head = self._seconds.get(s)
        if head is None:
            m, sec = divmod(s, 60)
            h, m = divmod(m, 60)
            head = self._seconds[s] = f"{h:02d}:{m:02d}:{sec:02d},"
        return head + _MILLIS[f]


FORMAT = WRITER = SrtFormat()


def dumps(
    cues: Sequence[Cue],
    *,
    speaker_labels: bool = False,
    label_format: str = DEFAULT_LABEL,
    label_turns_only: bool = False,
) -> str:
    """SRT text of ``cues`` (``speaker_labels``: ``label_format`` before each speaker's lines,
    with ``label_turns_only`` only where a speaker's turn starts)."""
    return WRITER.dumps(
        cues, speaker_labels=speaker_labels, label_format=label_format, label_turns_only=label_turns_only
    )


def _ms(td: timedelta) -> int:
    return td // timedelta(milliseconds=1)


@contextlib.contextmanager
def quiet_srt_log() -> Iterator[None]:
    """The ``srt`` package logs a warning for each block it skips (``ignore_errors``):
    captionkit reports those blocks itself."""
    logger = logging.getLogger("srt")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def loads(text: str, *, source: str = "<srt>", skip_bad_blocks: bool = False) -> list[Cue]:
    """Parse SRT text (leniently, with the ``srt`` package) into cues without word indices.

    A block the ``srt`` package cannot read is an error, or with ``skip_bad_blocks`` is left
    out (the lint reports it from its own structure check)."""
    try:
        with quiet_srt_log():
            subs = list(_srt.parse(text.lstrip("\ufeff"), ignore_errors=skip_bad_blocks))
    except _srt.SRTParseError as exc:
        raise CaptionParseError(f"not valid SRT: {exc}", source=source) from None
    except (OverflowError, ValueError) as exc:  # a timestamp too large for a timedelta
        raise CaptionParseError(f"not valid SRT: a timestamp is out of range ({exc})", source=source) from None
    # extra blank lines after a block stay in the parsed content: they are not lines of the cue
    return [Cue(start=_ms(s.start), end=_ms(s.end), lines=tuple(s.content.rstrip("\n").split("\n"))) for s in subs]
