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

#: Every command, in the order ``captionkit --help`` lists them: name -> (module, help line).
#: A module's commands are listed together; each module's parser uses the same help line.
COMMANDS: dict[str, tuple[str, str]] = {
    "srt": ("captions", "SubRip (.srt) captions, laid out as the API's /srt endpoint writes them"),
    "vtt": ("captions", "WebVTT (.vtt) captions, laid out as the API's /vtt endpoint writes them"),
    "sentences": ("exports", "the transcript's sentences, as JSON shaped like GET /v2/transcript/{id}/sentences"),
    "paragraphs": ("exports", "the transcript's paragraphs, as JSON shaped like GET /v2/transcript/{id}/paragraphs"),
    "words": ("exports", "a word timestamp table: text,start,end,confidence,speaker[,channel]"),
    "text": ("exports", "speaker-labelled text, one line per speaker turn: [Speaker A] 00:01:02 -> text"),
    "lint": ("lint", "check any SRT/WebVTT file against a caption profile (Netflix, BBC, DCMP)"),
    "render": ("render", "render many transcripts (files, folders, globs) into many exports, in parallel"),
    "html": ("html", "one self-contained HTML review page: transcript, player, captions and their QC"),
    "check": ("check", "check an API output (SRT, VTT, /sentences, /paragraphs) against the transcript and captionkit"),
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
    wanted = {module for module, _ in COMMANDS.values()} if full else {COMMANDS.get(chosen or "", ("", ""))[0]}
    done: set[str] = set()
    for name, (module, help_) in COMMANDS.items():
        if module in wanted:
            if module not in done:
                importlib.import_module(f"captionkit.commands.{module}").register(subparsers)
                done.add(module)
        else:
            subparsers.add_parser(name, help=help_, add_help=False)
