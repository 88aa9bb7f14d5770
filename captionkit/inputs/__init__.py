"""Inputs: what captionkit reads, each shape in a module of its own.

Today one shape: a saved AssemblyAI response (:mod:`captionkit.inputs.assemblyai`: a
transcript, a ``/sentences`` or ``/paragraphs`` response, or an ``assemblyai`` SDK object),
checked by :mod:`~captionkit.inputs.checks` (exact path) or :mod:`~captionkit.inputs.fast`
(bulk path), hostile text repaired by :mod:`~captionkit.inputs.repair`. :func:`load` is
``captionkit.load`` (which returns the SDK-method class, :class:`captionkit.Transcript`).
"""

from __future__ import annotations

from captionkit.inputs.assemblyai import Source, load, transcript_from_dict
from captionkit.inputs.checks import MAX_MS
from captionkit.inputs.repair import CONTROLS
from captionkit.io import SNIFF_BYTES, read_stdin

__all__ = ["CONTROLS", "MAX_MS", "SNIFF_BYTES", "Source", "load", "read_stdin", "transcript_from_dict"]
