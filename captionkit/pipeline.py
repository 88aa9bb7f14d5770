"""The pipeline, one stage a package, and :func:`render`, which runs it::

    load (JSON -> model)   segment (words -> cues, sentences, paragraphs)   layout (cue -> lines)   write (format)
    captionkit.inputs      captionkit.segment, captionkit.documents         captionkit.segment.layout captionkit.formats

A format (:data:`captionkit.formats.REGISTRY`) renders a transcript with
:class:`~captionkit.options.ExportOptions`: a caption format asks the segment stage for cues
(:func:`captionkit.segment.cues.cues_for`) and writes them; a document format (sentences,
paragraphs, text, words) writes what :mod:`captionkit.documents` makes.
"""

from __future__ import annotations

from captionkit import formats
from captionkit.inputs import Source, load
from captionkit.options import ExportOptions, check_caption_options, check_label_format

__all__ = ["ExportOptions", "check_caption_options", "check_label_format", "render"]


def render(name: str, transcript: Source, options: ExportOptions | None = None) -> str:
    """Render the format called ``name`` (a key of :data:`captionkit.formats.REGISTRY`) of
    ``transcript`` (a :class:`~captionkit.model.transcript.Transcript`, or anything
    :func:`captionkit.load` takes; a Transcript built by hand gets load's checks first)."""
    try:
        fmt = formats.get(name)
    except ValueError:
        raise ValueError(f"unknown export {name!r}; known: {', '.join(formats.REGISTRY)}") from None
    if options is not None and not isinstance(options, ExportOptions):
        raise TypeError(f"options must be ExportOptions, got {type(options).__name__}")
    return fmt.render(load(transcript), options or ExportOptions())
