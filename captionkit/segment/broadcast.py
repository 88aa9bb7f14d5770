"""Broadcast-quality captions: segmentation, line breaking and timing for a :class:`Profile`.

:func:`broadcast_cues` is the whole stage, a pure function of the transcript and the
profile. It never drops, adds or reorders words: a cue's lines are its words joined as
written (:func:`captionkit.text.width.join_words`), plus a dialogue dash on the lines of a
two-speaker cue and a RIGHT-TO-LEFT MARK in front of right-to-left lines that need one.

Segmentation (:func:`segment`) is a dynamic programme over word positions: it picks the
split of the whole transcript into cues, and of each cue into lines, with the lowest total
cost, so a bad break early is never forced by greedy packing. Hard limits (never broken
unless a single word is wider than a line): characters per line, lines per cue, duration
(first word start to last word end, for more than one word), at most one speaker per line
and two per cue, a silence of 2 s or more always ends a cue. Everything else is a cost:

* where a cue ends: best at a sentence end or a change of speaker, then at a clause
  boundary (``,`` ``;`` ``:`` dash), then before a conjunction or preposition, then
  elsewhere; a pause makes a break cheaper; never (very expensive) after an article,
  determiner, preposition, conjunction or auxiliary, between a first and last name, or
  between a number and its unit (:func:`break_kind`);
* where a line breaks: the same order (after punctuation, before conjunctions and
  prepositions, never after a function word), then balanced lines, then bottom-heavy
  (the shorter line on top); a cue that fits on one line is one line;
* a sentence that ends inside a cue (cheaper at the line break than inside a line);
* reading speed and minimum duration: computed from the time the cue can really have,
  timed as :func:`time_cues` will time it (its end extends up to the next cue's start less
  the minimum gap; if still short it starts earlier, within the lead-in and after the end
  of the previous cue on the best path), so a cue too fast to read is merged with its
  neighbour or split elsewhere;
* a gap the profile wants closed that cannot be (the cue would pass its maximum duration).

Speaker changes start a new cue; two whole turns that each fit on one line may share a cue,
one speaker per line, each line starting with the profile's dash.

Timing (:func:`time_cues`), in integer milliseconds: a cue starts at its first word and
ends at its last word's end, then (1) overlapping words of multichannel audio are
separated by the minimum gap, (2) the end extends into the following silence until the cue
reaches its minimum duration and reading speed (never closer to the next cue than the
minimum gap, never past the maximum duration), (3) a cue still short of that may start
earlier, up to the profile's lead-in, (4) gaps shorter than the profile's chaining threshold
are closed to exactly the minimum gap. All limits are whole ms, rounded the safe way, so
they hold in the written file.
"""

from __future__ import annotations

import itertools
import math
import operator
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache

import regex

from captionkit.documents.speakers import fill_missing
from captionkit.model.cue import Cue
from captionkit.model.transcript import Transcript, Word, WordColumns, gc_paused
from captionkit.profiles import Profile, ProfileError, as_profile
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
from captionkit.text.width import (
    NO_SPACE_LANGUAGES,
    WidthMode,
    base_language,
    bidi_safe,
    detect_language,
    graphemes,
    join_words,
    no_space_char,
    width,
)

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
    if (_NUMBER.match(p) or p in _NUMBER_WORDS - {"a", "several", "half"}) and f in UNITS:
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


# -- costs (dimensionless; linguistic costs dominate geometric ones) -----------------------

