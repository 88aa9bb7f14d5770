"""What every command shares: reading the transcript argument, writing the output."""

from __future__ import annotations

import argparse
from pathlib import Path

from captionkit.load import load, read_stdin
from captionkit.model import Transcript

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
    if args.input == "-":
        return load(read_stdin(), name="<stdin>")
    return load(Path(args.input), name=args.input)


def speaker_names(value: str) -> dict[str, str]:
    """argparse type: ``A=Alice,B=Bob``."""
    from captionkit.speakers import parse_names

    try:
        return parse_names(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
