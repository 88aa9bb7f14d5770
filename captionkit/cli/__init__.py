"""The ``captionkit`` command: a thin shell over the library.

Every subcommand lives in :mod:`captionkit.cli.commands`. Exit codes: 0 success, 1 bad input
(the message names the file, the field and the reason), 2 usage error.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from captionkit._version import __version__
from captionkit.cli._common import EXAMPLES, discard_stdout, write_stdout
from captionkit.cli.commands import chosen_command, register_all
from captionkit.errors import CaptionkitError, collected_warnings


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
    """The command's result; captionkit's warnings printed after it (even when it fails) as
    ``captionkit: warning: FILE: ...`` lines."""
    found: list[str] = []
    try:
        with collected_warnings() as found:
            return args.run(args)
    finally:
        where = f"{'<stdin>' if source == '-' else source}: " if isinstance(source, str) else ""
        for message in found:
            print(f"captionkit: warning: {where}{message}", file=sys.stderr)


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