#: cost of ending a cue at each kind of break
CUE_BREAK_COST = {
    SPEAKER: 0.0,
    SENTENCE: 0.0,
    CLAUSE: 3.0,
    BEFORE_FUNCTION: 6.0,
    PLAIN: 9.0,
    WEAK: 14.0,
    FORBIDDEN: 60.0,
}
#: cost of breaking a line at each kind of break
LINE_BREAK_COST = {
    SPEAKER: 0.0,
    SENTENCE: 0.0,
    CLAUSE: 0.5,
    BEFORE_FUNCTION: 2.0,
    PLAIN: 4.0,
    WEAK: 10.0,
    FORBIDDEN: 60.0,
}
CUE_COST = 4.0  # every cue: fewer, fuller cues unless a better break says otherwise
DUAL_CUE_COST = 1.0  # a two-speaker cue, on top
SENTENCE_AT_LINE_BREAK = 5.0  # a sentence ends at the line break of a cue
SENTENCE_INSIDE_LINE = 9.0  # a sentence ends inside a line of a cue
BALANCE = 3.0  # times |line1 - line2| / line limit
TOP_HEAVY = 0.3  # the top line is the longer
ORPHAN = 1.5  # a line of one short word
TOO_FAST = 30.0  # reading speed over the limit, plus SPEED_SLOPE per unit of excess ratio
SPEED_SLOPE = 40.0
TOO_SHORT = 25.0  # shorter than the minimum duration, plus SHORT_SLOPE times the missing share
SHORT_SLOPE = 25.0
UNCLOSED_GAP = 15.0  # a gap the profile closes cannot be closed (maximum duration)
OFF_SYNC = 500.0  # a cue break where the minimum gap does not fit: the next cue would start late
FORCED_SPLIT_PAUSE_MS = 2000  # a silence this long always ends a cue
_INF = float("inf")
#: the costs the compiled segmenter takes, in its order (captionkit/_speedups.c)
_C_COSTS = (
    CUE_COST,
    DUAL_CUE_COST,
    SENTENCE_INSIDE_LINE,
    BALANCE,
    TOP_HEAVY,
    ORPHAN,
    TOO_FAST,
    SPEED_SLOPE,
    TOO_SHORT,
    SHORT_SLOPE,
    UNCLOSED_GAP,
    OFF_SYNC,
)

try:  # the compiled dynamic programmes (optional: built when a C compiler is there)
    from captionkit import _speedups
except ImportError:  # pragma: no cover - depends on the installation
    _speedups = None  # type: ignore[assignment]


def pause_bonus(gap_ms: int) -> float:
    """How much cheaper a cue break gets for the silence at it."""
    if gap_ms >= 1000:
        return 4.0
    if gap_ms >= 500:
        return 3.0
    if gap_ms >= 250:
        return 1.5
    return 0.0


# -- text measures shared with the lint ----------------------------------------------------


def reading_chars(lines: Sequence[str]) -> int:
    """Characters a viewer reads: graphemes of every line (spaces and dashes included,
    line breaks and invisible characters not)."""
    return sum(graphemes(line) for line in lines)


_WORDISH = regex.compile(r"[\p{L}\p{N}]")


def count_words(lines: Sequence[str]) -> int:
    """Words shown: white-space separated tokens with a letter or digit (dashes don't count)."""
    return sum(1 for line in lines for token in line.split() if _WORDISH.search(token))


def needed_ms(profile: Profile, chars: int, words: int) -> int:
    """The shortest duration the profile allows for a cue of ``chars``/``words`` (ms)."""
    need = profile.min_duration_ms
    if profile.max_cps:
        need = max(need, math.ceil(chars * 1000.0 / profile.max_cps - 1e-6))
    if profile.max_wpm:
        need = max(need, math.ceil(words * 60000.0 / profile.max_wpm - 1e-6))
    return need


# -- segmentation --------------------------------------------------------------------------


@dataclass(frozen=True)
class Group:
    """One cue before timing: words ``first``..``last`` (inclusive), split into lines at
    ``breaks`` (the index of each line's first word after the first line); ``dual`` when
    its two lines are two speakers."""

    first: int
    last: int
    breaks: tuple[int, ...] = ()
    dual: bool = False


def label_at_turns(speakers: Sequence[str | None]) -> list[bool]:
    """Whether a line starting with word k shows its speaker's label: at the first word of
    each speaker turn only (a speaker goes on being shown until another speaker talks, as
    broadcast labels such as ``JAMES:`` are used). The SRT writer follows the same rule
    (``label_turns_only``), so the widths the segmenter plans for are the ones written."""
    return [sp is not None and (k == 0 or speakers[k - 1] != sp) for k, sp in enumerate(speakers)]


def cue_break_cost(kind: int, gap_ms: int) -> float:
    """Cost of ending a cue at a join of ``kind`` followed by ``gap_ms`` of silence."""
    boundary = max(0.0, CUE_BREAK_COST[kind] - pause_bonus(gap_ms))
    if kind == FORBIDDEN:
        boundary = max(boundary, CUE_BREAK_COST[FORBIDDEN] / 2)
    return boundary


