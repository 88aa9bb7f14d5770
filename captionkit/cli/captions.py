"""``captionkit srt`` and ``captionkit vtt``."""

from __future__ import annotations

import argparse

from captionkit.cli._common import EXAMPLES, add_input_output, add_speaker_arguments, caption_options, load_input
from captionkit.cli.commands import COMMANDS
from captionkit.pipeline import EXPORTS
from captionkit.profiles import add_profile_arguments, positive_int


def register(subparsers: argparse._SubParsersAction) -> None:
    for fmt, title in (("srt", "SubRip (.srt)"), ("vtt", "WebVTT (.vtt)")):
        sub = subparsers.add_parser(
            fmt,
            help=COMMANDS[fmt][1],
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
        add_speaker_arguments(
            sub,
            labels_help="a new caption at every change of speaker, the speaker shown "
            + (
                "as a label before the text (counted within --chars-per-caption)"
                if fmt == "srt"
                else "as a WebVTT voice span <v Speaker A>...</v>"
            ),
            label_format=fmt == "srt",
        )
        sub.add_argument(
            "--language",
            metavar="CODE",
            help="render the utterances' translated_texts[CODE] instead of the words, timed by the utterance",
        )
        add_profile_arguments(sub)
        sub.set_defaults(run=run, format=fmt, parser=sub)


def run(args: argparse.Namespace) -> str:
    options = caption_options(args)
    return EXPORTS[args.format].render(load_input(args), options)
