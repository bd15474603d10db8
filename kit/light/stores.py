"""The workshop stores of the light pages, used off the server's event loop.

Voila's kernels and pages share the server's one event loop, so a store call (SQLite,
which may wait up to seconds for the write lock) never runs on it: :func:`call` runs a
function in a small pool of threads, each with its own open :class:`kit.workshop.Store` per
school (a store serialises its own calls). Every write is committed before the page answers.
"""

from __future__ import annotations

import asyncio
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Callable, TypeVar

from kit.workshop.store import Store

T = TypeVar("T")
WORKERS = 4  # SQLite lets go of the GIL while it waits for the disk: a few threads keep two cores busy
EXECUTOR = ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="kit-light")
_local = threading.local()


def store_for(folder: Path) -> Store:
    """This thread's store of the school in ``folder`` (its file exists: the gate checked)."""
    stores: dict[Path, Store] = _local.__dict__.setdefault("stores", {})
    store = stores.get(folder)
    if store is None:
        store = stores[folder] = Store(folder, create=False)
    return store


def drop(folder: Path) -> None:
    """Close this thread's store of ``folder`` (after an error, so the next call opens it afresh)."""
    store = _local.__dict__.get("stores", {}).pop(folder, None)
    if store is not None:
        store.close()


async def call(function: Callable[..., T], *args: object) -> T:
    """``function(*args)`` in the store threads; its result or its exception."""
    return await asyncio.get_running_loop().run_in_executor(EXECUTOR, function, *args)
