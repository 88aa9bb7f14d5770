"""Inputs: what captionkit reads, each shape in a module of its own.

Today one shape: a saved AssemblyAI response (:mod:`captionkit.inputs.assemblyai`: a
transcript, a ``/sentences`` or ``/paragraphs`` response, or an ``assemblyai`` SDK object).
:func:`load` is ``captionkit.load``.
"""

from __future__ import annotations

from captionkit.inputs.assemblyai import (
    CONTROLS,
    MAX_MS,
    SNIFF_BYTES,
    Source,
    load,
    read_stdin,
    transcript_from_dict,
)

__all__ = ["CONTROLS", "MAX_MS", "SNIFF_BYTES", "Source", "load", "read_stdin", "transcript_from_dict"]
