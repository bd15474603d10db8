"""Per school: the fingerprint of its last successful run and the files it wrote."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from kit.batch.layout import Layout, write_json


def record_success(layout: Layout, school: str, fingerprint: str, files: list[str]) -> None:
    write_json(layout.state(school), {
        "vingerafdruk": fingerprint,
        "klaar": datetime.now().astimezone().isoformat(timespec="seconds"),
        "bestanden": sorted(files),
    })


def forget(layout: Layout, school: str) -> None:
    """After a failed run: the next batch runs the school again, whatever changed."""
    layout.state(school).unlink(missing_ok=True)


def last_success(layout: Layout, school: str) -> dict | None:
    try:
        data = json.loads(layout.state(school).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def up_to_date(layout: Layout, school: str, fingerprint: str, notebooks: list[Path]) -> bool:
    """True when the last successful run had this fingerprint and its outputs are all still there."""
    state = last_success(layout, school)
    if not state or state.get("vingerafdruk") != fingerprint:
        return False
    output = layout.output(school)
    expected = set(state.get("bestanden") or [])
    expected |= {f"{nb.stem}{suffix}" for nb in notebooks for suffix in (".ipynb", ".html")}
    return all((output / name).is_file() for name in expected)
