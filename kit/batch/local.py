"""Run schools on this machine: one worker process per job, each with its own kernel.

Workers are plain processes the parent watches itself (not a process pool): a worker that
dies takes only its current school down, which is reported as failed, and a new worker
takes its place. On Ctrl-C (or SIGTERM) the parent stops every kernel and every worker,
and reports the schools that were not finished.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
from collections import deque
from dataclasses import dataclass, field
from multiprocessing.connection import wait
from pathlib import Path
from typing import Callable

from kit.batch.kernel import JobDirs
from kit.batch.outcome import FAILED, Outcome
from kit.batch.worker import worker_main

STOP_GRACE = 3.0


@dataclass
class Task:
    school: str
    school_dir: Path
    staging: Path
    notebooks: list[Path]

    def message(self) -> dict:
        return {"school": self.school, "school_dir": str(self.school_dir), "staging": str(self.staging),
                "notebooks": [str(p) for p in self.notebooks]}


@dataclass
class Worker:
    process: multiprocessing.Process
    conn: object
    dirs: JobDirs
    kernels: set[int] = field(default_factory=set)
    task: Task | None = None
    started: float = 0.0


class LocalRunner:
    """Runs tasks on ``jobs`` worker processes; ``on_done(outcome, log)`` is called in the parent."""

    def __init__(self, jobs: int, execution_timeout: int, temp_parent: Path | None = None):
        self.jobs = max(1, jobs)
        self.execution_timeout = execution_timeout
        self.temp_parent = temp_parent
        self.context = multiprocessing.get_context("spawn")
        self.workers: list[Worker] = []

    def run(self, tasks: list[Task], on_done: Callable[[Outcome, str], None]) -> list[Task]:
        """Run every task; returns the tasks not finished (after an interrupt), else an empty list."""
        pending = deque(tasks)
        self.restarts_left = len(tasks) + 2 * self.jobs  # a worker that keeps dying must not loop forever
        previous = signal.signal(signal.SIGTERM, _raise_interrupt)
        interrupted = False
        try:
            for number in range(min(self.jobs, len(pending))):
                self.workers.append(self._start_worker(number))
            while pending or any(w.task for w in self.workers):
                if not self.workers:  # every worker kept dying: the rest cannot run here
                    while pending:
                        task = pending.popleft()
                        error = "Er kon geen hulpproces voor deze school worden gestart."
                        on_done(Outcome(task.school, FAILED, 0.0, error), error + "\n")
                    break
                for worker in list(self.workers):
                    if worker.task is None and pending:
                        worker.task = pending.popleft()
                        worker.started = time.perf_counter()
                        try:
                            worker.conn.send(("run", worker.task.message()))
                        except (BrokenPipeError, OSError):  # the worker died while idle: another takes the school
                            pending.appendleft(worker.task)
                            worker.task = None
                            self._replace(worker, on_done)
                if self.workers:
                    self._collect(on_done)
            return []
        except KeyboardInterrupt:
            interrupted = True
            return [w.task for w in self.workers if w.task] + list(pending)
        finally:
            self.stop(interrupted)
            signal.signal(signal.SIGTERM, previous)

    def _start_worker(self, number: int) -> Worker:
        parent_end, child_end = self.context.Pipe()
        dirs = JobDirs.create(self.temp_parent, label=f"job{number + 1}")
        process = self.context.Process(target=worker_main, args=(child_end, str(dirs.root), self.execution_timeout),
                                       name=f"kit-batch-job{number + 1}", daemon=True)
        process.start()
        child_end.close()
        return Worker(process, parent_end, dirs)

    def _collect(self, on_done: Callable[[Outcome, str], None]) -> None:
        by_handle = {}
        for worker in self.workers:
            by_handle[worker.conn] = worker
            by_handle[worker.process.sentinel] = worker
        for handle in wait(list(by_handle)):
            worker = by_handle[handle]
            if worker not in self.workers:
                continue
            if handle is worker.conn or worker.conn.poll():
                self._read(worker, on_done)
            elif not worker.process.is_alive():
                self._replace(worker, on_done)

    def _read(self, worker: Worker, on_done) -> None:
        try:
            while worker.conn.poll():
                message = worker.conn.recv()
                if message[0] == "kernel":
                    worker.kernels.add(message[1])
                elif message[0] == "done":
                    worker.task = None
                    on_done(Outcome.from_dict(message[1]), message[2])
        except (EOFError, OSError):
            self._replace(worker, on_done)

    def _replace(self, worker: Worker, on_done) -> None:
        """A worker died: its school failed; a new worker takes its place."""
        worker.process.join(1)
        task = worker.task
        self._stop_worker(worker)
        index = self.workers.index(worker)
        if task is not None:
            seconds = time.perf_counter() - worker.started
            code = worker.process.exitcode
            error = (f"Het proces dat deze school uitvoerde stopte onverwacht (exitcode {code}); "
                     "misschien was het geheugen vol.")
            on_done(Outcome(task.school, FAILED, seconds, error), error + "\n")
        if self.restarts_left > 0:
            self.restarts_left -= 1
            self.workers[index] = self._start_worker(index)
        else:
            del self.workers[index]

    def stop(self, interrupted: bool = False) -> None:
        """Stop every worker and kernel (after Ctrl-C the kernels first); remove the jobs' folders."""
        if interrupted:
            for worker in self.workers:
                _signal_groups(worker.kernels, signal.SIGTERM)
        for worker in self.workers:
            try:
                worker.conn.send(("stop",))
            except (OSError, ValueError):
                pass
            if worker.task is not None and worker.process.is_alive():
                worker.process.terminate()
        deadline = time.monotonic() + STOP_GRACE
        for worker in self.workers:
            worker.process.join(max(0.1, deadline - time.monotonic()))
        for worker in self.workers:
            self._stop_worker(worker)
        self.workers = []

    def _stop_worker(self, worker: Worker) -> None:
        if worker.process.is_alive():
            worker.process.kill()
            worker.process.join(STOP_GRACE)
        _signal_groups(worker.kernels, signal.SIGKILL)
        try:
            worker.conn.close()
        except OSError:
            pass
        worker.dirs.remove()


def _signal_groups(pids: set[int], sig: int) -> None:
    """Signal each kernel's process group (a kernel runs in its own session: group id = its pid)."""
    for pid in pids:
        try:
            os.killpg(pid, sig)
        except (ProcessLookupError, PermissionError):
            pass


def _raise_interrupt(signum, frame) -> None:
    raise KeyboardInterrupt
