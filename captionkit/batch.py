"""Render many transcripts into many exports: the engine of ``captionkit render``.

:func:`render_batch` finds the inputs (files, folders searched recursively for ``*.json``,
glob patterns), and renders each input's requested exports (names of
:data:`captionkit.formats.REGISTRY`) to ``OUT/<the input's path relative to what was
given, without .json><the export's suffix>``. The work runs on any
:class:`concurrent.futures.Executor` (a process pool for ``--jobs``, a Dask cluster's
executor for ``--scheduler``) or, without one, in this process.

Guarantees:

* **Atomic outputs.** Every output is written to a temporary file in the run's own staging
  folder ``OUT/.captionkit-tmp/run-XXXX/`` and renamed into place, so a reader (or a killed
  run) never sees part of a file. A run holds the lock ``OUT/.captionkit-render.lock`` while
  it works; the next run into the same folder removes what a killed run left (the staging
  folder and the lock), and a finished run leaves neither. A second run into the same folder
  while one is working is refused. (Atomic against the death of the process, not a
  durability guarantee against power loss: files are not fsynced.)
* **A dead run never blocks the next one.** The lock is not passed on to processes forked
  while it is held (worker processes), so it goes with the process that took it, however
  that process ends. A worker of a killed run that is still alive for a moment cannot touch
  the next run's outputs: the next run first moves the old staging folder away (one atomic
  rename), so the worker's temporary files and folder are gone from under it and it has
  nothing to rename into place.
* **Inputs are only read**, never written; an output path that would be an input is refused.
* **Up to date outputs are skipped**: an output whose modification time is newer than its
  input's is kept unless ``force`` (options are not recorded: after changing them, use force).
* **Every failure is collected** (input, reason) and the batch goes on; memory holds one
  transcript per worker, a bounded number of tasks in flight, and the failures.

Files found in folders are skipped when they are hidden (a name starting with ``.``),
lie under ``OUT`` (when ``OUT`` is inside the folder), or end with a requested export's
suffix (``x.sentences.json`` is an output, not a transcript).
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Executor, Future, wait
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import IO, Any

from captionkit import formats
from captionkit.errors import CaptionkitError, collected_warnings
from captionkit.inputs.files import Found, discover
from captionkit.io import (  # the output side of a batch: atomic files, the run's lock
    _UMASK,
    DEAD_OWNER_WAIT_S,
    LOCK,
    STAGING,
    OutputError,
    output_folder,
    write_atomic,
)
from captionkit.options import ExportOptions

__all__ = [
    "DEAD_OWNER_WAIT_S",
    "LOCK",
    "STAGING",
    "JsonLinesReport",
    "OutputError",
    "Result",
    "Summary",
    "Task",
    "check_exports",
    "discover",
    "output_folder",
    "render_batch",
    "render_task",
    "write_atomic",
]

# ---------------------------------------------------------------- what to do


@dataclass(frozen=True)
class Task:
    """One input and the outputs to make of it (picklable: it travels to worker processes)."""

    source: str  # absolute path, read by the worker
    name: str  # the input as the user sees it, for messages
    outputs: tuple[tuple[str, str], ...]  # (export name, absolute output path)
    options: ExportOptions
    force: bool
    staging: str | None


@dataclass
class Result:
    """What became of one input: ``status`` is ``ok``, ``skipped`` (all outputs up to date) or ``failed``."""

    input: str
    status: str
    written: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    error: str | None = None
    error_type: str | None = None
    seconds: float = 0.0
    #: what the outputs' formats warned of (:class:`~captionkit.errors.CaptionkitWarning`),
    #: each starting with its export's name (``"scc: 2 character(s) ... replaced"``)
    warnings: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Summary:
    """Counts of a batch, and every failure."""

    inputs: int = 0
    rendered: int = 0
    skipped: int = 0
    failed: int = 0
    written: int = 0
    seconds: float = 0.0
    failures: list[Result] = field(default_factory=list)
    #: the inputs whose outputs were written with warnings
    warned: list[Result] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.failed == 0

    def add(self, result: Result) -> None:
        self.inputs += 1
        self.written += len(result.written)
        if result.warnings:
            self.warned.append(result)
        if result.status == "failed":
            self.failed += 1
            self.failures.append(result)
        elif result.status == "skipped":
            self.skipped += 1
        else:
            self.rendered += 1

    def __str__(self) -> str:
        head = (
            f"{self.inputs} input{'s' if self.inputs != 1 else ''}: {self.rendered} rendered, "
            f"{self.skipped} up to date, {self.failed} failed; {self.written} files written in {self.seconds:.1f} s"
        )
        lines = [head]
        if self.warned:
            lines.append("warnings:")
            lines.extend(f"  {r.input}: {w}" for r in self.warned for w in r.warnings)
        if self.failures:
            lines.append("failed:")
            lines.extend(f"  {r.input}: {r.error}" for r in self.failures)
        return "\n".join(lines)


def check_exports(names: Iterable[str], options: ExportOptions | None = None) -> list[str]:
    """The export names, checked against :data:`captionkit.formats.REGISTRY` (ValueError
    names the unknown ones)."""
    names = list(dict.fromkeys(names))
    known = formats.REGISTRY
    unknown = [n for n in names if n not in known]
    if unknown:
        raise ValueError(
            f"unknown export{'s' if len(unknown) > 1 else ''} {', '.join(unknown)}; known: {', '.join(known)}"
        )
    if not names:
        raise ValueError(f"no export named; known: {', '.join(known)}")
    suffixes = [_suffix(n, options or ExportOptions()) for n in names]
    for i, s in enumerate(suffixes):
        if s in suffixes[:i]:
            other = names[suffixes.index(s)]
            raise ValueError(f"exports {other} and {names[i]} would both write *{s}")
    return names


def _suffix(name: str, options: ExportOptions) -> str:
    return formats.get(name).suffix(options)


# ---------------------------------------------------------------- the work of one input


def render_task(task: Task) -> Result:
    """Render one input's stale outputs. Never raises: every problem becomes a failed Result."""
    from captionkit.inputs import load  # in the worker

    began = time.perf_counter()
    result = Result(task.name, "ok")
    try:
        source_mtime = os.stat(task.source).st_mtime_ns
    except OSError as exc:
        return _failed(result, f"cannot read the file: {exc.strerror or exc}", "InputError", began)
    todo = []
    for name, out_path in task.outputs:
        if not task.force and _newer(out_path, source_mtime):
            result.skipped.append(out_path)
        else:
            todo.append((name, out_path))
    if not todo:
        result.status = "skipped"
        result.seconds = time.perf_counter() - began
        return result
    try:
        transcript = load(Path(task.source), name=task.name)
    except CaptionkitError as exc:
        return _failed(result, str(exc).removeprefix(f"{task.name}: "), type(exc).__name__, began)
    except Exception as exc:  # a bug must not stop the batch: report it with this input
        return _failed(result, f"internal error: {type(exc).__name__}: {exc}", type(exc).__name__, began)
    problems = []
    for name, out_path in todo:
        try:
            text = _render(name, transcript, task.options, result.warnings)
        except CaptionkitError as exc:
            problems.append((f"{name}: {str(exc).removeprefix(f'{task.name}: ')}", type(exc).__name__))
            continue
        except Exception as exc:
            problems.append((f"{name}: internal error: {type(exc).__name__}: {exc}", type(exc).__name__))
            continue
        try:
            if os.path.exists(out_path) and os.path.samefile(out_path, task.source):
                problems.append((f"{name}: the output {out_path} is the input itself; not written", "OutputError"))
                continue
            os.makedirs(os.path.dirname(out_path), exist_ok=True)
            write_atomic(out_path, text, staging=task.staging)
        except OSError as exc:
            problems.append((f"{name}: cannot write {out_path}: {exc.strerror or exc}", "OutputError"))
            continue
        result.written.append(out_path)
    del transcript
    if problems:
        return _failed(result, "; ".join(p for p, _ in problems), problems[0][1], began)
    result.seconds = time.perf_counter() - began
    return result


