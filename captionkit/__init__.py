"""captionkit: AssemblyAI transcript JSON to captions and exports, offline.

The pipeline, one package a stage (docs/architecture.md)::

    load (JSON -> model)  ->  segment (words -> cues)  ->  layout (cue -> lines)  ->  write (format)
    captionkit.inputs         captionkit.segment           captionkit.segment.layout   captionkit.formats
                              captionkit.documents (sentences, paragraphs, speaker text)

>>> import captionkit
>>> t = captionkit.load("transcript.json")            # doctest: +SKIP
>>> srt_text = t.export_subtitles_srt(chars_per_caption=32)  # doctest: +SKIP

The names below are imported on first use (``import captionkit`` itself loads nothing
heavy: the command line starts fast).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from captionkit._version import __version__
from captionkit.errors import (
    CaptionkitError,
    CaptionkitWarning,
    CaptionParseError,
    InputError,
    TranscriptError,
    TranscriptFailedError,
    TranscriptNotReadyError,
)
from captionkit.model.cue import Cue

if TYPE_CHECKING:
    from captionkit.api import load, render
    from captionkit.model.transcript import (
        Paragraph,
        ParagraphsResponse,
        Sentence,
        SentencesResponse,
        Utterance,
        Word,
    )
    from captionkit.transcript import Transcript

#: name -> the module that defines it, imported when the name is first used
_LAZY = {
    "load": "captionkit.api",
    "render": "captionkit.api",
    "Transcript": "captionkit.transcript",
    **dict.fromkeys(
        ("Paragraph", "ParagraphsResponse", "Sentence", "SentencesResponse", "Utterance", "Word"),
        "captionkit.model.transcript",
    ),
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'captionkit' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})


__all__ = [
    "CaptionParseError",
    "CaptionkitError",
    "CaptionkitWarning",
    "Cue",
    "InputError",
    "Paragraph",
    "ParagraphsResponse",
    "Sentence",
    "SentencesResponse",
    "Transcript",
    "TranscriptError",
    "TranscriptFailedError",
    "TranscriptNotReadyError",
    "Utterance",
    "Word",
    "__version__",
    "load",
    "render",
]
