"""Refit captionkit's paragraph rule on the ActiveInferenceJournal meetings and score it.

Usage:  python benchmarks/paragraph_fit.py [--archive PATH] [--digests DIR]

Loads every meeting ``benchmarks/journal.py`` finds (held-out meetings excluded), fits the
rule of :func:`captionkit.documents.sentences.paragraph_groups` (close a paragraph after N sentences or before a
pause of at least T ms) by grid search, and prints per meeting the in-sample and the
leave-one-meeting-out (LOMO) paragraph-end F1 of (a) captionkit's current rule
(:func:`captionkit.documents.sentences.paragraph_groups`, old 3 s pause) and (b) the refit, with mean and
minimum. Then what else could matter (speaker change, questions, the next sentence's first
word) as rates and as variants of the rule. Deterministic: same data, same output.

Boundary F1 is :func:`captionkit.qa.invariants.boundary_scores` over paragraph-end word positions,
as ``benchmarks/segments_f1.py`` computes it.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from functools import partial

import journal

from captionkit.documents import sentences as paragraph_rule  # paragraph_groups, the fitted rule
from captionkit.documents.sentences import paragraph_groups as _groups
from captionkit.qa.invariants import boundary_scores

current_groups = partial(_groups, pause_ms=3000)  # captionkit's rule before this fit: 5 sentences or 3 s

CAP, PAUSE = paragraph_rule.PARAGRAPH_MAX_SENTENCES, paragraph_rule.PARAGRAPH_PAUSE_MS

Group = tuple[int, int]
CAPS = range(1, 11)
PAUSES = range(500, 5001, 100)
Rule = Callable[[journal.Meeting], list[Group]]


def f1(m: journal.Meeting, groups: Sequence[Group]) -> float:
    return boundary_scores({b for _, b in m.paragraphs}, {b for _, b in groups}).f1


def rule(cap: int, pause: int) -> Rule:
    def run(m: journal.Meeting) -> list[Group]:
        return paragraph_rule.paragraph_groups(
            m.texts, m.starts, m.ends, m.speakers, m.sentences, max_sentences=cap, pause_ms=pause
        )

    return run


def current(m: journal.Meeting) -> list[Group]:
    return current_groups(m.texts, m.starts, m.ends, m.speakers, m.sentences)


def new(m: journal.Meeting) -> list[Group]:
    return paragraph_rule.paragraph_groups(m.texts, m.starts, m.ends, m.speakers, m.sentences)


def fit(meetings: Sequence[journal.Meeting]) -> tuple[int, int, float]:
    """Best (cap, pause, mean F1): the cap of the best mean F1 (smallest on ties), then the
    middle of the longest run of pauses that reach it (lower middle on an even run)."""
    table = {(c, p): statistics.mean(f1(m, rule(c, p)(m)) for m in meetings) for c in CAPS for p in PAUSES}
    best = max(table.values())
    cap = min(c for (c, p), v in table.items() if v == best)
    runs: list[list[int]] = []
    for p in PAUSES:
        if table[cap, p] == best:
            if runs and runs[-1][-1] == p - PAUSES.step:
                runs[-1].append(p)
            else:
                runs.append([p])
    longest = max(runs, key=len)  # first longest run on ties
    return cap, longest[(len(longest) - 1) // 2], best


def sentence_pauses(m: journal.Meeting) -> list[int]:
    """Silence before each sentence after the first."""
    return [m.starts[m.sentences[k + 1][0]] - m.ends[m.sentences[k][1]] for k in range(len(m.sentences) - 1)]


def study(meetings: Sequence[journal.Meeting]) -> None:
    """Rates of a paragraph break by feature, over all sentence junctions."""
    counts: Counter[tuple[str, str, bool]] = Counter()
    inside_max = 0
    free_break_min = 10**9
    for m in meetings:
        ends = {b for _, b in m.paragraphs}
        para_of = {}
        for i, (a, b) in enumerate(m.paragraphs):
            for k in range(a, b + 1):
                para_of[k] = i
        sent_index = {b: k for k, (_, b) in enumerate(m.sentences)}
        count = 0
        for k, pause in enumerate(sentence_pauses(m)):
            count += 1
            end_word = m.sentences[k][1]
            brk = end_word in ends
            next_first = m.texts[m.sentences[k + 1][0]].lower().strip(",.?!")
            spk_change = m.speakers[m.sentences[k + 1][0]] != m.speakers[end_word]
            question = m.marks[sent_index[end_word]] == "?"
            band = "<1s" if pause < 1000 else "1-2s" if pause < 2000 else "2-3s" if pause < 3000 else ">=3s"
            for feature, value in (
                ("pause", band),
                ("sentences so far", str(min(count, 6))),
                ("speaker change", str(spk_change)),
                ("ends with ?", str(question)),
                ("next starts with", next_first if next_first in {"so", "and", "but", "okay", "yeah"} else "other"),
            ):
                counts[feature, value, brk] += 1
            if brk:
                if count < CAP:
                    free_break_min = min(free_break_min, pause)
                count = 0
            else:
                inside_max = max(inside_max, pause)
    print("\nP(paragraph break after a sentence), all junctions:")
    for feature in ("pause", "sentences so far", "speaker change", "ends with ?", "next starts with"):
        values = sorted({v for f, v, _ in counts if f == feature})
        cells = []
        for v in values:
            yes, no = counts[feature, v, True], counts[feature, v, False]
            cells.append(f"{v}: {yes}/{yes + no} = {yes / (yes + no):.2f}")
        print(f"  {feature:17} " + "; ".join(cells))
    print(
        f"  longest silence inside an API paragraph: {inside_max} ms; shortest silence before a paragraph "
        f"that the cap did not force: {free_break_min} ms"
    )


def variant(extra: Callable[[journal.Meeting, int], bool]) -> Rule:
    """The fitted rule plus one more reason to close a paragraph after sentence k."""

    def run(m: journal.Meeting) -> list[Group]:
        groups: list[Group] = []
        count = 0
        first = 0
        pauses = sentence_pauses(m)
        for k, (a, b) in enumerate(m.sentences):
            if count == 0:
                first = a
            count += 1
            last = k + 1 == len(m.sentences)
            if last or count >= CAP or pauses[k] >= PAUSE or extra(m, k):
                groups.append((first, b))
                count = 0
        return groups

    return run


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--archive", type=Path, default=None)
    parser.add_argument("--digests", type=Path, default=None)
    args = parser.parse_args(argv)
    meetings = [m for m in journal.load(args.archive, args.digests) if m.paragraphs]  # not the captions-only copies
    if len(meetings) < 2:
        print("need at least two meetings (no archive mirror and no digests found)", file=sys.stderr)
        return 1
    words = sum(len(m.texts) for m in meetings if m.word_level)
    sentences = sum(len(m.sentences) for m in meetings)
    series = sorted({m.series for m in meetings})
    cohorts = sorted({m.cohort for m in meetings})
    print(
        f"{len(meetings)} meetings ({len(series)} series, {len(cohorts)} series/cohorts), {sentences} sentences, "
        f"{sum(len(m.paragraphs) for m in meetings)} paragraphs, {words} words in word-level meetings"
    )
    print(journal.describe(meetings))

    cap, pause, best = fit(meetings)
    print(f"\nfit on all: close after {cap} sentences or before a pause >= {pause} ms (mean F1 {best:.3f})")
    if (cap, pause) != (CAP, PAUSE):
        print(f"  NOTE: captionkit/paragraph_rule.py has {CAP} sentences, {PAUSE} ms")

    print(f"\n{'meeting':86} {'sent':>5} {'3 s rule':>8} {'fit in':>7} {'fit LOMO':>9}  LOMO fit")
    today, insample, lomo = [], [], []
    for i, m in enumerate(meetings):
        rest = [x for j, x in enumerate(meetings) if j != i]
        c, p, _ = fit(rest)
        t, n, lo = f1(m, current(m)), f1(m, new(m)), f1(m, rule(c, p)(m))
        today.append(t)
        insample.append(n)
        lomo.append(lo)
        print(f"{m.name[:86]:86} {len(m.sentences):5} {t:8.3f} {n:7.3f} {lo:9.3f}  {c} sentences, {p} ms")
    print(
        f"{'mean':86} {'':5} {statistics.mean(today):8.3f} {statistics.mean(insample):7.3f} "
        f"{statistics.mean(lomo):9.3f}"
    )
    print(f"{'min':86} {'':5} {min(today):8.3f} {min(insample):7.3f} {min(lomo):9.3f}")
    print("(the 3 s rule, captionkit's before issue 16, has no parameters fitted here: in-sample = LOMO)")

    study(meetings)
    print("\nvariants of the fitted rule (mean / min F1 over the meetings):")
    variants: dict[str, Rule] = {
        "fitted rule": new,
        "+ close at a speaker change": variant(
            lambda m, k: k + 1 < len(m.sentences) and m.speakers[m.sentences[k + 1][0]] != m.speakers[m.sentences[k][1]]
        ),
        "+ close after a question": variant(lambda m, k: m.marks[k] == "?"),
        "+ close before 'So'": variant(
            lambda m, k: k + 1 < len(m.sentences) and m.texts[m.sentences[k + 1][0]].lower().strip(",.") == "so"
        ),
    }
    for label, run in variants.items():
        scores = [f1(m, run(m)) for m in meetings]
        print(f"  {label:30} {statistics.mean(scores):.3f} / {min(scores):.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
