"""Fingerprints of what a school's run depends on, so an unchanged school can be skipped.

A school's fingerprint covers:

- every file in the school folder except ``output/`` (the profile, ``monitor.yaml``,
  ``beleidsplan.yaml``, the survey exports, anything else a notebook may read), by content;
- the workshop store by its content: a dump of every table read inside one read
  transaction (a consistent snapshot, whatever the WAL file holds), not the file's bytes or
  time, which SQLite changes without changing a row;
- the kit itself: its version, every file of the package, ``data/templates``, and the
  notebooks that are run (names and content).
"""

from __future__ import annotations

import hashlib
import sqlite3
from functools import lru_cache
from pathlib import Path

from kit.paths import TEMPLATES_DIR

STORE_NAME = "workshop.sqlite"
SKIPPED_PARTS = ("output",)  # generated: never an input
STORE_FILES = (STORE_NAME, STORE_NAME + "-wal", STORE_NAME + "-shm", STORE_NAME + "-journal")
KIT_SUFFIXES = (".py", ".j2", ".css", ".json", ".html", ".yaml", ".js", ".svg")


def _hash_files(digest, root: Path, files: list[Path]) -> None:
    for path in sorted(files, key=lambda p: p.relative_to(root).as_posix()):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())


@lru_cache(maxsize=1)
def kit_fingerprint() -> str:
    """The kit's version, package files and data/templates (computed once per process)."""
    import kit

    digest = hashlib.sha256(f"kit {kit.__version__}\0".encode())
    package = Path(kit.__file__).resolve().parent
    _hash_files(digest, package, [p for p in package.rglob("*") if p.is_file() and p.suffix in KIT_SUFFIXES
                                  and "__pycache__" not in p.parts])
    _hash_files(digest, TEMPLATES_DIR, [p for p in TEMPLATES_DIR.rglob("*") if p.is_file()])
    return digest.hexdigest()


def notebooks_fingerprint(notebooks: list[Path]) -> str:
    digest = hashlib.sha256()
    for notebook in notebooks:  # in run order: the order is part of the run
        digest.update(notebook.name.encode() + b"\0" + hashlib.sha256(notebook.read_bytes()).digest())
    return digest.hexdigest()


def input_files(school_dir: Path) -> list[Path]:
    """The school's input files: everything but ``output/`` and the store's own files."""
    school_dir = Path(school_dir)
    files = []
    for path in school_dir.rglob("*"):
        relative = path.relative_to(school_dir)
        if relative.parts[0] in SKIPPED_PARTS or relative.parts[0].startswith("."):
            continue
        if path.is_file() and not (len(relative.parts) == 1 and path.name in STORE_FILES):
            files.append(path)
    return sorted(files)


def store_digest(path: Path) -> str:
    """SHA-256 of the store's schema version and every row, read in one transaction; ``-`` without a store."""
    path = Path(path)
    if not path.is_file():
        return "-"
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None, timeout=30)
    try:
        connection.execute("BEGIN")  # one snapshot for every table that follows
        digest = hashlib.sha256()
        digest.update(str(connection.execute("PRAGMA user_version").fetchone()[0]).encode())
        for line in connection.iterdump():
            digest.update(line.encode() + b"\n")
        connection.execute("COMMIT")
        return digest.hexdigest()
    finally:
        connection.close()


def school_fingerprint(school_dir: Path, notebooks: list[Path]) -> str:
    """The fingerprint of one school's run: its inputs, the store's content, the kit and the notebooks."""
    school_dir = Path(school_dir)
    digest = hashlib.sha256()
    digest.update(kit_fingerprint().encode() + b"\0" + notebooks_fingerprint(notebooks).encode() + b"\0")
    _hash_files(digest, school_dir, input_files(school_dir))
    digest.update(b"store\0" + store_digest(school_dir / STORE_NAME).encode())
    return digest.hexdigest()
