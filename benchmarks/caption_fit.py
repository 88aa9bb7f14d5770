"""Refit captionkit's model of the API's caption breaks (``chars_per_caption`` mode) and score it
leave-one-meeting-out.

Usage:  python benchmarks/caption_fit.py [--shared ../shared] [--archive PATH] [--partial DIR]
                                          [--l2 1.0] [--threshold T]

Meetings: the paired corpus file in ``../shared`` (transcript JSON + the API's SRT at
``chars_per_caption=40``) and every ActiveInferenceJournal meeting ``benchmarks/journal.py``
finds with the API's SRT for exactly its words (a mirror of the archive, or copied beginnings
of its tables: ``--partial``). Held-out meetings are never loaded.

For each meeting, every decision the API made that its cap did not force (the next word fits
within 40 characters and follows less than 10 s of silence) is one example: did the API close
the cue before that word? The features are the ones :func:`captionkit.segment.api.api_break_logit`
reads (the cue's span to its last word and to the next word, hinged; how full it is with and
without the next word; the silence before the next word, per kind of join: sentence end,
clause end, other). A logistic regression (Newton's method, an L2 penalty of ``--l2`` on every
weight but the intercept) is fitted

* on all meetings but one, and the split it gives (the same dynamic programme as captionkit's,
  :data:`captionkit.segment.api.API_BREAK_THRESHOLD` per cue end) is scored on the one left out:
  the leave-one-meeting-out (LOMO) cue-end F1;
* on all meetings: the refit model, printed as the constants of ``captionkit/segment/api.py``.

Beside each LOMO score it prints the F1 of the model captionkit ships. That model is this
script's refit on the corpus file and Cohort_1 meetings 3-10, 12-18, 20 and 21 (their first
~1,240 words), so its score on those is in-sample (marked ``*``); on any other meeting it
is as unseen as the LOMO one. Deterministic.
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

import captionkit
from captionkit import _speedups
from captionkit.qa.invariants import boundary_scores
from captionkit.segment import api as api_model
from captionkit.segment.api import API_BREAK_THRESHOLD, API_HARD_SILENCE_MS, join_kind_ids
from captionkit.text.punctuation import ends_with_clause_mark, ends_with_sentence_mark

sys.path.insert(0, str(Path(__file__).resolve().parent))
import journal  # benchmarks/ is not a package

ROOT = Path(__file__).resolve().parents[1]
CAP = 40  # the archive's and the corpus's SRTs: chars_per_caption=40
#: meetings the shipped model was fitted on (docs/api-compatibility.md): the corpus file and
#: the first ~1,240 words of Cohort_1 meetings 3-10, 12-18, 20 and 21
_FITTED = (*range(3, 11), *range(12, 19), 20, 21)
SHIPPED_FIT = ("corpus/meeting04-part1", *(f"Cohort_1/Meeting_{n:03d}" for n in _FITTED))
KINDS = ("other", "sentence", "clause")  # join_kind_ids: 0 other, 1 sentence end, 2 clause end
#: the per-kind terms, in the order of the model's tuples (_B_OTHER, ...): constant,
#: log(1 + 4 x silence s), silence hinges at 1 s and 2 s, fullness without the next word, span
PER_KIND = ("const", "log_gap", "gap_1", "gap_2", "full", "span")
COMMON = ("b0", "span", "span_3", "span_36", "next", "next_36", "full_next", "full_next_09")


@dataclass(frozen=True)
class Meeting:
    name: str
    texts: tuple[str, ...]
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    api_ends: frozenset[int]  # word indices that end an API cue


def meetings(shared: Path, archive: Path | None, partial: Path | None) -> list[Meeting]:
    found: list[Meeting] = []
    corpus = shared / "corpus" / "meeting04-part1"
    if (corpus / "transcript.json").exists() and (corpus / "api.srt").exists():
        t = captionkit.load(corpus / "transcript.json")
        cols = t.word_columns()
        cues = journal.parse_srt((corpus / "api.srt").read_text(encoding="utf-8-sig"))
        found.append(_meeting("corpus/meeting04-part1", cols.texts, cols.starts, cols.ends, cues))
    else:
        print(f"no corpus pair under {shared}: without it", file=sys.stderr)
    for m in journal.load(archive, Path("/nonexistent"), partial, log=lambda msg: print(msg, file=sys.stderr)):
        if m.word_level and m.cues:
            found.append(_meeting(m.name, m.texts, m.starts, m.ends, m.cues))
    return found


def _meeting(name: str, texts: Sequence[str], starts: Sequence[int], ends: Sequence[int], cues) -> Meeting:  # type: ignore[no-untyped-def]
    k, api_ends = 0, set()
    for _, _, text in cues:
        k += len(text.split())
        api_ends.add(k - 1)
    if k != len(texts):
        raise ValueError(f"{name}: the captions hold {k} words, the table {len(texts)}")
    api_ends.discard(len(texts) - 1)  # the end of the words is not a decision
    return Meeting(name, tuple(texts), tuple(starts), tuple(ends), frozenset(api_ends))


# -- the features, as api_break_logit reads them --------------------------------------------


def feature_names() -> list[str]:
    names = list(COMMON)
    for kind in KINDS:
        for term in PER_KIND:
            if kind == "other" and term in ("const", "span"):
                continue  # the reference kind: the common intercept and span carry it
            names.append(f"{kind}_{term}")
    return names


def features(previous: str, gap_ms: int, span_ms: int, next_ms: int, length: int, new: int) -> list[float]:
    g = max(gap_ms, 0) / 1000.0
    span, nxt, full_next = span_ms / 1000.0, next_ms / 1000.0, new / CAP
    row = [1.0, span, max(span - 3.0, 0.0), max(span - 3.6, 0.0), nxt, max(nxt - 3.6, 0.0), full_next,
           max(full_next - 0.9, 0.0)]  # fmt: skip
    kind = "sentence" if ends_with_sentence_mark(previous) else "clause" if ends_with_clause_mark(previous) else "other"
    terms = {"const": 1.0, "log_gap": math.log1p(4.0 * g), "gap_1": max(g - 1.0, 0.0), "gap_2": max(g - 2.0, 0.0),
             "full": length / CAP, "span": span}  # fmt: skip
    for k in KINDS:
        for term in PER_KIND:
            if k == "other" and term in ("const", "span"):
                continue
            row.append(terms[term] if k == kind else 0.0)
    return row


def decisions(m: Meeting) -> tuple[list[list[float]], list[float]]:
    """Every break the cap did not force, along the API's own cues: (features, closed?)."""
    xs: list[list[float]] = []
    ys: list[float] = []
    texts, starts, ends = m.texts, m.starts, m.ends
    first, length = 0, len(texts[0])
    for i in range(1, len(texts)):
        new = length + 1 + len(texts[i])
        gap = starts[i] - ends[i - 1]
        closed = (i - 1) in m.api_ends
        if new > CAP or gap >= API_HARD_SILENCE_MS:
            pass  # forced (or, if the API ran on, not a choice the model makes)
        else:
            xs.append(features(texts[i - 1], gap, ends[i - 1] - starts[first], ends[i] - starts[first], length, new))
            ys.append(1.0 if closed else 0.0)
        if closed:
            first, length = i, len(texts[i])
        else:
            length = new
    return xs, ys


