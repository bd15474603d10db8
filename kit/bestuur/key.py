"""The board's key: who may open the board overview as an app under ``kit serve``.

The overview shows every school of the workspace side by side (school totals, no names),
so, like every course page, it starts no kernel for a stranger (:mod:`kit.join_gate`).
The key belongs to the workspace, not to a school: 256 random bits in
``WORKSPACE/_bestuur/sleutel`` (readable by the owner only), made by ``kit bestuur`` the
first time and replaced with ``kit bestuur --nieuwe-sleutel``.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from kit.workshop.codes import new_facilitator_key

KEY_FILE = Path("_bestuur") / "sleutel"


def board_key(workspace: Path, new: bool = False) -> tuple[str, bool]:
    """The workspace's board key and whether it was made now (``new`` replaces it)."""
    path = Path(workspace) / KEY_FILE
    if not new:
        current = _read(path)
        if current:
            return current, False
    path.parent.mkdir(parents=True, exist_ok=True)
    key = new_facilitator_key()
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(key + "\n")
    os.replace(temporary, path)
    return key, True


def board_key_works(workspace: Path, key: str) -> bool:
    """True when ``key`` is the workspace's board key (compared in constant time)."""
    current = _read(Path(workspace) / KEY_FILE)
    return bool(current and key) and secrets.compare_digest(current.encode(), key.encode())


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return ""
