"""Cue-boundary agreement between captionkit's API-compatible captions and real API files.

Usage:  python benchmarks/api_boundary_f1.py [--shared ../shared] [--pairs DIR ...]

For each real API caption file the score is the precision/recall/F1 of cue-end word
positions (which words end a cue), captionkit against the API.

* "paired": the corpus (``shared/corpus/*/``) holds the transcript JSON and the API's SRT
  at ``chars_per_caption=40`` for exactly those words: a true pairing.
* "paired (extra)": each ``--pairs`` folder laid out like the corpus (one sub-folder per
  transcript with ``transcript.json`` and the API's ``api.srt`` at ``chars_per_caption=40``),
  for pairs you hold outside ``../shared``.
* "reconstructed": the caption file has no transcript JSON beside it. Its words are the
  cue texts; a word that starts (ends) a cue in any run of the same audio gets that cue's
  start (end) time, and the other words' times are interpolated by character count
  between those anchors. Inside a cue these times are only estimates, so these rows are
  a weaker test than the paired ones; where several runs of the same audio exist the
  API's agreement with itself is printed beside them for scale.

For each paired file it also draws ``--runs`` splits from captionkit's model of the API's
capped mode (:func:`captionkit.segment.api.sample_api_groups`, seeded) and prints the F1 of
captionkit against those simulated runs (mean, 10th-90th percentile) and of the simulated
runs against each other: the model's estimate of how far any deterministic renderer can
agree with one run of an API that is not deterministic, and of how much one real score
can move by chance.

Also prints cue-duration statistics (median/max) of captionkit and of the API.

With the ActiveInferenceJournal archive (``--archive PATH``, default: a mirror found by
``benchmarks/journal.py``) or copied beginnings of its tables (``--partial DIR``, default
``~/.cache/captionkit-journal/partial``), every meeting whose API SRT (``chars_per_caption=40``)
holds exactly the words of its ``sentWords.csv`` is scored too, by name, with the corpus file:
the F1 of the model captionkit ships (in-sample on the meetings it was fitted on) and the
leave-one-meeting-out F1 of the same fit without the meeting (``benchmarks/caption_fit.py``,
which needs numpy: ``pip install -e '.[bench]'``). Without them that section says so.
"""

from __future__ import annotations

import argparse
import itertools
import random
import statistics
import sys
from collections.abc import Sequence
from pathlib import Path

import captionkit
from captionkit.formats import srt, vtt
from captionkit.model.cue import Cue
from captionkit.model.transcript import Word
from captionkit.qa.invariants import boundary_scores, word_spans
from captionkit.segment.api import api_cues, sample_api_groups

sys.path.insert(0, str(Path(__file__).resolve().parent))  # benchmarks/ is not a package: caption_fit

ROOT = Path(__file__).resolve().parents[1]
CORPUS_CHARS = 40  # shared/corpus/README.md: the API's SRT at chars_per_caption=40


def parse_caption_file(path: Path) -> list[list[Cue]]:
    """The runs in a caption file (one, or several concatenated exports)."""
    text = path.read_text(encoding="utf-8").replace("\r\n", "\n")
    if path.suffix == ".vtt":
        return [vtt.loads(text, source=str(path))]
    runs: list[list[Cue]] = []
    for block in text.strip().split("\n\n"):
        number, rest = block.split("\n", 1)
        if number.strip() == "1" or not runs:
            runs.append([])
        runs[-1].extend(srt.loads(f"1\n{rest}\n"))
    return runs


