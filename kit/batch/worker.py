"""A batch job's worker process: imports papermill and nbconvert once, keeps one kernel, runs schools.

The parent (:mod:`kit.batch.local`) sends ``("run", task)`` and gets back
``("kernel", pid)`` whenever the worker starts a kernel (so the parent can stop it if the
worker is stopped) and ``("done", outcome, log)`` for each school. The worker lives in its
own session, so a Ctrl-C in the terminal reaches only the parent, which then stops the
workers and their kernels in order.
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path


def preload() -> None:
    """What every school needs in the worker: papermill, nbconvert's exporter and its templates."""
    import papermill  # noqa: F401
    from nbconvert import HTMLExporter  # noqa: F401

    import kit.runner  # noqa: F401


def worker_main(conn, job_root: str, execution_timeout: int) -> None:
    """Entry point of a worker process (multiprocessing, spawn)."""
    try:
        os.setsid()
    except OSError:  # already a session leader
        pass
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from kit.batch.kernel import JobDirs, ReusableKernel
    from kit.batch.school_run import run_school

    kernel = ReusableKernel(JobDirs(Path(job_root)), on_start=lambda pid: conn.send(("kernel", pid)))
    try:
        started = time.perf_counter()
        try:
            kernel.warm()  # the kernel starts and imports while this process imports papermill
        except Exception:  # noqa: BLE001 - the first school tries again and reports what went wrong
            kernel.shutdown()
        preload()
        imports = time.perf_counter() - started  # counted once, with the first school (benchmarks)
        while True:
            try:
                message = conn.recv()
            except (EOFError, OSError):
                break
            if message[0] != "run":
                break
            task = message[1]
            outcome, log = run_school(kernel, Path(task["school_dir"]), Path(task["staging"]),
                                      [Path(p) for p in task["notebooks"]], execution_timeout)
            outcome.timings["imports"], imports = imports, 0.0
            conn.send(("done", outcome.to_dict(), log))
    except (BrokenPipeError, EOFError):
        pass
    finally:
        kernel.shutdown()
