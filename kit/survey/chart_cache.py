"""Survey charts drawn once per data version: a reopened survey page shows stored PNGs at once.

Drawing the six charts of the survey page (and importing matplotlib for it) was about a
third of the time the page took to open. A chart depends only on the school's survey
exports, its profile, its own instrument, the page's settings and the kit's chart code;
:func:`data_version` hashes exactly those, and :func:`chart_png` keeps each chart as
``output/.cache/grafieken/<name>-<version>.png``. A new export, an edited profile or a
new kit gives a new version, so a stale chart is never shown; the folder is safe to
delete (like everything in ``output/``). Only PNG bytes are stored: nothing in the cache
is ever executed.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any, Callable

CACHE_DIR = Path(".cache") / "grafieken"
KEEP = 60  # charts kept per school; older versions are removed when a new one is written
_CODE = ("charts.py", "statistics.py", "disclosure.py", "summary.py", "instrument.py", "normalize.py",
         "readers.py", "matching.py", "responses.py", "school.py")


def _file_digest(path: Path, digest: Any) -> None:
    digest.update(path.name.encode("utf-8") + b"\0")
    try:
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    except OSError:
        digest.update(b"-")


def data_version(school_dir: str | Path, *settings: object) -> str:
    """A short hash of everything the survey charts of ``school_dir`` are drawn from, and ``settings``."""
    school_dir = Path(school_dir)
    digest = hashlib.sha256()
    folder = school_dir / "surveys"
    files = sorted(p for p in folder.iterdir() if p.is_file()) if folder.is_dir() else []
    for path in files + [school_dir / "school.yaml", school_dir / "instrument.yaml"]:
        _file_digest(path, digest)
    here = Path(__file__).resolve().parent
    for name in _CODE:
        _file_digest(here / name, digest)
    from kit.paths import TEMPLATES_DIR

    for path in sorted(TEMPLATES_DIR.glob("instrument*.yaml")):
        _file_digest(path, digest)
    digest.update(repr(settings).encode("utf-8"))
    return digest.hexdigest()[:20]


def chart_png(output_dir: Path, version: str, name: str, build: Callable[[], Any]) -> bytes | None:
    """The PNG of chart ``name`` for data ``version``: from the cache, else ``build()`` (a figure or None) drawn."""
    folder = Path(output_dir) / CACHE_DIR
    path = folder / f"{name}-{version}.png"
    try:
        return path.read_bytes()
    except OSError:
        pass
    fig = build()
    if fig is None:
        return None
    from kit.survey.charts import png

    data = png(fig)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, path)
        _prune(folder)
    except OSError:  # a read-only output folder: the page still shows the chart
        pass
    return data


def _prune(folder: Path) -> None:
    charts = sorted(folder.glob("*.png"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in charts[KEEP:]:
        old.unlink(missing_ok=True)
