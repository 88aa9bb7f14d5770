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

import codecs
import json
import os
import re
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from itertools import islice
from operator import lt
from pathlib import Path
from typing import IO, Annotated, Any, TypeVar

import msgspec
from msgspec import UNSET, UnsetType
from pydantic import ValidationError

from captionkit.errors import (
    InputError,
    TranscriptError,
    TranscriptFailedError,
    TranscriptNotReadyError,
)
from captionkit.model.columns import UtteranceHead, WordColumns, construct, gc_paused
from captionkit.model.transcript import LAZY_FIELDS, Transcript, Utterance, Word
from captionkit.text.width import IGNORABLE as INVISIBLE

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


# ---------------------------------------------------------------- repairs of hostile text

#: Control characters removed from every text that reaches an output: C0 but the white space
#: that ``str.split`` splits on (tab, LF, VT, FF, CR, U+001C-U+001F: that becomes one space in
#: a word), DEL, and C1 but NEL (U+0085, white space too).
CONTROLS = "".join(map(chr, [*range(0x00, 0x09), *range(0x0E, 0x1C), *range(0x7F, 0x85), *range(0x86, 0xA0)]))
_DELETE_CONTROLS = dict.fromkeys(map(ord, CONTROLS))
_CONTROL = re.compile(f"[{re.escape(CONTROLS)}]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _without_controls(text: str) -> str:
    """``text`` without the control characters of :data:`CONTROLS`."""
    if text.isprintable() or not _CONTROL.search(text):
        return text
    return text.translate(_DELETE_CONTROLS)


def _fix_surrogates(text: str) -> str:
    """Every lone surrogate of ``text`` as U+FFFD (a high and a low one in a row, as a Python
    string may hold them, are the character they encode, as json reads ``"\\ud83d\\ude00"``)."""
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


def _without_surrogates(data: Any) -> Any:
    """``data`` with every string (keys too) that holds a lone surrogate repaired; ``data``
    itself when none does (one encoding pass in C finds out)."""
    try:
        msgspec.json.encode(data)
        return data
    except UnicodeEncodeError:
        pass
    except Exception:  # a value JSON has no type for: look at every string
        if not _has_surrogate(data):
            return data
    return _surrogates_fixed(data)


def _has_surrogate(value: Any) -> bool:
    if isinstance(value, str):
        return _SURROGATE.search(value) is not None
    if isinstance(value, Mapping):
        return any(_has_surrogate(k) or _has_surrogate(v) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return any(map(_has_surrogate, value))
    return False


def _surrogates_fixed(value: Any) -> Any:
    if isinstance(value, str):
        return _fix_surrogates(value) if _SURROGATE.search(value) else value
    if isinstance(value, Mapping):
        return {_surrogates_fixed(k): _surrogates_fixed(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_surrogates_fixed(v) for v in value]
    if type(value) is tuple:
        return tuple(_surrogates_fixed(v) for v in value)
    return value


def _cleaned(item: Any, keys: Iterable[str] = ("text", "speaker", "channel")) -> Any:
    """``item`` (a mapping) with the control characters removed from its string ``keys``;
    ``item`` itself when it has none."""
    if not isinstance(item, Mapping):
        return item
    changed = {}
    for key in keys:
        value = item.get(key)
        if isinstance(value, str) and (fixed := _without_controls(value)) is not value:
            changed[key] = fixed
    return {**item, **changed} if changed else item


def _remove_controls(data: dict[str, Any]) -> None:
    """Remove the control characters from what the word checks leave: the top-level
    ``text`` and ``translated_texts``, and the items (and their words) of a /sentences or
    /paragraphs response, which are kept as they are otherwise."""
    if isinstance(text := data.get("text"), str):
        data["text"] = _without_controls(text)
    translated = data.get("translated_texts")
    if isinstance(translated, Mapping):
        data["translated_texts"] = _cleaned(translated, list(translated))
    for key in ("sentences", "paragraphs"):
        items = data.get(key)
        if isinstance(items, list):
            data[key] = [_cleaned_item(item) for item in items]


def _cleaned_item(item: Any) -> Any:
    item = _cleaned(item)
    words = item.get("words") if isinstance(item, Mapping) else None
    if isinstance(words, list):
        fixed = [_cleaned(w) for w in words]
        if any(a is not b for a, b in zip(fixed, words, strict=True)):
            item = {**item, "words": fixed}
    return item


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


# ---------------------------------------------------------------- reading: what cannot be JSON, UTF-16/32

#: How much of a file or stream is read first, to reject what cannot be JSON before reading the rest.
SNIFF_BYTES = 64 * 1024

#: Signatures of binary files (offset, bytes, what it is) that someone may give by mistake.
_SIGNATURES: tuple[tuple[int, bytes, str], ...] = (
    (0, b"\x1f\x8b", "gzip-compressed: decompress it first"),
    (0, b"BZh", "bzip2-compressed: decompress it first"),
    (0, b"\xfd7zXZ\x00", "xz-compressed: decompress it first"),
    (0, b"\x28\xb5\x2f\xfd", "zstd-compressed: decompress it first"),
    (0, b"PK\x03\x04", "a ZIP archive: extract it first"),
    (0, b"PK\x05\x06", "an empty ZIP archive"),
    (0, b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive: extract it first"),
    (0, b"%PDF-", "a PDF document"),
    (0, b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (0, b"\xff\xd8\xff", "a JPEG image"),
    (0, b"GIF8", "a GIF image"),
    (0, b"RIFF", "a RIFF file: WAV audio, AVI video or a WebP image"),
    (0, b"ID3", "MP3 audio"),
    (0, b"OggS", "Ogg audio or video"),
    (0, b"fLaC", "FLAC audio"),
    (0, b"\x1a\x45\xdf\xa3", "Matroska or WebM video"),
    (4, b"ftyp", "MP4 or QuickTime audio or video"),
    (0, b"\x7fELF", "an executable program"),
    (0, b"SQLite format 3\x00", "an SQLite database"),
    (0, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document"),
)
#: Byte-order marks of UTF-32 before those of UTF-16 (``FF FE 00 00`` starts with ``FF FE``).
_WIDE_BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32-LE"),
    (codecs.BOM_UTF32_BE, "UTF-32-BE"),
    (codecs.BOM_UTF16_LE, "UTF-16-LE"),
    (codecs.BOM_UTF16_BE, "UTF-16-BE"),
)
#: The characters a JSON value can start with (``N`` and ``I``: Python's json reads NaN and Infinity).
_JSON_STARTS = frozenset('{["-0123456789tfnNI')
_JSON_SPACE = " \t\n\r"


def _wide_encoding(head: bytes) -> tuple[str, int] | None:
    """``(encoding, length of its byte-order mark)`` when ``head``, the first bytes of a JSON
    text, are UTF-16 or UTF-32: a byte-order mark, or the pattern of NUL bytes that the first
    two characters, always ASCII, make (RFC 4627 section 3); None for UTF-8."""
    for bom, encoding in _WIDE_BOMS:
        if head.startswith(bom):
            return encoding, len(bom)
    if len(head) < 2:
        return None
    if head[0] == 0 and head[1] != 0:  # 00 xx: UTF-16-BE
        return "UTF-16-BE", 0
    if head[0] != 0 and head[1] == 0:  # xx 00 00 00: UTF-32-LE; xx 00 (yy 00): UTF-16-LE
        return ("UTF-32-LE", 0) if head[2:4] == b"\x00\x00" else ("UTF-16-LE", 0)
    if len(head) >= 4 and head.startswith(b"\x00\x00\x00") and head[3] != 0:  # 00 00 00 xx: UTF-32-BE
        return "UTF-32-BE", 0
    return None


def _sniff(head: bytes, label: str, noun: str) -> tuple[str, int] | None:
    """Reject input that cannot be JSON from ``head``, its first bytes (up to
    :data:`SNIFF_BYTES`): a known binary signature, a NUL byte in what is not UTF-16/32
    text, bytes that are not text in its encoding, a first character that no JSON value
    starts with. Returns what :func:`_wide_encoding` returns."""
    for offset, signature, what in _SIGNATURES:
        if head.startswith(signature, offset) and (offset == 0 or head[:1] == b"\x00"):  # an MP4 box: its size first
            raise InputError(f"not JSON: the {noun} starts with binary data ({what})", source=label)
    wide = _wide_encoding(head)
    if wide is None:
        nul = head.find(b"\x00")
        if nul >= 0:
            raise InputError(f"not JSON: the {noun} starts with binary data (byte 0x00 at offset {nul})", source=label)
        try:  # the byte-order mark dropped, as for the whole file
            text = codecs.getincrementaldecoder("utf-8-sig")().decode(head, final=False)
        except UnicodeDecodeError as exc:  # the message the whole file would get
            raise InputError(f"not UTF-8 text (byte {exc.start}): not a JSON file", source=label) from None
        _sniff_text(text, label, noun)
        return None
    encoding, bom = wide
    try:
        text = codecs.getincrementaldecoder(encoding)().decode(head[bom:], final=False)
    except UnicodeDecodeError as exc:
        raise InputError(_wide_error(encoding, exc, bom), source=label) from None
    _sniff_text(text, label, noun, f" of the {encoding} text")
    return wide


def _sniff_text(text: str, label: str, noun: str, of: str = "") -> None:
    """Reject the first characters of a text (its byte-order mark dropped) that cannot start
    JSON: a NUL, or a first character that is neither white space nor a character a JSON
    value starts with. That character gets json's own message, as for the whole text."""
    nul = text.find("\x00")
    if nul >= 0:
        raise InputError(f"not JSON: the {noun} starts with binary data (U+0000 at character {nul}{of})", source=label)
    first = len(text) - len(text.lstrip(_JSON_SPACE))
    if first < len(text) and text[first] not in _JSON_STARTS and not text[first].isspace() and text[first] != "\ufeff":
        line = text.count("\n", 0, first) + 1
        column = first - text.rfind("\n", 0, first)
        raise InputError(f"not valid JSON: Expecting value at line {line} column {column}", source=label)


def _wide_error(encoding: str, exc: UnicodeDecodeError, bom: int) -> str:
    where = exc.start + bom
    if exc.reason in ("truncated data", "unexpected end of data"):
        return f"not {encoding} text (byte {where}): the file ends inside a character (was it cut short?)"
    return f"not {encoding} text (byte {where}): {exc.reason}"


def _utf8(raw: bytes, label: str, noun: str) -> bytes:
    """``raw`` checked by :func:`_sniff`, as UTF-8 (UTF-16/32 text decoded, its mark dropped)."""
    wide = _sniff(raw[:SNIFF_BYTES], label, noun)
    if wide is None:
        return raw
    encoding, bom = wide
    try:
        text = raw[bom:].decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(_wide_error(encoding, exc, bom), source=label) from None
    return text.encode("utf-8")


def _read_head(read: Callable[[int], Any]) -> Any:
    """Up to :data:`SNIFF_BYTES` bytes (or characters) from ``read``, fewer only at the end."""
    head = read(SNIFF_BYTES)
    if not isinstance(head, (bytes, str)) or not head or len(head) >= SNIFF_BYTES:
        return head
    parts = [head]
    size = len(head)
    while size < SNIFF_BYTES:
        more = read(SNIFF_BYTES - size)
        if not more or type(more) is not type(head):
            break
        parts.append(more)
        size += len(more)
    return head[:0].join(parts)


def _read_rest(handle: Any, head: Any, start: int | None) -> Any:
    """The whole content: ``head`` and what follows it. A seekable binary file is read
    again from ``start`` in one piece (no copy of the whole content to join the two)."""
    if not head or len(head) < SNIFF_BYTES:
        return head  # it was all there
    if start is not None and isinstance(head, bytes):
        try:
            handle.seek(start)
            return handle.read()
        except (OSError, ValueError):
            pass
    rest = handle.read()
    return head + rest if isinstance(rest, type(head)) else rest


def _tell(handle: Any) -> int | None:
    try:
        return handle.tell() if handle.seekable() else None
    except (AttributeError, OSError, ValueError):
        return None


def _read_file(path: Path, label: str) -> bytes:
    """The bytes of the file at ``path``, its first bytes checked (:func:`_sniff`) before the rest is read."""
    try:
        with open(path, "rb", buffering=0) as handle:
            head = _read_head(handle.read)
            _sniff(head, label, "file")
            return _read_rest(handle, head, 0 if handle.seekable() else None)
    except (OSError, ValueError) as exc:  # ValueError: a NUL in the path
        raise InputError(f"cannot read the file: {getattr(exc, 'strerror', None) or exc}", source=label) from None


def _read_stream(source: Any, label: str, noun: str = "input") -> str | bytes:
    """All of a file object's content (text or bytes), its first part checked (:func:`_sniff`)
    before the rest is read."""
    try:
        start = _tell(source)
        whole = False
        try:
            head = _read_head(source.read)
        except TypeError:  # a read() that takes no size
            head, whole = source.read(), True
        if isinstance(head, bytes):
            _sniff(head[:SNIFF_BYTES], label, noun)
        elif isinstance(head, str):
            _sniff_text(head[:SNIFF_BYTES].removeprefix("\ufeff"), label, noun)
        else:
            raise InputError(f"the stream gave a {type(head).__name__}, not text or bytes", source=label)
        raw = head if whole else _read_rest(source, head, start)
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text (byte {exc.start}): open the file in binary mode", source=label) from None
    except (OSError, ValueError) as exc:  # a closed or unreadable file
        raise InputError(f"cannot read the stream: {exc}", source=label) from None
    if not isinstance(raw, (str, bytes)):
        raise InputError(f"the stream gave a {type(raw).__name__}, not text or bytes", source=label)
    return raw


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
        if words and _multichannel(data, words):
            # the channels' utterances overlap in time: merge their words in time order
            timed = all(isinstance(w, Mapping) and type(w.get("start")) in (int, float) for w in words)
            if timed:
                order = sorted(range(len(words)), key=lambda i: words[i]["start"])
                words, paths = [words[i] for i in order], [paths[i] for i in order]
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


def _multichannel(data: Mapping[str, Any], words: Sequence[Any]) -> bool:
    """Whether a document is a multichannel transcript (its flag, or words on two channels)."""
    if data.get("multichannel"):
        return True
    return len({w.get("channel") for w in words if isinstance(w, Mapping)} - {None}) > 1


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
        if not clean.isprintable() and _CONTROL.search(clean):
            clean = " ".join(clean.translate(_DELETE_CONTROLS).split())
        if not clean or all(c in INVISIBLE for c in clean):
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
        labels = _cleaned(word, ("speaker", "channel"))
        if (
            clean == text
            and labels is word
            and type(word["start"]) is int
            and type(word["end"]) is int
            and type(word) is dict
        ):
            out.append(word)
        else:
            out.append({**labels, "text": clean, "start": start, "end": end})
    return out


#: The latest time a transcript may hold (ms): a year. Later is not a time in a recording.
MAX_MS = 366 * 24 * 3600 * 1000


def _ms(word: Mapping[str, Any], key: str, where: str, text: str, source: str, what: str = "word") -> int:
    value = word.get(key)
    if type(value) is int:
        if value < 0:
            raise TranscriptError(
                f"{what} {text!r} has a negative time ({value} ms)", source=source, path=f"{where}.{key}"
            )
        if value > MAX_MS:
            raise TranscriptError(
                f"{what} {text!r} has a time of {value if value < 10**15 else f'{value:.3e}'} ms, over a year: "
                "not a time in a recording",
                source=source,
                path=f"{where}.{key}",
            )
        return value
    if value is None:
        missing = "has no" if key not in word else "has a null"
        why = (
            "it is not aligned to the audio (the API leaves such words untimed), so it cannot be placed in a caption"
            if what == "word"
            else "every utterance has a start and an end"
        )
        raise TranscriptError(f"{what} {text!r} {missing} {key}: {why}", source=source, path=f"{where}.{key}")
    if isinstance(value, float) and value.is_integer():
        return _ms({key: int(value)}, key, where, text, source, what)
    kind = "a fractional number" if isinstance(value, float) else _json_type(value)
    raise TranscriptError(
        f"{what} {text!r}: {key} must be an integer number of milliseconds, got {kind} ({value!r})",
        source=source,
        path=f"{where}.{key}",
    )


def _checked_utterances(utterances: Any, source: str) -> Any:
    """The utterances with their times and words checked as the words are (same repairs)."""
    if not isinstance(utterances, list):
        return utterances
    out = []
    for i, u in enumerate(utterances):
        where = f"$.utterances[{i}]"
        if not isinstance(u, Mapping):
            raise TranscriptError(f"expected an utterance object, got {_json_type(u)}", source=source, path=where)
        u = _cleaned(u)
        translated = u.get("translated_texts")
        if isinstance(translated, Mapping):
            u = {**u, "translated_texts": _cleaned(translated, list(translated))}
        text = u.get("text")
        label = " ".join(text.split())[:40] if isinstance(text, str) else f"#{i}"
        start = _ms(u, "start", where, label, source, "utterance")
        end = _ms(u, "end", where, label, source, "utterance")
        if end < start:
            raise TranscriptError(
                f"utterance {label!r} ends before it starts (start {start} ms, end {end} ms)",
                source=source,
                path=f"{where}.end",
            )
        fixed = {**u, "start": start, "end": end}
        if isinstance(u.get("words"), list):
            fixed["words"] = _checked_words(u["words"], f"{where}.words", source)
        out.append(fixed)
    return out


def _from_validation_error(exc: ValidationError, source: str) -> TranscriptError:
    err = exc.errors(include_url=False)[0]
    path = "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in err["loc"])
    more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
    return TranscriptError(f"{err['msg']}, got {err.get('input')!r}{more}", source=source, path=path)


# ---------------------------------------------------------------- the fast path

_Ms = Annotated[int, msgspec.Meta(ge=0, le=MAX_MS)]


class _W(msgspec.Struct, forbid_unknown_fields=True, gc=False):
    """A word exactly as the API writes it; any other key sends the document down the exact path."""

    text: str
    start: _Ms
    end: _Ms
    confidence: float | UnsetType | None = UNSET
    speaker: str | UnsetType | None = UNSET
    channel: str | UnsetType | None = UNSET


class _U(msgspec.Struct, forbid_unknown_fields=True, gc=False):
    """An utterance, typed as :class:`~captionkit.model.transcript.Utterance` types it."""

    text: str
    start: _Ms
    end: _Ms
    confidence: float | UnsetType | None = UNSET
    words: list[_W] | UnsetType = UNSET
    speaker: str | UnsetType | None = UNSET
    channel: str | UnsetType | None = UNSET
    translated_texts: dict[str, str] | UnsetType | None = UNSET


class _Item(msgspec.Struct, gc=False):
    """A /sentences or /paragraphs item: only its words are read (the item is kept as given)."""

    words: list[_W]


_WORD_FIELDS = tuple(Word.model_fields)
_UTTERANCE_FIELDS = tuple(Utterance.model_fields)
#: Every character that ``str.split()`` splits on (``str.isspace``), but the space and the
#: line feed (the test-suite checks this list against every code point).
_OTHER_SPACES = (
    "\t\x0b\x0c\r\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
_UTF8_BOM = b"\xef\xbb\xbf"


class _NotFast(Exception):
    """The document needs the exact path (a repair, an error to name, a shape not handled here)."""


#: In JSON text: an escaped backslash, or the escape of a C0 control, DEL or a C1 control.
_ESCAPE = re.compile(rb"\\(?:\\|b|u00[01][0-9a-fA-F]|u007[fF]|u00[89][0-9a-fA-F])")
_CONTROL_ESCAPE = re.compile(rb"00[01][0-9a-fA-F]|007[fF]|00[89][0-9a-fA-F]")
_C1_UTF8 = re.compile(rb"\xc2[\x80-\x9f]")
#: Hits of a byte search looked at one by one before a regular expression scans the rest.
_FEW_HITS = 50_000


def _may_need_repair(raw: bytes) -> bool:
    """Whether a string of the UTF-8 JSON document ``raw`` may hold a control character that
    the exact path removes: the escape of one (``\\u001b``, ``\\b``; the escape of a white
    space control too, a false alarm that costs speed only), a DEL, a C1 control. Byte
    searches at memory speed; a document with no backslash, DEL or byte C2 is done in three."""
    if b"\x7f" in raw:
        return True
    return _holds_c1(raw) or _holds_control_escape(raw)


def _holds_c1(raw: bytes) -> bool:
    at = raw.find(b"\xc2")  # C2 is only ever a lead byte (of U+0080-U+00BF)
    for _ in range(_FEW_HITS):
        if at < 0:
            return False
        if at + 1 < len(raw) and 0x80 <= raw[at + 1] <= 0x9F:
            return True
        at = raw.find(b"\xc2", at + 2)
    return at >= 0 and _C1_UTF8.search(raw, at) is not None


def _holds_control_escape(raw: bytes) -> bool:
    at = raw.find(b"\\")
    for _ in range(_FEW_HITS):
        if at < 0 or at + 1 >= len(raw):
            return False
        after = raw[at + 1]
        if after == 0x62 or (after == 0x75 and _CONTROL_ESCAPE.match(raw, at + 2)):  # \b, \u00XX
            return True
        at = raw.find(b"\\", at + 2)  # past this escape (an escaped backslash too)
    # many escapes: a regular expression scans on from the start of an escape
    return at >= 0 and any(raw[m.start() + 1] != 0x5C for m in _ESCAPE.finditer(raw, at))  # not an escaped backslash


def _encoded_needs_repair(value: Any) -> bool:
    """:func:`_may_need_repair` of ``value`` (decoded JSON, or the fast path's records) as
    msgspec encodes it in C; True when it cannot: a lone surrogate, a type JSON does not have."""
    try:
        return _may_need_repair(msgspec.json.encode(value))
    except Exception:
        return True


class _JsonDoc:
    """A JSON document decoded one top-level field at a time (typed where asked)."""

    def __init__(self, raw: bytes | str) -> None:
        if isinstance(raw, str):
            try:
                raw = raw.encode("utf-8")
            except UnicodeEncodeError:  # a lone surrogate in the text
                raise _NotFast from None
        if _may_need_repair(raw):
            raise _NotFast
        if raw.startswith(_UTF8_BOM):
            raw = memoryview(raw)[3:]  # type: ignore[assignment]
        self.fields: Mapping[str, Any] = msgspec.json.decode(raw, type=dict[str, msgspec.Raw])

    def value(self, key: str) -> Any:
        return msgspec.json.decode(self.fields[key])

    def typed(self, key: str, kind: Any) -> Any:
        return msgspec.json.decode(self.fields[key], type=kind)

    def needs_repair(self, value: Any) -> bool:
        """False: the bytes were looked at when the document was made."""
        return False


class _DictDoc:
    """A document that is already Python objects (a dict, an SDK object's dict)."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.fields = data

    def value(self, key: str) -> Any:
        return self.fields[key]

    def typed(self, key: str, kind: Any) -> Any:
        return msgspec.convert(self.fields[key], kind)

    def needs_repair(self, value: Any) -> bool:
        """Whether a string of ``value``, a part of the document, may hold a control
        character or a lone surrogate (the exact path repairs them)."""
        return _encoded_needs_repair(value)


def _fast_transcript(doc: Any, source: str) -> Transcript | None:
    """The transcript when the document needs no repair and has no error, else None.

    Errors that both paths report the same way (a status that is not completed) are raised here.
    """
    try:
        with gc_paused():
            if isinstance(doc, Mapping):
                doc = _DictDoc(doc)
            elif not isinstance(doc, (_JsonDoc, _DictDoc)):
                doc = _JsonDoc(doc)
            return _fast(doc, source)
    except (msgspec.MsgspecError, ValueError, _NotFast):  # ValueError: not UTF-8
        return None


def _fast(doc: _JsonDoc | _DictDoc, source: str) -> Transcript:
    keys = doc.fields.keys()
    shell = {k: doc.value(k) for k in keys if k not in LAZY_FIELDS}
    if doc.needs_repair(shell):
        raise _NotFast  # the exact path repairs it (and its messages quote the repaired text)
    _check_status(shell, source)
    utterances = doc.typed("utterances", list[_U] | None) if "utterances" in keys else None
    if utterances and (
        any(u.end < u.start for u in utterances)
        or any(w.end < w.start for u in utterances if u.words is not UNSET for w in u.words)  # type: ignore[union-attr]
        or doc.needs_repair(utterances)
    ):
        raise _NotFast  # the exact path names the utterance or word, or repairs it
    words = _fast_words(doc, shell, utterances)
    if doc.fields.get("words") is not None and doc.needs_repair(words):  # else they are the utterances' or items'
        raise _NotFast
    columns = _checked_columns(words)
    if shell.get("text") is None and "sentences" not in shell and "paragraphs" not in shell:
        shell["text"] = " ".join(columns.texts)
    lazy = ["words"]
    if isinstance(utterances, list):
        lazy.append("utterances")
    elif "utterances" in keys:
        shell["utterances"] = None
    try:
        model = Transcript.model_validate(shell)
    except ValidationError:
        raise _NotFast from None
    model._checked = True
    return Transcript._with_lazy_fields(model, _Parts(words, utterances, columns), lazy)


def _fast_words(doc: _JsonDoc | _DictDoc, shell: dict[str, Any], utterances: list[_U] | None) -> list[_W]:
    """The document's words, found as :func:`_find_words` finds them."""
    words: list[_W] | None = None
    if "words" not in doc.fields:
        for key in ("sentences", "paragraphs"):
            if isinstance(shell.get(key), list):
                words = [w for item in doc.typed(key, list[_Item]) for w in item.words]
                break
    if words is None:
        words = doc.typed("words", list[_W] | None) if "words" in doc.fields else None
        if words is None and utterances is not None:
            if any(u.words is UNSET for u in utterances):
                raise _NotFast
            words = [w for u in utterances for w in u.words]  # type: ignore[union-attr]
            if shell.get("multichannel") or len({w.channel for w in words} - {None, UNSET}) > 1:
                words.sort(key=lambda w: w.start)  # the channels' utterances overlap: time order
    if not words:
        raise _NotFast
    return words


def _checked_columns(words: list[_W]) -> WordColumns:
    """Check on whole columns what the word loop checks one word at a time; return the columns.

    Types, required fields and ``>= 0`` were checked while decoding; control characters and
    lone surrogates were looked for before (:func:`_may_need_repair`).
    """
    columns = WordColumns(words, missing=UNSET)
    starts, ends = columns.starts, columns.ends
    if any(map(lt, ends, starts)) or any(map(lt, islice(starts, 1, None), starts)):
        raise _NotFast
    if not _clean_texts(columns.texts):
        raise _NotFast
    return columns


def _clean_texts(texts: list[str]) -> bool:
    """True when every text is what the exact path keeps as it is: not blank, no white space
    but single spaces between non-space characters (one pass of fast substring searches)."""
    joined = "\n".join(texts)
    if joined.count("\n") != len(texts) - 1:  # a text holds a line feed
        return False
    if not joined or joined[0] in " \n" or joined[-1] in " \n":
        return False
    if "  " in joined or " \n" in joined or "\n " in joined or "\n\n" in joined:
        return False
    # a word of only invisible characters is blank: the exact path names it
    return not any(c in joined for c in _OTHER_SPACES) and not any(c in joined for c in INVISIBLE)


class _Parts:
    """The checked words and utterances of a fast-loaded transcript, built into models on first use."""

    __slots__ = ("_columns", "utterances", "words")

    def __init__(self, words: list[_W], utterances: list[_U] | None, columns: WordColumns) -> None:
        self.words = words
        self.utterances = utterances
        self._columns = columns

    def columns(self) -> WordColumns:
        return self._columns

    def utterance_heads(self) -> list[UtteranceHead] | None:
        if self.utterances is None:
            return None
        return [
            UtteranceHead(*(None if v is UNSET else v for v in fields))
            for fields in (
                (u.speaker, u.channel, u.start, u.end, u.text, u.confidence, u.translated_texts)
                for u in self.utterances
            )
        ]

    def build(self, name: str) -> Any:
        with gc_paused():
            if name == "words":
                return _word_models(self.words)
            return [_utterance_model(u) for u in self.utterances or ()]


def _word_models(words: list[_W]) -> list[Word]:
    out: list[Word] = []
    append = out.append
    for w in words:
        conf, speaker, channel = w.confidence, w.speaker, w.channel
        if conf is UNSET or speaker is UNSET or channel is UNSET:
            values = {name: getattr(w, name) for name in _WORD_FIELDS}
            given = {name for name, v in values.items() if v is not UNSET}
            append(construct(Word, {k: None if v is UNSET else v for k, v in values.items()}, given))
        else:
            values = {"text": w.text, "start": w.start, "end": w.end, "confidence": conf}
            values["speaker"] = speaker
            values["channel"] = channel
            append(construct(Word, values, set(_WORD_FIELDS)))
    return out


def _utterance_model(u: _U) -> Utterance:
    values: dict[str, Any] = {}
    given: set[str] = set()
    for name in _UTTERANCE_FIELDS:
        v = getattr(u, name)
        if v is UNSET:
            values[name] = [] if name == "words" else None
        else:
            values[name] = v
            given.add(name)
    values["words"] = _word_models(values["words"])
    return construct(Utterance, values, given)


def read_stdin(*, json_input: bool = False) -> bytes:
    """All of standard input, as bytes (the CLI's ``-``). With ``json_input`` its first bytes
    are checked first (:func:`_sniff`): input that cannot be JSON is rejected, as ``<stdin>``,
    before the rest is read."""
    if not json_input:
        return sys.stdin.buffer.read()
    raw = _read_stream(sys.stdin.buffer, "<stdin>")
    assert isinstance(raw, bytes)
    return raw
