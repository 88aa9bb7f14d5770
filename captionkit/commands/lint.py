"""``captionkit lint``: a QC report for any SRT or WebVTT file against a caption profile."""

from __future__ import annotations

import argparse
from pathlib import Path

from captionkit.batch import write_atomic
from captionkit.commands._common import discard_stdout, write_stdout
from captionkit.errors import CaptionkitError, CaptionParseError, InputError
from captionkit.lint import lint_text
from captionkit.load import load, read_stdin
from captionkit.profiles import add_profile_arguments, profile_from_args

EPILOG = """\
examples:
  captionkit lint out.srt --profile netflix
  captionkit lint api.srt --profile netflix --transcript transcript.json --format json
  captionkit lint captions.vtt --profile bbc --max-chars-per-line 40
  captionkit lint subtitulos.srt --profile netflix --language es

Exit status: 0 when every hard rule (severity "error") holds, 1 when one fails or the
file cannot be read, 2 usage error. Warnings (reading speed, minimum duration, line shape
and breaks: verbatim speech cannot always meet them) are reported but do not fail the
check unless --strict is given.
"""


def register(subparsers: argparse._SubParsersAction) -> None:
    sub = subparsers.add_parser(
        "lint",
        help="check any SRT/WebVTT file against a caption profile (Netflix, BBC, DCMP)",
        description="Check an SRT or WebVTT file (ours or any other) against a broadcast caption profile:\n"
        "per rule, the conformity percentage and every violation (cue number, rule, value, limit).",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub.add_argument("input", help="SRT or WebVTT file, or - for standard input")
    sub.add_argument(
        "--transcript",
        metavar="JSON",
        help="the AssemblyAI transcript the captions were made from: also check completeness and sync",
    )
    sub.add_argument("--format", choices=("text", "json"), default="text", help="report format (default: text)")
    sub.add_argument(
        "--input-format",
        choices=("srt", "vtt"),
        help="caption format of the input (default: from the file extension, else the WEBVTT header)",
    )
    sub.add_argument(
        "--language",
        metavar="CODE",
        help="language of the captions (es, fr, en_us...): its per-language limits and the words a line must "
        "not end on (default: the transcript's language_code, else English, or the script for CJK)",
    )
    sub.add_argument("--strict", action="store_true", help="fail (exit 1) on warnings too, not only on hard rules")
    sub.add_argument("-o", "--output", metavar="FILE", help="write the report to FILE instead of standard output")
    add_profile_arguments(sub, default="netflix", choices=("netflix", "bbc", "dcmp"))
    sub.set_defaults(run=run, parser=sub)


def _read_captions(name: str) -> str:
    if name == "-":
        raw = read_stdin()
        label = "<stdin>"
    else:
        try:
            raw = Path(name).read_bytes()
        except OSError as exc:
            raise InputError(f"cannot read the file: {exc.strerror or exc}", source=name) from None
        label = name
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CaptionParseError(f"not UTF-8 (byte {exc.start}): caption files must be UTF-8", source=label) from None


def run(args: argparse.Namespace) -> int:
    try:
        profile = profile_from_args(args)
    except ValueError as exc:  # limits that do not go together: a usage error, as in srt/vtt
        args.parser.error(str(exc))
    assert profile is not None  # lint has no api profile
    text = _read_captions(args.input)
    source = "<stdin>" if args.input == "-" else args.input
    words = None
    language = args.language
    if args.transcript:
        transcript = load(Path(args.transcript), name=args.transcript)
        words = transcript.words
        language = language or transcript.language_code
    report = lint_text(text, profile, fmt=args.input_format, source=source, words=words, language=language)
    report.strict = args.strict
    out = report.to_json() if args.format == "json" else report.to_text()
    if args.output:
        try:
            write_atomic(args.output, out)
        except OSError as exc:
            raise CaptionkitError(f"cannot write the report: {exc.strerror or exc}", source=args.output) from None
    else:
        try:
            write_stdout(out)
        except BrokenPipeError:
            # the reader stopped reading (`| head`): the verdict still decides the exit status
            discard_stdout()
    return 0 if report.ok else 1
