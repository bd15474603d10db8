"""Starting ``kit serve`` for tests: a free port, waiting for it, and the registry of running servers.

A module of its own (not conftest.py), so test modules can import it by name: with a
conftest.py in several test folders, ``from conftest import ...`` may find the wrong one.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"  # Debian's Chromium: no browser download
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
                 "--disable-component-update", "--disable-sync", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]
SERVERS: dict[str, tuple[subprocess.Popen, Path]] = {}  # server fixture -> process and log, for failed tests


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_http(url: str, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server stopped with status {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.25)
    raise TimeoutError(f"{url} did not answer within {timeout} s")


def facilitator_key(school_dir: Path) -> str:
    """A working facilitator key of the school in ``school_dir``: every course page opens only with a key."""
    from kit.workshop import Store
    from kit.workshop.keys import working_key

    with Store(school_dir) as store:
        return working_key(store)[1]


@contextlib.contextmanager
def running_kit_server(workspace: Path, log: Path, participants: int, name: str = "", extra: tuple[str, ...] = ()):
    """``kit serve --deelnemers N`` in a subprocess on a free port of 127.0.0.1; yields its base URL.

    ``extra``: more options of ``kit serve``, e.g. ``("--achter-proxy",)``. ``name`` (the fixture's) lets the report of a failed test that uses it show the server's
    log, with the stacks of the server and its kernels at that moment (:mod:`kit.diagnostics`).
    """
    port = free_port()
    env = {**os.environ, "KIT_WORKSPACE": str(workspace)}
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "kit.cli", "serve", "--host", "127.0.0.1", "--port", str(port),
             "--deelnemers", str(participants), *extra],
            stdout=out, stderr=subprocess.STDOUT, env=env, cwd=REPO,
        )
    base = f"http://127.0.0.1:{port}"
    if name:
        SERVERS[name] = (process, log)
    try:
        wait_for_http(base + "/", process)
        yield base
    finally:
        SERVERS.pop(name, None)
        stop_process(process, timeout=15)


def stop_process(process: subprocess.Popen, timeout: float) -> None:
    """Ask a server started by a test to stop; kill it when it has not stopped within ``timeout`` seconds."""
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
