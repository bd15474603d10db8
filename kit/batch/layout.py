"""Where ``kit batch`` keeps its files in the workspace: ``WORKSPACE/_batch/``.

::

    _batch/samenvatting.json   the summary of the last batch (read by the board overview)
    _batch/logs/<school>.log   the full log of each school's last run
    _batch/state/<school>.json the fingerprint of each school's last successful run
    _batch/werk/<school>/      outputs while a school runs; kept after a failure, for inspection

``_batch`` is not a valid school id, so it is never taken for a school.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

BATCH_DIR = "_batch"
SUMMARY_NAME = "samenvatting.json"


@dataclass(frozen=True)
class Layout:
    workspace: Path

    @property
    def root(self) -> Path:
        return self.workspace / BATCH_DIR

    @property
    def summary(self) -> Path:
        return self.root / SUMMARY_NAME

    @property
    def lock(self) -> Path:
        return self.root / ".lock"

    def log(self, school: str) -> Path:
        return self.root / "logs" / f"{school}.log"

    def state(self, school: str) -> Path:
        return self.root / "state" / f"{school}.json"

    def staging(self, school: str) -> Path:
        return self.root / "werk" / school

    def output(self, school: str) -> Path:
        return self.workspace / school / "output"


def write_atomic(target: Path, data: bytes | str) -> Path:
    """Write ``data`` to ``target`` through a temporary file in the same folder and a rename."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target


def write_json(target: Path, data) -> Path:
    return write_atomic(target, json.dumps(data, ensure_ascii=False, indent=1) + "\n")


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
