"""captionkit: AssemblyAI transcript JSON to captions and exports, offline.

The pipeline, one module a stage::

    load (JSON -> model)  ->  segment (words -> cues)  ->  layout (cue -> lines)  ->  write (format)
    captionkit.load           captionkit.segment           captionkit.layout          captionkit.formats

>>> import captionkit
>>> t = captionkit.load("transcript.json")            # doctest: +SKIP
>>> srt_text = t.export_subtitles_srt(chars_per_caption=32)  # doctest: +SKIP
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from captionkit.cue import Cue
from captionkit.errors import (
    CaptionkitError,
    CaptionParseError,
    InputError,
    TranscriptError,
    TranscriptFailedError,
    TranscriptNotReadyError,
)
from captionkit.load import load
from captionkit.model import (
    Paragraph,
    ParagraphsResponse,
    Sentence,
    SentencesResponse,
    Transcript,
    Utterance,
    Word,
)

try:
    __version__ = version("captionkit")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0+unknown"

__all__ = [
    "CaptionParseError",
    "CaptionkitError",
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
]
