"""Typed models of AssemblyAI transcript responses (pydantic v2).

Field names and types are the API's own (``GET /v2/transcript/{id}``, ``/sentences``,
``/paragraphs``). Unknown fields are kept (``extra="allow"``), so a model dumps back to
everything that was loaded. Times are integer milliseconds, as the API writes them.

Build models with :func:`captionkit.load`, which also checks what the models cannot
(word order, ``end >= start``, status) and names the offending field on failure.

Speed: a 20-hour transcript has 200,000 words (and the same words again inside its
utterances); building a pydantic object for each costs several times what parsing the
JSON costs. So :func:`captionkit.load` checks the words in bulk and hands the
:class:`Transcript` its ``words`` and ``utterances`` unbuilt: they become lists of
:class:`Word`/:class:`Utterance` models the first time they are used (reading
``t.words``, ``model_dump()``, ``==``, ``repr``, ``copy``, ``pickle``), and are the same
models, with the same values and ``model_fields_set``, that validating the JSON would
give. Renderers read :meth:`Transcript.word_columns` (the words as lists of texts,
starts, ends...), which never builds a model.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, SerializerFunctionWrapHandler, model_serializer

from captionkit.model.columns import LazyParts, UtteranceHead, WordColumns


class APIModel(BaseModel):
    """Base of every API model: unknown fields are kept, not rejected."""

    model_config = ConfigDict(extra="allow", defer_build=True)


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

    # in the order the API writes them (the API spec's example; the fixtures' README)
    sentences: list[Sentence]
    id: str | None = None
    confidence: float | None = None
    audio_duration: int | float | None = None


class ParagraphsResponse(APIModel):
    """``GET /v2/transcript/{id}/paragraphs``."""

    # in the order the API writes them (the API spec's example; the fixtures' README)
    paragraphs: list[Paragraph]
    id: str | None = None
    confidence: float | None = None
    audio_duration: int | float | None = None


#: The fields of a Transcript that the loader may leave unbuilt.
LAZY_FIELDS = ("words", "utterances")


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

    _lazy: LazyParts | None = PrivateAttr(default=None)
    # set by captionkit.load once every check has passed (a Transcript built by hand is not)
    _checked: bool = PrivateAttr(default=False)

    # ------------------------------------------------------------ fields built on first use

    @classmethod
    def _with_lazy_fields(cls, model: Transcript, lazy: LazyParts, names: Sequence[str]) -> Transcript:
        """``model`` with the fields ``names`` left to ``lazy`` (the loader's use only)."""
        for name in names:
            model.__dict__.pop(name, None)
            model.__pydantic_fields_set__.add(name)
        model._lazy = lazy
        return model

    if not TYPE_CHECKING:

        def __getattr__(self, name: str) -> Any:
            if name in LAZY_FIELDS:
                private = object.__getattribute__(self, "__pydantic_private__")
                lazy = private.get("_lazy") if private else None
                if lazy is not None and name not in self.__dict__:
                    return self._build_field(name, lazy)
            return super().__getattr__(name)

    def _build_field(self, name: str, lazy: LazyParts) -> Any:
        value = lazy.build(name)
        fields = self.__dict__
        fields[name] = value
        # keep the declared order of the fields (repr and iteration show it)
        ordered = {k: fields[k] for k in type(self).model_fields if k in fields}
        ordered.update(fields)
        fields.clear()
        fields.update(ordered)
        if all(n in fields for n in LAZY_FIELDS):
            self._lazy = None
        return value

    def materialize(self) -> Transcript:
        """Build every field left unbuilt by the loader now (a no-op otherwise); returns self."""
        lazy = self._lazy
        if lazy is not None:
            for name in LAZY_FIELDS:
                if name not in self.__dict__:
                    self._build_field(name, lazy)
        return self

    @model_serializer(mode="wrap")
    def _serialize(self, handler: SerializerFunctionWrapHandler) -> Any:
        return handler(self.materialize())

    def __eq__(self, other: object) -> bool:
        self.materialize()
        if isinstance(other, Transcript):
            other.materialize()
            if type(other) is not type(self):  # captionkit.Transcript adds methods only: the data decides
                return (
                    self.__dict__ == other.__dict__
                    and self.__pydantic_fields_set__ == other.__pydantic_fields_set__
                    and self.__pydantic_extra__ == other.__pydantic_extra__
                )
        return super().__eq__(other)

    def __iter__(self):  # type: ignore[no-untyped-def]
        return super(Transcript, self.materialize()).__iter__()

    def __repr_args__(self):  # type: ignore[no-untyped-def]
        return super(Transcript, self.materialize()).__repr_args__()

    def __getstate__(self) -> dict[Any, Any]:
        return super(Transcript, self.materialize()).__getstate__()

    def __copy__(self) -> Transcript:
        return super(Transcript, self.materialize()).__copy__()

    def __deepcopy__(self, memo: dict[int, Any] | None = None) -> Transcript:
        return super(Transcript, self.materialize()).__deepcopy__(memo)

    def words_are_plain(self) -> bool:
        """True when the words are known to hold the API's fields only (no unknown fields):
        the loader's fast path checked them so and has not built the models yet."""
        return self._lazy is not None and "words" not in self.__dict__

    def word_columns(self) -> WordColumns:
        """The words as columns (``texts``, ``starts``, ``ends``, ``confidences``, ``speakers``,
        ``channels``): what renderers read. Builds no :class:`Word` model when the words have
        not been built yet; reflects ``self.words`` (as it is now) once they have."""
        lazy = self._lazy
        if lazy is not None and "words" not in self.__dict__:
            return lazy.columns()
        return WordColumns(self.words)

    def utterance_heads(self) -> list[UtteranceHead] | None:
        """The ``utterances`` without their words (None when the transcript has none):
        builds no model when the utterances have not been built yet."""
        lazy = self._lazy
        if lazy is not None and "utterances" not in self.__dict__:
            return lazy.utterance_heads()
        if self.utterances is None:
            return None
        return [
            UtteranceHead(u.speaker, u.channel, u.start, u.end, u.text, u.confidence, u.translated_texts)
            for u in self.utterances
        ]
