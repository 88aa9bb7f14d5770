"""Broadcast conformity of captionkit's profiles and of peer caption writers, on every real
transcript in ``../shared``.

Usage:  python benchmarks/conformity.py [--shared ../shared] [--per-file]

For each profile (netflix, bbc, dcmp) every system renders every real transcript (the
transcript JSON files with 50 words or more under ``shared/fixtures/assemblyai`` and
``shared/corpus``); the SRT text it writes is parsed back and checked with
``captionkit.qa.lint`` against that profile. Numbers are pooled over all transcripts:

* CPL: lines within the profile's characters per line (graphemes);
* lines: cues with at most 2 lines;
* speed: cues within the reading speed (netflix: 20 cps; bbc: 180 wpm; dcmp: 225 wpm);
* dur: cues within the minimum and maximum duration;
* gaps: gaps of at least 2 frames and, where the profile closes gaps (netflix < 0.5 s,
  bbc < 1 s), closed to exactly 2 frames;
* bad LB: line breaks that follow an article, determiner, preposition, conjunction or
  auxiliary, or split a name or a number and its unit (``captionkit.text.breaks.forbidden_break``),
  as a share of all line breaks inside cues ("-" when a system writes no line breaks);
* bad CB: the same at the breaks between cues;
* words / sync: every transcript word shown once in order / cues timed to their words.

Systems (a peer that is not installed is listed as skipped):

* ``captionkit <profile>``: :func:`captionkit.segment.broadcast.broadcast_cues`;
* ``captionkit api``: the API-compatible path with ``chars_per_caption`` = the profile's
  line length (one line per cue);
* ``deepgram-captions``: ``AssemblyAIConverter`` + ``srt`` (its default of 8 words per cue).
  Units corrected: it reads AssemblyAI's millisecond times as seconds, so the times are
  divided by 1000 before it sees them; its ``[speaker X]`` label lines are kept (it writes them);
* ``whisper writer``: ``whisper.utils.WriteSRT`` with ``max_line_width`` = the profile's line
  length and ``max_line_count=2`` (the words are given as one segment per utterance; with both
  options the writer ignores segment bounds except pauses over 3 s);
* ``stable-ts``: ``WhisperResult`` from the same words, default ``regroup()``, then
  ``split_by_length(max_chars=2 x line length)`` and ``split_by_length(max_chars=line length,
  newline=True)``, written with ``to_srt_vtt(word_level=False)``. stable-ts imports torchaudio at
  import time; where the installed torchaudio cannot load (no CPU build matches torch here), an
  empty stand-in module is registered first: the result, regroup and writer code never use it;
* ``AssemblyAI API``: the API's own SRT (``chars_per_caption=40``) for the one transcript
  that has it (``shared/corpus/*/api.srt``).
"""

from __future__ import annotations

import argparse
import copy
import io
import json
import math
import sys
import types
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import captionkit
from captionkit.formats import srt as srt_format
from captionkit.model.transcript import Transcript
from captionkit.profiles import PROFILES, Profile
from captionkit.qa.lint import LintReport, lint_text
from captionkit.segment.broadcast import broadcast_cues
from captionkit.text.breaks import forbidden_break
from captionkit.text.width import count_words, graphemes, joiner, width

ROOT = Path(__file__).resolve().parents[1]


@dataclass
class Case:
    name: str
    path: Path
    transcript: Transcript
    raw: dict[str, Any]
    api_srt: str | None = None


Renderer = Callable[[Case, Profile], str]


# -- systems --------------------------------------------------------------------------------


def captionkit_profile(case: Case, profile: Profile) -> str:
    return srt_format.dumps(broadcast_cues(case.transcript, profile))


def captionkit_api(case: Case, profile: Profile) -> str:
    return srt_format.dumps(case.transcript.captions(int(profile.max_chars_per_line)))


def _deepgram() -> Renderer | str:
    try:
        from deepgram_captions import AssemblyAIConverter, srt
    except ImportError as exc:
        return f"not installed ({exc.name}); pip install deepgram-captions"

    def render(case: Case, profile: Profile) -> str:
        data = copy.deepcopy(case.raw)
        for word in data.get("words") or []:
            word["start"] /= 1000.0
            word["end"] /= 1000.0
        for utterance in data.get("utterances") or []:
            utterance["start"] /= 1000.0
            utterance["end"] /= 1000.0
            for word in utterance.get("words") or []:
                word["start"] /= 1000.0
                word["end"] /= 1000.0
        return srt(AssemblyAIConverter(data))

    return render


