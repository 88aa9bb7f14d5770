"""A subcommand for every format in :data:`captionkit.formats.REGISTRY` (``captionkit srt``,
``captionkit sentences``, ...): its options are the format's own (:class:`~captionkit.formats.base.Arg`)
plus, for a caption format, the caption options every caption format takes."""

from __future__ import annotations

import argparse
import dataclasses
from typing import TYPE_CHECKING

from captionkit import formats
from captionkit.cli._common import (
    EXAMPLES,
    add_cue_control_arguments,
    add_input_output,
    add_speaker_arguments,
    add_speaker_names_argument,
    caption_options,
    load_input,
)

if TYPE_CHECKING:
    from captionkit.formats.base import Format
    from captionkit.options import ExportOptions


def register(subparsers: argparse._SubParsersAction, name: str) -> None:
    """Add the subcommand of the format ``name``."""
    from captionkit.cli.profile_args import add_profile_arguments, positive_int

    fmt = formats.get(name)
    sub = subparsers.add_parser(
        name,
        help=fmt.help,
        description=fmt.description or fmt.help,
        epilog=EXAMPLES if fmt.captions else "examples:\n" + fmt.examples,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_input_output(sub)
    if fmt.captions:
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
                if fmt.labels_in_text  # type: ignore[attr-defined]
                else "in the format's own way"
            ),
            label_format=False,
        )
        sub.add_argument(
            "--language",
            metavar="CODE",
            help="render the utterances' translated_texts[CODE] instead of the words, timed by the utterance",
        )
        add_profile_arguments(sub)
        add_cue_control_arguments(sub)
    elif getattr(fmt, "speaker_names", False):
        add_speaker_names_argument(sub)
    for arg in fmt.arguments:
        sub.add_argument(*arg.flags, **arg.kwargs)
    sub.set_defaults(run=run, format=name, parser=sub)


def options_from_args(fmt: Format, args: argparse.Namespace) -> ExportOptions:
    """The :class:`ExportOptions` of a format command's arguments: the caption options (a
    usage error when they do not go together), then each of the format's own options, in
    its ExportOptions field or in ``extra``."""
    from captionkit.options import ExportOptions

    options = caption_options(args) if fmt.captions else ExportOptions(speaker_names=getattr(args, "speaker_names", {}))
    fields = {f.name for f in dataclasses.fields(ExportOptions)}
    own: dict[str, object] = {}
    extra: dict[str, object] = {}
    for arg in fmt.arguments:
        action = argparse.ArgumentParser().add_argument(*arg.flags, **arg.kwargs)
        value = getattr(args, action.dest)
        (own if action.dest in fields else extra)[action.dest] = value
    if extra:
        own["extra"] = {**options.extra, **extra}
    try:
        return dataclasses.replace(options, **own) if own else options
    except ValueError as exc:
        args.parser.error(str(exc))
        raise


def run(args: argparse.Namespace) -> str:
    fmt = formats.get(args.format)
    options = options_from_args(fmt, args)
    return fmt.render(load_input(args), options)
