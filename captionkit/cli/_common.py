"""What every command shares: reading the transcript argument, writing the output."""

from __future__ import annotations

import argparse
import errno
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from captionkit.errors import CaptionkitError

if TYPE_CHECKING:  # imported where used: only the command being run loads the library
    from captionkit.model.transcript import Transcript
    from captionkit.options import ExportOptions

EXAMPLES = """\
examples:
  captionkit srt transcript.json --chars-per-caption 32 -o transcript.srt
  captionkit vtt transcript.json > transcript.vtt
  cat transcript.json | captionkit srt -
  python -m captionkit vtt transcript.json --chars-per-caption 40

captionkit reads saved AssemblyAI transcript JSON (a full transcript, or a /sentences or
/paragraphs response) and renders captions and exports offline, deterministically: the
same input always gives the same output. Exit status: 0 ok, 1 bad input, 2 usage error.
"""


def add_input_output(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("input", help="transcript JSON file, or - for standard input")
    parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE (atomically) instead of standard output")


def load_input(args: argparse.Namespace) -> Transcript:
    """The transcript named by ``args.input`` (``-`` is standard input)."""
    from captionkit.inputs import load
    from captionkit.io import read_stdin

    if args.input == "-":
        return load(read_stdin(json_input=True), name="<stdin>")
    return load(Path(args.input), name=args.input)


def speaker_names(value: str) -> dict[str, str]:
    """argparse type: ``A=Alice,B=Bob``."""
    from captionkit.documents.speakers import parse_names

    try:
        return parse_names(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


class MergeSpeakerNames(argparse.Action):
    """``--speaker-names`` may be given more than once: the pairs add up (a speaker named
    twice is a usage error)."""

    def __call__(self, parser, namespace, values, option_string=None):  # type: ignore[no-untyped-def]
        names = dict(getattr(namespace, self.dest) or {})
        for key, name in values.items():
            if key in names:
                parser.error(f"argument {option_string}: speaker {key!r} is named twice")
            names[key] = name
        setattr(namespace, self.dest, names)


def add_speaker_names_argument(parser: argparse.ArgumentParser | argparse._ArgumentGroup) -> None:
    """``--speaker-names A=NAME,...`` (repeatable)."""
    parser.add_argument(
        "--speaker-names",
        type=speaker_names,
        action=MergeSpeakerNames,
        metavar="A=NAME,...",
        default={},
        help=(
            "display names for the API's speaker letters (or channel numbers), e.g. A=Alice,B=Bob; "
            "repeatable; write a comma inside a name as \\, (A='Smith\\, Jane')"
        ),
    )


def add_speaker_arguments(parser: argparse.ArgumentParser, *, labels_help: str, label_format: bool) -> None:
    """The "speakers" group of the caption commands: ``--speaker-labels`` (with
    ``labels_help``), ``--speaker-names`` and, with ``label_format``, the SRT ``--label-format``."""
    group = parser.add_argument_group("speakers")
    from captionkit.options import DEFAULT_LABEL

    group.add_argument("--speaker-labels", action="store_true", help=labels_help)
    add_speaker_names_argument(group)
    if label_format:
        group.add_argument(
            "--label-format",
            default=DEFAULT_LABEL,
            metavar="TEMPLATE",
            help=f"the SRT speaker label put before the text, with {{speaker}} (default {DEFAULT_LABEL!r})",
        )


def _seconds_any(value: str) -> float:
    """argparse type: seconds, a finite number (may be negative)."""
    import math

    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected seconds (a number such as -1.5), got {value!r}") from None
    if not math.isfinite(number):
        raise argparse.ArgumentTypeError(f"expected a finite number of seconds, got {value!r}")
    return number


def _pause_seconds(value: str) -> float:
    """argparse type: seconds >= 1 ms."""
    number = _seconds_any(value)
    if number < 0.001:
        raise argparse.ArgumentTypeError(f"expected seconds >= 0.001, got {value!r}")
    return number


def add_cue_control_arguments(parser: argparse.ArgumentParser) -> None:
    """The "cue controls" group of the caption commands (captionkit.segment.controls): they
    act on the cues of any profile, before any format writes them."""
    from captionkit.cli.profile_args import positive_int

    group = parser.add_argument_group(
        "cue controls", "Applied to the cues of any profile and format (--fps is the profile option above)."
    )
    group.add_argument(
        "--max-words",
        type=positive_int,
        metavar="N",
        help="at most N words per caption: longer captions are split into one-line captions (social video)",
    )
    group.add_argument(
        "--split-pause",
        type=_pause_seconds,
        metavar="SECONDS",
        help="never a caption across a silence of SECONDS or more between two of its words",
    )
    group.add_argument(
        "--offset",
        type=_seconds_any,
        default=0.0,
        metavar="SECONDS",
        help="move every caption by SECONDS (may be negative; a caption moved before 0 is an error)",
    )
    group.add_argument(
        "--start-timecode",
        metavar="HH:MM:SS:FF",
        help="add this timecode to every caption, frames at --fps (e.g. 10:00:00:00; "
        "HH:MM:SS;FF is 29.97 drop-frame); the api profile needs --fps",
    )


def caption_options(args: argparse.Namespace) -> ExportOptions:
    """The caption options of a command's arguments (profile, cap, speakers, translation,
    cue controls); a usage error (exit 2) when they do not go together."""
    from captionkit.cli.profile_args import profile_from_args
    from captionkit.options import DEFAULT_LABEL, ExportOptions, check_caption_options
    from captionkit.profiles import ProfileError

    timecode = getattr(args, "start_timecode", None)
    fps = getattr(args, "fps", None)
    profile_args = args
    if timecode is not None and (getattr(args, "profile", "api") or "api") == "api":
        # with the api profile, --fps is the frame rate of --start-timecode only
        profile_args = argparse.Namespace(**{**vars(args), "fps": None})
    try:
        profile = profile_from_args(profile_args)
    except ProfileError as exc:
        args.parser.error(str(exc))
    try:
        options = ExportOptions(
            profile=profile,
            chars_per_caption=args.chars_per_caption,
            speaker_labels=args.speaker_labels,
            speaker_names=args.speaker_names,
            label_format=getattr(args, "label_format", DEFAULT_LABEL),
            language=getattr(args, "language", None),
            max_words=getattr(args, "max_words", None),
            split_pause=getattr(args, "split_pause", None),
            offset=getattr(args, "offset", 0.0) or 0.0,
            start_timecode=timecode,
            fps=fps,
        )
        check_caption_options(options)
    except ValueError as exc:
        args.parser.error(str(exc))
    return options


def write_stdout(text: str) -> None:
    """Write ``text`` as UTF-8 to standard output; a CaptionkitError when it cannot take it all."""
    if sys.stdout is None:
        raise CaptionkitError("standard output is closed: give -o FILE", source="<stdout>")
    try:
        view = memoryview(text.encode("utf-8"))
        while view:  # a short write (a file size limit) is an error, not a silent cut
            written = sys.stdout.buffer.write(view)
            if not written:
                raise OSError(errno.EIO, "the output took no more bytes")
            view = view[written:]
        sys.stdout.buffer.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise CaptionkitError(f"cannot write the output: {exc.strerror or exc}", source="<stdout>") from None


def discard_stdout() -> None:
    """Point standard output at the null device: the reader went away (``| head``), so the
    interpreter's final flush must not raise BrokenPipeError again."""
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
