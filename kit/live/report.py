"""What every app's static report shares: the school's store if it exists, JSON and PNG into output/."""

from __future__ import annotations

import base64
import json
from pathlib import Path

from kit import workshop


def existing_store(school_dir: str | Path) -> workshop.Store | None:
    """The school's workshop store when the file exists, else None (a report never creates one)."""
    if not (Path(school_dir) / workshop.DB_NAME).is_file():
        return None
    return workshop.Store(school_dir, create=False)


def write_json(output_dir: str | Path, name: str, data: object) -> Path:
    """Write ``data`` as indented UTF-8 JSON to ``output_dir/name`` (folder created if needed); returns the path."""
    output_dir = Path(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    path = output_dir / name
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


def embedded_png(png: bytes | None) -> str | None:
    """PNG bytes as base64 text for an ``<img src="data:image/png;base64,...">``; None stays None."""
    return base64.b64encode(png).decode("ascii") if png else None