def _segments(case: Case) -> list[dict[str, Any]]:
    """Whisper-style segments (seconds, words with a leading space): one per utterance."""
    words = case.transcript.words
    groups: list[list[Any]] = []
    for word in words:
        if not groups or word.speaker != groups[-1][-1].speaker:
            groups.append([])
        groups[-1].append(word)
    return [
        {
            "start": group[0].start / 1000.0,
            "end": group[-1].end / 1000.0,
            "text": " " + " ".join(w.text for w in group),
            "words": [{"word": " " + w.text, "start": w.start / 1000.0, "end": w.end / 1000.0} for w in group],
        }
        for group in groups
    ]


def _whisper() -> Renderer | str:
    try:
        from whisper.utils import WriteSRT
    except ImportError as exc:
        return f"not installed ({exc.name}); pip install openai-whisper (needs torch)"

    def render(case: Case, profile: Profile) -> str:
        out = io.StringIO()
        writer = WriteSRT(".")
        options = {"max_line_width": int(profile.max_chars_per_line), "max_line_count": 2, "highlight_words": False}
        writer.write_result({"segments": _segments(case), "language": "en"}, out, options)
        return out.getvalue()

    return render


def _stable_ts() -> Renderer | str:
    try:
        import torchaudio  # noqa: F401
    except ImportError:
        pass
    except OSError:
        for name in [n for n in sys.modules if n == "torchaudio" or n.startswith("torchaudio.")]:
            del sys.modules[name]
        sys.modules["torchaudio"] = types.ModuleType("torchaudio")
    try:
        import stable_whisper
    except ImportError as exc:
        return f"not installed ({exc.name}); pip install stable-ts (needs torch)"

    def render(case: Case, profile: Profile) -> str:
        result = stable_whisper.WhisperResult({"segments": _segments(case), "language": "en"})
        cpl = int(profile.max_chars_per_line)
        result.regroup()
        result.split_by_length(max_chars=2 * cpl)
        result.split_by_length(max_chars=cpl, newline=True)
        return result.to_srt_vtt(word_level=False)

    return render


def api_file(case: Case, profile: Profile) -> str:
    assert case.api_srt is not None
    return case.api_srt


# -- measuring ------------------------------------------------------------------------------


@dataclass
class Tally:
    checked: dict[str, int] = field(default_factory=dict)
    failed: dict[str, int] = field(default_factory=dict)
    cues: int = 0
    files: int = 0

    def add(self, key: str, checked: int, failed: int) -> None:
        self.checked[key] = self.checked.get(key, 0) + checked
        self.failed[key] = self.failed.get(key, 0) + failed

    def pct(self, key: str) -> str:
        total = self.checked.get(key, 0)
        if not total:
            return "-"
        return f"{100.0 * (total - self.failed.get(key, 0)) / total:.1f}"


def _distinct(report: LintReport, rules: tuple[str, ...]) -> int:
    return len({v.cue for v in report.violations if v.rule in rules})


def measure(report: LintReport, tally: Tally, speed_rule: str) -> None:
    rules = {r.rule: r for r in report.rules}
    tally.files += 1
    tally.cues += report.cues
    tally.add("cpl", rules["max_chars_per_line"].checked, rules["max_chars_per_line"].failed)
    tally.add("lines", rules["max_lines"].checked, rules["max_lines"].failed)
    if speed_rule in rules:
        tally.add("speed", rules[speed_rule].checked, rules[speed_rule].failed)
    tally.add("dur", rules["min_duration"].checked, _distinct(report, ("min_duration", "max_duration")))
    tally.add("gaps", rules["min_gap"].checked, _distinct(report, ("min_gap", "gap_chaining", "overlap")))
    tally.add("bad_lb", rules["line_breaks"].checked, rules["line_breaks"].failed)
    tally.add("bad_cb", rules["cue_breaks"].checked, rules["cue_breaks"].failed)
    tally.add("words", rules["completeness"].checked, rules["completeness"].failed)
    tally.add("sync", rules["sync"].checked, rules["sync"].failed)


def bad_pct(tally: Tally, key: str) -> str:
    total = tally.checked.get(key, 0)
    return "-" if not total else f"{100.0 * tally.failed.get(key, 0) / total:.1f}"


