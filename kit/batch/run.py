"""``kit batch``: the course notebooks for every school of a workspace, in parallel.

For each school, in the parent: check the profile (a broken one is reported with its own
Dutch error and not run), compute the fingerprint of its inputs and skip it when its last
successful run had the same one and its outputs are still there. The other schools go to
the runner: worker processes on this machine (:mod:`kit.batch.local`) or a Dask cluster
(:mod:`kit.batch.cluster`). As each school finishes, the parent writes its log, puts its
outputs in place and records its fingerprint; at the end it writes the summary.
"""

from __future__ import annotations

import fcntl
import os
import shutil
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from kit.batch import state
from kit.batch.layout import Layout, write_atomic
from kit.batch.outcome import BAD_PROFILE, NOT_DONE, SKIPPED, SUCCEEDED, Outcome, profile_error_line
from kit.batch.report import Progress, counts_text, summary_table, write_summary
from kit.errors import KitError, ProfileError

EXECUTION_TIMEOUT = 600


@dataclass
class BatchResult:
    outcomes: list[Outcome]
    summary: Path
    interrupted: bool

    @property
    def exit_code(self) -> int:
        return 0 if all(o.ok for o in self.outcomes) and not self.interrupted else 1


def now_iso() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


@contextmanager
def workspace_lock(layout: Layout):
    """One batch per workspace at a time: a second one stops with a Dutch error."""
    layout.root.mkdir(parents=True, exist_ok=True)
    with open(layout.lock, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise KitError(f"Er loopt al een kit batch in de werkmap {layout.workspace}.",
                           hint="Wacht tot die klaar is, of stop hem met Ctrl-C.") from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def run_batch(workspace: Path, schools: list[str], notebooks: list[Path], jobs: int | None = None,
              force: bool = False, scheduler: str | None = None, progress: bool = True,
              execution_timeout: int = EXECUTION_TIMEOUT, out=print) -> BatchResult:
    """Run ``notebooks`` for ``schools``; prints a line per school and the summary; returns the result."""
    workspace = Path(workspace).resolve()
    layout = Layout(workspace)
    with workspace_lock(layout):
        started = now_iso()
        outcomes: dict[str, Outcome] = {}
        fingerprints: dict[str, str | None] = {}
        bar = Progress(len(schools), enabled=progress)

        def finish(outcome: Outcome, log: str | None = None) -> None:
            if log is not None:
                outcome.log = str(write_atomic(layout.log(outcome.school), log))
            outcomes[outcome.school] = outcome
            bar.school_done(outcome)

        def finished(outcome: Outcome, log: str) -> None:
            """A school came back from the runner (local: outputs are in its staging folder)."""
            _settle(layout, outcome, fingerprints.get(outcome.school))
            finish(outcome, log)

        runner_tasks: list[str] = []
        unfinished: list[str] = []
        try:
            for school in schools:
                outcome = _precheck(layout, workspace / school, notebooks, force, fingerprints)
                if outcome is None:
                    runner_tasks.append(school)
                else:
                    finish(*outcome)
            if runner_tasks:
                unfinished = _run(layout, runner_tasks, notebooks, jobs or default_jobs(), scheduler,
                                  execution_timeout, finished, fingerprints, bar)
        except KeyboardInterrupt:  # before or between the runner's own handling
            unfinished = [s for s in schools if s not in outcomes]
        finally:
            bar.close()
        for school in unfinished:
            outcomes.setdefault(school, Outcome(school, NOT_DONE))
        ordered = [outcomes.get(s) or Outcome(s, NOT_DONE) for s in schools]
        summary = write_summary(layout.summary, started, now_iso(), ordered)
    result = BatchResult(ordered, summary, interrupted=bool(unfinished))
    out("")
    if result.interrupted:
        out("Afgebroken: de scholen die nog niet klaar waren, staan als 'niet gedaan' in de samenvatting.")
    out(f"Samenvatting ({counts_text(ordered)}):")
    out(summary_table(ordered))
    out(f"De samenvatting staat ook in {summary}")
    return result


def _precheck(layout: Layout, folder: Path, notebooks: list[Path], force: bool,
              fingerprints: dict) -> tuple[Outcome, str | None] | None:
    """A broken profile or an unchanged school is settled here (outcome and log); ``None``: run it."""
    from kit.batch.fingerprint import school_fingerprint
    from kit.profile import load_profile

    school = folder.name
    try:
        load_profile(folder)
    except ProfileError as exc:
        state.forget(layout, school)
        return Outcome(school, BAD_PROFILE, error=profile_error_line(exc)), str(exc) + "\n"
    try:
        fingerprints[school] = school_fingerprint(folder, notebooks)
    except Exception:  # noqa: BLE001 - an unreadable store: run the school, never skip it
        fingerprints[school] = None
    if not force and fingerprints[school] and state.up_to_date(layout, school, fingerprints[school], notebooks):
        log = layout.log(school)
        return Outcome(school, SKIPPED, log=str(log) if log.is_file() else None,
                       note="er is niets veranderd sinds de vorige geslaagde run (--force doet hem toch)"), None
    return None


def _run(layout, schools, notebooks, jobs, scheduler, execution_timeout, finished, fingerprints, bar) -> list[str]:
    if scheduler:
        from kit.batch.cluster import run_on_cluster

        bar.note(f"Naar het Dask-cluster op {scheduler}: {len(schools)} scholen.")
        return run_on_cluster(scheduler, layout, schools, notebooks, execution_timeout, finished)
    from kit.batch.local import LocalRunner, Task

    tasks = []
    for school in schools:
        staging = layout.staging(school)
        shutil.rmtree(staging, ignore_errors=True)  # what a failed run left behind
        tasks.append(Task(school, layout.workspace / school, staging, notebooks))
    runner = LocalRunner(jobs, execution_timeout, temp_parent=None)
    return [task.school for task in runner.run(tasks, finished)]


def _settle(layout: Layout, outcome: Outcome, fingerprint: str | None) -> None:
    """After a local run: publish the staged outputs of a success and record it; after a failure, forget."""
    staging = layout.staging(outcome.school)
    if outcome.status == SUCCEEDED:
        output = layout.output(outcome.school)
        files = publish_staged(staging, output, {str(staging): str(output)})
        if fingerprint:
            state.record_success(layout, outcome.school, fingerprint, files)
    else:
        state.forget(layout, outcome.school)


def publish_staged(staging: Path, output: Path, renames: dict[str, str]) -> list[str]:
    from kit.batch.publish import publish

    return publish(staging, output, renames)
