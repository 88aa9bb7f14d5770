"""Where a line or a cue may break: the linguistic rules of the broadcast profiles.

A join between two words is good or bad to break at by its kind (:func:`break_kind`, best
first: a change of speaker, a sentence end, a clause end, before a conjunction or
preposition, plain, weak, forbidden). A break is never acceptable (:func:`forbidden_break`,
Netflix TTSG §4, BBC §3.4, DCMP) after an article, determiner, preposition, conjunction or
auxiliary (the function words of the language: :mod:`captionkit.text.function_words`),
between a title or first name and a last name, or between a number and its unit; a
punctuation mark after the first word (:mod:`captionkit.text.punctuation`) makes any break
acceptable. :func:`join_kinds` gives every join's kind at once, from what each distinct
word's text says (:class:`WordInfo`): the same values as :func:`break_kind`, faster.
"""

from __future__ import annotations

from collections.abc import Sequence

import regex

from captionkit.text.function_words import ENGLISH, FunctionWords, function_words
from captionkit.text.punctuation import (
    CAPTION_CLOSERS,
    CLAUSE_DASHES,
    CLOSING_BRACKETS,
    DASH_STARTS,
    PHRASE_END_MARKS,
    ends_with_sentence_mark,
    ends_with_terminal,
    is_sentence_end,
)
from captionkit.text.width import WidthMode, count_words, graphemes, no_space_char, width

# -- words that a line or a cue must not end on -------------------------------------------

# English lists (other languages: captionkit.text.function_words)
ARTICLES = ENGLISH.articles
DETERMINERS = ENGLISH.determiners
PREPOSITIONS = ENGLISH.prepositions
CONJUNCTIONS = ENGLISH.conjunctions
AUXILIARIES = ENGLISH.auxiliaries
#: A line or cue never ends on one of these (Netflix §4, BBC §3.4, DCMP).
FORBIDDEN_LAST = ENGLISH.forbidden_last
#: Breaking after these separates a subject pronoun from its verb: discouraged, not forbidden.
SUBJECT_PRONOUNS = ENGLISH.subject_pronouns
TITLES = frozenset({"mr", "mrs", "ms", "dr", "prof", "st", "sir", "mister", "miss", "madam", "lord", "lady"})
UNITS = frozenset(
    {
        "%", "percent", "per", "kg", "g", "mg", "km", "m", "cm", "mm", "mi", "mile", "miles", "meter",
        "meters", "metre", "metres", "kilometers", "kilometres", "kilograms", "grams", "feet", "foot",
        "ft", "inch", "inches", "lb", "lbs", "pound", "pounds", "dollar", "dollars", "cents", "euro",
        "euros", "degree", "degrees", "°", "°c", "°f", "hour", "hours", "minute", "minutes", "second",
        "seconds", "ms", "day", "days", "week", "weeks", "month", "months", "year", "years", "hundred",
        "thousand", "million", "millions", "billion", "billions", "trillion", "mph", "kph", "gb", "mb",
        "kb", "tb", "hz", "khz", "mhz", "ghz", "am", "pm", "a.m", "p.m", "bc", "ad", "x", "times",
        "liters", "litres", "gallons", "acres", "volts", "watts",
    }
)  # fmt: skip
_NUMBER_WORDS = frozenset(
    {
        "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
        "twelve", "fifteen", "twenty", "thirty", "forty", "fifty", "sixty", "hundred", "thousand",
        "million", "billion", "trillion", "dozen", "half", "a", "several",
    }
)  # fmt: skip
_NUMBER_WORDS_OF_UNITS = _NUMBER_WORDS - {"a", "several", "half"}
_NUMBER = regex.compile(r"^[$€£¥]?\d[\d,.]*(?:st|nd|rd|th|k|m|%)?$")
_BARE = regex.compile(r"^[^\p{L}\p{N}'%°$€£¥]+|[^\p{L}\p{N}'%°]+$")


def bare(word: str) -> str:
    """``word`` lower-cased without surrounding punctuation (``"The,"`` -> ``"the"``)."""
    return _BARE.sub("", word.replace("\u2019", "'").lower())


