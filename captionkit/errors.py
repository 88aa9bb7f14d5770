"""Exceptions raised by captionkit.

Every error names where the problem is: the input (a file name, ``<stdin>``, ``<dict>``...),
the JSON path of the offending field (``$.words[12].end``) and the reason.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager


class CaptionkitError(Exception):
    """Base class of every error captionkit raises on bad input."""

    def __init__(self, reason: str, *, source: str | None = None, path: str | None = None) -> None:
        self.reason = reason
        self.source = source
        self.path = path
        super().__init__(self.__str__())

    def __str__(self) -> str:
        parts = [p for p in (self.source, self.path) if p]
        return ": ".join([*parts, self.reason])


class InputError(CaptionkitError):
    """The input could not be read or is not JSON."""


class TranscriptError(CaptionkitError):
    """The JSON is readable but is not a usable transcript."""


class TranscriptNotReadyError(TranscriptError):
    """The transcript is still ``queued`` or ``processing``: it has no words yet."""


class TranscriptFailedError(TranscriptError):
    """The transcript has ``status: error``; the API's ``error`` text is quoted."""


class CaptionParseError(CaptionkitError):
    """A caption file (SRT/WebVTT) could not be parsed."""


class CaptionkitWarning(UserWarning):
    """Something about an output the user should know, though it was written (characters a
    format cannot show were replaced, a caption had to move). Library callers get it as a
    Python warning; the command line prints it as a ``captionkit: warning:`` line naming the
    file, and ``render`` lists it with the file in its summary and report."""


@contextmanager
def collected_warnings() -> Iterator[list[str]]:
    """The messages of the :class:`CaptionkitWarning` s raised in the block (filled when it
    ends, even by an exception); any other warning is shown as Python shows it."""
    found: list[str] = []
    caught: list[warnings.WarningMessage] = []
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", CaptionkitWarning)
            yield found
    finally:
        for w in caught:
            if issubclass(w.category, CaptionkitWarning):
                found.append(str(w.message))
            else:
                warnings.warn_explicit(w.message, w.category, w.filename, w.lineno, source=w.source)
