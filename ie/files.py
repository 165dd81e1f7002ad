"""File permissions for outputs that are staged under a temporary name and then renamed.

``tempfile`` makes private files (0600) and folders (0700); an output should get what the
user's umask gives any new file (0644 / 0755 with the usual umask 022)."""
from __future__ import annotations

import os


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def as_if_created(path: str | os.PathLike, folder: bool = False) -> None:
    """Give a staged output the mode it would have had if created directly."""
    os.chmod(path, (0o777 if folder else 0o666) & ~_umask())
