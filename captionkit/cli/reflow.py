"""``captionkit reflow``: another tool's SRT/WebVTT segmented again for a caption profile
(:mod:`captionkit.reflow`)."""

from __future__ import annotations

import argparse
from pathlib import Path

from captionkit.cli._common import add_cue_control_arguments
from captionkit.cli.profile_args import add_profile_arguments
from captionkit.errors import CaptionkitError

EXAMPLES = """\
examples:
  captionkit reflow other-tool.srt --profile netflix -o netflix.srt
  captionkit reflow other-tool.vtt --profile bbc --transcript transcript.json -o bbc.vtt
  captionkit reflow api.srt --profile dcmp -o dcmp.vtt          (output format from -o)

Without --transcript each word's time is interpolated inside its cue (by its characters;
about 0.2 s mean error on the API's own SRT); with it the words and times are the
transcript's, for the part of it the captions cover.
"""


def register(subparsers: argparse._SubParsersAction) -> None:
    sub = subparsers.add_parser(
        "reflow",
        help="re-segment another tool's SRT/WebVTT for a caption profile (Netflix, BBC, DCMP)",
        description="Segment the words of a caption file again for a caption profile.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub.add_argument("input", metavar="CAPTIONS", help="SRT or WebVTT file, or - for standard input")
    sub.add_argument("-o", "--output", metavar="FILE", help="write to FILE (its extension picks the format)")
    sub.add_argument("--transcript", metavar="JSON", help="the AssemblyAI transcript: real word times")
    sub.add_argument("--to", metavar="FORMAT", help="output format (default: from -o, else the input's)")
    add_profile_arguments(sub)
    add_cue_control_arguments(sub)
    sub.set_defaults(run=run, parser=sub)


def run(args: argparse.Namespace) -> str:
    from captionkit import formats
    from captionkit.cli._common import caption_options
    from captionkit.cli.lint import decode_captions
    from captionkit.inputs import load, read_stdin
    from captionkit.reflow import reflow

    args.chars_per_caption = None
    args.speaker_labels = False
    args.speaker_names = {}
    options = caption_options(args)
    label = "<stdin>" if args.input == "-" else args.input
    try:
        raw = read_stdin() if args.input == "-" else Path(args.input).read_bytes()
    except OSError as exc:
        raise CaptionkitError(f"cannot read: {exc.strerror or exc}", source=label) from None
    text, _ = decode_captions(raw, label)
    target = args.to or formats.by_extension(args.output)
    if target is not None and target not in formats.REGISTRY:
        args.parser.error(f"unknown format {target!r}; known: {', '.join(formats.REGISTRY)}")
    transcript = load(Path(args.transcript), name=args.transcript) if args.transcript else None
    return reflow(text, options.profile, transcript=transcript, source=label, output_format=target, options=options)
