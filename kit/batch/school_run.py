"""Run the course notebooks for one school in a job's reusable kernel, into a staging folder.

This is ``kit run``'s pipeline (:func:`kit.runner._run_one` per notebook, stopping at the
first failing notebook) with the job's kernel instead of a new kernel per notebook. The
outputs go to ``staging``; :mod:`kit.batch.publish` moves them into the school's
``output/`` once the school has succeeded. Every line of progress and the full error go
into the school's log text.
"""

from __future__ import annotations

import time
import traceback
from datetime import datetime
from pathlib import Path

from kit.batch.kernel import ReusableKernel
from kit.batch.outcome import BAD_PROFILE, FAILED, SUCCEEDED, Outcome, first_line, profile_error_line
from kit.errors import KitError, ProfileError

EXECUTION_TIMEOUT = 600  # seconds per cell, as kit run


def run_school(kernel: ReusableKernel, school_dir: Path, staging: Path, notebooks: list[Path],
               execution_timeout: int = EXECUTION_TIMEOUT, school: str | None = None) -> tuple[Outcome, str]:
    """Run ``notebooks`` for the school in ``school_dir``; returns its outcome and its log text."""
    import papermill

    from kit.profile import load_profile
    from kit.runner import _run_one

    school_dir = Path(school_dir)
    school = school or school_dir.name
    log: list[str] = [f"kit batch: {school}, gestart {datetime.now().astimezone():%Y-%m-%d %H:%M:%S}"]
    started = time.perf_counter()
    timings = {"kernel": 0.0, "reset": 0.0, "notebooks": {}}

    def done(status: str, error: str | None = None) -> tuple[Outcome, str]:
        seconds = time.perf_counter() - started
        log.append(f"Klaar na {seconds:.1f} s: {status}.")
        return Outcome(school, status, seconds, error, timings=timings), "\n".join(log) + "\n"

    try:
        profile = load_profile(school_dir)
    except ProfileError as exc:
        log.append(str(exc))
        return done(BAD_PROFILE, profile_error_line(exc))
    staging.mkdir(parents=True, exist_ok=True)
    for number, notebook in enumerate(notebooks, start=1):
        log.append(f"[{number}/{len(notebooks)}] {notebook.name} ...")
        before = (kernel.start_seconds, kernel.reset_seconds)
        nb_started = time.perf_counter()
        try:
            km = kernel.ready()
            timings["kernel"] += kernel.start_seconds - before[0]
            timings["reset"] += kernel.reset_seconds - before[1]
            _run_one(papermill, notebook, school_dir, staging, profile.naam, execution_timeout, km=km)
        except KitError as exc:  # a cell failed (RunError) or the kit refused something: the message is Dutch
            kernel.discard()
            log.append(str(exc))
            return done(FAILED, error_line(str(exc)))
        except Exception as exc:  # noqa: BLE001 - the kernel did not start or answer; keep the other schools going
            kernel.discard()
            log.append(traceback.format_exc())
            return done(FAILED, f"{notebook.name} kon niet worden uitgevoerd: {type(exc).__name__}: "
                                f"{first_line(str(exc)) or ''}".rstrip(": "))
        seconds = time.perf_counter() - nb_started
        timings["notebooks"][notebook.name] = round(seconds, 3)
        log.append(f"      klaar in {seconds:.1f} s")
    return done(SUCCEEDED)


def error_line(text: str) -> str | None:
    """One line for the summary: the error's first line, with the exception line of a failed cell after it."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if len(lines) > 1 and " stopte bij cel " in lines[0] and ": " in lines[1]:
        return f"{lines[0]} {lines[1]}"
    return lines[0] if lines else None
