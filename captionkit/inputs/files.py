"""Finding the transcript files a batch renders: files, folders searched recursively for
``*.json``, glob patterns (:func:`discover`, used by :mod:`captionkit.batch`).

Files found in folders are skipped when they are hidden (a name starting with ``.``), lie
under the output folder (when it is inside the folder), or end with a requested export's
suffix (``x.sentences.json`` is an output, not a transcript).
"""

from __future__ import annotations

import glob
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

_MAGIC = ("*", "?", "[")  # a glob pattern


@dataclass(frozen=True)
class Found:
    """An input: the file, the path its outputs mirror (relative, without ``.json``), or why it cannot be used."""

    path: Path
    stem: str
    error: str | None = None


def discover(inputs: Sequence[str | os.PathLike[str]], out: Path, suffixes: Sequence[str] = ()) -> Iterator[Found]:
    """The input files named by ``inputs`` (files, folders, glob patterns), in a stable order."""
    out = out.absolute()
    seen: dict[str, Path] = {}
    for given in inputs:
        text = os.fspath(given)
        path = Path(text)
        try:
            is_dir, is_file, exists = path.is_dir(), path.is_file(), path.exists()
        except OSError as exc:  # a folder on the way that cannot be read, a name too long...
            yield Found(path, "", f"cannot read it: {exc.strerror or exc}")
            continue
        if is_dir:
            entries, problems = _walk(path, out, suffixes)
            for bad, why in problems:
                yield Found(bad, "", why)
            if not entries and not problems:
                yield Found(path, "", f"no .json files in the folder {text}")
        elif is_file:
            entries = [(path, Path(path.name))]
        elif exists:
            yield Found(path, "", "not a regular file (a pipe, socket or device)")
            continue
        elif any(c in text for c in _MAGIC):
            base = _glob_base(text)
            matches = sorted(Path(p) for p in glob.glob(text, recursive=True))
            entries = [(p, _relative(p, base)) for p in matches if p.is_file() and not _is_output(p, out, suffixes)]
            if not entries:
                yield Found(path, "", f"the pattern {text} matches no files")
        else:
            yield Found(path, "", "no such file or folder")
            continue
        for file, relative in entries:
            stem = _stem(relative)
            key = os.path.normcase(stem)
            if key in seen:
                if seen[key].resolve() != file.resolve():
                    yield Found(file, stem, f"its outputs would overwrite those of {seen[key]} (same name {stem})")
                continue  # the same file named twice: rendered once
            seen[key] = file
            yield Found(file, stem)


def _walk(folder: Path, out: Path, suffixes: Sequence[str]) -> tuple[list[tuple[Path, Path]], list[tuple[Path, str]]]:
    """The ``.json`` files under ``folder`` (file, path relative to ``folder``), and the
    entries that cannot be used with why: a sub-folder that cannot be read, a ``.json``
    that is not a regular file (a named pipe would block the run for ever)."""
    found: list[tuple[Path, Path]] = []
    problems: list[tuple[Path, str]] = []

    def unreadable(exc: OSError) -> None:
        problems.append((Path(exc.filename or folder), f"cannot read the folder: {exc.strerror or exc}"))

    for root, dirs, files in os.walk(folder, onerror=unreadable):
        here = Path(root)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and (here / d).absolute() != out)
        for name in sorted(files):
            if name.startswith(".") or not name.lower().endswith(".json"):
                continue
            if any(name.endswith(s) for s in suffixes):
                continue
            file = here / name
            try:
                regular = file.is_file()
            except OSError as exc:
                problems.append((file, f"cannot read it: {exc.strerror or exc}"))
                continue
            if not regular:
                why = "not a regular file (a pipe, socket or device)" if file.exists() else "a broken symbolic link"
                problems.append((file, why))
                continue
            found.append((file, file.relative_to(folder)))
    problems.sort(key=lambda item: str(item[0]))
    return found, problems


def _is_output(path: Path, out: Path, suffixes: Sequence[str]) -> bool:
    return path.name.startswith(".") or any(path.name.endswith(s) for s in suffixes) or out in path.absolute().parents


def _glob_base(pattern: str) -> Path:
    parts = Path(pattern).parts
    static = []
    for part in parts:
        if any(c in part for c in _MAGIC):
            break
        static.append(part)
    return Path(*static) if static else Path()


def _relative(path: Path, base: Path) -> Path:
    try:
        return path.relative_to(base)
    except ValueError:
        return Path(path.name)


def _stem(relative: Path) -> str:
    name = relative.as_posix()
    return name[: -len(".json")] if name.lower().endswith(".json") else name