def reconstruct(runs: Sequence[Sequence[Cue]]) -> list[Word]:
    """Approximate timed words from caption runs of the same words (see module docstring)."""
    tokens = " ".join(" ".join(c.lines) for c in runs[0]).split()
    anchors: dict[int, int] = {}  # point 2k = start of word k, 2k+1 = its end
    for run in runs:
        if " ".join(" ".join(c.lines) for c in run).split() != tokens:
            raise ValueError("runs do not hold the same words")
        for (first, last), cue in zip(word_spans(tokens, run), run, strict=True):
            anchors[2 * first] = cue.start
            anchors[2 * last + 1] = cue.end
    points = sorted(anchors)
    times: dict[int, float] = {points[-1]: anchors[points[-1]]}
    for a, b in itertools.pairwise(points):
        weights = [len(tokens[p // 2]) if p % 2 == 0 else 0.0 for p in range(a, b)]
        total = sum(weights) or 1.0
        acc = 0.0
        for p, w in zip(range(a, b), weights, strict=True):
            times[p] = anchors[a] + (anchors[b] - anchors[a]) * acc / total
            acc += w
    return [Word(text=t, start=round(times[2 * k]), end=round(times[2 * k + 1])) for k, t in enumerate(tokens)]


def ends(words: Sequence[Word] | Sequence[str], cues: Sequence[Cue]) -> set[int]:
    return {last for _, last in word_spans(words, cues)}


def percentile(values: Sequence[float], q: int) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, len(ordered) * q // 100)]


def simulate(words: Sequence[Word], ours: set[int], runs: int) -> tuple[list[float], list[float]]:
    """F1 of ``ours`` against ``runs`` simulated API runs, and of those runs against each
    other in pairs (seeded: every call on the same words gives the same numbers)."""
    rng = random.Random(20221)
    texts = [w.text for w in words]
    starts = [w.start for w in words]
    stops = [w.end for w in words]
    sims = [{b for _, b in sample_api_groups(texts, starts, stops, CORPUS_CHARS, rng)} for _ in range(runs)]
    ours_f1 = [boundary_scores(run, ours).f1 for run in sims]
    self_f1 = [boundary_scores(a, b).f1 for a, b in itertools.pairwise(sims)]
    return ours_f1, self_f1


def durations(cues: Sequence[Cue]) -> str:
    d = [c.end - c.start for c in cues]
    return f"median {statistics.median(d) / 1000:.2f} s, max {max(d) / 1000:.2f} s"


def archive_report(shared: Path, archive: Path | None, partial: Path | None) -> list[float]:
    """Per-meeting cue-end F1 of captionkit against the archive's API SRTs (see the docstring):
    the shipped model (in-sample where it was fitted on the meeting) and the model refitted
    without the meeting (leave-one-meeting-out, ``benchmarks/caption_fit.py``)."""
    try:
        import caption_fit  # numpy: the bench extra
    except ImportError as exc:
        print(f"archive meetings skipped: {exc} (pip install -e '.[bench]')\n")
        return []

    found = caption_fit.meetings(shared, archive, partial)
    if len(found) < 3:
        print("ActiveInferenceJournal meetings with the API's SRT: fewer than 3 (no mirror, no --partial copies)\n")
        return []
    print(f"Archive meetings and the corpus file with the API's SRT at chars_per_caption={CORPUS_CHARS}:")
    print(f"{'meeting':80} {'words':>6} {'cues':>5} {'in-sample':>9} {'LOMO':>6}")
    data = {m.name: caption_fit.decisions(m) for m in found}
    scores: list[float] = []
    shipped: list[float] = []
    for m in found:
        rest = [data[o.name] for o in found if o.name != m.name]
        xs = caption_fit.np.array([x for d in rest for x in d[0]])
        ys = caption_fit.np.array([y for d in rest for y in d[1]])
        lomo = caption_fit.f1(m, caption_fit.as_model(caption_fit.fit(xs, ys, 1.0)))
        ship = caption_fit.f1(m, caption_fit.api_model._C_MODEL)
        scores.append(lomo)
        shipped.append(ship)
        mark = "" if caption_fit.shipped_in_sample(m.name) else " (not fitted on)"
        print(f"{(m.name + mark)[-80:]:80} {len(m.texts):6} {len(m.api_ends) + 1:5} {ship:9.3f} {lomo:6.3f}")
    print(f"{'mean':80} {'':6} {'':5} {statistics.mean(shipped):9.3f} {statistics.mean(scores):6.3f}")
    print(f"{'min':80} {'':6} {'':5} {min(shipped):9.3f} {min(scores):6.3f}\n")
    return scores


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument(
        "--pairs",
        type=Path,
        action="append",
        default=[],
        metavar="DIR",
        help="more paired transcripts: DIR/*/transcript.json + api.srt (chars_per_caption=40)",
    )
    parser.add_argument("--runs", type=int, default=200, help="simulated API runs per paired file (default 200)")
    parser.add_argument(
        "--archive", type=Path, default=None, help="ActiveInferenceJournal mirror (benchmarks/journal.py)"
    )
    parser.add_argument("--partial", type=Path, default=None, help="copied beginnings of its tables (journal.py)")
    args = parser.parse_args(argv)
    archive_report(args.shared, args.archive, args.partial)
    shared: Path = args.shared
    if not shared.is_dir():
        print(f"no shared data at {shared}: nothing to measure", file=sys.stderr)
        return 1
    rows: list[tuple[str, str, str, float, str]] = []
    simulated: list[str] = []
    expected: list[float] = []

    pair_folders = [(f"corpus/{f.name}", "paired", f) for f in sorted((shared / "corpus").glob("*/"))]
    for extra in args.pairs:
        pair_folders += [(f"{extra.name}/{f.name}", "paired (extra)", f) for f in sorted(extra.glob("*/"))]
    for name, kind, folder in pair_folders:
        if not (folder / "api.srt").exists() or not (folder / "transcript.json").exists():
            continue
        transcript = captionkit.load(folder / "transcript.json")
        api = parse_caption_file(folder / "api.srt")[0]
        ours = transcript.captions(CORPUS_CHARS)
        s = boundary_scores(ends(transcript.words, api), ends(transcript.words, ours))
        rows.append(
            (
                kind,
                f"{name}/api.srt",
                str(CORPUS_CHARS),
                s.f1,
                f"P {s.precision:.2f} R {s.recall:.2f}; {len(api)} API cues, {len(ours)} ours",
            )
        )
        if args.runs >= 2:
            ours_f1, self_f1 = simulate(transcript.words, ends(transcript.words, ours), args.runs)
            expected.append(statistics.mean(ours_f1))
            simulated.append(
                f"  {name}: captionkit vs simulated runs {statistics.mean(ours_f1):.3f} "
                f"(p10 {percentile(ours_f1, 10):.2f}, p90 {percentile(ours_f1, 90):.2f}); "
                f"simulated runs vs each other {statistics.mean(self_f1):.3f}; real score {s.f1:.3f}"
            )

    fixtures = shared / "fixtures" / "assemblyai"
    groups: dict[str, tuple[list[Path], int | None]] = {
        "coogan-research React Query intro (7 runs)": (
            [
                fixtures / "coogan-research" / f"transcript@{c}.vtt"
                for c in ("1408446", "16d1b1e", "4f1f8b2", "5ae715f", "7e9e9e7", "c1b642c", "f08f4fb")
            ],
            None,
        ),
        "automatic-subtitle-generator (2 runs)": ([fixtures / "automatic-subtitle-generator" / "subtittles.srt"], None),
        "coogan-research@a507413": ([fixtures / "coogan-research" / "transcript@a507413.vtt"], None),
        "coogan-research@50aa1c4": ([fixtures / "coogan-research" / "transcript@50aa1c4.vtt"], None),
        "coogan-research@1f3c6c6": ([fixtures / "coogan-research" / "transcript@1f3c6c6.vtt"], None),
        "assemblyai-go-sdk/subtitles.srt": ([fixtures / "assemblyai-go-sdk" / "subtitles.srt"], 60),
    }
    stats: list[str] = []
    for label, (paths, chars) in groups.items():
        if not all(p.exists() for p in paths):
            continue
        runs = [run for p in paths for run in parse_caption_file(p)]
        words = reconstruct(runs)
        ours = api_cues(words, chars)
        ours_ends = ends(words, ours)
        f1s = [boundary_scores(ends(words, run), ours_ends).f1 for run in runs]
        self_f1 = [boundary_scores(ends(words, a), ends(words, b)).f1 for a, b in itertools.combinations(runs, 2)]
        note = f"{len(words)} words; per run " + " ".join(f"{f:.2f}" for f in f1s)
        if self_f1:
            note += f"; API vs itself {min(self_f1):.2f}-{max(self_f1):.2f} (mean {statistics.mean(self_f1):.2f})"
        rows.append(("reconstructed", label, str(chars or "-"), statistics.mean(f1s), note))
        stats.append(f"  {label}: API {durations(runs[0])}; captionkit {durations(ours)}")

    print(f"{'pairing':14} {'file':48} {'chars':>5} {'F1':>5}  detail")
    for kind, label, chars, f1, note in rows:
        print(f"{kind:14} {label:48} {chars:>5} {f1:5.2f}  {note}")
    paired = [r[3] for r in rows if r[0].startswith("paired")]
    if paired:
        print(f"\nmean F1 over truly paired files: {statistics.mean(paired):.3f} ({len(paired)} file(s))")
    print(f"mean F1 over all rows: {statistics.mean(r[3] for r in rows):.3f}")
    if simulated:
        print(f"\nagainst {args.runs} API runs simulated from captionkit's model (chars_per_caption={CORPUS_CHARS}):")
        print("\n".join(simulated))
        print(f"  mean expected F1 of captionkit: {statistics.mean(expected):.3f}")
    print("\ncue durations (default mode unless chars shown):")
    print("\n".join(stats))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
