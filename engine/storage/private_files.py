"""Files that hold case data (the database, backups, audit exports) are readable by their owner
only (0600): on a shared host a world-readable backup is every child's name and address."""

from __future__ import annotations

import os
from pathlib import Path

PRIVATE = 0o600


def make_private(path: Path) -> Path:
    """Create `path` empty if it is missing, and make it readable and writable by its owner
    only, whatever the umask; returns it."""
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT, PRIVATE))
    path.chmod(PRIVATE)
    return path


def write_private(path: Path, content: bytes) -> None:
    """Write `content` to `path`, which no one but its owner may read (an existing file is made
    so before the content is written)."""
    make_private(path).write_bytes(content)
