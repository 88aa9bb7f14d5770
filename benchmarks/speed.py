"""Speed and memory of captionkit on a 20-hour transcript, side by side with the floor and a peer.

Usage:  python benchmarks/speed.py [--words 200000] [--repeat 3] [--files 200] [--keep DIR]

Builds (seeded, so every run measures the same bytes) a synthetic transcript of 200,000
words (about 20 hours, three speakers, speaker turns as ``utterances`` carrying their words
again, as the API writes them: about 46 MB), then measures, each as a whole fresh process
(``python ...``, output to /dev/null), the wall time (median of ``--repeat`` runs) and the
peak resident memory (largest of the runs, from ``wait4``):

* the floor: a bare ``json.load`` of the file (no program reads the JSON in less);
* every captionkit command on it: ``srt`` (default mode, ``--chars-per-caption 32``,
  ``--profile netflix``), ``vtt``, ``sentences``, ``paragraphs``, ``text``, ``words``;
* ``deepgram-captions`` (``AssemblyAIConverter`` + ``srt``, when installed) on it;
* ``captionkit --version`` (the start-up every command pays);
* ``srt --profile netflix`` on 10,000, 100,000 and 400,000 words: the cost per word beyond
  a one-word run (start-up and imports) must not grow with the length (linear);

then renders ``--files`` ordinary transcripts (10-20 minutes each) into every export of the
registry with ``captionkit render --jobs 1`` and ``--jobs 2`` and prints the throughputs,
beside the machine's own ceiling for two workers: two independent ``--jobs 1`` renders of
half the files each, run side by side (no parallel design can beat that), and two
CPU-bound Python loops side by side (on a VM the two cores may slow each other down).
Ratios are against the floor measured in the same run, so they hold on any machine; the
targets (issues 5 and 13) are printed with PASS/FAIL.

What dominated before the fast loading path (cProfile/pyinstrument of ``captionkit srt`` on
this file, 2 cores): 2.9 s in all of which 2.46 s were pydantic building 400,000 ``Word``
models (the words and the utterances' copies), 0.45 s the word-by-word check, 0.30 s
``json.loads``, 0.20 s segmenting, 0.09 s writing; peak 673 MB. See
``captionkit/inputs/assemblyai.py`` and ``captionkit/model.py`` for what changed (msgspec
decoding into typed records, checks on whole columns, models built on first use). The
broadcast profiles were 23x the floor (87 us a word in a Python dynamic programme); the
segmenters' dynamic programmes are compiled now (``captionkit/_speedups.c``).
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]

VOCABULARY = [
    "the",
    "a",
    "and",
    "we",
    "caption",
    "transcript",
    "really",
    "think",
    "that's",
    "about",
    "Boston",
    "model",
    "it's",
    "going",
    "to",
    "be",
    "so",
    "well",
    "I",
    "you",
    "know",
    "data",
    "time",
    "people",
    "meeting",
    "question",
    "answer",
    "because",
    "which",
    "would",
    "could",
    "there",
    "their",
    "where",
    "when",
]


def synthetic(n_words: int, seed: int = 5, speakers: str = "ABC") -> dict:
    """An AssemblyAI-shaped transcript: words, utterances (speaker turns with their words), text."""
    rng = random.Random(seed)
    words: list[dict] = []
    turns: list[list[dict]] = [[]]
    t = 0
    speaker = 0
    left = rng.randint(20, 300)
    for _ in range(n_words):
        if left == 0:
            turns.append([])
            speaker = (speaker + rng.randint(1, len(speakers) - 1)) % len(speakers)
            left = rng.randint(20, 300)
            t += rng.randint(300, 1500)
        left -= 1
        text = rng.choice(VOCABULARY)
        r = rng.random()
        if r < 0.08:
            text += "."
        elif r < 0.12:
            text += ","
        elif r < 0.13:
            text += "?"
        if words and words[-1]["text"][-1:] in ".?":
            text = text[:1].upper() + text[1:]
        t += rng.randint(900, 5000) if rng.random() < 0.02 else rng.randint(0, 120)
        duration = rng.randint(60, 440)
        word = {
            "text": text,
            "start": t,
            "end": t + duration,
            "confidence": round(rng.random(), 5),
            "speaker": speakers[speaker],
            "channel": None,
        }
        t += duration
        words.append(word)
        turns[-1].append(word)
    utterances = [
        {
            "text": " ".join(w["text"] for w in turn),
            "start": turn[0]["start"],
            "end": turn[-1]["end"],
            "confidence": sum(w["confidence"] for w in turn) / len(turn),
            "speaker": turn[0]["speaker"],
            "channel": None,
            "words": turn,
        }
        for turn in turns
        if turn
    ]
    return {
        "id": f"synthetic-{seed}",
        "status": "completed",
        "language_code": "en_us",
        "text": " ".join(w["text"] for w in words),
        "words": words,
        "utterances": utterances,
        "confidence": 0.9,
        "audio_duration": t // 1000 + 1,
        "speaker_labels": True,
        "multichannel": None,
        "error": None,
    }


def run_once(cmd: list[str]) -> tuple[float, float, int]:
    """(wall seconds, peak RSS in MB, exit status) of one run of ``cmd``, output discarded."""
    began = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    _, raw_status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - began
    proc.returncode = status = os.waitstatus_to_exitcode(raw_status)
    if proc.stderr:
        proc.stderr.close()
    if status != 0:
        print(f"  ! {' '.join(cmd[:5])}... exited {status}: {err.strip()[-300:]}", file=sys.stderr)
    return wall, usage.ru_maxrss / 1024, status  # ru_maxrss is in KB on Linux


def measure_all(cmds: dict[Any, list[str]], repeat: int) -> dict[Any, tuple[float, float, int]]:
    """Each command ``repeat`` times, round-robin (so a slow moment of the machine hits all of them):
    label -> (median wall seconds, largest peak RSS in MB, last exit status)."""
    runs: dict[str, list[tuple[float, float, int]]] = {label: [] for label in cmds}
    for _ in range(repeat):
        for label, cmd in cmds.items():
            runs[label].append(run_once(cmd))
    return {
        label: (statistics.median(r[0] for r in rs), max(r[1] for r in rs), rs[-1][2]) for label, rs in runs.items()
    }


def spin_scaling(py: str, loops: int = 20_000_000) -> float:
    """Throughput of two CPU-bound Python processes side by side over one alone (2.0 = perfect cores)."""
    code = f"x = 0\nfor i in range({loops}): x += i"
    began = time.perf_counter()
    subprocess.run([py, "-c", code], check=True)
    one = time.perf_counter() - began
    began = time.perf_counter()
    procs = [subprocess.Popen([py, "-c", code]) for _ in range(2)]
    for proc in procs:
        proc.wait()
    two = time.perf_counter() - began
    return 2 * one / two


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def make_files(specs: list[tuple[int, int, Path]]) -> list[dict[str, float]]:
    """Write the synthetic transcripts ``(words, seed, path)`` in a child process: a process
    that held them would pass its peak memory on to every command it starts (Linux keeps
    the peak resident size of a forked process across ``exec``), and spoil the peaks measured."""
    spec = json.dumps([[n, seed, str(path)] for n, seed, path in specs])
    out = subprocess.run([sys.executable, __file__, "--make", spec], check=True, capture_output=True, text=True)
    return json.loads(out.stdout)


def _make(spec: str) -> None:
    stats = []
    for n, seed, path in json.loads(spec):
        doc = synthetic(n, seed=seed)
        Path(path).write_text(json.dumps(doc), encoding="utf-8")
        stats.append({"hours": doc["audio_duration"] / 3600, "utterances": len(doc["utterances"])})
    print(json.dumps(stats))


def _byte_compile(package: Path) -> str:
    """Byte-compile captionkit's modules, as ``pip install`` does for an installed package (an
    editable install under ``PYTHONDONTWRITEBYTECODE=1`` would otherwise compile every module
    from source in every run: about 60 ms a command that no installed copy pays). The floor's
    ``json`` module is byte-compiled too, so both sides start alike."""
    ok = compileall.compile_dir(str(package), quiet=1)
    return "modules byte-compiled" if ok else "byte-compiling failed: modules compiled from source"


def main() -> int:
    if sys.argv[1:2] == ["--make"]:
        _make(sys.argv[2])
        return 0
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--words", type=int, default=200_000, help="words in the long transcript (default 200000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per command; the median time is shown")
    parser.add_argument("--files", type=int, default=200, help="ordinary transcripts for the render throughput")
    parser.add_argument("--keep", metavar="DIR", help="build the files in DIR and keep them (default: a temp dir)")
    args = parser.parse_args()

    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="captionkit-speed-"))
    work.mkdir(parents=True, exist_ok=True)
    py = sys.executable
    try:
        big = work / "long.json"
        sizes = (1, 10_000, 100_000, 400_000)
        scaled = {n: work / f"netflix-{n}.json" for n in sizes}
        stats = make_files([(args.words, 5, big)] + [(n, 7, path) for n, path in scaled.items()])
        hours, n_utt = stats[0]["hours"], int(stats[0]["utterances"])
        size = big.stat().st_size / 1e6

        import captionkit

        bytecode = _byte_compile(Path(captionkit.__file__).parent)
        try:
            from captionkit import _speedups  # noqa: F401

            compiled = "compiled segmenters"
        except ImportError:
            compiled = "segmenters in Python (captionkit._speedups not built)"
        print(
            f"machine: {platform.system()} {platform.machine()}, {cores()} cores, "
            f"Python {platform.python_version()}, captionkit {captionkit.__version__}, {compiled}, {bytecode}"
        )
        print(
            f"input: synthetic transcript, {args.words:,} words, {hours:.1f} h, 3 speakers, "
            f"{n_utt:,} utterances, {size:.1f} MB; median of {args.repeat} runs, peak = max RSS\n"
        )
        floor_code = "import json, sys; json.load(open(sys.argv[1], encoding='utf-8'))"
        deepgram_code = (
            "import json, sys\n"
            "from deepgram_captions import AssemblyAIConverter, srt\n"
            "sys.stdout.write(srt(AssemblyAIConverter(json.load(open(sys.argv[1], encoding='utf-8')))))"
        )
        ck = [py, "-m", "captionkit"]
        rows: list[tuple[str, list[str] | None]] = [
            ("json.load (the floor)", [py, "-c", floor_code, str(big)]),
            ("captionkit srt", [*ck, "srt", str(big)]),
            ("captionkit srt --chars-per-caption 32", [*ck, "srt", str(big), "--chars-per-caption", "32"]),
            ("captionkit srt --profile netflix", [*ck, "srt", str(big), "--profile", "netflix"]),
            ("captionkit vtt", [*ck, "vtt", str(big)]),
            ("captionkit sentences", [*ck, "sentences", str(big)]),
            ("captionkit paragraphs", [*ck, "paragraphs", str(big)]),
            ("captionkit text", [*ck, "text", str(big)]),
            ("captionkit words --format csv", [*ck, "words", str(big), "--format", "csv"]),
        ]
        try:
            import deepgram_captions  # noqa: F401

            rows.append(("deepgram-captions srt", [py, "-c", deepgram_code, str(big)]))
        except ImportError:
            rows.append(("deepgram-captions srt (pip install deepgram-captions)", None))

        print("| command | wall time (s) | x floor | peak memory (MB) | x floor |")
        print("|---|---:|---:|---:|---:|")
        measured = measure_all({label: cmd for label, cmd in rows if cmd is not None}, args.repeat)
        floor_t, floor_m, _ = measured["json.load (the floor)"]
        for label, cmd in rows:
            if cmd is None:
                print(f"| {label} | not installed | | | |")
                continue
            wall, peak, status = measured[label]
            note = "" if status == 0 else f" (exit {status})"
            print(f"| {label}{note} | {wall:.2f} | {wall / floor_t:.2f} | {peak:.0f} | {peak / floor_m:.2f} |")

        # ---- start-up and the netflix profile's cost per word as the transcript grows
        version = measure_all({"version": [*ck, "--version"]}, max(args.repeat, 5))["version"][0]
        netflix_cmds = {n: [*ck, "srt", str(path), "--profile", "netflix"] for n, path in scaled.items()}
        netflix = measure_all(netflix_cmds, args.repeat)
        print(f"\ncaptionkit --version: {version:.3f} s (start-up)")
        print("\nsrt --profile netflix as the transcript grows (cost per word beyond a one-word run):")
        print("| words | wall time (s) | us per word |")
        print("|---:|---:|---:|")
        per_word = {}
        for n in sizes[1:]:
            per_word[n] = (netflix[n][0] - netflix[1][0]) / n * 1e6
            print(f"| {n:,} | {netflix[n][0]:.2f} | {per_word[n]:.2f} |")
        growth = per_word[sizes[-1]] / per_word[sizes[1]]

        # ---- render throughput
        archive = work / "archive"
        shutil.rmtree(archive, ignore_errors=True)
        archive.mkdir()
        rng = random.Random(11)
        total_words = 0
        for half in ("h1", "h2"):
            (archive / half).mkdir()
        specs = []
        for i in range(args.files):
            n = rng.randint(1_500, 3_000)  # 10-20 minutes of speech
            total_words += n
            specs.append((n, 1000 + i, archive / ("h1" if i % 2 else "h2") / f"t{i:04d}.json"))
        make_files(specs)
        to = "srt,vtt,sentences,paragraphs,text,words"  # the exports issue 13 measured (html lints each file)
        print(f"\nrender: {args.files} transcripts ({total_words // args.files:,} words each on average), --to {to}")
        print("| run | wall time (s) | transcripts/s |")
        print("|---|---:|---:|")

        def render_cmd(source: Path, out: Path, jobs: int) -> list[str]:
            shutil.rmtree(out, ignore_errors=True)
            return [*ck, "render", str(source), "--to", to, "--out", str(out), "-j", str(jobs)]

        walls: dict[str, list[float]] = {"1": [], "2": [], "halves": []}
        for _ in range(args.repeat):  # round-robin, as above
            for jobs in (1, 2):
                walls[str(jobs)].append(run_once(render_cmd(archive, work / f"out{jobs}", jobs))[0])
            began = time.perf_counter()
            procs = [
                subprocess.Popen(render_cmd(archive / half, work / f"half-{half}", 1), stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL)
                for half in ("h1", "h2")
            ]  # fmt: skip
            for proc in procs:
                proc.wait()
            walls["halves"].append(time.perf_counter() - began)
        speed = {key: args.files / statistics.median(values) for key, values in walls.items()}
        for key, label in (
            ("1", "--jobs 1"),
            ("2", "--jobs 2"),
            ("halves", "two independent --jobs 1 renders, half the files each"),
        ):
            print(f"| {label} | {statistics.median(walls[key]):.2f} | {speed[key]:.1f} |")
        ratio = speed["2"] / speed["1"]
        ceiling = speed["halves"] / speed["1"]
        spin = spin_scaling(py)
        print(f"\n--jobs 2 / --jobs 1: {ratio:.2f}x")
        print(
            f"this machine's own ceiling: two independent renders give {ceiling:.2f}x one; two CPU-bound "
            f"Python loops run side by side give {spin:.2f}x one (2.0: cores that never slow each other)"
        )

        def time_ratio(label: str) -> float:
            return measured[label][0] / floor_t

        def peak_ratio(label: str) -> float:
            return measured[label][1] / floor_m

        print("\ntargets:")
        checks = [
            ("srt time <= 1.5x floor", time_ratio("captionkit srt"), 1.5),
            ("srt peak <= 2x floor", peak_ratio("captionkit srt"), 2.0),
            ("srt --chars-per-caption 32 time <= 1.5x floor", time_ratio("captionkit srt --chars-per-caption 32"), 1.5),
            ("srt --profile netflix time <= 3x floor", time_ratio("captionkit srt --profile netflix"), 3.0),
        ]
        for command in ("text", "sentences", "paragraphs", "words --format csv"):
            label = f"captionkit {command}"
            checks.append((f"{command} time <= 1.5x floor", time_ratio(label), 1.5))
            checks.append((f"{command} peak <= 1.2x floor", peak_ratio(label), 1.2))
        width = max(len(label) for label, _, _ in checks) + 2
        for label, value, limit in checks:
            print(f"  {label + ':':<{width}} {value:.2f}x {'PASS' if value <= limit else 'FAIL'}")
        print(f"  {'captionkit --version <= 0.08 s:':<{width}} {version:.3f} s {'PASS' if version <= 0.08 else 'FAIL'}")
        print(
            f"  {'netflix us/word, 400k / 10k <= 1.5 (linear):':<{width}} {growth:.2f}x "
            f"{'PASS' if growth <= 1.5 else 'FAIL'}"
        )
        print(f"  {'--jobs 2 >= 1.8x --jobs 1:':<{width}} {ratio:.2f}x {'PASS' if ratio >= 1.8 else 'FAIL'}")
        print(
            f"  {'--jobs 2 >= 0.9 of this machine ceiling:':<{width}} {ratio / ceiling:.2f} "
            f"{'PASS' if ratio >= 0.9 * ceiling else 'FAIL'}"
        )
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
