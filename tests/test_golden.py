"""Golden outputs: the exact bytes of every command on every transcript we have.

Each case runs the command line in this process (``captionkit.cli.main``) and hashes its
exit status, standard output and standard error. ``tests/golden.json`` holds the hashes;
a refactoring that changes any byte of any output fails here, naming the cases.

Inputs: ``fixtures/sample-transcript.json``, every transcript-like JSON in ``../shared``
(including ones that fail to load: their messages are golden too), and seeded synthetic
transcripts that exercise what the real files do not (three speakers with utterances,
multichannel audio, Japanese, Hebrew, abbreviations, numbers and names). Caption files
from the API in ``../shared`` are linted and checked against their transcripts.

Regenerate the hashes (only for an intended change of output, and say why in the commit):
``python tests/test_golden.py --update``.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import random
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.conftest import SHARED  # noqa: E402

MANIFEST = ROOT / "tests" / "golden.json"

#: transcript-like JSON files in ../shared (relative to it); some fail to load on purpose
SHARED_TRANSCRIPTS = (
    "corpus/meeting04-part1/transcript.json",
    "corpus/meeting04-part1/sentences.json",
    "corpus/meeting04-part1/paragraphs.json",
    "fixtures/assemblyai/assemblyai-api-spec/example_Transcript.json",
    "fixtures/assemblyai/assemblyai-api-spec/example_SentencesResponse.json",
    "fixtures/assemblyai/assemblyai-api-spec/example_ParagraphsResponse.json",
    "fixtures/assemblyai/assemblyai-api-spec/example_TranscriptUtterance.json",
    "fixtures/assemblyai/assemblyai-cli/transcript_get.json",
    "fixtures/assemblyai/assemblyai-go-sdk/completed.json",
    "fixtures/assemblyai/assemblyai-go-sdk/queued.json",
    "fixtures/assemblyai/audio-intelligence-dashboard/response.json",
    "fixtures/assemblyai/deepgram-python-captions/assemblyai_transcription.json",
    "fixtures/assemblyai/deepgram-python-captions/assemblyai_utterances.json",
)
#: (transcript or None, API output, chars_per_caption) for `check`, relative to ../shared
SHARED_CHECKS = (
    ("corpus/meeting04-part1/transcript.json", "corpus/meeting04-part1/api.srt", 40),
    ("corpus/meeting04-part1/transcript.json", "corpus/meeting04-part1/sentences.json", None),
    ("corpus/meeting04-part1/transcript.json", "corpus/meeting04-part1/paragraphs.json", None),
    ("fixtures/assemblyai/assemblyai-go-sdk/completed.json", "fixtures/assemblyai/assemblyai-go-sdk/subtitles.srt", 60),
    (
        "fixtures/assemblyai/assemblyai-api-spec/example_Transcript.json",
        "fixtures/assemblyai/assemblyai-api-spec/example_VttSubtitlesResponse.vtt",
        None,
    ),
    (None, "fixtures/assemblyai/coogan-research/transcript@a507413.vtt", None),
    (
        "fixtures/assemblyai/coogan-research/transcript@a507413.txt",
        "fixtures/assemblyai/coogan-research/transcript@a507413.vtt",
        None,
    ),
)
#: API caption files linted as they are
SHARED_CAPTIONS = (
    "corpus/meeting04-part1/api.srt",
    "fixtures/assemblyai/assemblyai-api-spec/example_SrtSubtitlesResponse.srt",
    "fixtures/assemblyai/assemblyai-api-spec/example_VttSubtitlesResponse.vtt",
    "fixtures/assemblyai/assemblyai-go-sdk/subtitles.srt",
    "fixtures/assemblyai/automatic-subtitle-generator/subtittles.srt",
    "fixtures/assemblyai/coogan-research/transcript@1f3c6c6.vtt",
)

PROFILES = ("netflix", "bbc", "dcmp")


def transcript_commands(path: str, *, broadcast: bool = True) -> list[list[str]]:
    """Every export of one transcript, with the options that change how it is made."""
    cmds: list[list[str]] = []
    for fmt in ("srt", "vtt"):
        cmds.append([fmt, path])
        cmds += [[fmt, path, "--chars-per-caption", str(cap)] for cap in (16, 32, 40)]
        cmds.append([fmt, path, "--speaker-labels"])
        cmds.append([fmt, path, "--speaker-labels", "--chars-per-caption", "32", "--speaker-names", "A=Alice"])
        if broadcast:
            for profile in PROFILES:
                cmds.append([fmt, path, "--profile", profile])
                cmds.append([fmt, path, "--profile", profile, "--speaker-labels"])
    cmds.append(["srt", path, "--speaker-labels", "--label-format", "{speaker}: "])
    if broadcast:
        cmds.append(["srt", path, "--profile", "netflix", "--max-chars-per-line", "32", "--max-lines", "3"])
    cmds += [
        ["sentences", path],
        ["sentences", path, "--text"],
        ["paragraphs", path],
        ["paragraphs", path, "--text"],
        ["text", path],
        ["text", path, "--timecode", "hms.ms", "--template", "{speaker}|{start}|{end}|{confidence}|{channel}|{text}"],
        ["words", path],
        ["words", path, "--format", "tsv"],
        ["words", path, "--format", "json", "--seconds"],
    ]
    return cmds


# ---------------------------------------------------------------- synthetic transcripts

_VOCAB = (  # noqa: SIM905
    "the a and we caption transcript really think that's about Boston model it's going to be so well I you "
    "know data time people meeting question answer because which would could there their where when of in "
    "for with Dr. Smith U.S. economy 42 percent John F. Kennedy e.g. apples 3.5 kg"
).split()


def _words(rng: random.Random, n: int, vocab: list[str], speakers: str, channel: bool = False) -> list[dict]:
    words = []
    t = rng.randint(0, 2000)
    speaker = 0
    left = rng.randint(5, 60)
    for _ in range(n):
        if left == 0:
            speaker = (speaker + rng.randint(1, max(1, len(speakers) - 1))) % len(speakers)
            left = rng.randint(5, 60)
            t += rng.randint(100, 2500)
        left -= 1
        text = rng.choice(vocab)
        r = rng.random()
        if r < 0.08:
            text += "."
        elif r < 0.12:
            text += ","
        elif r < 0.13:
            text += "?"
        if words and words[-1]["text"][-1:] in ".?":
            text = text[:1].upper() + text[1:]
        t += rng.randint(1200, 6000) if rng.random() < 0.03 else rng.randint(0, 150)
        duration = rng.randint(40, 500)
        word = {"text": text, "start": t, "end": t + duration, "confidence": round(rng.random(), 5)}
        word["speaker"] = speakers[speaker]
        if channel:
            word["channel"] = str(speaker + 1)
        words.append(word)
        t += duration
    return words


def _utterances(words: list[dict]) -> list[dict]:
    out: list[dict] = []
    for w in words:
        if out and out[-1]["speaker"] == w["speaker"]:
            out[-1]["words"].append(w)
        else:
            out.append({"speaker": w["speaker"], "words": [w]})
    for u in out:
        ws = u["words"]
        u.update(
            text=" ".join(w["text"] for w in ws),
            start=ws[0]["start"],
            end=ws[-1]["end"],
            confidence=round(sum(w["confidence"] for w in ws) / len(ws), 5),
        )
    return out


def synthetic_transcripts() -> dict[str, dict]:
    rng = random.Random(20261205)
    three = _words(rng, 1500, _VOCAB, "ABC")
    multi = _words(rng, 600, _VOCAB, "AB", channel=True)
    for w in multi:  # channels talk over each other now and then
        if rng.random() < 0.1:
            w["start"] = max(0, w["start"] - 300)
    multi.sort(key=lambda w: w["start"])
    for w in multi:
        w.pop("speaker")
    ja_vocab = "今日 は 東京 で 会議 が あり ます 。 字幕 を 作る の は 簡単 です ね 、 そう 思い ます か ？".split()  # noqa: SIM905, RUF001
    ja = _words(rng, 400, ja_vocab, "AB")
    he_vocab = "שלום עולם זה מבחן של כתוביות 42 אחוז ו הוא היא אנחנו".split()  # noqa: SIM905, RUF001
    he = _words(rng, 300, he_vocab, "AB")
    plain = _words(rng, 500, _VOCAB, "A")
    for w in plain:
        w.pop("speaker")
    return {
        "synthetic-three-speakers.json": {
            "id": "s1",
            "status": "completed",
            "language_code": "en_us",
            "words": three,
            "utterances": _utterances(three),
        },
        "synthetic-multichannel.json": {"id": "s2", "language_code": "en", "multichannel": True, "words": multi},
        "synthetic-japanese.json": {"id": "s3", "language_code": "ja", "words": ja, "utterances": _utterances(ja)},
        "synthetic-hebrew.json": {"id": "s4", "language_code": "he", "words": he},
        "synthetic-no-speakers.json": {"id": "s5", "words": plain},
    }


# ---------------------------------------------------------------- the cases


def cases(shared: Path, synthetic_dir: Path) -> dict[str, tuple[Path, list[str]]]:
    """case id -> (folder to run in, argv)."""
    out: dict[str, tuple[Path, list[str]]] = {}

    def add(group: str, cwd: Path, argv: list[str]) -> None:
        out[f"{group} :: {' '.join(argv)}"] = (cwd, argv)

    sample = "fixtures/sample-transcript.json"
    for argv in transcript_commands(sample):
        add("sample", ROOT, argv)
    for name in synthetic_transcripts():
        for argv in transcript_commands(name):
            add("synthetic", synthetic_dir, argv)
    for profile in PROFILES:
        add("sample", ROOT, ["lint", "-", "--profile", profile, "--format", "json"])  # stdin: the sample's srt
    for path in SHARED_TRANSCRIPTS:
        for argv in transcript_commands(path):
            add("shared", shared, argv)
    for path in SHARED_CAPTIONS:
        for profile in PROFILES:
            add("shared", shared, ["lint", path, "--profile", profile, "--format", "json"])
        add("shared", shared, ["lint", path, "--profile", "netflix"])
    add(
        "shared",
        shared,
        [
            "lint",
            "corpus/meeting04-part1/api.srt",
            "--transcript",
            "corpus/meeting04-part1/transcript.json",
            "--format",
            "json",
        ],
    )
    for transcript, api, cap in SHARED_CHECKS:
        argv = ["check", *([transcript] if transcript else []), api]
        if cap:
            argv += ["--chars-per-caption", str(cap)]
        add("shared", shared, [*argv, "--json"])
        add("shared", shared, argv)
    return out


@contextlib.contextmanager
def _inside(folder: Path) -> Iterator[None]:
    before = os.getcwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(before)


def run_case(cwd: Path, argv: list[str], stdin: bytes = b"") -> str:
    """sha256 of the exit status, standard output and standard error of ``captionkit argv``."""
    from captionkit.cli import main

    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", newline="")
    err = io.StringIO()
    stdin_stream = io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8")
    saved = sys.stdin
    sys.stdin = stdin_stream
    try:
        with _inside(cwd), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(argv)
            except SystemExit as exc:  # usage errors
                code = exc.code if isinstance(exc.code, int) else 2
    finally:
        sys.stdin = saved
    out.flush()
    data = out.buffer.getvalue()  # type: ignore[attr-defined]
    digest = hashlib.sha256()
    digest.update(f"{code}\n".encode())
    digest.update(data)
    digest.update(b"\0")
    digest.update(err.getvalue().encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def _stdin_for(case: str) -> bytes:
    if case.startswith("sample :: lint -"):
        from captionkit.cli import main

        out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", newline="")
        with _inside(ROOT), contextlib.redirect_stdout(out):
            main(["srt", "fixtures/sample-transcript.json", "--profile", case.split("--profile ")[1].split()[0]])
        out.flush()
        return out.buffer.getvalue()  # type: ignore[attr-defined]
    return b""


def compute(shared: Path, synthetic_dir: Path, groups: tuple[str, ...]) -> dict[str, str]:
    for name, doc in synthetic_transcripts().items():
        (synthetic_dir / name).write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return {
        case: run_case(cwd, argv, _stdin_for(case))
        for case, (cwd, argv) in cases(shared, synthetic_dir).items()
        if case.split(" :: ")[0] in groups
    }


@pytest.mark.parametrize("group", ["sample", "synthetic", "shared"])
def test_every_output_is_byte_for_byte_unchanged(group, tmp_path):
    if group == "shared" and not (SHARED / "fixtures" / "assemblyai").is_dir():
        pytest.skip(f"real AssemblyAI data not found at {SHARED} (set CAPTIONKIT_SHARED to its folder)")
    expected = {k: v for k, v in json.loads(MANIFEST.read_text(encoding="utf-8")).items() if k.startswith(group)}
    got = compute(SHARED, tmp_path, (group,))
    assert sorted(got) == sorted(expected), "the list of golden cases changed"
    changed = [case for case in expected if got[case] != expected[case]]
    assert not changed, f"{len(changed)} of {len(expected)} outputs changed:\n" + "\n".join(changed[:40])


if __name__ == "__main__":
    import tempfile

    if sys.argv[1:] != ["--update"]:
        raise SystemExit("usage: python tests/test_golden.py --update")
    with tempfile.TemporaryDirectory() as tmp:
        hashes = compute(SHARED, Path(tmp), ("sample", "synthetic", "shared"))
    MANIFEST.write_text(json.dumps(hashes, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(hashes)} golden cases written to {MANIFEST}")
