"""Writes a file so that a reader sees the old or the new content, never half of one."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


class ChangedMeanwhile(Exception):
    """The file no longer holds what the writer read: someone else changed it."""


def write_atomically(path: Path, data: bytes, expected: bytes | None = None) -> None:
    """Write a temporary file in the same folder (same file system), then os.replace it.
    `expected`: what the file must still hold right before the replace, else
    ChangedMeanwhile and the file is left alone."""
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = path.stat().st_mode & 0o7777 if path.exists() else None
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if mode is not None:
            os.chmod(temporary, mode)
        # Limitation: a change in the instant between this read and the replace is still lost.
        if expected is not None and path.read_bytes() != expected:
            raise ChangedMeanwhile(f"{path} changed while it was being fixed")
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
