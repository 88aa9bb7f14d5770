"""``captionkit check``: an API output against its transcript and against captionkit's rendering."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING

from captionkit.cli.profile_args import positive_int
from captionkit.errors import InputError
from captionkit.inputs import load

if TYPE_CHECKING:
    from captionkit.model.transcript import Transcript

#: captionkit.qa.compare.KINDS (not imported here: the module loads only when check runs)
KINDS = ("srt", "vtt", "sentences", "paragraphs")

EXAMPLES = """\
examples:
  captionkit check transcript.json api_output.srt --chars-per-caption 40
  captionkit check transcript.json api_sentences.json
  captionkit check transcript.txt api_output.vtt       # words as plain text: no times checked
  captionkit check api_output.vtt                       # the file on its own

API_OUTPUT is detected from its content: SRT, WebVTT, a /sentences or /paragraphs JSON
response, or paragraph texts separated by blank lines (sentence texts one per line).
TRANSCRIPT is a transcript JSON, or plain text (its words). A /sentences or /paragraphs
response given alone is compared with captionkit's segmentation of its own words.
Exit status: 0 when captionkit's output keeps every invariant the API's output keeps,
1 when it does not or an input is bad (with --strict, also when the API output breaks
one), 2 usage error.
"""


def register(subparsers: argparse._SubParsersAction) -> None:
    sub = subparsers.add_parser(
        "check",
        usage="captionkit check [-h] [--chars-per-caption N] [--kind KIND] [--json] [--strict] [TRANSCRIPT] API_OUTPUT",
        help="check an API output (SRT, VTT, /sentences, /paragraphs) against the transcript and captionkit",
        description="Check what the API returned against the transcript's words, render the same with "
        "captionkit, and compare: invariants kept by each, boundary precision/recall/F1, text and timing identity.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub.add_argument(
        "files", nargs="+", metavar="[TRANSCRIPT] API_OUTPUT", help="the transcript (optional), then the API output"
    )
    sub.add_argument(
        "--chars-per-caption",
        type=positive_int,
        metavar="N",
        help="the chars_per_caption the API output was made with (captions)",
    )
    sub.add_argument("--kind", choices=KINDS, help="what the API output is (default: detected from its content)")
    sub.add_argument("--json", action="store_true", help="print the result as JSON")
    sub.add_argument(
        "--strict",
        action="store_true",
        help="also fail (exit 1) when the API output itself breaks an invariant: a gate on API files",
    )
    sub.set_defaults(run=run, parser=sub)


def run(args: argparse.Namespace) -> int:
    from captionkit.qa.compare import compare, parse_api_output

    if len(args.files) > 2:
        args.parser.error("give at most two files: [TRANSCRIPT] API_OUTPUT")
    *given, api_path = args.files
    api = parse_api_output(_read_text(api_path), source=api_path, kind=args.kind)
    transcript: Transcript | list[str] | None = None
    if given:
        text = _read_text(given[0])
        if text.lstrip("\ufeff \t\r\n").startswith("{"):
            transcript = load(text.encode("utf-8"), name=given[0])
        else:
            transcript = text.split()
            if not transcript:
                raise InputError("no words in the transcript text", source=given[0])
    result = compare(
        transcript,
        api,
        chars_per_caption=args.chars_per_caption,
        api_name=api_path,
        transcript_name=given[0] if given else None,
    )
    print(json.dumps(result.to_json(), indent=2) if args.json else result)
    return 0 if result.ok and not (args.strict and result.api_broken) else 1


def _read_text(path: str) -> str:
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read the file: {exc.strerror or exc}", source=path) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text (byte {exc.start})", source=path) from None
