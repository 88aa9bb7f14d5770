"""``captionkit render``: every requested export of many transcripts, in parallel."""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
import time
from typing import TYPE_CHECKING, Any

from captionkit.cli._common import add_cue_control_arguments, add_speaker_arguments, caption_options
from captionkit.cli.profile_args import add_profile_arguments, positive_int
from captionkit.errors import CaptionkitError
from captionkit.formats import REGISTRY

if TYPE_CHECKING:
    from concurrent.futures import Executor

    from captionkit.batch import Result, Summary

EXAMPLES = """\
examples:
  captionkit render archive/ --to srt,vtt,sentences,paragraphs,text,words --out exports/ --jobs 2
  captionkit render 'archive/2024-*.json' one.json --to srt --chars-per-caption 32 --out exports/
  captionkit render archive/ --to srt --out exports/ --scheduler tcp://host:8786 --report report.jsonl
  captionkit render archive/ --to srt,vtt --profile netflix --speaker-labels --out broadcast/

Each input's outputs mirror its path under --out: archive/a/b.json gives exports/a/b.srt,
exports/a/b.vtt, ... Outputs newer than their input are kept (--force renders them again;
use it after changing options). Every output is written atomically; a run killed half-way
leaves only whole files (its temporary folder OUT/.captionkit-tmp is removed by the next
run), and its worker processes exit with it. Failures are listed at the end (and in
--report, one JSON line per input); the exit status is 1 if any input failed, after every
other input was rendered.
"""


