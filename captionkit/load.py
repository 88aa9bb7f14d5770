"""Load a saved AssemblyAI response into a :class:`~captionkit.model.Transcript`.

Accepted: a full transcript response, a ``/sentences`` or ``/paragraphs`` response (the
words come from their items), as a path, JSON text or bytes, a file object, a dict, or an
``assemblyai`` SDK ``Transcript``/``TranscriptResponse`` (duck-typed; the SDK is never
imported).

Rejected, with the input's name, the JSON path of the field and the reason:
not JSON, truncated JSON, a top level that is not an object, ``status`` queued/processing
or error, no words, a word without ``start``/``end`` (the newer API leaves unaligned words
untimed), negative, fractional or non-numeric times, ``end < start``, words whose
``start`` goes backwards, a word whose ``text`` is not a string or is blank.

Repaired, never silently beyond this list (each has a test):

* times written as integral floats (``1500.0``) become integers;
* leading/trailing white space of a word's ``text`` is removed and any run of white space
  inside it (a line break would break the caption layout) becomes one space;
* ``words`` missing or null while ``utterances`` carry words: the words are taken from
  the utterances, in order;
* a ``/sentences`` or ``/paragraphs`` response: the words are taken from its items.

Words may overlap in time (multichannel audio does); the cue timing handles that.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import IO, Any

from pydantic import ValidationError

from captionkit.errors import (
    InputError,
    TranscriptError,
    TranscriptFailedError,
    TranscriptNotReadyError,
)
from captionkit.model import Transcript

Source = str | bytes | bytearray | os.PathLike[str] | Mapping[str, Any] | IO[Any] | Transcript | Any


def load(source: Source, *, name: str | None = None) -> Transcript:
    """Load and check a transcript; ``name`` labels the input in error messages."""
    if isinstance(source, Transcript):
        return source
    data, label = _read(source)
    return transcript_from_dict(data, source=name or label)


def transcript_from_dict(data: Any, *, source: str = "<dict>") -> Transcript:
    """Check a decoded JSON document and build the :class:`Transcript` model."""
    if not isinstance(data, Mapping):
        raise TranscriptError(
            f"expected a JSON object (a transcript, /sentences or /paragraphs response), got {_json_type(data)}",
            source=source,
            path="$",
        )
    data = dict(data)
    _check_status(data, source)
    words, paths = _find_words(data, source)
    data["words"] = _checked_words(words, paths, source)
    if data.get("text") is None and "sentences" not in data and "paragraphs" not in data:
        data["text"] = " ".join(w["text"] for w in data["words"])
    try:
        return Transcript.model_validate(data)
    except ValidationError as exc:
        raise _from_validation_error(exc, source) from None


def _read(source: Source) -> tuple[Any, str]:
    """Decode ``source`` to a JSON value; return it with a label for messages."""
    if isinstance(source, Mapping):
        return source, "<dict>"
    if isinstance(source, (bytes, bytearray, memoryview)):
        return _parse_json(bytes(source), "<bytes>"), "<bytes>"
    if isinstance(source, str) and source.lstrip()[:1] in ("{", "["):
        return _parse_json(source, "<json text>"), "<json text>"
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        label = str(source)
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise InputError(f"cannot read the file: {exc.strerror or exc}", source=label) from None
        return _parse_json(raw, label), label
    if hasattr(source, "read"):
        label = str(getattr(source, "name", "<stream>"))
        return _parse_json(source.read(), label), label
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
    except json.JSONDecodeError as exc:
        if exc.pos >= len(raw.rstrip()) or exc.msg.startswith("Unterminated string"):
            reason = (
                f"truncated JSON: the document ends at line {exc.lineno} column {exc.colno} "
                "before it is complete (was the file cut short?)"
            )
        else:
            reason = f"not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
        raise InputError(reason, source=label) from None


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    return "an object" if isinstance(value, Mapping) else type(value).__name__


def _check_status(data: dict[str, Any], source: str) -> None:
    status = data.get("status")
    if status is None:
        return
    status = str(getattr(status, "value", status))  # SDK enums
    if status in ("queued", "processing"):
        raise TranscriptNotReadyError(
            f"transcript is still {status}: it has no words yet; fetch it again once its status is completed",
            source=source,
            path="$.status",
        )
    if status == "error":
        error = data.get("error")
        detail = f"the API reported: {error!r}" if error else "the API gave no error text"
        raise TranscriptFailedError(f"transcription failed (status error); {detail}", source=source, path="$.status")


def _find_words(data: dict[str, Any], source: str) -> tuple[list[Any], list[str] | str]:
    """The word list and the JSON path of its words, from whichever shape the document has.

    The path is ``"$.words"`` for a plain word list, else one path per word.
    """
    for key in ("sentences", "paragraphs"):
        items = data.get(key)
        if "words" not in data and isinstance(items, list):
            return _flatten(items, f"$.{key}", source)
    words = data.get("words")
    if words is None and isinstance(data.get("utterances"), list):
        words, paths = _flatten(data["utterances"], "$.utterances", source)
        if words:
            return words, paths
    if words is None or (isinstance(words, list) and not words):
        raise TranscriptError(
            "no words: the transcript has no word timestamps to make captions from",
            source=source,
            path="$.words",
        )
    if not isinstance(words, list):
        raise TranscriptError(f"expected an array of words, got {_json_type(words)}", source=source, path="$.words")
    return words, "$.words"


def _flatten(items: list[Any], path: str, source: str) -> tuple[list[Any], list[str]]:
    words: list[Any] = []
    paths: list[str] = []
    for i, item in enumerate(items):
        if not isinstance(item, Mapping) or not isinstance(item.get("words"), list):
            raise TranscriptError("expected an object with a words array", source=source, path=f"{path}[{i}]")
        words.extend(item["words"])
        paths.extend(f"{path}[{i}].words[{j}]" for j in range(len(item["words"])))
    if not words:
        raise TranscriptError(f"no words: every item of {path} has an empty words array", source=source, path=path)
    return words, paths


def _checked_words(words: list[Any], paths: list[str] | str, source: str) -> list[dict[str, Any]]:
    """Check every word (one fast loop, precise messages); apply the documented repairs."""
    out: list[dict[str, Any]] = []
    prev_start = -1
    for i, word in enumerate(words):
        where = f"{paths}[{i}]" if isinstance(paths, str) else paths[i]
        if not isinstance(word, Mapping):
            raise TranscriptError(f"expected a word object, got {_json_type(word)}", source=source, path=where)
        text = word.get("text")
        if not isinstance(text, str):
            raise TranscriptError(
                f"word text must be a string, got {_json_type(text)}", source=source, path=f"{where}.text"
            )
        clean = " ".join(text.split())
        if not clean:
            raise TranscriptError(f"word text is blank ({text!r})", source=source, path=f"{where}.text")
        start = _ms(word, "start", where, clean, source)
        end = _ms(word, "end", where, clean, source)
        if end < start:
            raise TranscriptError(
                f"word {clean!r} ends before it starts (start {start} ms, end {end} ms)",
                source=source,
                path=f"{where}.end",
            )
        if start < prev_start:
            raise TranscriptError(
                f"words out of order: word {clean!r} starts at {start} ms, before the previous "
                f"word's start ({prev_start} ms)",
                source=source,
                path=f"{where}.start",
            )
        prev_start = start
        if clean == text and type(word["start"]) is int and type(word["end"]) is int and type(word) is dict:
            out.append(word)
        else:
            out.append({**word, "text": clean, "start": start, "end": end})
    return out


def _ms(word: Mapping[str, Any], key: str, where: str, text: str, source: str) -> int:
    value = word.get(key)
    if type(value) is int:
        if value < 0:
            raise TranscriptError(
                f"word {text!r} has a negative time ({value} ms)", source=source, path=f"{where}.{key}"
            )
        return value
    if value is None:
        missing = "has no" if key not in word else "has a null"
        raise TranscriptError(
            f"word {text!r} {missing} {key}: it is not aligned to the audio (the API leaves "
            "such words untimed), so it cannot be placed in a caption",
            source=source,
            path=f"{where}.{key}",
        )
    if isinstance(value, float) and value.is_integer():
        return _ms({key: int(value)}, key, where, text, source)
    kind = "a fractional number" if isinstance(value, float) else _json_type(value)
    raise TranscriptError(
        f"word {text!r}: {key} must be an integer number of milliseconds, got {kind} ({value!r})",
        source=source,
        path=f"{where}.{key}",
    )


def _from_validation_error(exc: ValidationError, source: str) -> TranscriptError:
    err = exc.errors(include_url=False)[0]
    path = "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in err["loc"])
    more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
    return TranscriptError(f"{err['msg']}, got {err.get('input')!r}{more}", source=source, path=path)


def read_stdin() -> bytes:
    """All of standard input, as bytes (the CLI's ``-``)."""
    return sys.stdin.buffer.read()
