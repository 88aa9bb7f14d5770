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

import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import cached_property
from operator import attrgetter
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol, TypeVar

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, SerializerFunctionWrapHandler, model_serializer

if TYPE_CHECKING:
    from captionkit.model.cue import Cue
    from captionkit.profiles import Profile

_M = TypeVar("_M", bound=BaseModel)
_set = object.__setattr__


@contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection inside (the state before is restored after).

    For the bulk steps (decoding, checking, building words and cues): the objects they make
    form no reference cycles, and collecting again and again over a heap of millions of
    fresh objects only costs time (a third of the time of segmenting 200,000 words).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


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


def construct(cls: type[_M], values: dict[str, Any], fields_set: set[str]) -> _M:
    """A model instance from values that are already valid, as ``cls.model_construct`` makes it.

    ``values`` holds every declared field of ``cls`` (defaults filled in) and nothing else
    (no extra fields); ``fields_set`` names the ones the input gave. Used by the loader for
    words it has already checked in bulk; the tests compare its result with
    ``model_validate`` for every combination of given and missing fields.
    """
    model = cls.__new__(cls)
    _set(model, "__dict__", values)
    _set(model, "__pydantic_fields_set__", fields_set)
    _set(model, "__pydantic_extra__", {})
    _set(model, "__pydantic_private__", None)
    return model


class WordColumns:
    """A transcript's words as columns: one list per field, each built on first use.

    ``words`` is any sequence of objects with the :class:`Word` attributes (the models,
    or the loader's checked records); ``missing`` is the loader's marker for an optional
    field that the input did not give (read as None).
    """

    def __init__(self, words: Sequence[Any], missing: object = None) -> None:
        self._words = words
        self._missing = missing

    def __len__(self) -> int:
        return len(self._words)

    def replace(self, **columns: list[Any]) -> WordColumns:
        """These columns with some replaced (``replace(speakers=[...])``), the rest shared."""
        new = WordColumns(self._words, self._missing)
        for name, values in columns.items():
            if not isinstance(getattr(type(self), name, None), cached_property) or len(values) != len(self):
                raise ValueError(f"no column {name!r} of {len(self)} values")
            new.__dict__[name] = values
        return new

    def _column(self, name: str, optional: bool = False) -> list[Any]:
        values = list(map(attrgetter(name), self._words))
        if optional and self._missing is not None and self._missing in values:
            missing = self._missing
            values = [None if v is missing else v for v in values]
        return values

    @cached_property
    def texts(self) -> list[str]:
        return self._column("text")

    @cached_property
    def starts(self) -> list[int]:
        return self._column("start")

    @cached_property
    def ends(self) -> list[int]:
        return self._column("end")

    @cached_property
    def confidences(self) -> list[float | None]:
        return self._column("confidence", optional=True)

    @cached_property
    def speakers(self) -> list[str | None]:
        return self._column("speaker", optional=True)

    @cached_property
    def channels(self) -> list[str | None]:
        return self._column("channel", optional=True)


class LazyParts(Protocol):
    """What the loader hands a :class:`Transcript` for the fields it builds on first use."""

    def build(self, name: str) -> Any:
        """The model value of the field ``name`` (``"words"`` or ``"utterances"``)."""

    def columns(self) -> WordColumns:
        """The words as columns, without building models."""

    def utterance_heads(self) -> list[UtteranceHead] | None:
        """The utterances without their words, without building models."""


class UtteranceHead(NamedTuple):
    """An utterance's own fields, without its words (what speaker text reads)."""

    speaker: str | None
    channel: str | None
    start: int
    end: int
    text: str
    confidence: float | None
    translated_texts: dict[str, str] | None


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

    # ------------------------------------------------------------ exports

    def captions(self, chars_per_caption: int | None = None) -> list[Cue]:
        """The API-compatible cues of this transcript (see :mod:`captionkit.segment.api`)."""
        from captionkit.segment.api import api_cues

        return api_cues(self.word_columns(), chars_per_caption)

    def export_subtitles_srt(
        self,
        chars_per_caption: int | None = None,
        *,
        speaker_labels: bool = False,
        speaker_names: dict[str, str] | None = None,
        profile: str | Profile | None = None,
    ) -> str:
        """SRT text laid out as ``GET /v2/transcript/{id}/srt`` writes it.

        Beyond the SDK: ``speaker_labels`` starts a cue at every change of speaker and puts
        ``[Speaker A] `` (or the name from ``speaker_names``) before the text, counted within
        ``chars_per_caption``; ``profile`` (``"netflix"``, ``"bbc"``, ``"dcmp"`` or a
        :class:`~captionkit.profiles.Profile`) renders broadcast-quality captions instead.
        """
        return self._export("srt", chars_per_caption, speaker_labels, speaker_names, profile)

    def export_subtitles_vtt(
        self,
        chars_per_caption: int | None = None,
        *,
        speaker_labels: bool = False,
        speaker_names: dict[str, str] | None = None,
        profile: str | Profile | None = None,
    ) -> str:
        """WebVTT text laid out as ``GET /v2/transcript/{id}/vtt`` writes it (options as
        :meth:`export_subtitles_srt`; speakers become ``<v Speaker A>`` voice spans)."""
        return self._export("vtt", chars_per_caption, speaker_labels, speaker_names, profile)

    def _export(
        self,
        fmt: str,
        chars_per_caption: int | None,
        speaker_labels: bool,
        speaker_names: dict[str, str] | None,
        profile: str | Profile | None,
    ) -> str:
        from captionkit.pipeline import ExportOptions, render

        options = ExportOptions(
            chars_per_caption=chars_per_caption,
            speaker_labels=speaker_labels,
            speaker_names=speaker_names or {},
            profile=profile,
        )
        return render(fmt, self, options)

    def get_sentences(self) -> list[Sentence]:
        """The transcript's sentences, as the SDK's ``Transcript.get_sentences()`` returns them:
        a list of items of ``GET /v2/transcript/{id}/sentences``."""
        return self.sentences_response().sentences

    def get_paragraphs(self) -> list[Paragraph]:
        """The transcript's paragraphs, as the SDK's ``Transcript.get_paragraphs()`` returns
        them: a list of items of ``GET /v2/transcript/{id}/paragraphs``."""
        return self.paragraphs_response().paragraphs

    def sentences_response(self) -> SentencesResponse:
        """The whole ``GET /v2/transcript/{id}/sentences`` response (``id``, ``confidence``,
        ``audio_duration`` and the sentences)."""
        from captionkit.documents.sentences import sentences_response

        return sentences_response(self)

    def paragraphs_response(self) -> ParagraphsResponse:
        """The whole ``GET /v2/transcript/{id}/paragraphs`` response."""
        from captionkit.documents.sentences import paragraphs_response

        return paragraphs_response(self)