def _trailing_punct(word: str, following: str | None = None, language: str | None = None) -> bool:
    """True when ``word`` ends a phrase: clause or sentence punctuation, or a closing bracket.
    With ``following`` (the next word), a period that is an abbreviation's (``U.S. economy``,
    ``Dr. Sarah``, ``e.g. apples``) is not one."""
    if word[-1:] in CLOSING_BRACKETS:
        return True
    stripped = word.rstrip(CAPTION_CLOSERS)
    if not stripped:
        return False
    if stripped[-1] in PHRASE_END_MARKS or stripped.endswith("..."):
        return True
    if not ends_with_sentence_mark(word):
        return False
    return following is None or is_sentence_end(word, following, language)


def _capitalised(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return bool(letters) and letters[0].isupper() and (len(letters) == 1 or any(c.islower() for c in letters))


def forbidden_break(
    previous: str, following: str, before_previous: str | None = None, language: str | None = None
) -> str | None:
    """Why a break between ``previous`` and ``following`` is never acceptable, or None.

    The rules (Netflix TTSG §4, BBC §3.4, DCMP): not after an article, determiner,
    preposition, conjunction or auxiliary (of ``language``: :mod:`captionkit.text.function_words`,
    English when None or unknown); not between a title or first name and a last name; not
    between a number and its unit. Punctuation after ``previous`` makes any break
    acceptable. ``before_previous`` (the word before ``previous``, None at a sentence start)
    tells a capitalised sentence start from a name.
    """
    fw = function_words(language)
    p, f = bare(previous), bare(following)
    if p in TITLES and _capitalised(previous) and _capitalised(following):
        return "between a title and a name"
    if _trailing_punct(previous, following, language):
        return None
    if p in fw.articles:
        return "after an article"
    if p in fw.determiners:
        return "after a determiner"
    if p in fw.prepositions:
        return "after a preposition"
    if p in fw.conjunctions:
        return "after a conjunction"
    if p in fw.auxiliaries:
        return "after an auxiliary"
    if (_NUMBER.match(p) or p in _NUMBER_WORDS_OF_UNITS) and f in UNITS:
        return "between a number and its unit"
    sentence_start = before_previous is None or is_sentence_end(before_previous, previous, language)
    if (
        fw.names_by_capitals
        and _capitalised(previous)
        and _capitalised(following)
        and not sentence_start
        and p != "i"
        and f != "i"
        and not following.startswith(DASH_STARTS)
    ):
        return "inside a name"
    return None


# break kinds, best first
SPEAKER, SENTENCE, CLAUSE, BEFORE_FUNCTION, PLAIN, WEAK, FORBIDDEN = range(7)


def break_kind(
    previous: str,
    following: str,
    before_previous: str | None = None,
    speaker_change: bool = False,
    language: str | None = None,
) -> int:
    """How good a place the join between two words is to end a line or a cue (lower: better)."""
    if speaker_change:
        return SPEAKER
    if forbidden_break(previous, following, before_previous, language):
        return FORBIDDEN
    if is_sentence_end(previous, following, language, before_previous):
        return SENTENCE
    if _trailing_punct(previous, following, language) or following[:1] in CLAUSE_DASHES:
        return CLAUSE
    fw = function_words(language)
    p, f = bare(previous), bare(following)
    if p in fw.subject_pronouns or f in fw.negations:
        return WEAK
    if f in fw.conjunctions or f in fw.prepositions:
        return BEFORE_FUNCTION
    return PLAIN


class WordInfo:
    """What the segmenter needs of one word's text, worked out once per distinct text."""

    __slots__ = (
        "after_plain", "bare", "cap", "conj_or_prep", "dash_start", "ends_no_space", "forbidden_class",
        "graphemes", "is_title", "is_unit", "negation", "numberish", "plain", "punct_always", "sentence_mark",
        "starts_no_space", "subject_pronoun", "terminal", "width", "words",
    )  # fmt: skip

    def __init__(self, text: str, fw: FunctionWords, mode: WidthMode) -> None:
        p = bare(text)
        self.bare = p
        self.cap = _capitalised(text)
        self.is_title = p in TITLES
        stripped = text.rstrip(CAPTION_CLOSERS)
        # _trailing_punct without its sentence-end part (which needs the next word)
        self.punct_always = text[-1:] in CLOSING_BRACKETS or (
            bool(stripped) and (stripped[-1] in PHRASE_END_MARKS or stripped.endswith("..."))
        )
        self.sentence_mark = ends_with_sentence_mark(text)  # the caption split's marks
        self.terminal = ends_with_terminal(text)  # is_sentence_end can be True
        self.forbidden_class = (
            p in fw.articles
            or p in fw.determiners
            or p in fw.prepositions
            or p in fw.conjunctions
            or p in fw.auxiliaries
        )
        self.numberish = bool(_NUMBER.match(p)) or p in _NUMBER_WORDS_OF_UNITS
        self.is_unit = p in UNITS
        self.dash_start = text.startswith(DASH_STARTS)
        self.subject_pronoun = p in fw.subject_pronouns
        self.negation = p in fw.negations
        self.conj_or_prep = p in fw.conjunctions or p in fw.prepositions
        self.starts_no_space = bool(text) and no_space_char(text[0])
        self.ends_no_space = bool(text) and no_space_char(text[-1])
        self.width = width(text, mode)
        self.graphemes = graphemes(text)
        self.words = count_words([text])
        # most words: none of the above matters when they come before a join, whose kind is
        # then decided by the next word alone (its after_plain)
        self.plain = not (
            self.cap
            or self.punct_always
            or self.sentence_mark
            or self.terminal
            or self.forbidden_class
            or self.numberish
            or self.subject_pronoun
        )
        if text[:1] in CLAUSE_DASHES:
            self.after_plain = CLAUSE
        elif self.negation:
            self.after_plain = WEAK
        elif self.conj_or_prep:
            self.after_plain = BEFORE_FUNCTION
        else:
            self.after_plain = PLAIN


def word_infos(texts: Sequence[str], language: str | None, mode: WidthMode) -> list[WordInfo]:
    """The :class:`WordInfo` of every word (one per distinct text)."""
    fw = function_words(language)
    cache: dict[str, WordInfo] = {}
    out = []
    for text in texts:
        info = cache.get(text)
        if info is None:
            info = cache[text] = WordInfo(text, fw, mode)
        out.append(info)
    return out


def join_kinds(
    texts: Sequence[str],
    speakers: Sequence[str | None],
    language: str | None = None,
    infos: Sequence[WordInfo] | None = None,
) -> list[int]:
    """:func:`break_kind` of every join (between word k and k+1), the same values, worked
    out from each distinct word's :class:`WordInfo` instead of from the texts each time."""
    if infos is None:
        infos = word_infos(texts, language, "graphemes")
    fw = function_words(language)
    names = fw.names_by_capitals
    out = []
    for k in range(len(texts) - 1):
        pi, fi = infos[k], infos[k + 1]
        if speakers[k] != speakers[k + 1]:
            out.append(SPEAKER)
            continue
        if pi.plain:
            out.append(fi.after_plain)
            continue
        previous, following = texts[k], texts[k + 1]
        if pi.is_title and pi.cap and fi.cap:
            out.append(FORBIDDEN)
            continue
        punct = pi.punct_always or (pi.sentence_mark and is_sentence_end(previous, following, language))
        if not punct:
            if pi.forbidden_class or (pi.numberish and fi.is_unit):
                out.append(FORBIDDEN)
                continue
            if names and pi.cap and fi.cap and pi.bare != "i" and fi.bare != "i" and not fi.dash_start:
                before = texts[k - 1] if k else None
                if before is not None and not is_sentence_end(before, previous, language):
                    out.append(FORBIDDEN)
                    continue
        if pi.terminal and is_sentence_end(previous, following, language, texts[k - 1] if k else None):
            out.append(SENTENCE)
        elif punct or following[:1] in CLAUSE_DASHES:
            out.append(CLAUSE)
        elif pi.subject_pronoun or fi.negation:
            out.append(WEAK)
        elif fi.conj_or_prep:
            out.append(BEFORE_FUNCTION)
        else:
            out.append(PLAIN)
    return out
