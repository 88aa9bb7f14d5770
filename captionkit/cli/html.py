"""``captionkit html``: one self-contained review page (transcript, player, caption QC)."""

from __future__ import annotations

import argparse

from captionkit.cli._common import add_input_output, add_speaker_names_argument, load_input
from captionkit.cli.profile_args import add_profile_arguments

EXAMPLES = """\
examples:
  captionkit html transcript.json -o review.html
  captionkit html transcript.json --media interview.mp3 -o review.html
  captionkit html transcript.json --media https://example.org/talk.mp4 --profile bbc -o review.html
  captionkit html transcript.json --captions delivered.srt --media talk.mp4 -o qc.html
  captionkit html transcript.json --speaker-names A=Alice,B=Bob --confidence-threshold 0.7 -o review.html

The page is one file that loads nothing from the network: open it from disk in any browser.
A local --media file is linked relative to the page (keep them side by side), not embedded.
Without --captions the captions are captionkit's own for --profile (default netflix); with
--captions FILE that file is shown and checked against --profile instead. The QC part is
what `captionkit lint CAPTIONS --transcript TRANSCRIPT --profile P` reports.
"""


def _threshold(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if not 0.0 <= number <= 1.0:
        raise argparse.ArgumentTypeError(f"must be from 0 to 1, got {value}")
    return number


def register(subparsers: argparse._SubParsersAction) -> None:
    from captionkit.review import DEFAULT_CONFIDENCE_THRESHOLD, MEDIA_KINDS

    sub = subparsers.add_parser(
        "html",
        help="one self-contained HTML review page: transcript, player, captions and their QC",
        description="Write one self-contained HTML page to review a transcript: the words in speaker turns "
        "(click to seek), an optional audio/video player with the captions, and the captions' QC "
        "(reading-speed timeline, lint findings, per-rule summary).",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_input_output(sub)
    sub.add_argument(
        "--media",
        metavar="URL_OR_PATH",
        help="the audio or video to play along: a URL, or a local file (linked relative to the -o page)",
    )
    sub.add_argument(
        "--media-type",
        choices=MEDIA_KINDS,
        help="player element (default: video for .mp4/.webm/.mov/.mkv/..., else audio)",
    )
    sub.add_argument(
        "--captions",
        metavar="FILE",
        help="an SRT or WebVTT file to show and check instead of captionkit's own captions",
    )
    sub.add_argument(
        "--confidence-threshold",
        type=_threshold,
        default=DEFAULT_CONFIDENCE_THRESHOLD,
        metavar="X",
        help=f"mark words whose confidence is below X, 0 to 1 (default {DEFAULT_CONFIDENCE_THRESHOLD})",
    )
    sub.add_argument("--title", help="the page title (default: the transcript id)")
    add_speaker_names_argument(sub)
    add_profile_arguments(sub, default="netflix", choices=("netflix", "bbc", "dcmp"))
    sub.set_defaults(run=run, parser=sub)


def run(args: argparse.Namespace) -> str:
    from captionkit.cli.profile_args import profile_from_args
    from captionkit.review import media_url, read_captions, review_page

    try:
        profile = profile_from_args(args)
    except ValueError as exc:
        args.parser.error(str(exc))
    media = media_url(args.media, args.output) if args.media else None
    captions = read_captions(args.captions) if args.captions else None
    transcript = load_input(args)
    title = args.title
    if title is None and not transcript.id and args.input != "-":
        title = args.input
    return review_page(
        transcript,
        profile=profile,
        captions=captions,
        media=media,
        kind=args.media_type,
        speaker_names=args.speaker_names,
        confidence_threshold=args.confidence_threshold,
        title=title,
    )