def line_break_cost(kind: int, gap_ms: int) -> float:
    """Cost of breaking a line at a join of ``kind`` followed by ``gap_ms`` of silence."""
    cost = LINE_BREAK_COST[kind]
    if kind == SENTENCE:
        cost += SENTENCE_AT_LINE_BREAK - SENTENCE_INSIDE_LINE
    elif gap_ms >= 500:
        cost -= 0.5
    return cost


@cache
def _break_cost_tables() -> tuple[list[list[float]], list[list[float]]]:
    """:func:`cue_break_cost` by kind and silence bucket (under 250 ms, 500, 1000, more),
    :func:`line_break_cost` by kind and silence under/over 500 ms: the segmenter looks them up."""
    cue = [[cue_break_cost(kind, gap) for gap in (0, 250, 500, 1000)] for kind in range(FORBIDDEN + 1)]
    line = [[line_break_cost(kind, gap) for gap in (0, 500)] for kind in range(FORBIDDEN + 1)]
    return cue, line


class _WordInfo:
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


def _infos(texts: Sequence[str], language: str | None, mode: WidthMode) -> list[_WordInfo]:
    """The :class:`_WordInfo` of every word (one per distinct text)."""
    fw = function_words(language)
    cache: dict[str, _WordInfo] = {}
    out = []
    for text in texts:
        info = cache.get(text)
        if info is None:
            info = cache[text] = _WordInfo(text, fw, mode)
        out.append(info)
    return out


def join_kinds(
    texts: Sequence[str],
    speakers: Sequence[str | None],
    language: str | None = None,
    infos: Sequence[_WordInfo] | None = None,
) -> list[int]:
    """:func:`break_kind` of every join (between word k and k+1), the same values, worked
    out from each distinct word's :class:`_WordInfo` instead of from the texts each time."""
    if infos is None:
        infos = _infos(texts, language, "graphemes")
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


