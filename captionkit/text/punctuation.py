"""Punctuation: every set of marks captionkit reads, named by who reads it and why.

Three rules read punctuation, and they ask different questions, so their sets differ on
purpose (each was fitted to, or written for, its own behaviour; none may change without
changing output):

* **The API caption split** (:mod:`captionkit.segment.api`) reads a word's last mark as one
  feature of its model of the API's cue breaks: :func:`ends_with_sentence_mark` (the text
  alone, no context: ``U.S.`` counts) and :func:`ends_with_clause_mark`. Its sets
  (:data:`CAPTION_SENTENCE_MARKS`, :data:`CAPTION_CLAUSE_MARKS`, :data:`CAPTION_CLOSERS`)
  are the marks its sentence-end and clause-end features were defined with when it was
  fitted to the API's real captions (Latin ``. ? !``, the ellipsis and the CJK full-width
  stops U+3002 U+FF1F U+FF01; the CJK commas U+3001 U+FF0C as clause marks); changing
  them changes the model's features, so its breaks.
* **The /sentences rule** (:func:`is_sentence_end`, used by
  :mod:`captionkit.documents.sentences` and by the broadcast break kinds) decides whether a
  word really ends a sentence, looking at the next word (an abbreviation's period, an
  initial in a name, a lower-case continuation). Its sets (:data:`SENTENCE_TERMINALS`,
  :data:`SENTENCE_PERIODS`, :data:`SENTENCE_CLOSERS`, :data:`SENTENCE_OPENERS`) are wider
  (more scripts: the full-width and half-width periods, the Devanagari danda, the Arabic
  question mark, the double marks U+203C U+2047-U+2049; CJK corner brackets and full-width
  closers): this rule has to find every sentence end the /sentences endpoint makes, in
  every language, where the caption model only reads the features it was fitted with.
* **The broadcast phrase ends** (:mod:`captionkit.text.breaks`): a line or cue may break
  after clause punctuation, which for broadcast line breaking includes dashes
  (:data:`PHRASE_END_MARKS`) but not the CJK commas, and after a closing bracket
  (:data:`CLOSING_BRACKETS`); a word starting with an em or en dash opens a clause
  (:data:`CLAUSE_DASHES`); a word starting with a hyphen or em dash is a dialogue line or
  an aside, never the second half of a name (:data:`DASH_STARTS`). The closers skipped
  there are the caption split's (:data:`CAPTION_CLOSERS`): the two rules were written
  together.

So "ends a sentence" means two things: :func:`ends_with_sentence_mark` (the caption
split's feature: the mark is there) and :func:`is_sentence_end` (the /sentences decision:
the mark is there *and* the sentence ends at it).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache, lru_cache

# -- the API caption split (captionkit.segment.api) ------------------------------------------

#: Marks the API caption model reads as a sentence end (fitted on the API's captions).
CAPTION_SENTENCE_MARKS = ".?!\u3002\uff1f\uff01\u2026"
#: Marks the API caption model reads as a clause end.
CAPTION_CLAUSE_MARKS = (",", ";", ":", "\u3001", "\uff0c")
#: Closing quotes and brackets skipped before the caption split's marks (and the broadcast
#: phrase ends'): ``end."`` ends with a sentence mark.
CAPTION_CLOSERS = "\"')]}\u201d\u2019\u00bb"

# -- broadcast line and cue breaks (captionkit.text.breaks) ---------------------------------

#: After one of these (closers skipped) a phrase ends: a good place for a line or cue break.
PHRASE_END_MARKS = ",;:\u2014\u2013-"
#: A word ending with one of these closes a phrase, whatever comes before it.
CLOSING_BRACKETS = ")]}"
#: A word starting with one of these opens a clause (an aside): a break before it is good.
CLAUSE_DASHES = ("\u2014", "\u2013")
#: A word starting with one of these is never the second half of a name.
DASH_STARTS = ("-", "\u2014")

# -- the /sentences rule (is_sentence_end; captionkit.documents.sentences) -------------------

#: Marks that end a sentence: Latin, ellipsis, CJK full-width and half-width forms, Devanagari danda, Arabic ``؟``.
SENTENCE_TERMINALS = ".?!\u2026\u3002\uff1f\uff01\uff0e\uff61\u0964\u061f\u203c\u2047\u2048\u2049"
#: Marks after which a lower-case next word means the sentence goes on.
SENTENCE_PERIODS = ".\u2026"
#: Closing quotes and brackets that may follow the mark; they stay with the sentence.
SENTENCE_CLOSERS = "\"')]}\u201d\u2019\u00bb\u203a\u300d\u300f\u3011\u3015\u3009\u300b\uff09\uff3d\uff5d\uff02\uff07"
#: Opening quotes/brackets (and Spanish ``¿ ¡``) skipped when looking at how the next word begins.
SENTENCE_OPENERS = "\"'([{\u201c\u2018\u00ab\u2039\u300c\u300e\u3010\u3014\u3008\u300a\uff08\uff3b\uff5b\u00bf\u00a1"

#: Abbreviations (lower case, without their last period) that never end a sentence in any
#: language: titles before a name and Latin abbreviations that introduce what follows.
NEVER_FINAL = frozenset(
    {
        *("mr", "mrs", "ms", "mx", "dr", "prof", "rev", "hon", "st", "mt", "ft", "sgt", "capt", "col", "gen", "lt"),
        *("cmdr", "adm", "gov", "sen", "rep", "supt", "messrs"),
        *("e.g", "eg", "i.e", "ie", "cf", "viz", "vs", "approx", "ca"),
    }
)
#: More of them, by language (the part of ``language_code`` before ``_``).
NEVER_FINAL_BY_LANGUAGE: Mapping[str, frozenset[str]] = {
    "es": frozenset({"sr", "sra", "srta", "sres", "dra", "lic", "ing", "ud", "uds", "p.ej"}),
    "pt": frozenset({"sr", "sra", "srta", "dra", "eng"}),
    "fr": frozenset({"mme", "mmes", "mlle", "mlles", "me", "pr"}),
    "de": frozenset({"hr", "hrn", "fr", "z.b", "d.h", "u.a", "bzw", "vgl"}),
    "it": frozenset({"sig", "sigg", "sig.ra", "dott", "dott.ssa", "avv", "ing"}),
    "nl": frozenset({"dhr", "mevr", "bijv", "o.a", "d.w.z"}),
}
#: Abbreviations that do not end a sentence before a number (``No. 5``, ``Fig. 3``).
BEFORE_NUMBER = frozenset({"no", "nos", "nr", "vol", "vols", "fig", "figs", "p", "pp", "ch", "sec", "art", "op"})


# -- the caption split's marks -----------------------------------------------------------------


def ends_with_sentence_mark(text: str) -> bool:
    """True when ``text`` ends with one of :data:`CAPTION_SENTENCE_MARKS` (closing
    quotes/brackets allowed): the API caption split's feature, read from the text alone
    (``U.S.`` and ``Dr.`` count; :func:`is_sentence_end` is the rule that tells them apart)."""
    stripped = text.rstrip(CAPTION_CLOSERS)
    return bool(stripped) and stripped[-1] in CAPTION_SENTENCE_MARKS


def ends_with_clause_mark(text: str) -> bool:
    """True when ``text`` ends with a comma, semicolon or colon (:data:`CAPTION_CLAUSE_MARKS`,
    closing quotes/brackets allowed); such a word never also ends with a sentence mark."""
    return text.rstrip(CAPTION_CLOSERS).endswith(CAPTION_CLAUSE_MARKS)


# -- the /sentences rule -----------------------------------------------------------------------


def ends_with_terminal(text: str) -> bool:
    """True when ``text``, closing quotes/brackets removed, ends with one of
    :data:`SENTENCE_TERMINALS`: the only words for which :func:`is_sentence_end` can be
    True before the last word."""
    core = text.rstrip(SENTENCE_CLOSERS)
    return bool(core) and core[-1] in SENTENCE_TERMINALS


def only_closers(text: str) -> bool:
    """True for a word that is nothing but closing quotes/brackets (it stays with the
    sentence it closes)."""
    return bool(text) and not text.strip(SENTENCE_CLOSERS)


@cache
def never_final(language_code: str | None = None) -> frozenset[str]:
    """The abbreviations that never end a sentence for ``language_code`` (e.g. ``"en_us"``, ``"es"``)."""
    lang = (language_code or "en").lower().replace("-", "_").split("_")[0]
    return NEVER_FINAL | NEVER_FINAL_BY_LANGUAGE.get(lang, frozenset())


def _first_char(text: str) -> str:
    """The first character of ``text`` after opening quotes/brackets ('' if none)."""
    stripped = text.lstrip(SENTENCE_OPENERS)
    return stripped[:1]


def _is_initial(core: str) -> bool:
    """``J.``: one capital letter and a period."""
    return len(core) == 2 and core[0].isupper() and core[1] == "."


def _in_name(prev_text: str | None, next_text: str) -> bool:
    """True when an initial between these words is part of a name (``John F. Kennedy``, ``J. K. Rowling``)."""
    if _is_initial(next_text.rstrip(SENTENCE_CLOSERS)):
        return True
    if prev_text is None:
        return True
    prev = prev_text.rstrip(SENTENCE_CLOSERS)
    return _is_initial(prev) or (prev[:1].isupper() and prev[-1:].isalpha())


def is_sentence_end(
    text: str, next_text: str | None, language_code: str | None = None, prev_text: str | None = None
) -> bool:
    """True when the word ``text`` ends a sentence (the /sentences rule, see
    :mod:`captionkit.documents.sentences` for where it was fitted).

    ``next_text`` is the next word's text (None after the last word), ``prev_text`` the
    previous word's (None before the first), used only to tell a name's initial.
    """
    if next_text is None:
        return True
    kind = _period_kind(text, language_code)
    if kind in (_NO_END, _ABBREVIATION):
        return False  # an abbreviation's period ends no sentence, whatever follows
    if kind == _ALWAYS_ENDS:
        return True  # ? ! and the CJK marks always end a sentence
    head = _first_char(next_text)
    if head.islower():
        return False  # an abbreviation's period, or an ellipsis inside the sentence
    if kind == _ENDS:
        return True
    if kind & _BEFORE_NUMBER and head.isdigit():
        return False
    return not (kind & _INITIAL and head.isupper() and _in_name(prev_text, next_text))


# What a word's own text says of whether it ends a sentence (:func:`_period_kind`); the next
# word decides the rest. Worked out once per distinct word and language (a word recurs: a
# 200,000-word transcript has about 18,000 words ending in a period, of few distinct texts).
_NO_END = 0  # no terminal mark: never
_ALWAYS_ENDS = 1  # ? ! and the CJK marks
_ENDS = 2  # a period or an ellipsis: unless the next word starts in lower case
_ABBREVIATION = 3  # a period after an abbreviation that never ends a sentence
_PERIOD = 4  # a period that may be an abbreviation's, with the bits below
_BEFORE_NUMBER = 8  # ... of an abbreviation before a number (``No. 5``)
_INITIAL = 16  # ... of an initial (``J.``), in a name when a name goes on


@lru_cache(maxsize=1 << 16)
def _period_kind(text: str, language_code: str | None) -> int:
    """What ``text`` alone says for :func:`is_sentence_end` (the constants above)."""
    core = text.rstrip(SENTENCE_CLOSERS)
    if not core or core[-1] not in SENTENCE_TERMINALS:
        return _NO_END
    if core[-1] not in SENTENCE_PERIODS:
        return _ALWAYS_ENDS
    if core.endswith(("...", "\u2026")):
        return _ENDS
    stem = core[:-1].lower()
    if stem in never_final(language_code):
        return _ABBREVIATION
    kind = (_BEFORE_NUMBER if stem in BEFORE_NUMBER else 0) | (_INITIAL if _is_initial(core) else 0)
    return _PERIOD | kind if kind else _ENDS
