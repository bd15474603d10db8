"""Put a school's new outputs in place: every file complete or not at all.

A school runs into a staging folder. Only when all its notebooks succeeded are the
files moved into ``output/``, each with a rename (atomic on one file system), so a
reader never sees half a file and a failed run leaves the previous outputs as they were.
Executed notebooks name their folders in the injected parameters; those names are
changed from the staging folder (or a Dask worker's temporary folder) to the school's own.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from kit.batch.layout import write_atomic


def relative_files(folder: Path) -> list[str]:
    """Every file under ``folder``, as sorted POSIX paths relative to it."""
    folder = Path(folder)
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def replace_paths(data: bytes, renames: dict[str, str]) -> bytes:
    """An executed notebook with each folder in ``renames`` (as JSON text) replaced by its new name."""
    text = data.decode("utf-8")
    for old, new in sorted(renames.items(), key=lambda item: -len(item[0])):
        text = text.replace(json.dumps(old)[1:-1], json.dumps(new)[1:-1])
    return text.encode("utf-8")


def publish(staging: Path, output_dir: Path, renames: dict[str, str]) -> list[str]:
    """Move every file of ``staging`` into ``output_dir``; returns the relative paths moved."""
    staging, output_dir = Path(staging), Path(output_dir)
    moved = []
    for relative in relative_files(staging):
        source, target = staging / relative, output_dir / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.suffix == ".ipynb":
            source.write_bytes(replace_paths(source.read_bytes(), renames))
        os.replace(source, target)
        moved.append(relative)
    shutil.rmtree(staging, ignore_errors=True)
    return moved


def write_outputs(files: dict[str, bytes], folder: Path, renames: dict[str, str]) -> list[str]:
    """Write outputs that came back as bytes (from a Dask worker) into ``folder``, each atomically."""
    folder = Path(folder).resolve()
    written = []
    for relative, data in sorted(files.items()):
        target = (folder / relative).resolve()
        if folder not in target.parents:  # a worker's answer names files inside the folder only
            raise ValueError(f"onverwacht bestand buiten de uitvoermap: {relative}")
        if target.suffix == ".ipynb":
            data = replace_paths(data, renames)
        write_atomic(target, data)
        written.append(relative)
    return written
