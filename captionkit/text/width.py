"""How wide caption text is, how words join, and which way it runs.

This is the one place text is measured. Broadcast limits count what a viewer sees, not
code points:

* :func:`graphemes` counts user-perceived characters (extended grapheme clusters, UAX #29,
  with the ``regex`` module's ``\\X``): ``"e\\u0301"`` is 1, a family emoji is 1, a flag is 1.
  Invisible characters (zero-width space, BOM, bidi marks and embeddings) count 0, as in
  SubtitleEdit's Netflix checker (CalcAll).
* :func:`cjk_units` is the Netflix Japanese/Chinese/Korean measure: a full-width grapheme
  (East Asian Width ``W`` or ``F``) counts 1, anything else (Latin, half-width kana,
  spaces) 0.5. The per-language limits (JA 13, ZH/KO 16) are in :mod:`captionkit.profiles`.
* :func:`reading_chars` and :func:`count_words` are what reading speed counts (characters
  per second, words per minute).

The API-compatible path counts differently, on purpose: :func:`code_points` is how the API
counts ``chars_per_caption`` (Python's ``len``: ``"e\u0301"`` is 2), so the caption split
reproduces the API's cues; :func:`cap_after_label` takes an SRT speaker label out of that
cap, the one subtraction both speaker-labelled API paths make.

Words of scripts written without spaces (Han, kana, Thai, Lao, Khmer, Myanmar) are joined
with nothing between them (:func:`joiner`); every other pair of words with one space, but
in a language written without spaces (Japanese, Chinese, Thai...) a Latin word joins its
CJK neighbours without one.

Right-to-left text (Hebrew, Arabic...) is stored in logical order and never reordered; a
line whose text is mostly right-to-left but starts with a neutral or left-to-right
character (a digit, a dialogue dash, a Latin word) gets a RIGHT-TO-LEFT MARK in front
(:func:`bidi_safe`), because WebVTT and most SRT players take a line's direction from its
first strong character.
"""

from __future__ import annotations

import itertools
import unicodedata
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Literal

import regex

WidthMode = Literal["graphemes", "cjk"]

#: Characters that take no room on screen and are never counted.
IGNORABLE = frozenset(
    "\u200b\u200c\u200e\u200f\u061c\ufeff\u2060"
    + "".join(chr(c) for c in range(0x202A, 0x202F))
    + "\u2066\u2067\u2068\u2069"
)
RLM = "\u200f"

_GRAPHEME = regex.compile(r"\X")
_NO_SPACE = regex.compile(
    r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Bopomofo}\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}\u3000-\u303f\uff01-\uff60\u30fc]"
)
_KANA = regex.compile(r"[\p{Hiragana}\p{Katakana}]")
_HANGUL = regex.compile(r"\p{Hangul}")
_HAN = regex.compile(r"\p{Han}")
_IGNORABLE_RUN = regex.compile("[" + "".join(sorted(IGNORABLE)) + "]+")


def strip_ignorable(text: str) -> str:
    """``text`` without the invisible characters of :data:`IGNORABLE`."""
    return _IGNORABLE_RUN.sub("", text)


def grapheme_list(text: str) -> list[str]:
    """The visible grapheme clusters of ``text`` (control characters dropped)."""
    return [g for g in _GRAPHEME.findall(strip_ignorable(text)) if not _is_control(g)]


def _is_control(cluster: str) -> bool:
    return len(cluster) == 1 and unicodedata.category(cluster) == "Cc"


def graphemes(text: str) -> int:
    """Number of visible characters of ``text`` (grapheme clusters, invisibles not counted)."""
    if text.isascii() and text.isprintable():  # every character a cluster of its own, all visible
        return len(text)
    return _graphemes(text)


@lru_cache(maxsize=65536)
def _graphemes(text: str) -> int:
    return len(grapheme_list(text))


def cjk_units(text: str) -> float:
    """Width in full-width units: a full-width grapheme counts 1, any other 0.5."""
    if text.isascii() and text.isprintable():  # all half-width
        return len(text) * 0.5
    return _cjk_units(text)


@lru_cache(maxsize=65536)
def _cjk_units(text: str) -> float:
    total = 0.0
    for cluster in grapheme_list(text):
        total += 1.0 if unicodedata.east_asian_width(cluster[0]) in ("W", "F") else 0.5
    return total


def width(text: str, mode: WidthMode = "graphemes") -> float:
    """Width of ``text`` in the unit of ``mode`` (``graphemes`` or ``cjk`` units)."""
    if mode == "cjk":
        return cjk_units(text)
    if mode != "graphemes":
        raise ValueError(f"unknown width mode {mode!r}; expected 'graphemes' or 'cjk'")
    return graphemes(text)


def code_points(text: str) -> int:
    """Width of ``text`` as the API counts ``chars_per_caption``: code points (``len``), not
    graphemes. The API's captions were measured this way (a cue of 40 code points is full at
    ``chars_per_caption=40`` whatever its accents or emoji), so the API-compatible split and
    everything that shares out the API's cap counts this way too; broadcast profiles count
    with :func:`width`."""
    return len(text)


