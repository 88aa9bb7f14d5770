"""``captionkit srt`` and ``captionkit vtt``."""

from __future__ import annotations

import argparse

from captionkit.commands._common import EXAMPLES, add_input_output, load_input, positive_int
from captionkit.formats import WRITERS


def register(subparsers: argparse._SubParsersAction) -> None:
    for fmt, title in (("srt", "SubRip (.srt)"), ("vtt", "WebVTT (.vtt)")):
        sub = subparsers.add_parser(
            fmt,
            help=f"{title} captions, laid out as the API's /{fmt} endpoint writes them",
            description=f"Write {title} captions of a saved transcript, as GET /v2/transcript/{{id}}/{fmt} would.",
            epilog=EXAMPLES,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        add_input_output(sub)
        sub.add_argument(
            "--chars-per-caption",
            type=positive_int,
            metavar="N",
            help="at most N characters per caption, spaces included (the API's chars_per_caption); "
            "a single longer word gets a caption of its own",
        )
        sub.set_defaults(run=run, format=fmt)


def run(args: argparse.Namespace) -> str:
    transcript = load_input(args)
    return WRITERS[args.format].dumps(transcript.captions(args.chars_per_caption))
