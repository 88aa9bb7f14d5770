"""The public entry points: :func:`load` and :func:`render` (``captionkit.load``, ``captionkit.render``)."""

from __future__ import annotations

from captionkit.inputs import assemblyai
from captionkit.inputs.assemblyai import Source
from captionkit.transcript import Transcript


def load(source: Source, *, name: str | None = None) -> Transcript:
    """Load and check a saved transcript: a path, JSON text or bytes, a dict, an open file,
    an ``assemblyai`` SDK object, or a :class:`Transcript`; ``name`` labels it in errors.
    Returns a :class:`captionkit.Transcript` (with the SDK's export methods)."""
    return assemblyai.load(source, name=name, cls=Transcript)


def render(name: str, transcript: Source, options: object | None = None) -> str:
    """The export ``name`` (``"srt"``, ``"vtt"``, ``"sentences"``, ...) of ``transcript``
    with ``options`` (:class:`captionkit.pipeline.ExportOptions`)."""
    from captionkit.pipeline import render as render_export

    return render_export(name, transcript, options)  # type: ignore[arg-type]