def cap_after_label(cap: int | None, label_format: str | None, name: str | None) -> int | None:
    """The ``chars_per_caption`` left for the words of a cue whose SRT text starts with the
    speaker label ``label_format.format(speaker=name)`` (e.g. ``"[{speaker}] "``): the cap
    less the label's :func:`code_points`, at least 1. Unchanged without a cap, a label format
    or a speaker (WebVTT voice spans take no room: no label format)."""
    if cap is not None and label_format and name is not None:
        return max(1, cap - code_points(label_format.format(speaker=name)))
    return cap


def reading_chars(lines: Sequence[str]) -> int:
    """Characters a viewer reads: graphemes of every line (spaces and dashes included,
    line breaks and invisible characters not)."""
    return sum(graphemes(line) for line in lines)


_WORDISH = regex.compile(r"[\p{L}\p{N}]")


def count_words(lines: Sequence[str]) -> int:
    """Words shown: white-space separated tokens with a letter or digit (dashes don't count)."""
    return sum(1 for line in lines for token in line.split() if _WORDISH.search(token))


def no_space_char(ch: str) -> bool:
    """True for a character of a script written without spaces between words."""
    return bool(_NO_SPACE.match(ch))


#: Languages written without spaces between words (the part of ``language_code`` before
#: ``_``): in these a word of such a script joins a Latin word (``iPhoneを``) without a space.
NO_SPACE_LANGUAGES = frozenset({"ja", "zh", "yue", "th", "lo", "km", "my"})


def joiner(previous: str, following: str, language: str | None = None) -> str:
    """What goes between two words: nothing between two words of scripts written without
    spaces (CJK, Thai...), nothing between such a word and any other when the transcript's
    ``language`` is written without spaces (:data:`NO_SPACE_LANGUAGES`), else one space
    (``Tokyo 東京 Tower`` in English)."""
    if not previous or not following:
        return " "
    before, after = no_space_char(previous[-1]), no_space_char(following[0])
    if before and after:
        return ""
    if (before or after) and base_language(language) in NO_SPACE_LANGUAGES:
        return ""
    return " "


def join_words(texts: Sequence[str], language: str | None = None) -> str:
    """The words joined as they are written: single spaces, none between CJK/Thai words
    (see :func:`joiner` for a CJK word next to a Latin one)."""
    if not texts:
        return ""
    joined = " ".join(texts)
    if joined.isascii():  # no script written without spaces
        return joined
    parts = [texts[0]]
    for prev, word in itertools.pairwise(texts):
        parts.append(joiner(prev, word, language))
        parts.append(word)
    return "".join(parts)


def detect_language(texts: Iterable[str]) -> str | None:
    """``"ja"``, ``"zh"`` or ``"ko"`` when the text is mostly CJK, else None.

    Used only when a transcript has no ``language_code`` (and by ``captionkit lint``,
    which has only the caption text): kana means Japanese, Hangul Korean, Han alone
    Chinese.
    """
    counts = {"kana": 0, "hangul": 0, "han": 0, "other": 0}
    for text in texts:
        for ch in text:
            if _KANA.match(ch):
                counts["kana"] += 1
            elif _HANGUL.match(ch):
                counts["hangul"] += 1
            elif _HAN.match(ch):
                counts["han"] += 1
            elif ch.isalpha():
                counts["other"] += 1
    cjk = counts["kana"] + counts["hangul"] + counts["han"]
    if cjk == 0 or cjk < counts["other"]:
        return None
    if counts["kana"]:
        return "ja"
    if counts["hangul"] >= counts["han"]:
        return "ko"
    return "zh"


def base_language(code: str | None) -> str | None:
    """``"en"`` for ``"en_us"``/``"en-GB"``/``"EN"``; None for None or blank."""
    if not code or not code.strip():
        return None
    return code.strip().replace("-", "_").split("_")[0].lower()


def _strong_direction(ch: str) -> str | None:
    kind = unicodedata.bidirectional(ch)
    if kind in ("R", "AL"):
        return "rtl"
    if kind == "L":
        return "ltr"
    return None


def mostly_rtl(text: str) -> bool:
    """True when most strong characters of ``text`` are right-to-left."""
    if text.isascii():  # no right-to-left character
        return False
    rtl = ltr = 0
    for ch in text:
        direction = _strong_direction(ch)
        if direction == "rtl":
            rtl += 1
        elif direction == "ltr":
            ltr += 1
    return rtl > ltr


def bidi_safe(line: str) -> str:
    """``line`` with a RIGHT-TO-LEFT MARK in front when it is mostly right-to-left but its
    first character is not a right-to-left letter (so players give it the right direction).
    Characters are never reordered."""
    if not line or line.startswith(RLM) or not mostly_rtl(line):
        return line
    if _strong_direction(line[0]) == "rtl":
        return line
    return RLM + line