def load_cases(shared: Path) -> list[Case]:
    fixtures = shared / "fixtures" / "assemblyai"
    corpus = shared / "corpus"
    paths = sorted(fixtures.rglob("*.json")) + sorted(corpus.rglob("transcript.json"))
    cases = []
    for path in paths:
        try:
            transcript = captionkit.load(path)
        except captionkit.CaptionkitError:
            continue
        if len(transcript.words) < 50:
            continue
        api = path.parent / "api.srt"
        cases.append(
            Case(
                name=f"{path.parent.name}/{path.name}",
                path=path,
                transcript=transcript,
                raw=json.loads(path.read_text(encoding="utf-8")),
                api_srt=api.read_text(encoding="utf-8") if path.name == "transcript.json" and api.exists() else None,
            )
        )
    return cases


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared", help="the shared data folder")
    parser.add_argument("--per-file", action="store_true", help="also print one row per transcript")
    args = parser.parse_args(argv)
    cases = load_cases(args.shared)
    if not cases:
        print(f"no real transcripts found under {args.shared}", file=sys.stderr)
        return 1
    peers: list[tuple[str, Renderer | str]] = [
        ("deepgram-captions", _deepgram()),
        ("whisper writer", _whisper()),
        ("stable-ts", _stable_ts()),
    ]
    words = sum(len(c.transcript.words) for c in cases)
    print(f"{len(cases)} real transcripts, {words} words:")
    for case in cases:
        print(f"  {case.name}: {len(case.transcript.words)} words")
    for name, peer in peers:
        if isinstance(peer, str):
            print(f"skipped {name}: {peer}")
    print()
    columns = "cues | CPL % | lines % | speed % | dur % | gaps % | bad LB % | bad CB % | words % | sync %"
    header = f"| {'system':<32} | {columns} |"
    rule = "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    for pname in ("netflix", "bbc", "dcmp"):
        profile = PROFILES[pname]
        speed_rule = "reading_speed_cps" if profile.max_cps else "reading_speed_wpm"
        speed = f"{profile.max_cps:g} cps" if profile.max_cps else f"{profile.max_wpm:g} wpm"
        print(f"### {profile.summary()}  (speed = {speed})")
        print()
        print(header)
        print(rule)
        systems: list[tuple[str, Renderer, bool]] = [
            (f"captionkit {pname}", captionkit_profile, False),
            (f"captionkit api (cpc={int(profile.max_chars_per_line)})", captionkit_api, False),
        ]
        systems += [(name, peer, False) for name, peer in peers if not isinstance(peer, str)]
        systems.append(("AssemblyAI API (cpc=40)", api_file, True))
        per_file: list[str] = []
        for label, render, api_only in systems:
            tally = Tally()
            for case in cases:
                if api_only and case.api_srt is None:
                    continue
                text = render(case, profile)
                report = lint_text(
                    text,
                    profile,
                    fmt="srt",
                    source=case.name,
                    words=case.transcript.words,
                    language=case.transcript.language_code,
                )
                measure(report, tally, speed_rule)
                if args.per_file:
                    one = Tally()
                    measure(report, one, speed_rule)
                    per_file.append(_row(f"{label} / {case.name}", one))
            if tally.files:
                label = label if not api_only else f"{label}, {tally.files} file"
                print(_row(label, tally))
            if render is captionkit_profile:
                ours = tally.failed.get("speed", 0), tally.cues
        floor = sum(speed_ceiling(case, profile) for case in cases)
        print()
        print(
            f"Reading-speed ceiling: any segmentation that keeps the hard rules (line limits, no break "
            f"after a forbidden word, the {profile.max_lead_in_ms} ms lead-in, the minimum gap, the maximum "
            f"duration) leaves at least {floor} cues over {speed} on these transcripts; captionkit "
            f"{pname}: {ours[0]}. At captionkit's {ours[1]} cues the best possible speed column is "
            f"{100.0 * (ours[1] - floor) / ours[1]:.1f}%."
        )
        print()
        if per_file:
            print(header)
            print(rule)
            print("\n".join(per_file))
            print()
    return 0


