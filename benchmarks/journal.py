"""Meetings of the ActiveInferenceJournal archive: the API's words, sentences, paragraphs and SRT.

Usage:  python benchmarks/journal.py [--archive PATH] [--digests DIR] [--partial DIR] [--held-out]

The public repository ActiveInferenceInstitute/ActiveInferenceJournal keeps, for dozens of
recorded meetings, tables flattened from AssemblyAI responses:

* ``*.sentWords.csv``: the words of ``/sentences`` (tab-separated ``start end sentNum speaker
  confidence wordPosSent wordPosDoc text``), one row a word;
* ``*.paragraphs.csv``: ``/paragraphs`` (``start end paragNum speaker confidence startTime
  wordCount text``), one row a paragraph;
* ``*.m4a.srt``: the API's SRT at ``chars_per_caption=40`` (not for every meeting).

A meeting's files sit in ``Transcripts/Prose/``, ``Metadata/``, ``assets/csv/`` or
``AssemblyAI/`` below the meeting's folder, and were added at different commits; files of one
meeting share the name stem (``<stem>.sentWords.csv``, ``<stem>.paragraphs.csv``,
``<stem>.srt``). ``--archive`` is either a bare git mirror of the repository (every commit on
every ref is searched, newest version of each path wins) or a checked-out tree. Meetings
whose tables disagree (word counts or times not matching) are skipped with the reason
printed. :data:`HELD_OUT` meetings are left out unless asked for.

``--digests`` reads sentence-level digests instead (for when no mirror can be had): one
``NAME.sent.tsv`` per meeting (a ``# name | source`` line, then one line per API sentence:
``start end speaker first-word final-mark``, whitespace-separated, first word lower-cased) and
``NAME.para.tsv`` (one line per API paragraph: ``start end``), every time in ms and taken from
the archive's ``*.sentences.csv`` and ``*.paragraphs.csv``. A digest meeting has one pseudo
word per sentence (its first word, spanning the sentence), so it can score paragraphs (the
scores over paragraph-end positions are the same as over real words) but not captions.

``--partial`` reads copied beginnings of a meeting's ``*.sentWords.csv`` and ``*.m4a.srt``
(the rows and blocks verbatim, under the archive's relative paths; a folder's
``data/video/activeinferenceinstitute/`` copy counts as the same meeting): the words the
complete copied captions cover, every caption checked to hold exactly the next words of the
table and to start and end at their times (a meeting that fails is skipped with the reason).
They score captions, not paragraphs.

Parsed archive meetings are cached (pickle) under ``~/.cache/captionkit-journal`` keyed by
path and commit.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import os
import pickle
import re
import subprocess
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, fields
from pathlib import Path

Group = tuple[int, int]
Cue = tuple[int, int, str]  # start ms, end ms, text (lines joined by spaces)

MIRROR_GLOB = "ActiveInferenceInstitute+ActiveInferenceJournal*"
MIRROR_ROOT = Path("/work/.mirror")
CACHE = Path(os.environ.get("CAPTIONKIT_JOURNAL_CACHE", Path.home() / ".cache" / "captionkit-journal"))
DIGESTS = CACHE / "digests"
KINDS = {".sentWords.csv": "words", ".paragraphs.csv": "paragraphs", ".srt": "srt"}
FILE_FOLDERS = ("Transcripts", "Metadata", "assets", "AssemblyAI")
MIRROR_PREFIX = "data/video/activeinferenceinstitute/"  # a second copy of some folders in the archive
PARTIAL = CACHE / "partial"

#: The project is measured on these meetings: never fit or tune on them.
HELD_OUT: frozenset[str] = frozenset(
    {
        "TextbookGroup/ParrPezzuloFriston2022/Cohort_1/Meeting_011",
        "TextbookGroup/ParrPezzuloFriston2022/Cohort_1/Meeting_019",
        "TextbookGroup/ParrPezzuloFriston2022/Cohort_1/Meeting_022",
        "TextbookGroup/ParrPezzuloFriston2022/Cohort_3/Meeting_016",
    }
)


@dataclass(frozen=True)
class Meeting:
    """One meeting: the API's words and its segmentations of them."""

    name: str  # the meeting's folder (and stem when a folder holds several recordings)
    series: str  # the archive's top folder (TextbookGroup, Livestream, ...)
    texts: tuple[str, ...]
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    confidences: tuple[float, ...]
    speakers: tuple[str | None, ...]
    sentences: tuple[Group, ...]
    paragraphs: tuple[Group, ...]
    cues: tuple[Cue, ...] | None  # the API's SRT at chars_per_caption=40, when the archive has it
    word_level: bool  # False for a digest (one pseudo word per sentence)
    marks: tuple[str, ...]  # final mark of each API sentence ('.', '?', '!', ...)

    @property
    def cohort(self) -> str:
        """Series plus cohort or sub-series: what leave-one-group-out would group by."""
        parts = self.name.split("/")
        return "/".join(parts[:3]) if parts[0] == "TextbookGroup" else "/".join(parts[:2])


