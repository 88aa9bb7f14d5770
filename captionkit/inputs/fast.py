"""The loader's fast path: the whole document decoded and checked in bulk with msgspec, the
words kept as columns and built into models only when used (see captionkit.model.transcript)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from itertools import islice
from operator import lt
from typing import Annotated, Any

import msgspec
from msgspec import UNSET, UnsetType
from pydantic import ValidationError

from captionkit.inputs.checks import MAX_MS, _check_status
from captionkit.model.columns import UtteranceHead, WordColumns, construct, gc_paused
from captionkit.model.transcript import LAZY_FIELDS, Transcript, Utterance, Word
from captionkit.text.width import IGNORABLE as INVISIBLE

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


class _USharing(msgspec.Struct, forbid_unknown_fields=True, gc=False):
    """An utterance whose words are, byte for byte, the document's next top-level words
    (:func:`_sharing_utterances`): kept as their JSON text, decoded when the models are built."""

    text: str
    start: _Ms
    end: _Ms
    confidence: float | UnsetType | None = UNSET
    words: msgspec.Raw | UnsetType = UNSET
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
    utterances = _utterances(doc) if "utterances" in keys else None
    if utterances and (
        any(u.end < u.start for u in utterances)
        or not all(_plain_words(u.words) for u in utterances if isinstance(u.words, list))
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


def _utterances(doc: _JsonDoc | _DictDoc) -> list[_U] | list[_USharing] | None:
    """The utterances, typed. When their words are written exactly as the top-level words
    (the same objects, formatted on one line as ``json.dumps`` writes them, in the same
    order), those words are checked once, as the top-level words, and the utterances keep
    their words' JSON text: a 200,000-word transcript loads about 50 ms sooner."""
    top = doc.fields.get("words") if isinstance(doc, _JsonDoc) else None
    if top is not None:
        view = memoryview(top)  # msgspec.Raw: the value's bytes, no copy
        if view[:1] == b"[" and b"\n" not in bytes(view[:4096]):
            heads = doc.typed("utterances", list[_USharing] | None)
            if heads is not None and _sharing_utterances(view, heads):
                for u in heads:
                    u.words = u.words.copy()  # type: ignore[union-attr]  # not a view of the whole document
                return heads
    return doc.typed("utterances", list[_U] | None)  # type: ignore[no-any-return]


def _sharing_utterances(top: memoryview, heads: list[_USharing]) -> bool:
    """Whether the utterances' words, one after the other, are the top-level words ``top``
    (a JSON array on one line) byte for byte."""
    inners: list[memoryview] = []
    for u in heads:
        if u.words is UNSET:
            return False
        raw = memoryview(u.words)  # type: ignore[arg-type]
        if raw[:1] != b"[" or raw[-1:] != b"]":
            return False
        if len(raw) > 2:
            inners.append(raw[1:-1])
    if not inners:
        return False
    sep = b", " if b"}, {" in bytes(top[:4096]) else b","
    return sep.join(inners) == top[1:-1]


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


def _plain_words(words: list[_W]) -> bool:
    """Whether an utterance's words are what the exact path keeps as they are: each ends at
    or after its start, they start in order, their texts are clean (:func:`_clean_texts`)."""
    if not words:
        return True
    starts = [w.start for w in words]
    ends = [w.end for w in words]
    if any(map(lt, ends, starts)) or any(map(lt, islice(starts, 1, None), starts)):
        return False
    return _clean_texts([w.text for w in words])


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

    def __init__(self, words: list[_W], utterances: list[_U] | list[_USharing] | None, columns: WordColumns) -> None:
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


def _utterance_model(u: _U | _USharing) -> Utterance:
    values: dict[str, Any] = {}
    given: set[str] = set()
    for name in _UTTERANCE_FIELDS:
        v = getattr(u, name)
        if v is UNSET:
            values[name] = [] if name == "words" else None
        else:
            values[name] = v
            given.add(name)
    words = values["words"]
    if isinstance(words, msgspec.Raw):  # an utterance sharing the top-level words: checked then
        words = msgspec.json.decode(words, type=list[_W])
    values["words"] = _word_models(words)
    return construct(Utterance, values, given)
