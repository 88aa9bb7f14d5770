"""Reading and writing bytes safely: input that cannot be JSON rejected from its first bytes,
UTF-16/UTF-32 JSON read, standard input, and atomic writes (a file is whole or absent)."""

from __future__ import annotations

import codecs
import contextlib
import errno
import os
import re
import secrets
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

from captionkit.errors import (
    CaptionkitError,
    InputError,
)

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX: no lock between concurrent runs
    fcntl = None  # type: ignore[assignment]


# ---------------------------------------------------------------- reading: what cannot be JSON, UTF-16/32

#: How much of a file or stream is read first, to reject what cannot be JSON before reading the rest.
SNIFF_BYTES = 64 * 1024

#: Signatures of binary files (offset, bytes, what it is) that someone may give by mistake.
_SIGNATURES: tuple[tuple[int, bytes, str], ...] = (
    (0, b"\x1f\x8b", "gzip-compressed: decompress it first"),
    (0, b"BZh", "bzip2-compressed: decompress it first"),
    (0, b"\xfd7zXZ\x00", "xz-compressed: decompress it first"),
    (0, b"\x28\xb5\x2f\xfd", "zstd-compressed: decompress it first"),
    (0, b"PK\x03\x04", "a ZIP archive: extract it first"),
    (0, b"PK\x05\x06", "an empty ZIP archive"),
    (0, b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive: extract it first"),
    (0, b"%PDF-", "a PDF document"),
    (0, b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (0, b"\xff\xd8\xff", "a JPEG image"),
    (0, b"GIF8", "a GIF image"),
    (0, b"RIFF", "a RIFF file: WAV audio, AVI video or a WebP image"),
    (0, b"ID3", "MP3 audio"),
    (0, b"OggS", "Ogg audio or video"),
    (0, b"fLaC", "FLAC audio"),
    (0, b"\x1a\x45\xdf\xa3", "Matroska or WebM video"),
    (4, b"ftyp", "MP4 or QuickTime audio or video"),
    (0, b"\x7fELF", "an executable program"),
    (0, b"SQLite format 3\x00", "an SQLite database"),
    (0, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document"),
)
#: Byte-order marks of UTF-32 before those of UTF-16 (``FF FE 00 00`` starts with ``FF FE``).
_WIDE_BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32-LE"),
    (codecs.BOM_UTF32_BE, "UTF-32-BE"),
    (codecs.BOM_UTF16_LE, "UTF-16-LE"),
    (codecs.BOM_UTF16_BE, "UTF-16-BE"),
)
#: The characters a JSON value can start with (``N`` and ``I``: Python's json reads NaN and Infinity).
_JSON_STARTS = frozenset('{["-0123456789tfnNI')
_JSON_SPACE = " \t\n\r"


def _wide_encoding(head: bytes) -> tuple[str, int] | None:
    """``(encoding, length of its byte-order mark)`` when ``head``, the first bytes of a JSON
    text, are UTF-16 or UTF-32: a byte-order mark, or the pattern of NUL bytes that the first
    two characters, always ASCII, make (RFC 4627 section 3); None for UTF-8."""
    for bom, encoding in _WIDE_BOMS:
        if head.startswith(bom):
            return encoding, len(bom)
    if len(head) < 2:
        return None
    if head[0] == 0 and head[1] != 0:  # 00 xx: UTF-16-BE
        return "UTF-16-BE", 0
    if head[0] != 0 and head[1] == 0:  # xx 00 00 00: UTF-32-LE; xx 00 (yy 00): UTF-16-LE
        return ("UTF-32-LE", 0) if head[2:4] == b"\x00\x00" else ("UTF-16-LE", 0)
    if len(head) >= 4 and head.startswith(b"\x00\x00\x00") and head[3] != 0:  # 00 00 00 xx: UTF-32-BE
        return "UTF-32-BE", 0
    return None


def _sniff(head: bytes, label: str, noun: str) -> tuple[str, int] | None:
    """Reject input that cannot be JSON from ``head``, its first bytes (up to
    :data:`SNIFF_BYTES`): a known binary signature, a NUL byte in what is not UTF-16/32
    text, bytes that are not text in its encoding, a first character that no JSON value
    starts with. Returns what :func:`_wide_encoding` returns."""
    for offset, signature, what in _SIGNATURES:
        if head.startswith(signature, offset) and (offset == 0 or head[:1] == b"\x00"):  # an MP4 box: its size first
            raise InputError(f"not JSON: the {noun} starts with binary data ({what})", source=label)
    wide = _wide_encoding(head)
    if wide is None:
        nul = head.find(b"\x00")
        if nul >= 0:
            raise InputError(f"not JSON: the {noun} starts with binary data (byte 0x00 at offset {nul})", source=label)
        try:  # the byte-order mark dropped, as for the whole file
            text = codecs.getincrementaldecoder("utf-8-sig")().decode(head, final=False)
        except UnicodeDecodeError as exc:  # the message the whole file would get
            raise InputError(f"not UTF-8 text (byte {exc.start}): not a JSON file", source=label) from None
        _sniff_text(text, label, noun)
        return None
    encoding, bom = wide
    try:
        text = codecs.getincrementaldecoder(encoding)().decode(head[bom:], final=False)
    except UnicodeDecodeError as exc:
        raise InputError(_wide_error(encoding, exc, bom), source=label) from None
    _sniff_text(text, label, noun, f" of the {encoding} text")
    return wide


def _sniff_text(text: str, label: str, noun: str, of: str = "") -> None:
    """Reject the first characters of a text (its byte-order mark dropped) that cannot start
    JSON: a NUL, or a first character that is neither white space nor a character a JSON
    value starts with. That character gets json's own message, as for the whole text."""
    nul = text.find("\x00")
    if nul >= 0:
        raise InputError(f"not JSON: the {noun} starts with binary data (U+0000 at character {nul}{of})", source=label)
    first = len(text) - len(text.lstrip(_JSON_SPACE))
    if first < len(text) and text[first] not in _JSON_STARTS and not text[first].isspace() and text[first] != "\ufeff":
        line = text.count("\n", 0, first) + 1
        column = first - text.rfind("\n", 0, first)
        raise InputError(f"not valid JSON: Expecting value at line {line} column {column}", source=label)


def _wide_error(encoding: str, exc: UnicodeDecodeError, bom: int) -> str:
    where = exc.start + bom
    if exc.reason in ("truncated data", "unexpected end of data"):
        return f"not {encoding} text (byte {where}): the file ends inside a character (was it cut short?)"
    return f"not {encoding} text (byte {where}): {exc.reason}"


def _utf8(raw: bytes, label: str, noun: str) -> bytes:
    """``raw`` checked by :func:`_sniff`, as UTF-8 (UTF-16/32 text decoded, its mark dropped)."""
    wide = _sniff(raw[:SNIFF_BYTES], label, noun)
    if wide is None:
        return raw
    encoding, bom = wide
    try:
        text = raw[bom:].decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(_wide_error(encoding, exc, bom), source=label) from None
    return text.encode("utf-8")


def _read_head(read: Callable[[int], Any]) -> Any:
    """Up to :data:`SNIFF_BYTES` bytes (or characters) from ``read``, fewer only at the end."""
    head = read(SNIFF_BYTES)
    if not isinstance(head, (bytes, str)) or not head or len(head) >= SNIFF_BYTES:
        return head
    parts = [head]
    size = len(head)
    while size < SNIFF_BYTES:
        more = read(SNIFF_BYTES - size)
        if not more or type(more) is not type(head):
            break
        parts.append(more)
        size += len(more)
    return head[:0].join(parts)


def _read_rest(handle: Any, head: Any, start: int | None) -> Any:
    """The whole content: ``head`` and what follows it. A seekable binary file is read
    again from ``start`` in one piece (no copy of the whole content to join the two)."""
    if not head or len(head) < SNIFF_BYTES:
        return head  # it was all there
    if start is not None and isinstance(head, bytes):
        try:
            handle.seek(start)
            return handle.read()
        except (OSError, ValueError):
            pass
    rest = handle.read()
    return head + rest if isinstance(rest, type(head)) else rest


def _tell(handle: Any) -> int | None:
    try:
        return handle.tell() if handle.seekable() else None
    except (AttributeError, OSError, ValueError):
        return None


def _read_file(path: Path, label: str) -> bytes:
    """The bytes of the file at ``path``, its first bytes checked (:func:`_sniff`) before the rest is read."""
    try:
        with open(path, "rb", buffering=0) as handle:
            head = _read_head(handle.read)
            _sniff(head, label, "file")
            return _read_rest(handle, head, 0 if handle.seekable() else None)
    except (OSError, ValueError) as exc:  # ValueError: a NUL in the path
        raise InputError(f"cannot read the file: {getattr(exc, 'strerror', None) or exc}", source=label) from None


def _read_stream(source: Any, label: str, noun: str = "input") -> str | bytes:
    """All of a file object's content (text or bytes), its first part checked (:func:`_sniff`)
    before the rest is read."""
    try:
        start = _tell(source)
        whole = False
        try:
            head = _read_head(source.read)
        except TypeError:  # a read() that takes no size
            head, whole = source.read(), True
        if isinstance(head, bytes):
            _sniff(head[:SNIFF_BYTES], label, noun)
        elif isinstance(head, str):
            _sniff_text(head[:SNIFF_BYTES].removeprefix("\ufeff"), label, noun)
        else:
            raise InputError(f"the stream gave a {type(head).__name__}, not text or bytes", source=label)
        raw = head if whole else _read_rest(source, head, start)
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text (byte {exc.start}): open the file in binary mode", source=label) from None
    except (OSError, ValueError) as exc:  # a closed or unreadable file
        raise InputError(f"cannot read the stream: {exc}", source=label) from None
    if not isinstance(raw, (str, bytes)):
        raise InputError(f"the stream gave a {type(raw).__name__}, not text or bytes", source=label)
    return raw


def read_stdin(*, json_input: bool = False) -> bytes:
    """All of standard input, as bytes (the CLI's ``-``). With ``json_input`` its first bytes
    are checked first (:func:`_sniff`): input that cannot be JSON is rejected, as ``<stdin>``,
    before the rest is read."""
    if not json_input:
        return sys.stdin.buffer.read()
    raw = _read_stream(sys.stdin.buffer, "<stdin>")
    assert isinstance(raw, bytes)
    return raw


STAGING = ".captionkit-tmp"
LOCK = ".captionkit-render.lock"

# read once: files written by mkstemp are 0600; outputs get the usual 0666 & ~umask
_UMASK = os.umask(0o022)
os.umask(_UMASK)


class OutputError(CaptionkitError):
    """The output folder cannot be used (not writable, or another run is writing to it)."""


# ---------------------------------------------------------------- writing


_DESCRIPTOR_NAME = re.compile(r"/dev/(stdin|stdout|stderr)|/dev/fd/(\d+)|/proc/(self|thread-self|\d+)/fd/(\d+)")
_STANDARD = {"stdin": 0, "stdout": 1, "stderr": 2}


def _own_descriptor(path: str | os.PathLike[str]) -> int | None:
    """The descriptor number when ``path`` names one of this process's open files."""
    found = _DESCRIPTOR_NAME.fullmatch(os.path.abspath(os.fspath(path)))
    if found is None:
        return None
    standard, dev_fd, proc, proc_fd = found.groups()
    if standard:
        return _STANDARD[standard]
    if dev_fd:
        return int(dev_fd)
    if proc in ("self", "thread-self") or int(proc) == os.getpid():
        return int(proc_fd)
    return None


def write_atomic(path: str | os.PathLike[str], text: str, *, staging: str | os.PathLike[str] | None = None) -> None:
    """Write ``text`` as UTF-8 to ``path`` through a temporary file and a rename.

    Readers see the old file or the whole new one, never a part. The temporary file is
    made in ``staging`` (a folder on the same file system) or, by default, beside ``path``
    as ``.NAME.XXXX.tmp``; it is removed if anything fails. A symbolic link is followed (the
    file it names is replaced, the link stays) and a device or pipe is written into. A name
    of one of this process's open files (``/dev/stdout``, ``/dev/fd/N``, ``/proc/self/fd/N``)
    is written through that descriptor, as the shell set it up (a pipe, or a file opened
    with ``>>`` gets the text appended), never replaced.
    """
    fd = _own_descriptor(path)
    if fd is not None:
        with os.fdopen(os.dup(fd), "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        return
    target = Path(os.path.realpath(path))  # through a symbolic link: replace the file it names
    if target.exists() and not target.is_file():
        if target.is_dir():
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
        # a device or a pipe (/dev/null, a FIFO): write into it, never replace it by a file
        with open(target, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        return
    folder = Path(staging) if staging is not None else target.parent
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            os.fchmod(handle.fileno(), 0o666 & ~_UMASK)
            handle.write(text)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# ---------------------------------------------------------------- the output folder

# The descriptors of the run locks this process holds. An flock lock belongs to the open file,
# which a forked child shares: a worker forked during a run would hold the lock for as long as
# it lives, and one orphaned by a killed run would keep every later run out. So a forked child
# lets go of them at once (POSIX fcntl/lockf locks are not inherited, but they are released
# when the process closes any descriptor of the file and do not exclude a second run in the
# same process).
_HELD_LOCKS: set[int] = set()


def _drop_inherited_locks() -> None:
    """In a child just forked: stop sharing the parent's run locks. Each descriptor is pointed
    at /dev/null (not closed, not unlocked: an unlock would release the parent's lock too), so
    the number stays taken and a later close of the inherited file object closes nothing else."""
    if not _HELD_LOCKS:
        return
    null = os.open(os.devnull, os.O_RDONLY)
    try:
        for fd in list(_HELD_LOCKS):
            with contextlib.suppress(OSError):
                os.dup2(null, fd, inheritable=False)
    finally:
        os.close(null)
    _HELD_LOCKS.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_drop_inherited_locks)


def _discard(folder: Path) -> None:
    """Remove ``folder`` (a staging folder) so that no worker still writing into it can put a
    file in place afterwards: first renamed (atomic), which takes every path the worker holds
    (its temporary files, the folder it makes them in) away from under it, then deleted."""
    gone: Path | None = folder.with_name(f"{folder.name}.{secrets.token_hex(4)}.old")
    try:
        os.rename(folder, gone)
    except FileNotFoundError:
        gone = None
    except OSError:
        gone = folder  # cannot be renamed (a file system that refuses): delete it where it is
    if gone is not None:
        shutil.rmtree(gone, ignore_errors=True)
    for old in folder.parent.glob(f"{folder.name}.*.old"):  # an earlier deletion that did not finish
        shutil.rmtree(old, ignore_errors=True)


#: How long a run waits for the lock of a run whose process is gone: a worker forked at the
#: moment its run was killed shares the lock until it first runs (then it lets go of it).
DEAD_OWNER_WAIT_S = 5.0


def _lock(handle: IO[bytes], out: Path) -> None:
    """Take the run lock on ``handle`` and write this process's id into it. Held by a live
    run: an OutputError at once. Held although the run that took it is gone: tried again for
    up to :data:`DEAD_OWNER_WAIT_S` seconds."""
    assert fcntl is not None
    deadline = time.monotonic() + DEAD_OWNER_WAIT_S
    while True:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            break
        except OSError as exc:
            if exc.errno not in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                raise
            if _owner_alive(handle) or time.monotonic() > deadline:
                raise OutputError(
                    f"another captionkit render is writing to this folder (it holds {LOCK})", source=str(out)
                ) from None
            time.sleep(0.05)
    handle.seek(0)
    handle.truncate()
    handle.write(str(os.getpid()).encode())
    handle.flush()


def _owner_alive(handle: IO[bytes]) -> bool:
    """Whether the process whose id the lock file holds is running (True when unknown)."""
    handle.seek(0)
    try:
        pid = int(handle.read(32).decode("ascii").strip())
    except ValueError:
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


@contextlib.contextmanager
def output_folder(out: Path) -> Iterator[Path]:
    """Hold ``out`` for one run: create it, take its lock, clear what a killed run left,
    and yield this run's staging folder (a new one every run, inside ``OUT/.captionkit-tmp``);
    on the way out remove the staging folder and the lock."""
    try:
        out.mkdir(parents=True, exist_ok=True)
        lock_path = out / LOCK
        handle = open(lock_path, "a+b")  # noqa: SIM115 - held for the whole run
    except OSError as exc:
        raise OutputError(f"cannot write to the output folder: {exc.strerror or exc}", source=str(out)) from None
    _HELD_LOCKS.add(handle.fileno())
    try:
        if fcntl is not None:
            _lock(handle, out)
        root = out / STAGING
        _discard(root)  # left by a killed run (nobody else holds the lock), out of its workers' reach
        try:
            root.mkdir(exist_ok=True)  # exists only if what was left could not all be deleted
            staging = Path(tempfile.mkdtemp(prefix="run-", dir=root))
        except OSError as exc:
            raise OutputError(f"cannot write to the output folder: {exc.strerror or exc}", source=str(out)) from None
        try:
            yield staging
        finally:
            _discard(root)  # workers stopped by an interrupt may still be writing: none of it lands
            with contextlib.suppress(OSError):
                lock_path.unlink()
    finally:
        _HELD_LOCKS.discard(handle.fileno())
        handle.close()
