"""The in-memory caption model shared by every segmenter, layout and writer."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Cue:
    """One caption: displayed from ``start`` to ``end`` (integer ms), ``lines`` of text.

    ``first_word``/``last_word`` are indices into the transcript's ``words`` (inclusive),
    so checks can relate every cue to the words it shows. Cues parsed from a caption
    file have no word indices (``-1``).
    """

    start: int
    end: int
    lines: tuple[str, ...]
    first_word: int = -1
    last_word: int = -1
    speaker: str | None = None

    @property
    def text(self) -> str:
        """The cue's lines joined by newlines."""
        return "\n".join(self.lines)
