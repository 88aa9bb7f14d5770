"""``captionkit lint``: a QC report for any caption file captionkit reads (SRT, WebVTT, SBV...:
the readable formats of the registry) against a caption profile."""

from __future__ import annotations

import argparse
import codecs
from pathlib import Path

from captionkit import formats
from captionkit.cli._common import discard_stdout, write_stdout
from captionkit.cli.profile_args import add_profile_arguments, profile_from_args
from captionkit.errors import CaptionkitError, CaptionParseError, InputError
from captionkit.inputs import load
from captionkit.io import read_stdin, write_atomic
from captionkit.qa.lint import LintReport, Violation, lint_text, unreadable_report

EPILOG = """\
examples:
  captionkit lint out.srt --profile netflix
  captionkit lint api.srt --profile netflix --transcript transcript.json --format json
  captionkit lint captions.vtt --profile bbc --max-chars-per-line 40
  captionkit lint subtitulos.srt --profile netflix --language es
  captionkit lint youtube.sbv --profile bbc

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
    sub.add_argument("input", help="caption file (SRT, WebVTT, SBV...), or - for standard input")
    sub.add_argument(
        "--transcript",
        metavar="JSON",
        help="the AssemblyAI transcript the captions were made from: also check completeness and sync",
    )
    sub.add_argument("--format", choices=("text", "json"), default="text", help="report format (default: text)")
    sub.add_argument(
        "--input-format",
        choices=[f.name for f in formats.readable()],
        help="caption format of the input (default: what the text looks like, else the file extension, else srt)",
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


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32 LE"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32 BE"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16 LE"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16 BE"),
)


def decode_captions(raw: bytes, label: str) -> tuple[str, list[Violation]]:
    """The text of a caption file and the format problems of its encoding.

    UTF-8 (with or without a byte-order mark) is read as it is. UTF-16/32 with a byte-order
    mark is unambiguous, so it is read and reported as a ``format`` error (caption files
    must be UTF-8). Anything else that is not UTF-8 is an error naming the line, the
    column, the byte and what the file probably is."""
    if not raw.startswith(codecs.BOM_UTF8):
        for bom, codec, name in _BOMS:
            if raw.startswith(bom):
                try:
                    text = raw[len(bom) :].decode(codec)
                except UnicodeDecodeError:
                    break
                problem = Violation(
                    "format",
                    None,
                    name,
                    "UTF-8",
                    f"the file is {name} (it starts with a byte-order mark): caption files must be UTF-8",
                )
                return text, [problem]
    # text of mostly Latin letters in UTF-16 has a NUL in every other byte
    half = max(len(raw) // 2, 1)
    utf16 = "utf-16-le" if raw[1::2].count(0) > half // 2 else "utf-16-be" if raw[0::2].count(0) > half // 2 else None
    if utf16 and len(raw) % 2 == 0:
        try:
            text = raw.decode(utf16)
        except UnicodeDecodeError:
            pass
        else:
            name = utf16.upper().replace("-LE", " LE").replace("-BE", " BE")
            problem = Violation(
                "format",
                None,
                name,
                "UTF-8",
                f"the file is {name} without a byte-order mark: caption files must be UTF-8",
            )
            return text, [problem]
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        at = exc.start
        line = raw.count(b"\n", 0, at) + 1
        column = at - (raw.rfind(b"\n", 0, at) + 1) + 1
        byte = raw[at]
        if utf16:
            guess = "it looks like UTF-16 without a byte-order mark"
        else:
            guess = f"in cp1252/Latin-1 it would be {bytes([byte]).decode('cp1252', errors='replace')!r}"
        raise CaptionParseError(
            f"not UTF-8 at line {line}, column {column}: byte 0x{byte:02X} ({guess}); caption files must be "
            "UTF-8: re-save the file as UTF-8",
            source=label,
        ) from None


def _read_captions(name: str) -> tuple[str, list[Violation]]:
    if name == "-":
        raw = read_stdin()
        label = "<stdin>"
    else:
        try:
            raw = Path(name).read_bytes()
        except OSError as exc:
            raise InputError(f"cannot read the file: {exc.strerror or exc}", source=name) from None
        label = name
    return decode_captions(raw, label)


def run(args: argparse.Namespace) -> int:
    try:
        profile = profile_from_args(args)
    except ValueError as exc:  # limits that do not go together: a usage error, as in srt/vtt
        args.parser.error(str(exc))
    assert profile is not None  # lint has no api profile
    source = "<stdin>" if args.input == "-" else args.input
    try:
        text, problems = _read_captions(args.input)
        words = None
        language = args.language
        if args.transcript:
            transcript = load(Path(args.transcript), name=args.transcript)
            words = transcript.words
            language = language or transcript.language_code
        report = lint_text(
            text, profile, fmt=args.input_format, source=source, words=words, language=language, extra=problems
        )
    except CaptionkitError as exc:
        # no report of the captions: still one, saying why, where a report is expected
        report = unreadable_report(profile, source, str(exc))
        report.strict = args.strict
        if args.format == "json" or args.output:
            _emit(args, report)
        raise
    report.strict = args.strict
    _emit(args, report)
    return 0 if report.ok else 1


def _emit(args: argparse.Namespace, report: LintReport) -> None:
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