def _render(name: str, transcript: Any, options: ExportOptions, warned: list[str]) -> str:
    """The export ``name``; its warnings (CaptionkitWarning) added to ``warned``, each named
    after the export ("scc: ...")."""
    with collected_warnings() as found:
        text = formats.get(name).render(transcript, options)
    warned.extend(m if m.startswith((f"{name}:", f"{name} ")) else f"{name}: {m}" for m in found)
    return text


def _newer(path: str, than_ns: int) -> bool:
    try:
        return os.stat(path).st_mtime_ns > than_ns
    except OSError:
        return False


def _failed(result: Result, reason: str, kind: str, began: float) -> Result:
    result.status = "failed"
    result.error = reason
    result.error_type = kind
    result.seconds = time.perf_counter() - began
    return result


# ---------------------------------------------------------------- the batch


def render_batch(
    inputs: Sequence[str | os.PathLike[str]],
    exports: Sequence[str],
    out: str | os.PathLike[str],
    *,
    options: ExportOptions | None = None,
    force: bool = False,
    executor: Executor | None = None,
    in_flight: int | None = None,
    on_start: Callable[[int], None] | None = None,
    on_result: Callable[[Result], None] | None = None,
) -> Summary:
    """Render ``exports`` of every input into ``out``; see the module docstring.

    ``executor`` runs the work (None: in this process, one input after another);
    ``in_flight`` bounds the tasks submitted and not yet done (default: 4 per worker);
    ``on_start`` gets the number of inputs found, ``on_result`` every input's Result.
    Raises :class:`OutputError` when ``out`` cannot be used and ValueError for unknown exports.
    """
    began = time.perf_counter()
    options = options or ExportOptions()
    names = check_exports(exports, options)
    suffixes = [_suffix(n, options) for n in names]
    out_path = Path(out).absolute()
    summary = Summary()

    def record(result: Result) -> None:
        summary.add(result)
        if on_result is not None:
            on_result(result)

    with output_folder(out_path) as staging:
        found = list(discover(inputs, out_path, suffixes))
        if on_start is not None:
            on_start(len(found))
        sources = {os.path.realpath(f.path): f.path for f in found if f.error is None}
        tasks = (_task_or_result(f, names, suffixes, out_path, options, force, staging, sources) for f in found)
        if executor is None:
            for item in tasks:
                record(item if isinstance(item, Result) else render_task(item))
        else:
            _run_on(executor, tasks, record, in_flight or 4 * _workers(executor))
    summary.seconds = time.perf_counter() - began
    return summary