def is_held_out(name: str) -> bool:
    return any(name == h or name.startswith(h + "/") for h in HELD_OUT)


def default_archive() -> Path | None:
    found = sorted(MIRROR_ROOT.glob(MIRROR_GLOB)) if MIRROR_ROOT.is_dir() else []
    for path in found:
        # the fetch tool leaves the git directory itself or a folder holding one
        for candidate in (path, *sorted(path.glob("*.git")), path / ".git"):
            if (candidate / "HEAD").exists() and (candidate / "objects").is_dir():
                return candidate
        if path.is_dir():
            return path
    return None


# --- reading the archive ------------------------------------------------------------------


def _kind_and_stem(path: str) -> tuple[str, str] | None:
    base = path.rsplit("/", 1)[-1]
    for suffix, kind in KINDS.items():
        if base.endswith(suffix):
            return kind, base[: -len(suffix)]
    return None


def _meeting_folder(path: str) -> str:
    parts = path.split("/")
    for i, part in enumerate(parts[:-1]):
        if part in FILE_FOLDERS:
            return "/".join(parts[:i])
    return "/".join(parts[:-1])


class Archive:
    """Files of the archive: a bare git mirror (all history) or a plain directory tree."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.is_git = (root / "HEAD").exists() and (root / "objects").is_dir()

    def _git(self, *args: str) -> bytes:
        return subprocess.run(["git", "--git-dir", str(self.root), *args], check=True, capture_output=True).stdout

    def files(self) -> dict[str, str]:
        """Every sentWords/paragraphs/srt path -> the commit (or '') of its newest version."""
        newest: dict[str, str] = {}
        if not self.is_git:
            for dirpath, _, names in os.walk(self.root):
                for n in names:
                    rel = os.path.relpath(os.path.join(dirpath, n), self.root).replace(os.sep, "/")
                    if _kind_and_stem(rel):
                        newest[rel] = ""
            return newest
        out = self._git(
            "log", "--all", "--date-order", "--format=%x01%H", "--name-only", "--diff-filter=AMR", "-z", "--",
            "*.sentWords.csv", "*.paragraphs.csv", "*.srt",
        )  # fmt: skip
        commit = ""
        for token in out.decode("utf-8", "surrogateescape").split("\0"):
            token = token.strip("\n")
            if token.startswith("\x01"):
                head, _, rest = token[1:].partition("\n")
                commit = head
                token = rest.strip("\n")
            if token and _kind_and_stem(token) and token not in newest:
                newest[token] = commit
        return newest

    def read(self, path: str, commit: str) -> str:
        if not self.is_git:
            return (self.root / path).read_text(encoding="utf-8-sig")
        return self._git("show", f"{commit}:{path}").decode("utf-8-sig")


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE))


def parse_words(text: str) -> tuple[list[str], list[int], list[int], list[float], list[str | None], list[Group]]:
    """Words and API sentence groups from a ``sentWords.csv``."""
    texts: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    confs: list[float] = []
    speakers: list[str | None] = []
    sentences: list[Group] = []
    current = None
    for k, row in enumerate(_rows(text)):
        texts.append(row["text"])
        starts.append(int(float(row["start"])))
        ends.append(int(float(row["end"])))
        confs.append(float(row["confidence"]))
        speakers.append(row.get("speaker") or None)
        if row["sentNum"] != current:
            current = row["sentNum"]
            sentences.append((k, k))
        else:
            sentences[-1] = (sentences[-1][0], k)
    return texts, starts, ends, confs, speakers, sentences


def parse_paragraphs(text: str, starts: Sequence[int], ends: Sequence[int]) -> list[Group]:
    """API paragraph groups from a ``paragraphs.csv`` (word counts), checked against word times."""
    groups: list[Group] = []
    k = 0
    for row in _rows(text):
        n = int(row["wordCount"])
        if n < 1 or k + n > len(starts):
            raise ValueError(f"paragraph {row.get('paragNum')} has {n} words from word {k} of {len(starts)}")
        a, b = k, k + n - 1
        if starts[a] != int(float(row["start"])) or ends[b] != int(float(row["end"])):
            raise ValueError(f"paragraph {row.get('paragNum')} times {row['start']}-{row['end']} != words {a}-{b}")
        groups.append((a, b))
        k += n
    if k != len(starts):
        raise ValueError(f"paragraph word counts add up to {k}, the sentences table has {len(starts)} words")
    return groups


_SRT_TIME = re.compile(r"(\d+):(\d\d):(\d\d)[,.](\d\d\d)")


def parse_srt(text: str) -> list[Cue]:
    cues: list[Cue] = []
    for block in text.replace("\r\n", "\n").strip().split("\n\n"):
        lines = block.strip().split("\n")
        timing = next((i for i, line in enumerate(lines) if "-->" in line), None)
        if timing is None:
            continue
        times = [_SRT_TIME.search(part) for part in lines[timing].split("-->")]
        if not all(times):
            continue
        ms = [((int(h) * 60 + int(m)) * 60 + int(s)) * 1000 + int(f) for h, m, s, f in (t.groups() for t in times if t)]
        cues.append((ms[0], ms[1], " ".join(lines[timing + 1 :])))
    return cues


def _cached(key: str, build: Callable[[], Meeting]) -> Meeting:
    """A parsed meeting from the cache, or built and cached (as plain field values, so the
    cache does not depend on the module the class was first imported as)."""
    path = CACHE / "meetings" / (hashlib.sha256(key.encode()).hexdigest()[:24] + ".pickle")
    if path.exists():
        try:
            with path.open("rb") as f:
                return Meeting(*pickle.load(f))
        except (OSError, pickle.UnpicklingError, EOFError, TypeError):
            pass  # a stale or broken cache entry: parse again
    value = build()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with tmp.open("wb") as f:
        pickle.dump(tuple(getattr(value, field.name) for field in fields(Meeting)), f)
    tmp.replace(path)
    return value


def load_archive(root: Path, *, include_held_out: bool = False, log=print) -> list[Meeting]:  # type: ignore[no-untyped-def]
    """Every meeting of the archive with sentWords + paragraphs (+ srt when present)."""
    archive = Archive(root)
    by_meeting: dict[tuple[str, str], dict[str, tuple[str, str]]] = {}
    for path, commit in archive.files().items():
        kind_stem = _kind_and_stem(path)
        if kind_stem is None:
            continue
        kind, stem = kind_stem
        if kind == "srt" and not stem.endswith((".m4a", ".wav", ".mp3", ".mp4")):
            continue
        by_meeting.setdefault((_meeting_folder(path), stem), {}).setdefault(kind, (path, commit))
    folders: dict[str, int] = {}
    for folder, _ in by_meeting:
        folders[folder] = folders.get(folder, 0) + 1
    meetings: list[Meeting] = []
    for (folder, stem), files in sorted(by_meeting.items()):
        name = folder if folders[folder] == 1 else f"{folder}/{stem}"
        if "words" not in files or "paragraphs" not in files:
            continue
        if is_held_out(name) and not include_held_out:
            continue
        key = repr(sorted(files.items()))
        try:
            meetings.append(_cached(key, lambda f=files, n=name: _build(archive, n, f)))
        except (ValueError, KeyError) as e:
            log(f"skipped {name}: {e}")
    return meetings


def _build(archive: Archive, name: str, files: dict[str, tuple[str, str]]) -> Meeting:
    texts, starts, ends, confs, speakers, sentences = parse_words(archive.read(*files["words"]))
    if not texts:
        raise ValueError("no words")
    paragraphs = parse_paragraphs(archive.read(*files["paragraphs"]), starts, ends)
    cues = tuple(parse_srt(archive.read(*files["srt"]))) if "srt" in files else None
    if cues is not None and " ".join(c[2] for c in cues).split() != texts:
        cues = None  # the SRT is of another run or of other words: not a pairing
    return Meeting(
        name, name.split("/")[0], tuple(texts), tuple(starts), tuple(ends), tuple(confs), tuple(speakers),
        tuple(sentences), tuple(paragraphs), cues, True, tuple(texts[b][-1:] for _, b in sentences),
    )  # fmt: skip


def load_digests(folder: Path, *, include_held_out: bool = False, log=print) -> list[Meeting]:  # type: ignore[no-untyped-def]
    """Sentence-level digests (see the module docstring): one pseudo word per API sentence."""
    meetings: list[Meeting] = []
    for sent_path in sorted(folder.glob("*.sent.tsv")):
        para_path = sent_path.with_name(sent_path.name.replace(".sent.tsv", ".para.tsv"))
        lines = sent_path.read_text(encoding="utf-8").splitlines()
        name = lines[0].lstrip("# ").split(" | ")[0].strip() if lines and lines[0].startswith("#") else sent_path.stem
        if is_held_out(name) and not include_held_out:
            continue
        rows = [line.split() for line in lines if line.strip() and not line.startswith("#")]
        try:
            starts = [int(r[0]) for r in rows]
            ends = [int(r[1]) for r in rows]
            if any(b < a for a, b in zip(starts, ends, strict=True)) or any(
                ends[k] > starts[k + 1] for k in range(len(rows) - 1)
            ):
                raise ValueError("sentence times are not in order")
            by_start = {s: k for k, s in enumerate(starts)}
            by_end = {e: k for k, e in enumerate(ends)}
            paragraphs: list[Group] = []
            for line in para_path.read_text(encoding="utf-8").splitlines():
                if not line.strip() or line.startswith("#"):
                    continue
                a, b = (int(x) for x in line.split()[:2])
                if a not in by_start or b not in by_end:
                    raise ValueError(f"paragraph {a}-{b} does not start and end at sentence times")
                first, last = by_start[a], by_end[b]
                if (paragraphs and first != paragraphs[-1][1] + 1) or (not paragraphs and first != 0):
                    raise ValueError(f"paragraph {a}-{b} does not follow the previous one")
                paragraphs.append((first, last))
        except (ValueError, IndexError, OSError) as e:
            log(f"skipped digest {sent_path.name}: {e}")
            continue
        n = paragraphs[-1][1] + 1 if paragraphs else 0  # score only the sentences the paragraphs cover
        meetings.append(
            Meeting(
                name,
                name.split("/")[0],
                tuple(r[3] for r in rows[:n]),
                tuple(starts[:n]),
                tuple(ends[:n]),
                tuple(1.0 for _ in range(n)),
                tuple(r[2] for r in rows[:n]),
                tuple((k, k) for k in range(n)),
                tuple(paragraphs),
                None,
                False,
                tuple(r[4] if len(r) > 4 else "." for r in rows[:n]),
            )
        )
    return meetings


def _partial_name(path: str) -> str:
    """The meeting of a copied file: its folder up to the file folder, without the archive's
    ``data/video/activeinferenceinstitute/`` mirror prefix."""
    path = path.removeprefix(MIRROR_PREFIX)
    parts = path.split("/")
    for i, part in enumerate(parts[:-1]):
        if part in (*FILE_FOLDERS, "captions"):
            return "/".join(parts[:i])
    return "/".join(parts[:-1])


def load_partial(root: Path, *, include_held_out: bool = False, log=print) -> list[Meeting]:  # type: ignore[no-untyped-def]
    """Word-level meetings from copied beginnings of ``sentWords.csv`` and the API's ``.srt``
    (see the module docstring): the words the copied captions cover, no paragraphs."""
    files: dict[str, dict[str, Path]] = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        kind_stem = _kind_and_stem(rel)
        if kind_stem is not None and kind_stem[0] in ("words", "srt"):
            files.setdefault(_partial_name(rel), {})[kind_stem[0]] = path
    meetings: list[Meeting] = []
    for name, found in sorted(files.items()):
        if "words" not in found or "srt" not in found or (is_held_out(name) and not include_held_out):
            continue
        try:
            meetings.append(_partial_meeting(name, found["words"], found["srt"]))
        except (ValueError, KeyError) as e:
            log(f"skipped partial {name}: {e}")
    return meetings


def _partial_meeting(name: str, words_path: Path, srt_path: Path) -> Meeting:
    texts, starts, ends, confs, speakers, sentences = parse_words(words_path.read_text(encoding="utf-8-sig"))
    cues = parse_srt(srt_path.read_text(encoding="utf-8-sig"))
    k = 0
    kept: list[Cue] = []
    for c_start, c_end, text in cues:
        cue_words = text.split()
        if k + len(cue_words) > len(texts):
            break  # the copied words end inside this cue
        if list(texts[k : k + len(cue_words)]) != cue_words:
            raise ValueError(f"cue {len(kept) + 1} ({text[:40]!r}) is not words {k}.. of the table")
        last = k + len(cue_words) - 1
        if starts[k] != c_start or ends[last] != c_end:
            raise ValueError(f"cue {len(kept) + 1} times {c_start}-{c_end} != words {starts[k]}-{ends[last]}")
        kept.append((c_start, c_end, text))
        k = last + 1
    if len(kept) < 10:
        raise ValueError(f"only {len(kept)} captions match the words")
    sentences = [(a, min(b, k - 1)) for a, b in sentences if a < k]
    return Meeting(
        name, name.split("/")[0], tuple(texts[:k]), tuple(starts[:k]), tuple(ends[:k]), tuple(confs[:k]),
        tuple(speakers[:k]), tuple(sentences), (), tuple(kept), True, tuple(texts[b][-1:] for _, b in sentences),
    )  # fmt: skip


def load(
    archive: Path | None = None,
    digests: Path | None = None,
    partial: Path | None = None,
    *,
    include_held_out: bool = False,
    log=print,  # type: ignore[no-untyped-def]
) -> list[Meeting]:
    """Archive meetings (when a mirror is found), digest meetings of other recordings, and
    partial copies (captions only: a meeting may come both as a digest, for its paragraphs,
    and as a partial copy, for its captions)."""
    meetings: list[Meeting] = []
    root = archive if archive is not None else default_archive()
    if root is not None and root.exists():
        meetings += load_archive(root, include_held_out=include_held_out, log=log)
    have = {m.name for m in meetings}
    folder = digests if digests is not None else DIGESTS
    if folder.is_dir():
        for m in load_digests(folder, include_held_out=include_held_out, log=log):
            if m.name not in have and not any(m.name.startswith(h) or h.startswith(m.name) for h in have):
                meetings.append(m)
    folder = partial if partial is not None else PARTIAL
    if folder.is_dir():
        meetings += [m for m in load_partial(folder, include_held_out=include_held_out, log=log) if m.name not in have]
    return meetings


def describe(meetings: Iterable[Meeting]) -> str:
    rows = []
    for m in meetings:
        kind = "words" if m.word_level else "digest"
        srt = f", {len(m.cues)} API cues" if m.cues else ""
        rows.append(
            f"  {m.name}: {len(m.texts)} {'words' if m.word_level else 'sentences'} ({kind}), "
            f"{len(m.sentences)} sentences, {len(m.paragraphs)} paragraphs{srt}"
        )
    return "\n".join(rows)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--archive", type=Path, default=None, help="bare git mirror or checkout of the archive")
    parser.add_argument("--digests", type=Path, default=None, help=f"sentence-level digests (default {DIGESTS})")
    parser.add_argument("--partial", type=Path, default=None, help=f"copied beginnings of tables (default {PARTIAL})")
    parser.add_argument("--held-out", action="store_true", help="include the held-out meetings")
    args = parser.parse_args(argv)
    root = args.archive or default_archive()
    if root is None:
        print(f"no archive mirror under {MIRROR_ROOT} ({MIRROR_GLOB}); digests only", file=sys.stderr)
    meetings = load(args.archive, args.digests, args.partial, include_held_out=args.held_out)
    print(f"{len(meetings)} meeting(s):")
    print(describe(meetings))
    return 0 if meetings else 1


if __name__ == "__main__":
    raise SystemExit(main())
