"""``captionkit srt`` and ``captionkit vtt``."""

from __future__ import annotations

import argparse

from captionkit.commands._common import EXAMPLES, add_input_output, load_input, speaker_names
from captionkit.exports import EXPORTS, ExportOptions
from captionkit.formats.base import DEFAULT_LABEL
from captionkit.profiles import ProfileError, add_profile_arguments, positive_int, profile_from_args


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
        speakers = sub.add_argument_group("speakers")
        speakers.add_argument(
            "--speaker-labels",
            action="store_true",
            help="a new caption at every change of speaker, the speaker shown "
            + (
                "as a label before the text (counted within --chars-per-caption)"
                if fmt == "srt"
                else "as a WebVTT voice span <v Speaker A>...</v>"
            ),
        )
        speakers.add_argument(
            "--speaker-names",
            type=speaker_names,
            metavar="A=NAME,...",
            default={},
            help="display names for the API's speaker letters (or channel numbers), e.g. A=Alice,B=Bob",
        )
        if fmt == "srt":
            speakers.add_argument(
                "--label-format",
                default=DEFAULT_LABEL,
                metavar="TEMPLATE",
                help=f"the speaker label put before the text, with {{speaker}} (default {DEFAULT_LABEL!r})",
            )
        speakers.add_argument(
            "--language",
            metavar="CODE",
            help="render the utterances' translated_texts[CODE] instead of the words, timed by the utterance",
        )
        add_profile_arguments(sub)
        sub.set_defaults(run=run, format=fmt, parser=sub)


def run(args: argparse.Namespace) -> str:
    try:
        profile = profile_from_args(args)
    except ProfileError as exc:
        args.parser.error(str(exc))
    if profile is not None and (args.chars_per_caption is not None or args.language is not None):
        args.parser.error(
            "--chars-per-caption and --language work with the api profile only; "
            f"--profile {profile.name} lays out the words itself (use --max-chars-per-line)"
        )
    transcript = load_input(args)
    options = ExportOptions(
        profile=profile,
        chars_per_caption=args.chars_per_caption,
        speaker_labels=args.speaker_labels,
        speaker_names=args.speaker_names,
        label_format=getattr(args, "label_format", DEFAULT_LABEL),
        language=args.language,
    )
    return EXPORTS[args.format].render(transcript, options)