def _task_or_result(
    found: Found,
    names: Sequence[str],
    suffixes: Sequence[str],
    out: Path,
    options: ExportOptions,
    force: bool,
    staging: Path,
    sources: Mapping[str, Path],
) -> Task | Result:
    if found.error is not None:
        return Result(str(found.path), "failed", error=found.error, error_type="InputError")
    outputs = tuple((n, str(out / f"{found.stem}{s}")) for n, s in zip(names, suffixes, strict=True))
    for name, path in outputs:
        clash = sources.get(os.path.realpath(path))
        if clash is not None:  # inputs are only read: render nothing of this one
            return Result(
                str(found.path),
                "failed",
                error=f"its {name} output {path} would overwrite the input {clash}; nothing written "
                "(use another --out, or rename one of the two)",
                error_type="OutputError",
            )
    return Task(str(found.path.absolute()), str(found.path), outputs, options, force, str(staging))


def _workers(executor: Executor) -> int:
    for attr in ("_max_workers",):
        value = getattr(executor, attr, None)
        if isinstance(value, int) and value > 0:
            return value
    return os.cpu_count() or 1


def _run_on(
    executor: Executor, tasks: Iterable[Task | Result], record: Callable[[Result], None], in_flight: int
) -> None:
    """Submit ``tasks`` keeping at most ``in_flight`` of them pending; record each result."""
    pending: dict[Future[Result], Task] = {}

    def collect(done: Iterable[Future[Result]]) -> None:
        for fut in done:
            task = pending.pop(fut)
            try:
                record(fut.result())
            except BaseException as exc:  # the executor failed (a worker died, the cluster went away)
                if isinstance(exc, (KeyboardInterrupt, SystemExit)):
                    raise
                reason = f"the worker running it failed: {type(exc).__name__}: {exc}".rstrip(": ")
                record(Result(task.name, "failed", error=reason, error_type=type(exc).__name__))

    for item in tasks:
        if isinstance(item, Result):
            record(item)
            continue
        while len(pending) >= in_flight:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            collect(done)
        try:
            fut = executor.submit(render_task, item)
        except Exception as exc:  # a broken pool refuses new work: report this input and go on
            record(
                Result(
                    item.name,
                    "failed",
                    error=f"cannot start it: {type(exc).__name__}: {exc}",
                    error_type=type(exc).__name__,
                )
            )
            continue
        pending[fut] = item
    while pending:
        done, _ = wait(pending, return_when=FIRST_COMPLETED)
        collect(done)


class JsonLinesReport:
    """A JSON-lines report (one line per input), written through a temporary file and
    renamed into place when closed, so a reader never sees half a report."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        import json

        self._json = json
        self.path = Path(path)
        try:
            fd, self._tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=self.path.parent)
        except OSError as exc:
            raise OutputError(f"cannot write the report: {exc.strerror or exc}", source=str(path)) from None
        self._handle: IO[str] = os.fdopen(fd, "w", encoding="utf-8")

    def write(self, result: Result) -> None:
        self._handle.write(self._json.dumps(result.to_json(), ensure_ascii=False) + "\n")

    def close(self, keep: bool = True) -> None:
        self._handle.close()
        if keep:
            os.chmod(self._tmp, 0o666 & ~_UMASK)
            os.replace(self._tmp, self.path)
        else:
            Path(self._tmp).unlink(missing_ok=True)
