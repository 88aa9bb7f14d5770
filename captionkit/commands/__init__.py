"""The CLI's subcommands: one module each, every module has ``register(subparsers)``.

A command's ``run(args)`` returns the text to print (or write to ``-o``) or an exit code.
"""

from __future__ import annotations

import importlib

#: Command modules, in the order ``captionkit --help`` lists them. A module that is not
#: present (a feature not installed yet) is skipped.
MODULES = ("captions", "exports", "lint", "render", "check")


def register_all(subparsers) -> None:  # type: ignore[no-untyped-def]
    for name in MODULES:
        try:
            module = importlib.import_module(f"captionkit.commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"captionkit.commands.{name}":
                raise
            continue
        module.register(subparsers)