def fit(xs: np.ndarray, ys: np.ndarray, l2: float) -> np.ndarray:
    """Logistic regression by Newton's method, ``l2`` on every weight but the intercept."""
    w = np.zeros(xs.shape[1])
    penalty = np.full(xs.shape[1], l2)
    penalty[0] = 0.0
    for _ in range(100):
        p = 1.0 / (1.0 + np.exp(-np.clip(xs @ w, -50, 50)))
        grad = xs.T @ (p - ys) + penalty * w
        hess = (xs * (p * (1 - p))[:, None]).T @ xs + np.diag(penalty + 1e-9)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.max(np.abs(step)) < 1e-9:
            break
    return w


def as_model(w: Sequence[float]) -> tuple[float, ...]:
    """The weights as the compiled split takes the model (captionkit.segment.api._C_MODEL)."""
    named = dict(zip(feature_names(), w, strict=True))
    per_kind = []
    for kind in KINDS:
        for term in PER_KIND:
            per_kind.append(0.0 if kind == "other" and term in ("const", "span") else named[f"{kind}_{term}"])
    return (*(named[c] for c in COMMON[:8]), float(API_HARD_SILENCE_MS), *per_kind)


def split_ends(m: Meeting, model: tuple[float, ...], threshold: float = API_BREAK_THRESHOLD) -> set[int]:
    lens = list(map(len, m.texts))
    groups = _speedups.api_split(lens, list(m.starts), list(m.ends), join_kind_ids(m.texts), CAP, model, threshold)
    return {b for _, b in groups} - {len(m.texts) - 1}


