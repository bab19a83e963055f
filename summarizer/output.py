"""Writing outputs: whole files or none, a lock per output directory, and never over an input.

Every failure to write is an `OutputError` naming the path and the cause. Some causes
concern the whole directory (no space, no permission, a read-only disk): a batch stops
on those, since every later article would fail the same way after its work was done.
Others concern one file only (a name the file system refuses): that article fails alone.
"""

from __future__ import annotations

import contextlib
import errno
import os
from collections.abc import Iterator
from pathlib import Path
from tempfile import mkstemp
from typing import IO, Any

from summarizer.errors import OutputError

__all__ = ["directory_lock", "ends_the_run", "file_identity", "make_directory", "write_atomically"]

# Causes that any other file in the same place would meet too.
_DIRECTORY_WIDE = {
    errno.ENOSPC,
    errno.EDQUOT,
    errno.EROFS,
    errno.EACCES,
    errno.EPERM,
    errno.ENOTDIR,
    errno.EFBIG,
    errno.EIO,
}
# Bytes of the target's name kept in its temporary file's name (the file system allows 255).
_TEMPORARY_NAME_BYTES = 200


def write_atomically(path: Path, text: str | bytes) -> Path:
    """Write through a temporary file in the same directory, so readers never see half a file.

    `text` is written as UTF-8 with ``\n`` line ends; `bytes` as they are (a Parquet shard).

    A link is written through (the file it points to is replaced, not the link), and what
    is not a regular file (a pipe, /dev/stdout) is written to directly: replacing a device
    or a pipe with a file would lose what it was. Raises `OutputError` naming `path` (or the
    directory that cannot be made) and the cause.
    """
    if path.is_symlink():
        path = path.resolve()
    if path.exists() and not path.is_file() and not path.is_dir():
        try:
            with _opened(path, text) as stream:
                stream.write(text)
        except OSError as error:
            raise _failure(f"cannot write {path}", error) from error
        return path
    make_directory(path.parent)
    prefix = "." + _cut(path.name, _TEMPORARY_NAME_BYTES) + "."
    try:
        handle, temporary = mkstemp(dir=path.parent, prefix=prefix, suffix=".tmp")
    except OSError as error:
        raise _failure(f"cannot write {path}", error) from error
    try:
        with _opened(handle, text) as file:
            file.write(text)
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp makes files private; outputs are ordinary files
        os.replace(temporary, path)
    except BaseException as error:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise _failure(f"cannot write {path}", error) from error
        raise
    return path


def make_directory(directory: Path) -> None:
    """Create `directory` and its parents; `OutputError` when that cannot be done."""
    try:
        if directory.is_dir():
            return
        if directory.exists() or directory.is_symlink():
            raise OutputError(f"cannot write into {directory}: it is a file, not a directory")
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise _failure(f"cannot create the directory {directory}", error) from error


def ends_the_run(error: OutputError) -> bool:
    """Whether a write failure would meet every later output too (a full disk, no permission)."""
    original = error.original
    return not isinstance(original, OSError) or original.errno in _DIRECTORY_WIDE


def file_identity(path: Path) -> tuple[int, int] | None:
    """What makes two paths one file, through links and hard links too; None when there is no file."""
    try:
        status = path.stat()
    except OSError:
        return None
    return status.st_dev, status.st_ino


@contextlib.contextmanager
def directory_lock(directory: Path) -> Iterator[None]:
    """Hold `directory` for one run: a second run into it gets an `OutputError` at once.

    The lock is the directory's own (flock on it), so no lock file is left behind and a
    killed run releases it with its process.
    """
    try:
        import fcntl
    except ImportError:  # not a POSIX system: runs are not kept apart
        yield
        return
    try:
        handle = os.open(directory, os.O_RDONLY)
    except OSError as error:
        raise _failure(f"cannot write into {directory}", error) from error
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as error:
            raise OutputError(
                f"{directory}: another summarizer run is writing into this directory; "
                "wait for it to finish, or give another -o directory",
                original=error,
            ) from error
        except OSError:  # the file system cannot lock (some network mounts): go on unlocked
            pass
        yield
    finally:
        os.close(handle)


def _opened(file: Path | int, text: str | bytes) -> IO[Any]:
    """`file` (a path, or a descriptor) opened for writing `text`."""
    if isinstance(text, bytes):
        return open(file, "wb")
    return open(file, "w", encoding="utf-8", newline="\n")


def _failure(what: str, error: OSError) -> OutputError:
    cause = error.strerror or str(error)
    return OutputError(f"{what}: {cause}", original=error)


def _cut(name: str, limit: int) -> str:
    encoded = name.encode("utf-8")
    return name if len(encoded) <= limit else encoded[:limit].decode("utf-8", errors="ignore")


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
