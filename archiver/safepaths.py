"""Folder names made from site names, and paths kept inside the folder they belong to.

A site name can come from a URL the user typed (``archiver crawl 'http://../'`` has the
host ``..``) or from a request's host; turned into a folder, it must stay one folder
below the output directory: no ``..``, no ``/``, no leading dot (a hidden folder).
"""

from __future__ import annotations

import re
from pathlib import Path

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]")
_LEADING_DOTS = re.compile(r"^\.+")


def safe_folder_name(name: str) -> str:
    """``name`` with every character but letters, digits, ``.``, ``_`` and ``-`` (and
    any leading dot) replaced by ``_``: ``..`` becomes ``__``, ``a/b`` becomes ``a_b``."""
    cleaned = _UNSAFE.sub("_", name.strip())
    cleaned = _LEADING_DOTS.sub(lambda m: "_" * len(m.group()), cleaned)
    return cleaned or "site"


def inside(root: Path, path: Path) -> Path:
    """``path``, after checking that it resolves to somewhere under ``root``."""
    if not path.resolve().is_relative_to(root.resolve()):
        raise ValueError(f"{path} is outside {root}")
    return path
