"""Repairs of hostile text in a transcript: control characters removed, lone surrogates
replaced by U+FFFD (see docs/hostile-input.md for the contract)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

import msgspec

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
