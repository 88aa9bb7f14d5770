"""``captionkit sentences``, ``paragraphs``, ``words`` and ``text``."""

from __future__ import annotations

import argparse

from captionkit.cli._common import add_input_output, add_speaker_names_argument, load_input
from captionkit.documents.speakers import DEFAULT_TEMPLATE, TEMPLATE_FIELDS, TIMECODES, check_template
from captionkit.formats.table import TABLE_FORMATS
from captionkit.pipeline import EXPORTS, ExportOptions


def _template(value: str) -> str:
    try:
        check_template(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return value


def _parser(subparsers: argparse._SubParsersAction, name: str, help_: str, examples: str) -> argparse.ArgumentParser:
    sub = subparsers.add_parser(
        name,
        help=help_,
        description=help_,
        epilog="examples:\n" + examples,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_input_output(sub)
    sub.set_defaults(run=run, export=name)
    return sub


def register(subparsers: argparse._SubParsersAction) -> None:
    sub = _parser(
        subparsers,
        "sentences",
        "the transcript's sentences, as JSON shaped like GET /v2/transcript/{id}/sentences",
        "  captionkit sentences transcript.json\n  captionkit sentences transcript.json --text\n",
    )
    sub.add_argument("--text", dest="plain_text", action="store_true", help="one sentence per line instead of JSON")
    sub = _parser(
        subparsers,
        "paragraphs",
        "the transcript's paragraphs, as JSON shaped like GET /v2/transcript/{id}/paragraphs",
        "  captionkit paragraphs transcript.json\n  captionkit paragraphs transcript.json --text\n",
    )
    sub.add_argument(
        "--text", dest="plain_text", action="store_true", help="the paragraph texts separated by blank lines"
    )
    sub = _parser(
        subparsers,
        "words",
        "a word timestamp table: text,start,end,confidence,speaker[,channel]",
        "  captionkit words transcript.json --format csv\n  captionkit words transcript.json --format json --seconds\n",
    )
    sub.add_argument("--format", dest="word_format", choices=TABLE_FORMATS, default="csv", help="default: csv")
    sub.add_argument("--seconds", action="store_true", help="times in seconds (3 decimals) instead of milliseconds")
    sub.add_argument(
        "--no-formula-escape",
        dest="escape_formulas",
        action="store_false",
        help="csv/tsv: write every cell exactly as it is (by default a text cell starting with = + - @, a tab or "
        "a CR gets a leading ' so that a spreadsheet shows it instead of running it as a formula)",
    )
    sub = _parser(
        subparsers,
        "text",
        "speaker-labelled text, one line per speaker turn: [Speaker A] 00:01:02 -> text "
        "(a transcript without speaker labels: one line per paragraph, 00:01:02 -> text)",
        "  captionkit text transcript.json\n"
        "  captionkit text transcript.json --template '{speaker}: {text}' --speaker-names A=Alice,B=Bob\n"
        "  captionkit text transcript.json --timecode hms.ms --language es\n",
    )
    sub.add_argument(
        "--template",
        type=_template,
        default=DEFAULT_TEMPLATE,
        help=f"line template (default {DEFAULT_TEMPLATE!r}); fields: " + ", ".join(f"{{{f}}}" for f in TEMPLATE_FIELDS),
    )
    sub.add_argument("--timecode", choices=TIMECODES, default="hms", help="how {start}/{end} are written (default hms)")
    add_speaker_names_argument(sub)
    sub.add_argument("--language", metavar="CODE", help="the utterances' translated_texts[CODE] instead of the text")


def run(args: argparse.Namespace) -> str:
    transcript = load_input(args)
    options = ExportOptions(
        plain_text=getattr(args, "plain_text", False),
        word_format=getattr(args, "word_format", "csv"),
        seconds=getattr(args, "seconds", False),
        escape_formulas=getattr(args, "escape_formulas", True),
        template=getattr(args, "template", DEFAULT_TEMPLATE),
        timecode=getattr(args, "timecode", "hms"),
        speaker_names=getattr(args, "speaker_names", {}),
        language=getattr(args, "language", None),
    )
    return EXPORTS[args.export].render(transcript, options)