def _export_list(value: str) -> list[str]:
    from captionkit.batch import check_exports

    try:
        return check_exports(n.strip() for n in value.split(",") if n.strip())
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def register(subparsers: argparse._SubParsersAction) -> None:
    sub = subparsers.add_parser(
        "render",
        help="render many transcripts (files, folders, globs) into many exports, in parallel",
        description="Render every requested export of every input transcript into --out, in parallel.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub.add_argument(
        "inputs",
        nargs="+",
        metavar="INPUT",
        help="transcript JSON files, folders (searched recursively for *.json) or glob patterns (quote them)",
    )
    sub.add_argument(
        "--to",
        required=True,
        type=_export_list,
        metavar="EXPORTS",
        help=f"comma-separated export names, from: {', '.join(REGISTRY)}",
    )
    sub.add_argument("--out", required=True, metavar="FOLDER", help="where the outputs go (created if missing)")
    sub.add_argument(
        "--chars-per-caption",
        type=positive_int,
        metavar="N",
        help="captions: at most N characters per caption (the API's chars_per_caption)",
    )
    add_speaker_arguments(
        sub,
        labels_help="captions: a new caption at every change of speaker, the speaker shown as a label (SRT) "
        "or a voice span (VTT)",
        label_format=True,
    )
    add_profile_arguments(sub)
    add_cue_control_arguments(sub)
    where = sub.add_mutually_exclusive_group()
    where.add_argument(
        "-j",
        "--jobs",
        type=positive_int,
        metavar="N",
        help=f"worker processes (default: every core, {_cores()} here); 1 renders in this process",
    )
    where.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="run on the Dask cluster at ADDRESS (e.g. tcp://host:8786; needs pip install 'captionkit[dask]'); "
        "the workers must see the inputs and --out at the same paths",
    )
    sub.add_argument("--force", action="store_true", help="render outputs that are newer than their input too")
    sub.add_argument("--report", metavar="FILE", help="write a JSON-lines report, one line per input")
    sub.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="a progress bar on standard error (default: when it is a terminal and CI is not set)",
    )
    sub.set_defaults(run=run, parser=sub)


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def run(args: argparse.Namespace) -> int:
    from captionkit.batch import JsonLinesReport, check_exports, render_batch

    options = caption_options(args)
    try:
        check_exports(args.to, options)
    except ValueError as exc:
        args.parser.error(str(exc))
    if args.report and os.path.isdir(args.report):
        args.parser.error(f"--report {args.report} is a folder: give a file name, e.g. {args.report}/report.jsonl")
    show = args.progress if args.progress is not None else sys.stderr.isatty() and not os.environ.get("CI")
    report = JsonLinesReport(args.report) if args.report else None
    executor: Executor | None = None
    client: Any = None
    in_flight = None
    bar = _progress_bar(show)
    summary: Summary | None = None
    # `kill` (SIGTERM) stops the run as Ctrl-C does: workers stopped, whole files only
    previous_term = signal.signal(signal.SIGTERM, _interrupt)
    try:
        if args.scheduler:
            client = _dask_client(args.scheduler)
            executor = client.get_executor(pure=False)
            in_flight = 4 * max(1, sum(client.nthreads().values()))
        else:
            jobs = args.jobs or _cores()
            if jobs > 1:
                executor = _process_pool(jobs)

        def on_result(result: Result) -> None:
            if report is not None:
                report.write(result)
            if bar is not None:
                if result.status == "failed":
                    bar.write(f"failed: {result.input}: {result.error}", file=sys.stderr)
                bar.update(1)

        summary = render_batch(
            args.inputs,
            args.to,
            args.out,
            options=options,
            force=args.force,
            executor=executor,
            in_flight=in_flight,
            on_start=(lambda n: bar.reset(total=n)) if bar is not None else None,
            on_result=on_result,
        )
    except KeyboardInterrupt:
        if executor is not None:
            _stop(executor)
            executor = None
        print("captionkit: interrupted: the outputs written are whole, nothing partial is left", file=sys.stderr)
        return 130
    finally:
        signal.signal(signal.SIGTERM, previous_term)
        if bar is not None:
            bar.close()
        if executor is not None:
            executor.shutdown(wait=True)
        if client is not None:
            client.close()
        if report is not None:
            report.close(keep=summary is not None)
    print(summary, file=sys.stderr)
    return 0 if summary.ok else 1


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def _process_pool(jobs: int) -> Executor:
    """A pool of ``jobs`` worker processes that end with this process, however it ends."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context()
    # fork and spawn make the workers children of this process; forkserver makes them children
    # of its server process, which exits when this process does
    parent = os.getpid() if context.get_start_method() in ("fork", "spawn") else None
    return ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_worker_init, initargs=(parent,))


# In a worker: the pid of the parent it must not outlive; the signal the kernel sends it when
# its parent dies (Linux: PR_SET_PDEATHSIG); how often the portable watcher looks (seconds).
_PARENT: int | None = None
_DEATH_SIGNAL = signal.SIGUSR1 if sys.platform.startswith("linux") else None
_WATCH_EVERY = 0.1
_PR_SET_PDEATHSIG = 1


def _worker_init(parent: int | None) -> None:
    """In each worker process: SIGTERM ends it quietly (it inherited the parent's handler), and
    it ends when its parent dies. A parent killed by SIGKILL runs no handler and cannot stop its
    workers: orphans would render on, and wait for work for ever."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _exit_with_parent(os.getppid() if parent is None else parent)


def _exit_with_parent(parent: int) -> None:
    """End this process when ``parent`` (its parent process) dies: at once on Linux, by the
    parent-death signal, and everywhere within :data:`_WATCH_EVERY` by a thread that watches
    the parent pid (a dead parent's children are handed to another process)."""
    global _PARENT
    _PARENT = parent
    if _DEATH_SIGNAL is not None:
        signal.signal(_DEATH_SIGNAL, _on_death_signal)
        _set_parent_death_signal(_DEATH_SIGNAL)
    if os.getppid() != parent:  # it died before the signal was set up: the signal will not come
        os._exit(1)
    threading.Thread(target=_watch_parent, name="captionkit-watch-parent", daemon=True).start()


def _set_parent_death_signal(signum: int) -> bool:
    """Ask the Linux kernel to send ``signum`` to this process when its parent dies."""
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(_PR_SET_PDEATHSIG, ctypes.c_ulong(signum), 0, 0, 0) == 0
    except (OSError, AttributeError):  # pragma: no cover - no prctl: the watcher thread remains
        return False


def _on_death_signal(signum: int, frame: Any) -> None:
    # The kernel sends it when the THREAD that forked this worker ends, not only the process:
    # ProcessPoolExecutor forks its workers from the thread that first submits work (here the
    # main thread; with max_tasks_per_child, from its manager thread too). A thread that ends
    # while the process lives hands its children to another of its threads, so the parent pid
    # is unchanged: carry on. When the process dies they go to another process: exit.
    if os.getppid() != _PARENT:
        os._exit(1)


def _watch_parent() -> None:
    if _DEATH_SIGNAL is not None and hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_BLOCK, {_DEATH_SIGNAL})  # delivered to the main thread, whose wait it wakes
    while os.getppid() == _PARENT:
        time.sleep(_WATCH_EVERY)
    os._exit(1)


def _stop(executor: Executor) -> None:
    """Cancel what has not started and end the worker processes now (they would end with this
    process anyway, see _worker_init, but the run must be over when it reports it is); a
    worker ended mid-file leaves only a temporary file, which the next run removes."""
    workers = list((getattr(executor, "_processes", None) or {}).values())  # ProcessPoolExecutor's, by pid
    executor.shutdown(wait=False, cancel_futures=True)
    for worker in workers:
        worker.terminate()
    for worker in workers:
        worker.join(5)


def _progress_bar(show: bool) -> Any:
    if not show:
        return None
    import tqdm

    tqdm.tqdm.monitor_interval = 0  # no monitor thread: worker processes are forked
    return tqdm.tqdm(total=None, unit="file", file=sys.stderr, dynamic_ncols=True, smoothing=0.05)


def _dask_client(address: str) -> Any:
    try:
        from distributed import Client
    except ImportError:
        raise CaptionkitError(
            "--scheduler needs Dask's distributed scheduler: pip install 'captionkit[dask]'", source=address
        ) from None
    try:
        return Client(address, timeout="10s", set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        raise CaptionkitError(f"cannot reach the Dask scheduler: {exc}", source=address) from None