class _Segmenter:
    def __init__(
        self,
        texts: Sequence[str],
        starts: Sequence[int],
        ends: Sequence[int],
        speakers: Sequence[str | None],
        profile: Profile,
        dash: str | None,
        label: Callable[[str], str] | None = None,
    ) -> None:
        self.texts, self.starts, self.ends, self.speakers = texts, starts, ends, speakers
        self.p = profile
        self.dash = dash
        n = self.n = len(texts)
        mode = profile.width_mode
        language = profile.language
        infos = _infos(texts, language, mode)
        # the speaker label the writer puts before the line that starts a speaker's turn
        # (label_at_turns): width and characters it adds to a line starting with word k
        labels = {sp: label(sp) if label is not None and sp is not None else "" for sp in set(speakers)}
        label_size = {sp: (width(text, mode), graphemes(text)) for sp, text in labels.items()}
        shown = label_at_turns(speakers)
        self.label_w = [label_size[sp][0] if on else 0.0 for sp, on in zip(speakers, shown, strict=True)]
        self.label_g = [label_size[sp][1] if on else 0 for sp, on in zip(speakers, shown, strict=True)]
        self.cpl = profile.max_chars_per_line
        self.gap = profile.min_gap_ms
        self.max_dur = profile.max_duration_ms
        self.min_dur = profile.min_duration_ms
        self.chain = profile.chain_gaps_under_ms
        self.lead_in = profile.max_lead_in_ms
        self.dash_w = width(dash, mode) if dash else 0.0
        self.dash_g = graphemes(dash) if dash else 0
        # joiner(): nothing between two no-space words, or next to one in a no-space language
        either = base_language(language) in NO_SPACE_LANGUAGES
        space_w = width(" ", mode)
        joined = [
            (a.ends_no_space and b.starts_no_space) or (either and (a.ends_no_space or b.starts_no_space))
            for a, b in itertools.pairwise(infos)
        ]
        self.join_w = [0.0 if j else space_w for j in joined] + [0.0]
        self.join_g = [0 if j else 1 for j in joined] + [0]
        pw = [0.0]
        total = 0.0
        for info, join in zip(infos, self.join_w, strict=True):
            total = total + info.width + join  # in this order: the sums are the ones compared
            pw.append(total)
        pg = list(itertools.accumulate((i.graphemes + j for i, j in zip(infos, self.join_g, strict=True)), initial=0))
        ends_here = [
            info.terminal and is_sentence_end(text, texts[k + 1], language, texts[k - 1] if k else None)
            for k, (text, info) in enumerate(zip(texts, infos, strict=True))
            if k + 1 < n
        ]
        ends_here.append(True)  # the last word ends the last sentence
        self.pw, self.pg = pw, pg
        self.ps = list(itertools.accumulate(map(int, ends_here), initial=0))
        self.pwords = list(itertools.accumulate((i.words for i in infos), initial=0))
        # break kinds at each join k (between word k and k+1)
        self.kind = join_kinds(texts, speakers, language, infos)
        # first word of each speaker turn / last
        self.turn_start = [k == 0 or speakers[k] != speakers[k - 1] for k in range(n)]
        self.line_bound = profile.max_lines * self.cpl + (profile.max_lines - 1) * max([*self.join_w, 0.0]) + 1e-9
        # the cost of a line break before word k, and of a cue break before word b
        # (both depend on the join's kind and the silence's bucket only: looked up in tables)
        gaps = list(map(operator.sub, itertools.islice(starts, 1, None), ends))
        cue_table, line_table = _break_cost_tables()
        kinds = self.kind
        self.line_costs = [0.0, *(line_table[k][g >= 500] for k, g in zip(kinds, gaps, strict=False))]
        self.boundaries = [
            0.0,
            *(cue_table[k][(g >= 250) + (g >= 500) + (g >= 1000)] for k, g in zip(kinds, gaps, strict=False)),
            0.0,
        ]

    # widths of words a..b-1 (b exclusive) as one line
    def w(self, a: int, b: int) -> float:
        return self.pw[b] - self.pw[a] - self.join_w[b - 1]

    def g(self, a: int, b: int) -> int:
        return self.pg[b] - self.pg[a] - self.join_g[b - 1]

    def fits(self, value: float) -> bool:
        return value <= self.cpl + 1e-9

    def layout(self, a: int, b: int) -> tuple[float, tuple[int, ...]] | None:
        """Best line breaks for words a..b-1 of one speaker: (cost, breaks) or None."""
        sentence_ends = self.ps[b - 1] - self.ps[a]  # sentence ends before the last word
        inside = sentence_ends * SENTENCE_INSIDE_LINE
        if self.fits(self.w(a, b) + self.label_w[a]) or b - a == 1:
            return inside, ()  # fits, or a single word wider than a line: a line of its own
        best: tuple[float, tuple[int, ...]] | None = None
        for lines in range(2, self.p.max_lines + 1):
            best = self._layout_n(a, b, lines, inside)
            if best is not None:
                return best
        return None

    def _geometry(self, widths: Sequence[float], words: Sequence[int]) -> float:
        cost = BALANCE * (max(widths) - min(widths)) / self.cpl
        for top, bottom in itertools.pairwise(widths):
            if top > bottom:
                cost += TOP_HEAVY
        for w_, count in zip(widths, words, strict=True):
            if count == 1 and w_ <= 4:
                cost += ORPHAN
        return cost

    def _layout_n(self, a: int, b: int, lines: int, inside: float) -> tuple[float, tuple[int, ...]] | None:
        if lines == 2:
            best: tuple[float, tuple[int, ...]] | None = None
            for k in range(a + 1, b):
                w1 = self.w(a, k) + self.label_w[a]
                if not self.fits(w1):
                    break
                w2 = self.w(k, b)
                if not self.fits(w2):
                    continue
                cost = inside + self.line_costs[k] + self._geometry((w1, w2), (k - a, b - k))
                if best is None or cost < best[0] - 1e-12:
                    best = (cost, (k,))
            return best
        # general case (max_lines > 2): exhaustive dynamic programme over the break positions
        memo: dict[tuple[int, int], tuple[float, tuple[int, ...]] | None] = {}

        def offset(start: int) -> float:
            return self.label_w[a] if start == a else 0.0

        def rest(start: int, left: int) -> tuple[float, tuple[int, ...]] | None:
            key = (start, left)
            if key in memo:
                return memo[key]
            result: tuple[float, tuple[int, ...]] | None = None
            if left == 1:
                result = (0.0, ()) if self.fits(self.w(start, b) + offset(start)) else None
            else:
                for k in range(start + 1, b - left + 2):
                    if not self.fits(self.w(start, k) + offset(start)):
                        break
                    tail = rest(k, left - 1)
                    if tail is None:
                        continue
                    cost = self.line_costs[k] + tail[0]
                    if result is None or cost < result[0] - 1e-12:
                        result = (cost, (k, *tail[1]))
            memo[key] = result
            return result

        found = rest(a, lines)
        if found is None:
            return None
        bounds = (a, *found[1], b)
        widths = [self.w(x, y) + offset(x) for x, y in itertools.pairwise(bounds)]
        counts = [y - x for x, y in itertools.pairwise(bounds)]
        return inside + found[0] + self._geometry(widths, counts), found[1]

    def timing_cost(self, a: int, b: int, chars: int, words: int, prev_end: int | None) -> tuple[float, int]:
        """Reading speed, minimum duration and gap closing of words a..b-1 as one cue, timed
        as :func:`time_cues` will time it after a previous cue ending at ``prev_end`` (None:
        the first cue): (cost, end)."""
        first = self.starts[a]
        need = needed_ms(self.p, chars, words)
        limit = self.starts[b] - self.gap if b < self.n else None  # the next cue starts with word b
        e = max(self.ends[b - 1], first + 1, first + need)
        if limit is not None:
            e = min(e, limit)
        if self.max_dur is not None:
            e = min(e, first + self.max_dur)
        s = first
        short = first + need - e
        if short > 0 and self.lead_in > 0:
            # still short: start earlier, within the lead-in and after the previous cue
            earliest = max(0, first - self.lead_in, prev_end + self.gap if prev_end is not None else 0)
            if self.max_dur is not None:
                earliest = max(earliest, e - self.max_dur)
            s = min(first, max(earliest, first - short))
            if prev_end is not None and self.chain is not None and self.gap < s - prev_end < self.chain:
                s = prev_end + self.gap if prev_end + self.gap >= earliest else first
        cost = 0.0
        if limit is not None and limit <= first:
            # the gap cannot fit before word b: the next cue would start after its first word
            cost += OFF_SYNC
        if limit is not None and self.chain is not None and self.starts[b] - e < self.chain:
            if self.max_dur is None or limit - s <= self.max_dur:
                e = max(e, limit)
            else:
                cost += UNCLOSED_GAP
        duration = max(e - s, 1)
        if duration < self.min_dur:
            cost += TOO_SHORT + SHORT_SLOPE * (self.min_dur - duration) / self.min_dur
        if self.p.max_cps:
            ratio = chars * 1000.0 / duration / self.p.max_cps
            if ratio > 1.0 + 1e-9:
                cost += TOO_FAST + SPEED_SLOPE * (ratio - 1.0)
        if self.p.max_wpm:
            ratio = words * 60000.0 / duration / self.p.max_wpm
            if ratio > 1.0 + 1e-9:
                cost += TOO_FAST + SPEED_SLOPE * (ratio - 1.0)
        return cost, e

    def cue(self, a: int, b: int, prev_end: int | None) -> tuple[float, tuple[int, ...], bool, int] | None:
        """Cost, line breaks, dual flag and end time of words a..b-1 as one cue after a cue
        ending at ``prev_end``, or None if illegal."""
        turns = [k for k in range(a + 1, b) if self.speakers[k] != self.speakers[k - 1]]
        words = self.pwords[b] - self.pwords[a]
        if not turns:
            laid = self.layout(a, b)
            if laid is None:
                return None
            cost, breaks = laid
            chars = self.g(a, b) - sum(self.join_g[k - 1] for k in breaks) + self.label_g[a]
            timing, end = self.timing_cost(a, b, chars, words, prev_end)
            return CUE_COST + cost + timing, breaks, False, end
        if len(turns) > 1 or not self.p.dual_speaker_cues or self.p.max_lines < 2:
            return None
        k = turns[0]
        # two whole turns, each on one line with its dash
        if not self.turn_start[a] or (b < self.n and self.speakers[b] == self.speakers[b - 1]):
            return None
        if not (
            self.fits(self.w(a, k) + self.dash_w + self.label_w[a])
            and self.fits(self.w(k, b) + self.dash_w + self.label_w[k])
        ):
            return None
        inside = (self.ps[k - 1] - self.ps[a] + self.ps[b - 1] - self.ps[k]) * SENTENCE_INSIDE_LINE
        chars = self.g(a, k) + self.g(k, b) + 2 * self.dash_g + self.label_g[a] + self.label_g[k]
        timing, end = self.timing_cost(a, b, chars, words, prev_end)
        return CUE_COST + DUAL_CUE_COST + inside + timing, (k,), True, end

    def run(self, compiled: bool | None = None) -> list[Group]:
        """The cheapest split into cues (see the module doc): by the compiled dynamic
        programme of :mod:`captionkit._speedups` when it is built (``compiled`` None or
        True), else by :meth:`run_python`; the two give the same groups."""
        if compiled is None:
            compiled = _speedups is not None
        if not compiled:
            return self.run_python()
        if _speedups is None:
            raise RuntimeError("captionkit._speedups is not built (no C compiler when captionkit was installed)")
        ids: dict[str | None, int] = {}
        speaker_ids = [ids.setdefault(sp, len(ids)) for sp in self.speakers]
        p = self.p
        params = (
            float(self.cpl),
            self.line_bound,
            float(p.max_lines),
            float(self.gap),
            float(self.max_dur if self.max_dur is not None else -1),
            float(self.min_dur),
            float(self.chain if self.chain is not None else -1),
            float(self.lead_in),
            float(p.max_cps or 0.0),
            float(p.max_wpm or 0.0),
            1.0 if p.dual_speaker_cues and p.max_lines >= 2 else 0.0,
            self.dash_w,
            float(self.dash_g),
            float(FORCED_SPLIT_PAUSE_MS),
        )
        found = _speedups.broadcast_segment(
            self.starts,
            self.ends,
            speaker_ids,
            self.pw,
            self.pg,
            self.ps,
            self.pwords,
            self.join_w,
            self.join_g,
            self.label_w,
            self.label_g,
            self.line_costs,
            self.boundaries,
            params,
            _C_COSTS,
        )
        return [Group(a, b, breaks, dual) for a, b, breaks, dual in found]

    def run_python(self) -> list[Group]:
        """:meth:`run` in Python: the specification the compiled version follows."""
        n = self.n
        best = [_INF] * (n + 1)
        back: list[tuple[int, tuple[int, ...], bool]] = [(0, (), False)] * (n + 1)
        best[0] = 0.0
        # the end time of the last cue on the best path to each position
        last_end: list[int | None] = [None] * (n + 1)
        max_dur = self.max_dur
        for b in range(1, n + 1):
            boundary = self.boundaries[b]
            speaker_changes = 0
            for a in range(b - 1, -1, -1):
                if a < b - 1:
                    if self.w(a, b) > self.line_bound:
                        break
                    if max_dur is not None and self.ends[b - 1] - self.starts[a] > max_dur:
                        break
                    if self.starts[a + 1] - self.ends[a] >= FORCED_SPLIT_PAUSE_MS:
                        break
                    if self.speakers[a] != self.speakers[a + 1]:
                        speaker_changes += 1
                        if speaker_changes > 1:
                            break
                if best[a] == _INF:
                    continue
                found = self.cue(a, b, last_end[a])
                if found is None:
                    continue
                cost, breaks, dual, end = found
                total = best[a] + cost + boundary
                if total < best[b] - 1e-9:
                    best[b] = total
                    back[b] = (a, breaks, dual)
                    last_end[b] = end
        groups: list[Group] = []
        b = n
        while b > 0:
            a, breaks, dual = back[b]
            groups.append(Group(a, b - 1, breaks, dual))
            b = a
        groups.reverse()
        return groups


