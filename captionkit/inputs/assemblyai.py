"""Load a saved AssemblyAI response into a :class:`~captionkit.model.transcript.Transcript`.

Accepted: a full transcript response, a ``/sentences`` or ``/paragraphs`` response (the
words come from their items), as a path, JSON text or bytes, a file object, a dict, or an
``assemblyai`` SDK ``Transcript``/``TranscriptResponse`` (duck-typed; the SDK is never
imported).

Read: UTF-8 (a byte-order mark is skipped), and UTF-16 or UTF-32, little or big endian,
with or without a byte-order mark (told from the NUL bytes of the first characters, RFC
4627 section 3), decoded and then loaded as UTF-8 is. A path, a file object or standard
input is read in two steps: its first 64 KiB (:data:`SNIFF_BYTES`) are checked first, so
a file that cannot be JSON is rejected before the rest is read (a 2 GB file of NUL bytes
costs one small read): a known binary signature (gzip, ZIP, PDF, PNG, MP3, MP4...), a
NUL byte in what is not UTF-16/32 text, bytes that are not text in its encoding, a first
character that no JSON value starts with (json's own message, line and column).

Rejected, with the input's name, the JSON path of the field and the reason:
not JSON, truncated JSON, binary data, UTF-16/32 that does not decode (the encoding and
the byte offset), a top level that is not an object, ``status`` queued/processing
or error, no words, a word without ``start``/``end`` (the newer API leaves unaligned words
untimed), negative, fractional or non-numeric times, ``end < start``, words whose
``start`` goes backwards, a word whose ``text`` is not a string or is blank (nothing but
white space, invisible characters such as U+FEFF or U+200B, and control characters).

Repaired, never silently beyond this list (each has a test):

* times written as integral floats (``1500.0``) become integers;
* leading/trailing white space of a word's ``text`` is removed and any run of white space
  inside it (a line break would break the caption layout) becomes one space;
* control characters (:data:`CONTROLS`: C0 but the white space above, DEL, C1 but NEL) are
  removed from every text that reaches an output: the words' ``text``, ``speaker`` and
  ``channel`` (top-level words, the utterances' words, the items of a ``/sentences`` or
  ``/paragraphs`` response and their words), the utterances' ``text`` and
  ``translated_texts``, the top-level ``text`` and ``translated_texts``;
* every lone surrogate (``"\\ud800"`` is valid JSON, but no UTF-8 output can hold it) in
  any string of the document, keys and unknown fields included, becomes U+FFFD;
* ``words`` missing or null while ``utterances`` carry words: the words are taken from
  the utterances, in order;
* a ``/sentences`` or ``/paragraphs`` response: the words are taken from its items.

Words may overlap in time (multichannel audio does); the cue timing handles that.

How (speed): a document is first decoded by ``msgspec`` straight into typed records for
the words and utterances (types, required fields and ``>= 0`` checked in C, no dicts
built), the remaining rules are checked on whole columns (``end >= start``, order, clean
texts), and the :class:`Transcript` is made with its ``words``/``utterances`` built on
first use (see :mod:`captionkit.model.transcript`). Anything this fast path does not accept as it
is (a repair to make, an error to report, an unknown field inside a word, a shape it
does not know) goes down the exact path: ``json`` decoding, the word-by-word check with
its precise messages, and pydantic validation of the whole document. Both paths give
equal transcripts for every input the fast one accepts (tests/test_speed_paths.py).
msgspec refuses lone surrogates, so those documents take the exact path; a control
character is looked for in the raw bytes, at memory speed (a DEL, a C1 control, the escape
of one: three byte searches when the document has no backslash, DEL or byte C2), and a
dict is encoded by msgspec for the same search (a lone surrogate fails that encoding).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import IO, Any, TypeVar

from pydantic import ValidationError

from captionkit.errors import (
    InputError,
    TranscriptError,
)
from captionkit.inputs.checks import (
    _check_status,
    _checked_utterances,
    _checked_words,
    _find_words,
    _from_validation_error,
    _json_type,
)
from captionkit.inputs.fast import _fast_transcript
from captionkit.inputs.repair import _remove_controls, _without_surrogates
from captionkit.io import _read_file, _read_stream, _utf8
from captionkit.model.transcript import Transcript

T = TypeVar("T", bound=Transcript)
Source = str | bytes | bytearray | os.PathLike[str] | Mapping[str, Any] | IO[Any] | Transcript | Any


def load(source: Source, *, name: str | None = None, cls: type[T] = Transcript) -> T:  # type: ignore[assignment]
    """Load and check a transcript; ``name`` labels the input in error messages.

    A :class:`Transcript` that :func:`load` made is returned as it is; one built by hand
    (``Transcript(...)``, ``Transcript.model_validate(...)``) gets the same checks as JSON.
    ``cls`` is the class of the result: :class:`Transcript` or a subclass that adds methods
    only (``captionkit.Transcript``, with the SDK's export methods)."""
    loaded = _load(source, name)
    if not isinstance(loaded, cls):
        if not issubclass(cls, Transcript) or cls.model_fields.keys() != Transcript.model_fields.keys():
            raise TypeError(f"cls must be a subclass of Transcript that adds no fields, got {cls!r}")
        if loaded is source:
            loaded = loaded.model_copy()
        loaded.__class__ = cls  # same fields and layout: only the methods differ
    return loaded  # type: ignore[return-value]


def _load(source: Source, name: str | None) -> Transcript:
    if isinstance(source, Transcript):
        if source._checked:
            return source
        label = name or "<Transcript>"
        try:
            return transcript_from_dict(source.model_dump(), source=label)
        except RecursionError:
            raise InputError("the transcript is nested too deeply", source=label) from None
    document, label = _document(source, name)
    label = name or label
    try:
        if isinstance(document, Mapping):
            return transcript_from_dict(document, source=label)
        fast = _fast_transcript(document, label)
        if fast is not None:
            return fast
        return transcript_from_dict(_parse_json(document, label), source=label)
    except RecursionError:
        raise InputError("the JSON is nested too deeply to be a transcript", source=label) from None


def transcript_from_dict(data: Any, *, source: str = "<dict>") -> Transcript:
    """Check a decoded JSON document and build the :class:`Transcript` model."""
    if isinstance(data, Mapping) and all(type(k) is str for k in data):
        fast = _fast_transcript(data, source)
        if fast is not None:
            return fast
    return _exact_transcript(data, source)


def _exact_transcript(data: Any, source: str) -> Transcript:
    """The exact path: every word checked one by one, the document validated by pydantic."""
    if not isinstance(data, Mapping):
        raise TranscriptError(
            f"expected a JSON object (a transcript, /sentences or /paragraphs response), got {_json_type(data)}",
            source=source,
            path="$",
        )
    data = dict(_without_surrogates(data))
    _check_status(data, source)
    words, paths = _find_words(data, source)
    data["words"] = _checked_words(words, paths, source)
    if "utterances" in data:
        data["utterances"] = _checked_utterances(data["utterances"], source)
    _remove_controls(data)
    if data.get("text") is None and "sentences" not in data and "paragraphs" not in data:
        data["text"] = " ".join(w["text"] for w in data["words"])
    try:
        transcript = Transcript.model_validate(data)
    except ValidationError as exc:
        raise _from_validation_error(exc, source) from None
    transcript._checked = True
    return transcript


_PATH_LIKE = re.compile(r"[^\n]*\.[A-Za-z][A-Za-z0-9]{0,7}\Z")  # one line ending in a file extension


def _is_json_text(text: str) -> bool:
    """Whether a string given to :func:`load` is JSON text rather than a path: it opens an
    object, or it is not a file and reads as JSON (an array, a number, ``null``...). A
    line that ends in a file extension (``2024-06-01.json``, ``[draft] call.json``) and does
    not parse is a path, so a missing file is reported as one."""
    body = text.lstrip("\ufeff \t\r\n")
    if body[:1] == "{":
        return True
    one_line = "\n" not in text and len(text) < 4096
    if one_line and os.path.exists(text):
        return False
    looks_json = body[:1] in ("[", '"', "-") or body[:1].isdigit() or body in ("null", "true", "false")
    if looks_json and one_line and _PATH_LIKE.match(text.strip()):
        try:
            json.loads(body)
        except ValueError:
            return False
    return looks_json


def _document(source: Source, name: str | None = None) -> tuple[Mapping[str, Any] | bytes | str, str]:
    """The JSON document of ``source`` (UTF-8 bytes, text, or a mapping) and a label for messages.

    Bytes in UTF-16 or UTF-32 are decoded here; what cannot be JSON is rejected from its first
    bytes, before the rest of a file or stream is read (:func:`_sniff`).
    """
    if isinstance(source, Mapping):
        return source, "<dict>"
    if isinstance(source, (bytes, bytearray, memoryview)):
        label = name or "<bytes>"
        return _utf8(bytes(source), label, "input"), label
    if isinstance(source, str) and (not source.strip() or _is_json_text(source)):
        return source.removeprefix("\ufeff"), name or "<json text>"
    if isinstance(source, (str, os.PathLike)):
        label = name or str(source)
        return _utf8(_read_file(Path(source), label), label, "file"), label
    if hasattr(source, "read"):
        label = name or str(getattr(source, "name", "<stream>"))
        raw = _read_stream(source, label)
        if isinstance(raw, str):
            return raw.removeprefix("\ufeff"), label
        return _utf8(raw, label, "input"), label
    sdk = _sdk_dict(source)
    if sdk is not None:
        return sdk, f"<{type(source).__name__}>"
    raise InputError(
        f"cannot load a {type(source).__name__}: give a path, JSON text or bytes, a dict, "
        "or an assemblyai Transcript/TranscriptResponse"
    )


def _sdk_dict(obj: Any) -> dict[str, Any] | None:
    """The JSON dict of an ``assemblyai`` SDK object, found by duck typing."""
    json_response = getattr(obj, "json_response", None)  # assemblyai.Transcript
    if isinstance(json_response, Mapping):
        return dict(json_response)
    for method in ("model_dump", "dict"):  # TranscriptResponse (pydantic v2 or v1)
        fn = getattr(obj, method, None)
        if callable(fn):
            try:
                value = fn()
            except TypeError:
                continue
            if isinstance(value, Mapping):
                return dict(value)
    return None


def _parse_json(raw: str | bytes, label: str) -> Any:
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise InputError(f"not UTF-8 text (byte {exc.start}): not a JSON file", source=label) from None
    if not raw.strip():
        raise InputError("empty input: expected transcript JSON", source=label)
    try:
        return json.loads(raw)
    except ValueError as exc:
        if not isinstance(exc, json.JSONDecodeError):  # e.g. an integer of over 4300 digits
            raise InputError(f"not a transcript's JSON: {exc}", source=label) from None
        if exc.pos >= len(raw.rstrip()) or exc.msg.startswith("Unterminated string"):
            reason = (
                f"truncated JSON: the document ends at line {exc.lineno} column {exc.colno} "
                "before it is complete (was the file cut short?)"
            )
        else:
            reason = f"not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
        raise InputError(reason, source=label) from None
