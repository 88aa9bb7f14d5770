"""Sentence and paragraph boundary agreement between captionkit and the API's real /sentences and /paragraphs.

Usage:  python benchmarks/segments_f1.py [--shared ../shared]

For every real segmentation the score is the precision/recall/F1 of item-end word
positions (which words end a sentence or a paragraph), captionkit against the API,
computed from the transcript's words alone (the API's items are never given to
captionkit):

* "paired": ``shared/corpus/*/`` holds the transcript JSON with the API's
  ``sentences.json`` and ``paragraphs.json`` for exactly those words.
* "texts": ``audio-intelligence-dashboard``: a transcript JSON and the texts of its real
  /paragraphs (``paras.txt``, blank-line separated), matched to the words by text.
* "prefix": the spec examples ``example_SentencesResponse.json`` and
  ``example_ParagraphsResponse.json`` are truncated to 2 items, timed like the words of
  ``assemblyai-go-sdk/completed.json`` (same ASR run): items are matched to words by their
  start/end times, and only the words up to the last example item's end are scored.

Then prints the mean paragraph F1 around the chosen thresholds (sentences per paragraph,
pause before a new paragraph), to show how stable the score is.

With the ActiveInferenceJournal archive (``--archive PATH``, default: a mirror found by
``benchmarks/journal.py``, plus its sentence-level digests) it prints, per meeting by name,
the sentence F1 (word-level meetings) and the paragraph F1 of captionkit's current rule and
of :func:`captionkit.documents.sentences.paragraph_groups`, in-sample and leave-one-meeting-out (the refit is
``benchmarks/paragraph_fit.py``'s). Without the archive that section says so and is skipped.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import captionkit
from captionkit.documents.sentences import (
    PARAGRAPH_MAX_SENTENCES,
    PARAGRAPH_PAUSE_MS,
    paragraph_groups,
    sentence_groups,
)
from captionkit.model.transcript import Transcript
from captionkit.qa.invariants import BoundaryScores, boundary_scores

sys.path.insert(0, str(Path(__file__).resolve().parent))
import journal  # benchmarks/ is not a package
import paragraph_fit

ROOT = Path(__file__).resolve().parents[1]
Group = tuple[int, int]


@dataclass(frozen=True)
class Pair:
    """One real segmentation: the transcript and the API's item-end word positions."""

    kind: str  # "sentences" or "paragraphs"
    pairing: str  # "paired", "texts" or "prefix"
    label: str
    transcript: Transcript
    reference: frozenset[int]
    scored_words: int  # only item ends before this word index are scored


def ends_from_items(items: Sequence[dict]) -> frozenset[int]:
    """Item-end word positions of a complete /sentences or /paragraphs item list."""
    ends: list[int] = []
    k = 0
    for item in items:
        k += len(item["words"])
        ends.append(k - 1)
    return frozenset(ends)


def ends_from_texts(texts: Sequence[str], items: Sequence[str]) -> frozenset[int]:
    """Item-end word positions of item texts (words joined by single spaces) covering ``texts``."""
    ends: list[int] = []
    k = 0
    for item in items:
        n = len(item.split())
        if " ".join(texts[k : k + n]) != " ".join(item.split()):
            raise ValueError(f"item {len(ends) + 1} ({item[:40]!r}) does not match the words from word {k}")
        k += n
        ends.append(k - 1)
    if k != len(texts):
        raise ValueError(f"the items cover {k} of {len(texts)} words")
    return frozenset(ends)


def ends_from_times(t: Transcript, items: Sequence[dict]) -> frozenset[int]:
    """Item-end word positions of items matched to the words by start/end time (in order)."""
    ends: list[int] = []
    k = 0
    for item in items:
        if t.words[k].start != item["start"]:
            raise ValueError(f"item {len(ends) + 1} starts at {item['start']} ms, word {k} at {t.words[k].start} ms")
        while t.words[k].end != item["end"]:
            k += 1
        ends.append(k)
        k += 1
    return frozenset(ends)


def real_pairs(shared: Path) -> list[Pair]:
    """Every real segmentation found under ``shared`` (missing files are skipped)."""
    pairs: list[Pair] = []
    corpus = shared / "corpus"
    for folder in sorted(corpus.glob("*/")) if corpus.is_dir() else []:
        if not (folder / "transcript.json").exists():
            continue
        t = captionkit.load(folder / "transcript.json")
        for kind in ("sentences", "paragraphs"):
            path = folder / f"{kind}.json"
            if path.exists():
                items = json.loads(path.read_text(encoding="utf-8"))[kind]
                label = f"corpus/{folder.name}/{kind}.json"
                pairs.append(Pair(kind, "paired", label, t, ends_from_items(items), len(t.words)))
    fixtures = shared / "fixtures" / "assemblyai"
    dash = fixtures / "audio-intelligence-dashboard"
    if (dash / "response.json").exists() and (dash / "paras.txt").exists():
        t = captionkit.load(dash / "response.json")
        paras = [p for p in dash.joinpath("paras.txt").read_text(encoding="utf-8").split("\n\n") if p.strip()]
        ref = ends_from_texts([w.text for w in t.words], paras)
        pairs.append(Pair("paragraphs", "texts", "audio-intelligence-dashboard/paras.txt", t, ref, len(t.words)))
    completed = fixtures / "assemblyai-go-sdk" / "completed.json"
    if completed.exists():
        t = captionkit.load(completed)
        for kind in ("sentences", "paragraphs"):
            path = fixtures / "assemblyai-api-spec" / f"example_{kind.title()}Response.json"
            if path.exists():
                ref = ends_from_times(t, json.loads(path.read_text(encoding="utf-8"))[kind])
                label = f"assemblyai-api-spec/example_{kind.title()}Response.json"
                pairs.append(Pair(kind, "prefix", label, t, ref, max(ref) + 1))
    return pairs