def _as_columns(words: Transcript | Sequence[Word] | WordColumns) -> WordColumns:
    if isinstance(words, WordColumns):
        return words
    if isinstance(words, Transcript):
        return words.word_columns()
    return WordColumns(words)


def _speaker_keys(cols: WordColumns) -> list[str | None]:
    """Each word's speaker; a word without one is in its turn (on its own channel)."""
    return fill_missing(list(cols.speakers), cols.channels)


def segment(
    words: Sequence[Word] | WordColumns,
    profile: Profile,
    *,
    dash: str | None = None,
    label: Callable[[str], str] | None = None,
    speakers: Sequence[str | None] | None = None,
) -> list[Group]:
    """Split ``words`` (models, or a transcript's ``word_columns()``) into cues and lines for
    ``profile`` (see the module doc).

    ``profile`` should already be adjusted to the language (:meth:`Profile.for_language`);
    ``dash`` is the dialogue dash counted in two-speaker lines (None: no dash); ``label``
    gives the text a writer puts before each speaker's first line (counted too);
    ``speakers`` replaces the words' own speakers (one per word).
    """
    cols = _as_columns(words)
    if not len(cols):
        return []
    keys = list(speakers) if speakers is not None else _speaker_keys(cols)
    return _Segmenter(cols.texts, cols.starts, cols.ends, keys, profile, dash, label).run()


