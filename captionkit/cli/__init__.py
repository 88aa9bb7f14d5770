"""The ``captionkit`` command: a thin shell over the library.

Every subcommand lives in :mod:`captionkit.cli.commands`. Exit codes: 0 success, 1 bad input
(the message names the file, the field and the reason), 2 usage error.
"""

from __future__ import annotations

import argparse
import os
import sys
import warnings
from collections.abc import Sequence

from captionkit._version import __version__
from captionkit.cli._common import EXAMPLES, discard_stdout, write_stdout
from captionkit.cli.commands import chosen_command, register_all
from captionkit.errors import CaptionkitError, CaptionkitWarning


def build_parser(argv: Sequence[str] | None = None, *, full: bool = True) -> argparse.ArgumentParser:
    """The ``captionkit`` parser. With ``full=False`` only the command named in ``argv``
    gets its options (and imports its modules); the others are listed by name and help."""
    parser = argparse.ArgumentParser(
        prog="captionkit",
        description="Render saved AssemblyAI transcripts as captions and exports, offline.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"captionkit {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    register_all(commands, chosen_command(argv or ()), full=full)
    return parser


def _same_file(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _run(args: argparse.Namespace, source: object) -> object:
    """The command's result; captionkit's warnings reported after it (even when it fails)."""
    caught: list[warnings.WarningMessage] = []
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", CaptionkitWarning)
            return args.run(args)
    finally:
        _report_warnings(caught, source)


def _report_warnings(caught: list[warnings.WarningMessage], source: object) -> None:
    """captionkit's warnings as ``captionkit: warning: FILE: ...`` lines; others as Python shows them."""
    name = "<stdin>" if source == "-" else source if isinstance(source, str) else None
    for w in caught:
        if issubclass(w.category, CaptionkitWarning):
            where = f"{name}: " if name else ""
            print(f"captionkit: warning: {where}{w.message}", file=sys.stderr)
        else:
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno, source=w.source)


def main(argv: Sequence[str] | None = None) -> int:
    if argv is None:
        argv = sys.argv[1:]
    parser = build_parser(argv, full=False)
    args = parser.parse_args(argv)
    output = getattr(args, "output", None)
    source = getattr(args, "input", None)
    if output and isinstance(source, str) and source != "-" and _same_file(output, source):
        parser.exit(2, f"captionkit: error: -o {output} is the input file: it would be overwritten\n")
    try:
        result = _run(args, source)
        if isinstance(result, int):
            return result
        if output:
            from captionkit.io import write_atomic

            try:
                write_atomic(output, result)
            except OSError as exc:
                raise CaptionkitError(f"cannot write the output: {exc.strerror or exc}", source=output) from None
        else:
            write_stdout(result)
    except KeyboardInterrupt:
        print("captionkit: interrupted", file=sys.stderr)
        return 130
    except CaptionkitError as exc:
        source = getattr(args, "input", None)
        if exc.source is None and isinstance(source, str):
            # found after loading (no speakers, no such translation...): still name the file
            exc.source = "<stdin>" if source == "-" else source
        print(f"captionkit: error: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        # the reader went away (e.g. `| head`): not an error of ours
        discard_stdout()
        return 0
    return 0