def speed_ceiling(case: Case, profile: Profile) -> int:
    """The fewest cues over the reading speed that ANY segmentation of the case's words can
    reach while keeping the profile's hard rules (a lower bound for every system).

    The rules kept: at most ``max_lines`` lines of ``max_chars_per_line`` (with no line break
    at a join :func:`~captionkit.text.breaks.forbidden_break` rejects), no cue break at such a
    join, no cue longer than the maximum duration, a cue ends at least the minimum gap before
    the next cue's start, a cue starts no earlier than the lead-in before its first word (its
    start is chosen exactly: the earliest that leaves each earlier cue the time it needs).
    Everything else is relaxed in the cues' favour: ends may extend into any silence, line
    breaks save the most characters they can, and speakers, dashes, minimum durations and
    every preference are ignored. A relaxed
    problem can only do better, so no renderer keeping those rules can have fewer slow-reading
    failures than this number.
    """
    p = profile.for_language(case.transcript.language_code)
    words = case.transcript.words
    n = len(words)
    texts = [w.text for w in words]
    starts = [w.start for w in words]
    widths = [width(t, p.width_mode) for t in texts]
    joins = [joiner(texts[k], texts[k + 1]) for k in range(n - 1)] + [""]
    join_w = [width(j, p.width_mode) if j else 0.0 for j in joins]
    chars = [graphemes(t) + (1 if j else 0) for t, j in zip(texts, joins, strict=True)]
    counts = [count_words([t]) for t in texts]
    bad = [
        k < n - 1 and forbidden_break(texts[k], texts[k + 1], texts[k - 1] if k else None, p.language) is not None
        for k in range(n)
    ]
    cpl, lines = p.max_chars_per_line + 1e-9, p.max_lines
    lead, gap, max_dur = p.max_lead_in_ms, p.min_gap_ms, p.max_duration_ms

    def needed(c: int, wc: int) -> float:
        need = 0.0
        if p.max_cps:
            need = c * 1000.0 / p.max_cps
        if p.max_wpm:
            need = max(need, wc * 60000.0 / p.max_wpm)
        return need

    def min_lines(a: int, b: int) -> int:
        # greedy: each line takes as many words as fit, ending only at allowed joins
        used, k = 0, a
        while k < b:
            used += 1
            if used > lines:
                return used
            w, last_ok, j = 0.0, None, k
            while j < b and w + widths[j] <= cpl:
                w += widths[j] + join_w[j]
                if j == b - 1 or not bad[j]:
                    last_ok = j
                j += 1
            if last_ok is None:
                return lines + 1  # a word too wide, or no allowed break: no layout
            k = last_ok + 1
        return used

    # frontier[b]: for each count of failures so far, the earliest start the cue that begins
    # with word b can get (an earlier start never hurts: that cue only gains time)
    frontier: list[dict[int, float]] = [{} for _ in range(n + 1)]
    frontier[0][0] = max(0.0, starts[0] - lead)
    for b in range(1, n + 1):
        if b < n and bad[b - 1]:
            continue  # no cue may end at a forbidden join
        here = frontier[b]
        c = wc = 0
        span = -join_w[b - 1]
        widest_join = 0.0  # the widest join inside the words a..b-1 (a line break saves one)
        for a in range(b - 1, -1, -1):
            c += chars[a]
            wc += counts[a]
            span += widths[a] + join_w[a]
            if a < b - 1:
                widest_join = max(widest_join, join_w[a])
            if span > lines * cpl + (lines - 1) * widest_join:
                break
            if not frontier[a] or min_lines(a, b) > lines:
                continue
            shown = c - (1 if joins[b - 1] else 0) - (lines - 1)
            need = needed(shown, wc)
            for failed, t in frontier[a].items():
                if b == n:  # the last cue can run on after the last word
                    here[failed] = min(here.get(failed, math.inf), 0.0)
                    continue
                earliest = max(starts[b] - lead, t + 1 + gap)
                if earliest <= starts[b] and earliest < here.get(failed + 1, math.inf):
                    here[failed + 1] = earliest
                if max_dur is None or need <= max_dur:
                    slow = max(starts[b] - lead, t + need + gap)
                    if slow <= starts[b] and slow < here.get(failed, math.inf):
                        here[failed] = slow
        # keep only counts whose start beats every smaller count's
        kept: dict[int, float] = {}
        for failed in sorted(here):
            if not kept or here[failed] < min(kept.values()):
                kept[failed] = here[failed]
        frontier[b] = kept
    return min(frontier[n]) if frontier[n] else n


def _row(label: str, t: Tally) -> str:
    return (
        f"| {label:<32} | {t.cues:>4} | {t.pct('cpl'):>5} | {t.pct('lines'):>7} | {t.pct('speed'):>7} | "
        f"{t.pct('dur'):>5} | {t.pct('gaps'):>6} | {bad_pct(t, 'bad_lb'):>8} | {bad_pct(t, 'bad_cb'):>8} | "
        f"{t.pct('words'):>7} | {t.pct('sync'):>6} |"
    )


if __name__ == "__main__":
    raise SystemExit(main())