# -- timing --------------------------------------------------------------------------------


def time_cues(
    words: Sequence[Word] | WordColumns,
    groups: Sequence[Group],
    needs: Sequence[int],
    profile: Profile,
) -> list[tuple[int, int]]:
    """(start, end) in ms of each group (see the module doc); ``needs[k]`` is the duration
    cue ``k`` needs for its minimum duration and reading speed."""
    count = len(groups)
    gap = profile.min_gap_ms
    max_dur = profile.max_duration_ms
    lead_in = profile.max_lead_in_ms
    chain = profile.chain_gaps_under_ms
    cols = _as_columns(words)
    word_starts, word_ends = cols.starts, cols.ends
    first_start = [word_starts[g.first] for g in groups]
    word_end = [max(word_ends[g.last], word_starts[g.first] + 1) for g in groups]
    starts = list(first_start)
    ends = list(word_end)
    if max_dur is not None:
        ends = [min(e, s + max_dur) for s, e in zip(starts, ends, strict=True)]

    def cap(k: int) -> int:
        return starts[k] + max_dur if max_dur is not None else math.inf  # type: ignore[return-value]

    # 1. overlapping words (multichannel audio): keep the minimum gap between cues
    for k in range(1, count):
        if starts[k] < ends[k - 1] + gap:
            clipped = starts[k] - gap
            if clipped > starts[k - 1]:
                ends[k - 1] = clipped
            else:
                ends[k - 1] = starts[k - 1] + 1
                starts[k] = ends[k - 1] + gap
            ends[k] = min(max(ends[k], starts[k] + 1), max(cap(k), starts[k] + 1))
    # 2. extend into the following silence for minimum duration and reading speed
    for k in range(count):
        target = starts[k] + needs[k]
        if ends[k] < target:
            limit = starts[k + 1] - gap if k + 1 < count else math.inf
            ends[k] = max(ends[k], int(min(target, limit, cap(k))))
    # 3. still short: start earlier, within the lead-in
    if lead_in > 0:
        for k in range(count):
            short = starts[k] + needs[k] - ends[k]
            if short <= 0:
                continue
            earliest = max(0, first_start[k] - lead_in, ends[k - 1] + gap if k else 0)
            if max_dur is not None:
                earliest = max(earliest, ends[k] - max_dur)
            new_start = max(earliest, starts[k] - short)
            if new_start >= starts[k]:
                continue
            if k and chain is not None:
                opened = new_start - ends[k - 1]
                if gap < opened < chain:
                    # the gap before would be one the profile closes: close it ourselves if the
                    # lead-in allows, else leave the start alone
                    if ends[k - 1] + gap >= earliest:
                        new_start = ends[k - 1] + gap
                    else:
                        continue
            starts[k] = new_start
    # 4. close the gaps the profile closes
    if chain is not None:
        for k in range(count - 1):
            space = starts[k + 1] - ends[k]
            if space >= chain or space == gap:
                continue
            target = starts[k + 1] - gap
            if target > ends[k] and (max_dur is None or target - starts[k] <= max_dur):
                ends[k] = target
                continue
            if target <= ends[k]:
                continue
            earlier = ends[k] + gap
            if earlier >= first_start[k + 1] - lead_in and (max_dur is None or ends[k + 1] - earlier <= max_dur):
                starts[k + 1] = earlier
                continue
            opened = starts[k + 1] - chain
            if opened >= word_end[k] and opened > starts[k]:
                ends[k] = opened
    # the invariants, whatever the input: positive durations, the minimum gap, no overlap
    for k in range(count):
        if k and starts[k] < ends[k - 1] + gap:
            starts[k] = ends[k - 1] + gap
        if ends[k] <= starts[k]:
            ends[k] = starts[k] + 1
    return list(zip(starts, ends, strict=True))


