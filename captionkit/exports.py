"""Every export captionkit renders, by name: the registry the CLI and batch rendering use.

An export turns a :class:`~captionkit.model.Transcript` and :class:`ExportOptions` into
text; ``extension`` is the file name suffix batch rendering gives it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from captionkit.formats import WRITERS
from captionkit.model import Transcript


@dataclass(frozen=True)
class ExportOptions:
    """Options shared by the exports (each export reads the ones it knows)."""

    chars_per_caption: int | None = None


@dataclass(frozen=True)
class Export:
    name: str
    extension: str
    render: Callable[[Transcript, ExportOptions], str]
    help: str = ""


def _captions(fmt: str) -> Callable[[Transcript, ExportOptions], str]:
    def render(transcript: Transcript, options: ExportOptions) -> str:
        return WRITERS[fmt].dumps(transcript.captions(options.chars_per_caption))

    return render


EXPORTS: dict[str, Export] = {
    "srt": Export("srt", ".srt", _captions("srt"), "SubRip captions"),
    "vtt": Export("vtt", ".vtt", _captions("vtt"), "WebVTT captions"),
}


def render(name: str, transcript: Transcript, options: ExportOptions | None = None) -> str:
    """Render the export called ``name`` (a key of :data:`EXPORTS`)."""
    try:
        export = EXPORTS[name]
    except KeyError:
        raise ValueError(f"unknown export {name!r}; known: {', '.join(EXPORTS)}") from None
    return export.render(transcript, options or ExportOptions())