def f1(m: Meeting, model: tuple[float, ...], threshold: float = API_BREAK_THRESHOLD) -> float:
    return boundary_scores(m.api_ends, split_ends(m, model, threshold)).f1


def shipped_in_sample(name: str) -> bool:
    return any(name.endswith(s) for s in SHIPPED_FIT)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--archive", type=Path, default=None, help="ActiveInferenceJournal mirror (journal.py)")
    parser.add_argument("--partial", type=Path, default=None, help="copied beginnings of its tables (journal.py)")
    parser.add_argument("--l2", type=float, default=1.0, help="L2 penalty on the weights (default 1.0)")
    parser.add_argument(
        "--threshold", type=float, default=API_BREAK_THRESHOLD, help="cost per cue end (default: captionkit's)"
    )
    args = parser.parse_args(argv)

    found = meetings(args.shared, args.archive, args.partial)
    if len(found) < 3:
        print(f"{len(found)} meeting(s) with the API's captions: too few to fit", file=sys.stderr)
        return 1
    data = {m.name: decisions(m) for m in found}
    shipped = api_model._C_MODEL
    print(f"{len(found)} meetings, {sum(len(m.texts) for m in found):,} words, "
          f"{sum(len(d[1]) for d in data.values()):,} unforced API decisions at chars_per_caption={CAP}\n")  # fmt: skip
    print(f"{'meeting':78} {'words':>6} {'cues':>5} {'shipped':>8} {'LOMO':>6}")
    lomo, ship_all, ship_unseen, lomo_unseen = [], [], [], []
    for m in found:
        rest = [data[o.name] for o in found if o.name != m.name]
        xs = np.array([x for d in rest for x in d[0]])
        ys = np.array([y for d in rest for y in d[1]])
        score = f1(m, as_model(fit(xs, ys, args.l2)), args.threshold)
        ship = f1(m, shipped)
        lomo.append(score)
        ship_all.append(ship)
        mark = "*" if shipped_in_sample(m.name) else " "
        if not shipped_in_sample(m.name):
            ship_unseen.append(ship)
            lomo_unseen.append(score)
        print(f"{m.name[-78:]:78} {len(m.texts):6} {len(m.api_ends) + 1:5} {ship:7.3f}{mark} {score:6.3f}")
    print(f"{'mean':78} {'':6} {'':5} {statistics.mean(ship_all):8.3f} {statistics.mean(lomo):6.3f}")
    print(f"{'min':78} {'':6} {'':5} {min(ship_all):8.3f} {min(lomo):6.3f}")
    if ship_unseen:
        print(f"{'mean over the meetings the shipped model never saw (' + str(len(ship_unseen)) + ')':78} "
              f"{'':6} {'':5} {statistics.mean(ship_unseen):8.3f} {statistics.mean(lomo_unseen):6.3f}")  # fmt: skip
    print("(* in-sample for the shipped model)")

    xs = np.array([x for d in data.values() for x in d[0]])
    ys = np.array([y for d in data.values() for y in d[1]])
    w = fit(xs, ys, args.l2)
    print(f"\nrefit on all {len(found)} meetings, as the constants of captionkit/segment/api.py:")
    print(constants(w))
    return 0


def constants(w: Sequence[float]) -> str:
    """The weights written as captionkit/segment/api.py writes its model."""
    n = dict(zip(feature_names(), (round(float(v), 4) for v in w), strict=True))

    def kind(k: str) -> str:
        values = [0.0 if k == "other" and t in ("const", "span") else n[f"{k}_{t}"] for t in PER_KIND]
        return "(" + ", ".join(repr(v) for v in values) + ")"

    return "\n".join(
        [
            f"_B0 = {n['b0']!r}",
            f"_B_SPAN, _B_SPAN_3, _B_SPAN_36 = {n['span']!r}, {n['span_3']!r}, {n['span_36']!r}",
            f"_B_NEXT, _B_NEXT_36 = {n['next']!r}, {n['next_36']!r}",
            f"_B_FULL_NEXT, _B_FULL_NEXT_09 = {n['full_next']!r}, {n['full_next_09']!r}",
            f"_B_SENTENCE = {kind('sentence')}",
            f"_B_CLAUSE = {kind('clause')}",
            f"_B_OTHER = {kind('other')}",
        ]
    )


if __name__ == "__main__":
    raise SystemExit(main())
