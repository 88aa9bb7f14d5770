"""``captionkit convert``: a caption file in any format captionkit reads, written in any
caption format it writes (both from :data:`captionkit.formats.REGISTRY`)."""

from __future__ import annotations

import argparse
import sys

from captionkit import formats
from captionkit.cli._common import write_stdout
from captionkit.options import DEFAULT_LABEL

EPILOG = """\
examples:
  captionkit convert captions.srt -o captions.vtt
  captionkit convert captions.vtt -o captions.sbv
  captionkit convert captions.sbv --to srt > captions.srt
  cat captions.txt | captionkit convert - --from srt --to vtt

The input format is found from the text (a WEBVTT header, an SRT or SBV first block), else
the input's extension, or given with --from; the output format is --to, else -o's
extension. Cue times and text are kept; WebVTT voices become the target's speaker marks;
styling (italics, bold...) is dropped with a warning: captionkit's cue model has none.
Exit status: 0 ok, 1 input that cannot be read, 2 usage error (an unknown format).
"""


def register(subparsers: argparse._SubParsersAction) -> None:
    readable = [f.name for f in formats.readable()]
    writable = [name for name in formats.names() if formats.get(name).captions]
    sub = subparsers.add_parser(
        "convert",
        help="convert a caption file between formats (SRT, WebVTT, SBV...)",
        description="Convert a caption file to another caption format: times and text kept.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub.add_argument("input", help="caption file, or - for standard input")
    sub.add_argument(
        "-o", "--output", metavar="FILE", help="write to FILE (its extension picks the format); - or none: stdout"
    )
    sub.add_argument("--to", choices=writable, help="output format (default: from -o's extension)")
    sub.add_argument(
        "--from", dest="from_", choices=readable, help="input format (default: from the text, else its extension)"
    )
    sub.add_argument(
        "--label-format",
        default=DEFAULT_LABEL,
        metavar="TEMPLATE",
        help=f"the speaker label of a voice written as text (SRT, SBV), with {{speaker}} (default {DEFAULT_LABEL!r})",
    )
    sub.set_defaults(run=run, parser=sub)


def run(args: argparse.Namespace) -> str | int:
    from captionkit.cli.lint import _read_captions
    from captionkit.convert import convert, writer_for
    from captionkit.options import check_label_format

    try:
        check_label_format(args.label_format)
    except ValueError as exc:
        args.parser.error(str(exc))
    to = args.to
    if to is None:
        if args.output in (None, "-"):
            args.parser.error("give --to FORMAT (or -o FILE with the format's extension) to write to stdout")
        try:
            to = writer_for(filename=args.output).name
        except ValueError as exc:
            args.parser.error(str(exc))
    source = "<stdin>" if args.input == "-" else args.input
    text, problems = _read_captions(args.input)
    try:
        out, warnings = convert(text, to, source=source, from_=args.from_, label_format=args.label_format)
    except ValueError as exc:
        args.parser.error(str(exc))
    for warning in [p.message for p in problems] + warnings:
        print(f"captionkit: warning: {source}: {warning}", file=sys.stderr)
    if args.output == "-":
        write_stdout(out)
        return 0
    return out
