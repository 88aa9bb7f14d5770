"""The words as columns, and the loader's helpers for building models in bulk.

:class:`WordColumns` is what every renderer reads: one list per word field, built from the
loader's checked records (or from models) without a pydantic object per word.
:class:`UtteranceHead` is an utterance without its words. :func:`construct` and
:func:`gc_paused` are the loader's bulk tools.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import cached_property
from operator import attrgetter
from typing import Any, NamedTuple, Protocol, TypeVar

from pydantic import BaseModel

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