def groups_for(
    pair: Pair,
    max_sentences: int = PARAGRAPH_MAX_SENTENCES,
    pause_ms: int = PARAGRAPH_PAUSE_MS,
) -> list[Group]:
    """captionkit's groups for ``pair``, from the transcript's words alone."""
    ws = pair.transcript.words
    texts, starts, ends, speakers = [w.text for w in ws], [w.start for w in ws], [w.end for w in ws], None
    sentences = sentence_groups(texts, starts, ends, speakers, pair.transcript.language_code)
    if pair.kind == "sentences":
        return sentences
    return paragraph_groups(texts, starts, ends, speakers, sentences, max_sentences=max_sentences, pause_ms=pause_ms)


def score(pair: Pair, groups: Sequence[Group]) -> BoundaryScores:
    """Boundary scores of ``groups`` against the pair's reference, on the scored words."""
    candidate = {b for _, b in groups if b < pair.scored_words}
    return boundary_scores(pair.reference, candidate)


def mean_f1(pairs: Sequence[Pair], kind: str, **params: int) -> float:
    return statistics.mean(score(p, groups_for(p, **params)).f1 for p in pairs if p.kind == kind)


def archive_report(archive: Path | None, digests: Path | None) -> None:
    """Per-meeting sentence and paragraph F1 on the ActiveInferenceJournal meetings."""
    meetings = journal.load(archive, digests, log=lambda _: None)
    if not meetings:
        print("ActiveInferenceJournal archive (and digests) not found: skipping its meetings\n")
        return
    with_paragraphs = [m for m in meetings if m.paragraphs]
    print(f"ActiveInferenceJournal meetings ({len(meetings)}; paragraph LOMO refits on the others):")
    print(f"{'meeting':80} {'sent F1':>7} {'para 3 s':>8} {'para in':>7} {'para LOMO':>9}")
    for m in meetings:
        sent = "-"
        if m.word_level:
            ours = sentence_groups(m.texts, m.starts, m.ends, m.speakers)
            sent = f"{boundary_scores({b for _, b in m.sentences}, {b for _, b in ours}).f1:.3f}"
        if not m.paragraphs:  # a captions-only copy: its sentences are scored, no paragraphs
            print(f"{m.name[-80:]:80} {sent:>7} {'-':>8} {'-':>7} {'-':>9}")
            continue
        rest = [x for x in with_paragraphs if x is not m]
        old = paragraph_fit.f1(m, paragraph_fit.current(m))
        new = paragraph_fit.f1(m, paragraph_fit.new(m))
        lomo = "-"  # needs another meeting to fit on
        if rest:
            cap, pause, _ = paragraph_fit.fit(rest)
            lomo = f"{paragraph_fit.f1(m, paragraph_fit.rule(cap, pause)(m)):.3f}"
        print(f"{m.name[-80:]:80} {sent:>7} {old:8.3f} {new:7.3f} {lomo:>9}")
    print("(para 3 s: the rule before issue 16; para in: the rule captionkit ships, in-sample)\n")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument(
        "--archive", type=Path, default=None, help="ActiveInferenceJournal mirror (benchmarks/journal.py)"
    )
    parser.add_argument("--digests", type=Path, default=None, help="its sentence-level digests (benchmarks/journal.py)")
    args = parser.parse_args(argv)
    archive_report(args.archive, args.digests)
    shared: Path = args.shared
    if not shared.is_dir():
        print(f"no shared data at {shared}: nothing to measure", file=sys.stderr)
        return 1
    pairs = real_pairs(shared)
    if not pairs:
        print(f"no real /sentences or /paragraphs data under {shared}", file=sys.stderr)
        return 1

    print(f"{'kind':10} {'pairing':8} {'file':58} {'P':>5} {'R':>5} {'F1':>5}  detail")
    for p in pairs:
        s = score(p, groups_for(p))
        detail = f"{s.reference} API items, {s.candidate} ours, {s.matched} matched; {p.scored_words} words scored"
        print(f"{p.kind:10} {p.pairing:8} {p.label:58} {s.precision:5.2f} {s.recall:5.2f} {s.f1:5.2f}  {detail}")
    print()
    for kind in ("sentences", "paragraphs"):
        rows = [p for p in pairs if p.kind == kind]
        if rows:
            print(f"mean {kind} F1: {mean_f1(pairs, kind):.3f} ({len(rows)} file(s))")

    if any(p.kind == "paragraphs" for p in pairs):
        print(f"\nmean paragraph F1 by sentences per paragraph (pause {PARAGRAPH_PAUSE_MS} ms):")
        print("  " + "  ".join(f"{n}: {mean_f1(pairs, 'paragraphs', max_sentences=n):.3f}" for n in range(2, 10)))
        print(f"mean paragraph F1 by pause before a new paragraph (at most {PARAGRAPH_MAX_SENTENCES} sentences):")
        pauses = (500, 1000, 1500, 1700, 1750, 2000, 2500, 3000, 3500, 4000, 4500, 4780, 4800, 6000, 10_000, 40_000)
        print("  " + "  ".join(f"{ms / 1000:g}s: {mean_f1(pairs, 'paragraphs', pause_ms=ms):.3f}" for ms in pauses))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
