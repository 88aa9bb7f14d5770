"""The ``captionkit`` command: a thin shell over the library.

Exit codes: 0 success, 1 bad input (the message names the file, the field and the
reason), 2 usage error.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

import captionkit
from captionkit.errors import CaptionkitError
from captionkit.formats import WRITERS
from captionkit.load import load, read_stdin
from captionkit.model import Transcript

EXAMPLES = """\
examples:
  captionkit srt transcript.json --chars-per-caption 32 -o transcript.srt
  captionkit vtt transcript.json > transcript.vtt
  cat transcript.json | captionkit srt -
  python -m captionkit vtt transcript.json --chars-per-caption 40

captionkit reads saved AssemblyAI transcript JSON (a full transcript, or a /sentences or
/paragraphs response) and renders captions offline, deterministically: the same input
always gives the same output. Exit status: 0 ok, 1 bad input, 2 usage error.
"""


def positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a positive whole number, got {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"expected a positive whole number, got {value!r}")
    return number


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="captionkit",
        description="Render saved AssemblyAI transcripts as captions and exports, offline.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"captionkit {captionkit.__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for fmt, title in (("srt", "SubRip (.srt)"), ("vtt", "WebVTT (.vtt)")):
        sub = commands.add_parser(
            fmt,
            help=f"{title} captions, laid out as the API's /{fmt} endpoint writes them",
            description=f"Write {title} captions of a saved transcript, as GET /v2/transcript/{{id}}/{fmt} would.",
            epilog=EXAMPLES,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        _input_output(sub)
        sub.add_argument(
            "--chars-per-caption",
            type=positive_int,
            metavar="N",
            help="at most N characters per caption, spaces included (the API's chars_per_caption); "
            "a single longer word gets a caption of its own",
        )
        sub.set_defaults(run=_captions(fmt))
    return parser


def _input_output(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("input", help="transcript JSON file, or - for standard input")
    sub.add_argument("-o", "--output", metavar="FILE", help="write to FILE (atomically) instead of standard output")


def _captions(fmt: str) -> Callable[[argparse.Namespace, Transcript], str]:
    def run(args: argparse.Namespace, transcript: Transcript) -> str:
        return WRITERS[fmt].dumps(transcript.captions(args.chars_per_caption))

    return run


def write_atomic(path: str | os.PathLike[str], text: str) -> None:
    """Write ``text`` as UTF-8 to ``path`` via a temporary file and a rename: readers see
    the old file or the whole new one, never a part."""
    target = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent or ".")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.input == "-":
            transcript = load(read_stdin(), name="<stdin>")
        else:
            transcript = load(Path(args.input), name=args.input)
        text = args.run(args, transcript)
        if args.output:
            try:
                write_atomic(args.output, text)
            except OSError as exc:
                raise CaptionkitError(f"cannot write the output: {exc.strerror or exc}", source=args.output) from None
        else:
            sys.stdout.buffer.write(text.encode("utf-8"))
            sys.stdout.buffer.flush()
    except CaptionkitError as exc:
        print(f"captionkit: error: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        # the reader went away (e.g. `| head`): not an error of ours
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    return 0
