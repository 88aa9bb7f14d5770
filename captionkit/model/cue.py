"""The in-memory caption model shared by every segmenter, layout and writer."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Cue:
    """One caption: displayed from ``start`` to ``end`` (integer ms), ``lines`` of text.

    ``first_word``/``last_word`` are indices into the transcript's ``words`` (inclusive),
    so checks can relate every cue to the words it shows. Cues parsed from a caption
    file have no word indices (``-1``). ``speakers`` gives the speaker of each line when
    the cue was made with speaker information (empty otherwise); writers use it for
    WebVTT voice spans.
    """

    start: int
    end: int
    lines: tuple[str, ...]
    first_word: int = -1
    last_word: int = -1
    speakers: tuple[str | None, ...] = ()

    @property
    def text(self) -> str:
        """The cue's lines joined by newlines."""
        return "\n".join(self.lines)

    @property
    def speaker(self) -> str | None:
        """The cue's speaker when all its lines have the same one, else None."""
        return self.speakers[0] if self.speakers and len(set(self.speakers)) == 1 else None
