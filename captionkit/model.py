"""Typed models of AssemblyAI transcript responses (pydantic v2).

Field names and types are the API's own (``GET /v2/transcript/{id}``, ``/sentences``,
``/paragraphs``). Unknown fields are kept (``extra="allow"``), so a model dumps back to
everything that was loaded. Times are integer milliseconds, as the API writes them.

Build models with :func:`captionkit.load`, which also checks what the models cannot
(word order, ``end >= start``, status) and names the offending field on failure.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field

if TYPE_CHECKING:
    from captionkit.cue import Cue


class APIModel(BaseModel):
    """Base of every API model: unknown fields are kept, not rejected."""

    model_config = ConfigDict(extra="allow")


class Word(APIModel):
    """One word: ``text``, ``start``/``end`` in integer milliseconds."""

    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    confidence: float | None = None
    speaker: str | None = None
    channel: str | None = None


class _Segment(APIModel):
    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    confidence: float | None = None
    words: list[Word] = Field(default_factory=list)
    speaker: str | None = None
    channel: str | None = None


class Utterance(_Segment):
    """A speaker turn (``utterances`` of a transcript made with ``speaker_labels``)."""

    translated_texts: dict[str, str] | None = None


class Sentence(_Segment):
    """An item of ``GET /v2/transcript/{id}/sentences``."""


class Paragraph(_Segment):
    """An item of ``GET /v2/transcript/{id}/paragraphs``."""


class SentencesResponse(APIModel):
    """``GET /v2/transcript/{id}/sentences``."""

    id: str | None = None
    confidence: float | None = None
    audio_duration: int | float | None = None
    sentences: list[Sentence]


class ParagraphsResponse(APIModel):
    """``GET /v2/transcript/{id}/paragraphs``."""

    id: str | None = None
    confidence: float | None = None
    audio_duration: int | float | None = None
    paragraphs: list[Paragraph]


class Transcript(APIModel):
    """``GET /v2/transcript/{id}``: the fields captionkit uses are typed, the rest kept.

    The export methods carry the names of the AssemblyAI Python SDK's ``Transcript``.
    """

    id: str | None = None
    status: str | None = None
    error: str | None = None
    text: str | None = None
    words: list[Word] = Field(default_factory=list)
    utterances: list[Utterance] | None = None
    confidence: float | None = None
    audio_duration: int | float | None = None
    language_code: str | None = None
    speaker_labels: bool | None = None
    multichannel: bool | None = None
    audio_channels: int | None = None
    translated_texts: dict[str, Any] | None = None

    def captions(self, chars_per_caption: int | None = None) -> list[Cue]:
        """The API-compatible cues of this transcript (see :mod:`captionkit.segment`)."""
        from captionkit.segment import api_cues

        return api_cues(self.words, chars_per_caption)

    def export_subtitles_srt(self, chars_per_caption: int | None = None) -> str:
        """SRT text laid out as ``GET /v2/transcript/{id}/srt`` writes it."""
        from captionkit.formats import srt

        return srt.dumps(self.captions(chars_per_caption))

    def export_subtitles_vtt(self, chars_per_caption: int | None = None) -> str:
        """WebVTT text laid out as ``GET /v2/transcript/{id}/vtt`` writes it."""
        from captionkit.formats import vtt

        return vtt.dumps(self.captions(chars_per_caption))

    def get_sentences(self) -> SentencesResponse:
        """The transcript's sentences, shaped like ``GET /v2/transcript/{id}/sentences``."""
        from captionkit.sentences import sentences_response

        return sentences_response(self)

    def get_paragraphs(self) -> ParagraphsResponse:
        """The transcript's paragraphs, shaped like ``GET /v2/transcript/{id}/paragraphs``."""
        from captionkit.sentences import paragraphs_response

        return paragraphs_response(self)
