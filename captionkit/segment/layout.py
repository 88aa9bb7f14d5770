"""Lay out a cue's words as lines of text."""

from __future__ import annotations

from collections.abc import Callable, Sequence

Layout = Callable[[Sequence[str]], tuple[str, ...]]


def one_line(texts: Sequence[str]) -> tuple[str, ...]:
    """The API's layout: every word of the cue on one line, joined by single spaces."""
    return (" ".join(texts),)
