"""Broadcast-quality captions for a :class:`Profile`: the segmentation (words -> cues and lines).

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
  between a number and its unit (:func:`captionkit.text.breaks.break_kind`; the costs:
  :mod:`captionkit.segment.costs`);
* where a line breaks: the same order (after punctuation, before conjunctions and
  prepositions, never after a function word), then balanced lines, then bottom-heavy
  (the shorter line on top); a cue that fits on one line is one line
  (:class:`captionkit.segment.layout.LineBreaker`);
* a sentence that ends inside a cue (cheaper at the line break than inside a line);
* reading speed and minimum duration: computed from the time the cue can really have,
  timed as :func:`captionkit.segment.timing.time_cues` will time it
  (:func:`~captionkit.segment.timing.cue_timing_cost`: its end extends up to the next cue's start less
  the minimum gap; if still short it starts earlier, within the lead-in and after the end
  of the previous cue on the best path), so a cue too fast to read is merged with its
  neighbour or split elsewhere;
* a gap the profile wants closed that cannot be (the cue would pass its maximum duration).

Speaker changes start a new cue; two whole turns that each fit on one line may share a cue,
one speaker per line, each line starting with the profile's dash.

Then the lines of each cue are written out (:func:`captionkit.segment.layout.group_lines`)
and the cues timed (:func:`captionkit.segment.timing.time_cues`, in integer milliseconds).
"""

from __future__ import annotations

import itertools
import operator
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from captionkit.documents.speakers import fill_missing
from captionkit.model.columns import WordColumns, gc_paused
from captionkit.model.cue import Cue
from captionkit.model.transcript import Transcript, Word
from captionkit.profiles import Profile, ProfileError, as_profile
from captionkit.segment.costs import (
    CUE_COST,
    DUAL_CUE_COST,
    break_cost_tables,
    compiled_costs,
)
from captionkit.segment.layout import SENTENCE_INSIDE_LINE, LineBreaker, group_lines, label_at_turns
from captionkit.segment.timing import TimingLimits, cue_timing_cost, time_cues
from captionkit.text.breaks import (
    join_kinds,
    word_infos,
)
from captionkit.text.punctuation import (
    is_sentence_end,
)
from captionkit.text.width import (
    NO_SPACE_LANGUAGES,
    base_language,
    bidi_safe,
    count_words,
    detect_language,
    graphemes,
    reading_chars,
    width,
)

FORCED_SPLIT_PAUSE_MS = 2000  # a silence this long always ends a cue
_INF = float("inf")

try:  # the compiled dynamic programmes (optional: built when a C compiler is there)
    from captionkit import _speedups
except ImportError:  # pragma: no cover - depends on the installation
    _speedups = None  # type: ignore[assignment]


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


class _Segmenter(LineBreaker):
    """The dynamic programme of the module doc over one transcript's words (its line
    layout: :class:`~captionkit.segment.layout.LineBreaker`)."""

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
        infos = word_infos(texts, language, mode)
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
        self.limits = TimingLimits.of(profile)
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
        cue_table, line_table = break_cost_tables()
        kinds = self.kind
        self.line_costs = [0.0, *(line_table[k][g >= 500] for k, g in zip(kinds, gaps, strict=False))]
        self.boundaries = [
            0.0,
            *(cue_table[k][(g >= 250) + (g >= 500) + (g >= 1000)] for k, g in zip(kinds, gaps, strict=False)),
            0.0,
        ]

    # graphemes of words a..b-1 (b exclusive) as one line
    def g(self, a: int, b: int) -> int:
        return self.pg[b] - self.pg[a] - self.join_g[b - 1]

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
            timing, end = cue_timing_cost(self.limits, self.starts, self.ends, a, b, chars, words, prev_end)
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
        timing, end = cue_timing_cost(self.limits, self.starts, self.ends, a, b, chars, words, prev_end)
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
            compiled_costs(self.limits.too_fast),
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
        per_word = dash is None or not count_words((dash,))
        pwords = segmenter.pwords
        at_turn = label_at_turns(keys) if label is not None else None
        language = effective.language
        built: list[tuple[tuple[str, ...], tuple[str | None, ...]]] = []
        needs: list[int] = []
        for group in groups:
            bounds = (group.first, *group.breaks, group.last + 1)
            lines, line_speakers, shown_words = group_lines(
                texts, keys, bounds, (group.dual and dash) or None, language, spaces, pwords
            )
            if at_turn is not None:
                shown = [
                    (label(sp) if label is not None and sp is not None and at_turn[a] else "") + line
                    for a, sp, line in zip(bounds[:-1], line_speakers, lines, strict=True)
                ]
            else:
                shown = lines
            if shown_words < 0 or not per_word:
                shown_words = count_words(lines)
            needs.append(segmenter.limits.needed_ms(reading_chars(shown), shown_words))
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
