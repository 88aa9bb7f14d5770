"""What every format shares, and the checklist for adding one.

Adding a format is one module and one registry line:

1. Write ``captionkit/formats/<name>.py`` with a subclass of :class:`Format` (a document:
   sentences, a table...) or of :class:`CaptionFormat` (timed cues), and an instance of it
   named ``FORMAT``. Set:

   * ``name``, ``extension`` (or override :meth:`Format.suffix` when it depends on the
     options), ``help`` (one line, shown by ``captionkit --help``), ``description`` and
     ``examples`` (shown by ``captionkit NAME --help``);
   * a document: :meth:`Format.render` (transcript + :class:`~captionkit.options.ExportOptions`
     -> text);
   * a caption format: :meth:`CaptionFormat.timestamp` and the class attributes that say how
     the file is laid out (``header``, ``numbered``, ``trailing_blank_line``), :meth:`escape`
     and :meth:`labelled` when the format marks speakers its own way; ``labels_in_text`` when
     a speaker label is part of the text (then it counts within ``chars_per_caption``). The
     cues come from the segment stage (:func:`captionkit.segment.cues.cues_for`): the format
     only writes them;
   * the format's own command-line options as data (:class:`Arg`, in ``arguments``): an
     option whose ``dest`` is a field of ExportOptions fills that field, any other lands in
     ``ExportOptions.extra`` under its ``dest``;
   * if captionkit also reads the format (``lint``, ``convert``, ``reflow``): :meth:`Format.sniff`
     and :meth:`Format.read` (text -> cues), and ``readable = True``; for ``lint`` to report
     the file's own syntax problems, a ``problems(text)`` method (then ``read`` must take
     ``skip_bad_blocks=True``).

2. Add its line to :data:`captionkit.formats.REGISTRY`. The command line (its own
   subcommand and ``render --to``), ``lint`` and the Python API find it there.

3. Tests: ``tests/formats/test_<name>.py`` with a hypothesis round-trip (every word once, in
   order, times legal) through an independent reader of the format.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from captionkit.model.cue import Cue
from captionkit.options import DEFAULT_LABEL
from captionkit.text.width import RLM, mostly_rtl

if TYPE_CHECKING:
    from captionkit.model.transcript import Transcript
    from captionkit.options import ExportOptions

#: Marks that set a line's direction to right-to-left (RLM, ALM).
RTL_MARKS = RLM + "\u061c"

__all__ = ["DEFAULT_LABEL", "Arg", "CaptionFormat", "Format", "line_blocks", "speaker_runs", "split_ms"]


@dataclass(frozen=True)
class Arg:
    """One command-line option of a format: ``argparse``'s ``add_argument(*flags, **kwargs)``."""

    flags: tuple[str, ...]
    kwargs: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def of(cls, *flags: str, **kwargs: Any) -> Arg:
        return cls(flags, kwargs)


#: ``--label-format``, for the formats that write a speaker label into the text (SRT, SBV, SCC)
LABEL_FORMAT = Arg.of(
    "--label-format",
    default=DEFAULT_LABEL,
    metavar="TEMPLATE",
    help=f"the speaker label put before the text, with {{speaker}} (default {DEFAULT_LABEL!r})",
)


class Format:
    """An output format: see the module docstring for what a new format sets."""

    name = ""
    extension = ""
    help = ""
    description = ""
    examples = ""
    #: whether the format is timed cues (a caption file): its command takes the caption options
    captions = False
    #: whether captionkit reads the format too (sniff and read)
    readable = False
    arguments: tuple[Arg, ...] = ()

    def suffix(self, options: ExportOptions) -> str:
        """The file name ending of this format's output with ``options`` (``.srt``, ``.words.csv``...)."""
        return self.extension

    def render(self, transcript: Transcript, options: ExportOptions) -> str:
        """The output text of ``transcript``."""
        raise NotImplementedError

    def sniff(self, text: str) -> bool:
        """Whether ``text`` looks like a file of this format (readable formats)."""
        return False

    def read(self, text: str, *, source: str = "<input>") -> list[Cue]:
        """The cues of a file of this format (readable formats)."""
        raise NotImplementedError(f"captionkit does not read {self.name}")


def line_blocks(lines: Iterable[str]) -> Iterator[tuple[int, list[str]]]:
    """(1-based number of the first line, its lines) of each run of non-blank lines: the
    blocks of SRT, WebVTT and SBV files."""
    block: list[str] = []
    first = 0
    for number, line in enumerate(lines, 1):
        if line.strip():
            if not block:
                first = number
            block.append(line)
        elif block:
            yield first, block
            block = []
    if block:
        yield first, block


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


class CaptionFormat(Format):
    """A caption format: writes cues as blocks ``[number] start --> end`` + lines. Formats
    differ in header, timestamps, cue numbering, escaping, how a speaker is shown and the
    file's last line; a format whose file is not made of such blocks overrides :meth:`write`."""

    captions = True
    header = ""
    numbered = False
    #: Whether the text ends with a blank line after the last cue.
    trailing_blank_line = True
    #: Whether a speaker label is written into the text (and so counts within the caption's width).
    labels_in_text = False

    def render(self, transcript: Transcript, options: ExportOptions) -> str:
        from captionkit.segment.cues import cues_for

        return self.write(cues_for(transcript, options, labels_in_text=self.labels_in_text), options)

    def write(self, cues: Sequence[Cue], options: ExportOptions) -> str:
        """The file text of ``cues`` with ``options`` (speaker labels; broadcast profiles label
        a speaker only where the turn starts)."""
        return self.dumps(
            cues,
            speaker_labels=options.speaker_labels,
            label_format=options.label_format,
            label_turns_only=options.profile is not None,
        )

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
        plain = type(self).escape is CaptionFormat.escape  # no escaping: lines as they are
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


#: The name the writers had before formats were objects with a registry.
CaptionWriter = CaptionFormat
