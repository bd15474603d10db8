"""Where the running ``kit serve`` listens, for the other kit commands: ``WORKSPACE/.kit-serve.json``.

``kit serve`` writes the file when it starts (host, port, the public address, its
process id) and removes it when it stops. A file whose process is gone (the server
was killed) is ignored, so ``kit workshop open`` never prints links of a server that
no longer runs.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

RUNTIME_NAME = ".kit-serve.json"


@dataclass(frozen=True)
class Running:
    """A running kit serve: where it listens and the address the room uses."""

    host: str
    port: int
    public_url: str
    pid: int


def runtime_path(workspace: Path) -> Path:
    return Path(workspace) / RUNTIME_NAME


def write_runtime(workspace: Path, host: str, port: int, public_url: str, pid: int | None = None) -> Path:
    """Record this server (``pid`` defaults to this process, which becomes the server)."""
    path = runtime_path(workspace)
    data = {"host": host, "port": port, "public_url": public_url, "pid": pid or os.getpid()}
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, path)
    return path


def remove_runtime(workspace: Path, pid: int | None = None) -> None:
    """Remove the file, if it still describes this server (``pid``, default this process)."""
    path = runtime_path(workspace)
    found = _read(path)
    if found is not None and found.pid == (pid or os.getpid()):
        path.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: it exists
        return True
    return True


def _read(path: Path) -> Running | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Running(str(data["host"]), int(data["port"]), str(data["public_url"]), int(data["pid"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def running_server(workspace: Path) -> Running | None:
    """The kit serve that runs for ``workspace``, or None (no file, a damaged file, or its process is gone)."""
    found = _read(runtime_path(workspace))
    if found is None or found.pid <= 0 or not _alive(found.pid):
        return None
    return found
