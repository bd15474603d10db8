"""The public version of the plan for a participant with a join code, served by ``kit serve`` without a kernel.

The gate (:mod:`kit.join_gate`) sends a right code on the plan page here. The page is
the plan's own HTML export of the *public* version (school-level figures only, staff
only by role, no open answers: :mod:`kit.document.versions`), with links above it to the
public Word and PDF files (``&bestand=docx`` / ``&bestand=pdf`` on the same address,
checked by the gate like the page). The internal version is never built here.

Building the plan draws charts (matplotlib) and, for the PDF, runs WeasyPrint: seconds
of work that must not stop the server answering other pages. It runs in one worker
process of its own (:data:`WORKERS`), one build at a time, and the result is kept while
the school's files (profile, workshop store, survey exports) are unchanged, so a room of
participants opening the plan at once costs one build.
"""

from __future__ import annotations

import asyncio
import html
import logging
import multiprocessing
import os
import threading
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from kit.document.versions import OPENBAAR, version

FORMATS = {"docx": ("Word", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
           "pdf": ("PDF", "application/pdf")}
PAGE = "html"
CACHE_SIZE = 24
BUILD_TIMEOUT = 180.0

log = logging.getLogger("kit.public_plan")
_executor: ProcessPoolExecutor | None = None
_executor_lock = threading.Lock()
_cache: dict[tuple[str, str], tuple[tuple, bytes]] = {}


def build(school_dir: str, fmt: str) -> bytes:
    """In the worker: the public plan of ``school_dir`` as its HTML page, or as a DOCX or PDF file."""
    from kit.document.notebook import file_bytes

    return file_bytes(Path(school_dir), fmt, OPENBAAR)


def signature(school_dir: Path) -> tuple:
    """What the plan is built from, as (name, size, mtime) of each file: a change makes a new build."""
    files = [school_dir / "school.yaml", *(school_dir / f"workshop.sqlite{end}" for end in ("", "-wal")),
             *sorted((school_dir / "surveys").glob("*"))]
    out = []
    for path in files:
        try:
            info = path.stat()
        except OSError:
            continue
        out.append((path.name, info.st_size, info.st_mtime_ns))
    return tuple(out)


def _workers() -> ProcessPoolExecutor:
    global _executor
    with _executor_lock:
        if _executor is None:  # spawn: a fork of the server (threads, sockets) is not safe
            _executor = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
        return _executor


async def public_plan(school_dir: Path, fmt: str) -> bytes:
    """The public plan in ``fmt`` (``html``, ``docx`` or ``pdf``); from the cache while the school's files are unchanged."""
    key, mark = (str(school_dir), fmt), signature(school_dir)
    hit = _cache.get(key)
    if hit is not None and hit[0] == mark:
        return hit[1]
    loop = asyncio.get_running_loop()
    data = await asyncio.wait_for(loop.run_in_executor(_workers(), build, str(school_dir), fmt), BUILD_TIMEOUT)
    if len(_cache) >= CACHE_SIZE:
        _cache.pop(next(iter(_cache)))
    _cache[key] = (mark, data)
    return data


def page(plan_html: str, school: str, code: str) -> str:
    """The plan's HTML page with, right after ``<body>``, the links to its Word and PDF files."""
    links = " ".join(
        f'<a class="kit-public-download" href="?{html.escape(urlencode({"school": school, "code": code, "bestand": f}))}"'
        f" download>{label}-bestand</a>" for f, (label, _) in FORMATS.items())
    bar = (
        "<style>.kit-public-bar { background: #eef4f8; border-bottom: 1px solid #d9e4ec; padding: .8rem 1.25rem; "
        'font-family: "DejaVu Sans", "Segoe UI", Arial, sans-serif; }'
        ".kit-public-bar div { max-width: 46rem; margin: 0 auto; display: flex; flex-wrap: wrap; align-items: center; "
        "gap: .5rem .8rem; }"
        ".kit-public-bar p { margin: 0; flex: 1 1 16rem; }"
        ".kit-public-bar a { padding: .4rem .9rem; border-radius: 6px; background: #0072B2; color: #fff; "
        "font-weight: 700; text-decoration: none; }"
        ".kit-public-bar a:hover { background: #005a8c; }"
        ".kit-public-bar a:focus { outline: 3px solid #0b3954; outline-offset: 2px; }"
        "@media print { .kit-public-bar { display: none; } }</style>"
        '<nav class="kit-public-bar" aria-label="Downloaden"><div><p>Dit is de openbare versie van het '
        f"veiligheidsplan. Downloaden als:</p>{links}</div></nav>")
    head, sep, rest = plan_html.partition("<body>")
    return head + sep + "\n" + bar + rest if sep else bar + plan_html


async def send_public_plan(handler: Any, school: str, code: str) -> None:
    """Answer the gate's request with the public plan page, or the file ``&bestand=`` asks for."""
    from kit.join_gate import school_dir
    from kit.paths import workspace_path
    from kit.workshop.codes import check_join_code

    folder = school_dir(workspace_path(os.environ.get("KIT_WORKSPACE")), school)
    wanted = handler.get_query_argument("bestand", "") or PAGE
    fmt = wanted if wanted in FORMATS else PAGE
    handler.set_header("Cache-Control", "no-store")
    handler.set_header("X-Content-Type-Options", "nosniff")
    handler.set_header("Referrer-Policy", "no-referrer")  # the address holds the code
    try:
        data = await public_plan(folder, fmt)
    except Exception:  # noqa: BLE001 - the participant gets a Dutch page, the log the details
        log.exception("Het openbare plan van %s kon niet worden gemaakt", school)
        handler.set_status(500)
        handler.set_header("Content-Type", "text/html; charset=UTF-8")
        return handler.finish(_error_page())
    if fmt == PAGE:
        handler.set_header("Content-Type", "text/html; charset=UTF-8")
        return handler.finish(page(data.decode("utf-8"), school, check_join_code(code)))
    name = version(OPENBAAR).filename(fmt).replace(".", f"-{school}.", 1)  # as the plan page names it
    handler.set_header("Content-Type", FORMATS[fmt][1])
    handler.set_header("Content-Disposition", f'attachment; filename="{name}"')
    return handler.finish(data)


def _error_page() -> str:
    from kit.render import stylesheet

    return ('<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>Het plan kon niet worden getoond'
            f"</title><style>{stylesheet()}</style></head><body><main class=\"kit-page\"><div class=\"kit-box "
            'kit-error" role="alert"><strong>Het plan kon niet worden getoond</strong><p>Door een fout in de kit '
            "kon het veiligheidsplan nu niet worden gemaakt. Probeer het over een paar minuten opnieuw, of meld het "
            "aan de begeleider; de details staan in het serverlog.</p></div></main></body></html>")
