"""The CLI's subcommands: one module each, every module has ``register(subparsers)``.

A command's ``run(args)`` returns the text to print (or write to ``-o``) or an exit code.

Start-up time: only the module of the command being run is imported (with the library
modules it needs); every other command is listed by name and help line from
:data:`COMMANDS`, so ``captionkit --version`` and ``captionkit --help`` import nothing heavy.
"""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Sequence

from captionkit.formats import REGISTRY

#: The commands that are not formats: name -> (module in captionkit.cli, help line).
TOOLS: dict[str, tuple[str, str]] = {
    "lint": ("lint", "check any SRT/WebVTT file against a caption profile (Netflix, BBC, DCMP)"),
    "render": ("render", "render many transcripts (files, folders, globs) into many exports, in parallel"),
    "html": ("html", "one self-contained HTML review page: transcript, player, captions and their QC"),
    "convert": ("convert", "convert a caption file between formats (SRT, WebVTT, SBV...)"),
    "check": ("check", "check an API output (SRT, VTT, /sentences, /paragraphs) against the transcript and captionkit"),
    "reflow": ("reflow", "re-segment another tool's SRT/WebVTT for a caption profile (Netflix, BBC, DCMP)"),
}

#: Every command, in the order ``captionkit --help`` lists them: one per format of
#: :data:`captionkit.formats.REGISTRY` (module ``format``), then the tools.
COMMANDS: dict[str, tuple[str, str]] = {
    **{name: ("format", help_) for name, (_, help_) in REGISTRY.items()},
    **TOOLS,
}


def chosen_command(argv: Sequence[str]) -> str | None:
    """The command named on the command line (the first argument that is not an option)."""
    for arg in argv:
        if not arg.startswith("-"):
            return arg if arg in COMMANDS else None
    return None


def register_all(subparsers: argparse._SubParsersAction, chosen: str | None = None, *, full: bool = False) -> None:
    """Add every command to ``subparsers``: the module of the ``chosen`` command (every
    module with ``full``) registers its commands with all their options; the others are
    added by name and help line only."""
    for name, (module, help_) in COMMANDS.items():
        if full or name == chosen:
            command = importlib.import_module(f"captionkit.cli.{module}")
            if module == "format":
                command.register(subparsers, name)
            else:
                command.register(subparsers)
        else:
            subparsers.add_parser(name, help=help_, add_help=False)