# -- the stage -----------------------------------------------------------------------------


def effective_profile(
    transcript: Transcript | Sequence[Word] | WordColumns, profile: Profile | str, language_code: str | None = None
) -> Profile:
    """``profile`` adjusted to the transcript's language (``language_code`` if given, else
    the transcript's, else the script of its words)."""
    checked = as_profile(profile)
    if checked is None:
        raise ProfileError(
            "a broadcast profile is needed here ('api' is the API-compatible path: captionkit.segment.api)"
        )
    profile = checked
    code = language_code or (transcript.language_code if isinstance(transcript, Transcript) else None)
    if not code:
        code = detect_language(_as_columns(transcript).texts[:2000])
    return profile.for_language(code)


def broadcast_cues(
    transcript: Transcript | Sequence[Word] | WordColumns,
    profile: Profile | str,
    speaker_labels: bool = False,
    *,
    speaker_label: Callable[[str], str] | None = None,
    language_code: str | None = None,
    speakers: Sequence[str | None] | None = None,
) -> list[Cue]:
    """Cues of ``transcript`` (a transcript, its words, or its ``word_columns()``) laid out
    and timed for ``profile``, adjusted to the language (``language_code``, else the
    transcript's, else the script of the words).

    A cue's ``lines`` are its words joined as written, each line of a two-speaker cue
    starting with the profile's dialogue dash (counted in the line width; none for the BBC
    profile when ``speaker_labels``, whose voices identify the speakers); ``speakers`` gives
    each line's speaker when ``speaker_labels`` is set (empty otherwise). Words are never
    dropped or reordered: the lines without dashes and marks are the words in order.

    ``speaker_label`` (used with ``speaker_labels``): the text a writer will put before the
    first line of each speaker's lines, e.g. ``"[{}] ".format`` for the SRT label; its width
    and characters are counted, so labelled lines keep the profile's limits. WebVTT voice
    spans take no room on screen: leave it None for WebVTT. ``speakers`` (one per word)
    replaces the words' own speakers, e.g. by display names.
    """
    cols = _as_columns(transcript)
    if not len(cols):
        return []
    effective = effective_profile(transcript, profile, language_code)
    dash = effective.dash_for(speaker_labels)
    label = speaker_label if speaker_labels else None
    keys = list(speakers) if speakers is not None else _speaker_keys(cols)
    with gc_paused():
        texts = cols.texts
        segmenter = _Segmenter(texts, cols.starts, cols.ends, keys, effective, dash, label)
        groups = segmenter.run()
        # joins with a space before each word (the rest join without one: CJK)
        spaces = list(itertools.accumulate(segmenter.join_g, initial=0))
        # a line of words joined by spaces shows each word as a token of its own (a dash
        # before it has no letter or digit), so its words are counted per word, once
        per_word = dash is None or not _WORDISH.search(dash)
        pwords = segmenter.pwords
        at_turn = label_at_turns(keys) if label is not None else None
        language = effective.language
        built: list[tuple[tuple[str, ...], tuple[str | None, ...]]] = []
        needs: list[int] = []
        for group in groups:
            bounds = (group.first, *group.breaks, group.last + 1)
            lines: list[str] = []
            line_speakers: list[str | None] = []
            shown_words = 0
            for a, b in itertools.pairwise(bounds):
                if b - a == 1:
                    line = texts[a]
                elif spaces[b - 1] - spaces[a] == b - 1 - a:
                    line = " ".join(texts[a:b])
                else:
                    line = join_words(texts[a:b], language)
                    shown_words = -1
                if shown_words >= 0:
                    shown_words += pwords[b] - pwords[a]
                if group.dual and dash:
                    line = dash + line
                lines.append(line)
                line_speakers.append(keys[a])
            if at_turn is not None:
                shown = [
                    (label(sp) if label is not None and sp is not None and at_turn[a] else "") + line
                    for a, sp, line in zip(bounds[:-1], line_speakers, lines, strict=True)
                ]
            else:
                shown = lines
            if shown_words < 0 or not per_word:
                shown_words = count_words(lines)
            needs.append(needed_ms(effective, reading_chars(shown), shown_words))
            built.append((tuple(bidi_safe(line) for line in lines), tuple(line_speakers)))
        times = time_cues(cols, groups, needs, effective)
        return [
            Cue(
                start=start,
                end=end,
                lines=lines,
                first_word=group.first,
                last_word=group.last,
                speakers=line_speakers if speaker_labels else (),
            )
            for group, (start, end), (lines, line_speakers) in zip(groups, times, built, strict=True)
        ]
