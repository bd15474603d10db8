"""What ``kit batch`` costs for a school board, against a shell loop of papermill, on this machine.

One run, on one machine:

1. Demo-like schools: copies of the two demo schools (their workshop and plan), each with its
   own survey exports drawn by ``data/examples/make_demo_surveys.py`` with another seed, so
   every school's figures differ.
2. Where one school's time goes with ``kit run`` (a fresh kernel per notebook): per notebook
   the wall time, papermill's own time and the time in the cells.
3. The floor: ``papermill`` on an empty notebook, per notebook (process start, imports, kernel).
4. ``kit batch --jobs 2`` over 24 schools (``--force``), against a shell loop of ``papermill``
   over the same notebooks for the same schools (``--loop-schools`` of them; the loop's time
   per school is steady, so fewer schools may be measured and the rest scaled).
5. Growth: 6 -> 24 -> 96 schools; peak memory (sum over the process tree, psutil) against the
   number of jobs; the Dask path on a LocalCluster of two workers.
6. A board of 100 schools (``--board``): ``kit batch --jobs 2`` over 100 schools, measured, not scaled.

Prints a table with medians and ratios and, with ``--json FILE``, writes the figures.
``--quick`` is a short check (a few schools, two notebooks). Goals: at least 2x faster than
the shell loop; kernel start and imports under 20 % of the batch's time; 100 schools within
10 minutes on 2 cores; memory bounded by the number of jobs, not of schools.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "data" / "examples"))

import psutil  # noqa: E402

import make_demo_surveys as surveys  # noqa: E402
from kit.batch.run import run_batch  # noqa: E402
from kit.batch.selection import select_notebooks  # noqa: E402
from kit.runner import course_notebooks  # noqa: E402

STORIES = {"demo-school": surveys.PO, "demo-vo": surveys.VO}


# --- the schools ---------------------------------------------------------------------------------------------

def make_schools(workspace: Path, count: int) -> list[str]:
    """``count`` demo-like schools: po and vo in turn, each with survey exports of its own seed."""
    from kit.demo import install_demos

    source = workspace.parent / "demo-bron"
    if not source.exists():
        install_demos(source)
    ids = []
    for number in range(count):
        base = "demo-school" if number % 2 == 0 else "demo-vo"
        school_id = f"school-{number + 1:03d}"
        target = workspace / school_id
        if not target.exists():
            shutil.copytree(source / base, target, ignore=shutil.ignore_patterns("output"))
            (target / "output").mkdir()
            profile = target / "school.yaml"
            profile.write_text(profile.read_text(encoding="utf-8").replace(f"id: {base}", f"id: {school_id}"),
                               encoding="utf-8")
            write_surveys(target / "surveys", STORIES[base], seed=1000 * (number + 1), po=(base == "demo-school"))
        ids.append(school_id)
    return ids


def write_surveys(folder: Path, story, seed: int, po: bool) -> None:
    for old in folder.iterdir():
        old.unlink()
    first = surveys.pupils(story, "2025-2026", seed=seed)
    second = surveys.pupils(story, "2026-2027", seed=seed + 1)
    if po:
        (folder / "2025-2026.csv").write_text(surveys.google_forms(first, dt.datetime(2026, 3, 10, 9)), encoding="utf-8")
        surveys.microsoft_forms(second, dt.datetime(2027, 3, 9, 9), folder / "2026-2027.xlsx")
    else:
        surveys.microsoft_forms(first, dt.datetime(2026, 2, 16, 8, 30), folder / "2025-2026.xlsx")
        (folder / "2026-2027.csv").write_text(surveys.google_forms(second, dt.datetime(2027, 2, 15, 8, 30)),
                                              encoding="utf-8")


# --- measuring -------------------------------------------------------------------------------------------------

class TreeMemory:
    """Peak of the summed RSS of this process's children (recursively) plus this process's growth."""

    def __init__(self, interval: float = 0.25):
        self.interval = interval
        self.me = psutil.Process()
        self.base = self.me.memory_info().rss
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._stop.is_set():
            total = max(0, self.me.memory_info().rss - self.base)
            for child in self.me.children(recursive=True):
                try:
                    total += child.memory_info().rss
                except psutil.Error:
                    pass
            self.peak = max(self.peak, total)
            self._stop.wait(self.interval)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


def cpu_seconds() -> float:
    """CPU time (user + system) of this process and of every descendant that has ended and been waited for."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def batch(workspace: Path, schools: list[str], notebooks: list[Path], jobs: int, scheduler: str | None = None) -> dict:
    started, cpu = time.perf_counter(), cpu_seconds()
    with TreeMemory() as memory:
        result = run_batch(workspace, schools, notebooks, jobs=jobs, force=True, scheduler=scheduler, progress=False,
                           out=lambda line: None)
    wall, cpu = time.perf_counter() - started, cpu_seconds() - cpu
    failed = [o.school for o in result.outcomes if not o.ok]
    kernel = sum(o.timings.get("kernel", 0) + o.timings.get("imports", 0) for o in result.outcomes)
    reset = sum(o.timings.get("reset", 0) for o in result.outcomes)
    per_school = [o.seconds for o in result.outcomes]
    return {"schools": len(schools), "jobs": jobs, "wall": wall, "cpu": cpu, "failed": failed,
            "peak_mb": memory.peak / 2**20,
            "kernel_and_imports": kernel, "reset": reset, "school_median": statistics.median(per_school),
            "kernel_share": (kernel + reset) / (wall * jobs)}


def papermill_loop(workspace: Path, schools: list[str], notebooks: list[Path]) -> tuple[float, float]:
    """A shell loop: one ``papermill`` command per school and notebook, one after the other."""
    papermill = Path(sys.executable).with_name("papermill")
    lines = ["set -e"]
    for school in schools:
        folder = workspace / school
        out = folder / "loop-output"
        lines.append(f"mkdir -p '{out}'")
        for nb in notebooks:
            lines.append(f"'{papermill}' '{nb}' '{out / nb.name}' -k python3 --no-progress-bar --log-level ERROR "
                         f"-p school_dir '{folder}' -p output_dir '{out}'")
    started, cpu = time.perf_counter(), cpu_seconds()
    subprocess.run(["bash", "-c", "\n".join(lines)], check=True, cwd=workspace, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    return time.perf_counter() - started, cpu_seconds() - cpu


def floor(folder: Path, runs: int) -> tuple[float, float]:
    """papermill on an empty notebook: the median time per notebook."""
    import nbformat

    empty = folder / "leeg.ipynb"
    nb = nbformat.v4.new_notebook()
    nb.cells.append(nbformat.v4.new_code_cell("pass"))
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, empty)
    papermill = Path(sys.executable).with_name("papermill")
    times, cpus = [], []
    for _ in range(runs):
        started, cpu = time.perf_counter(), cpu_seconds()
        subprocess.run([str(papermill), str(empty), str(folder / "leeg-uit.ipynb"), "--no-progress-bar",
                        "--log-level", "ERROR"], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - started)
        cpus.append(cpu_seconds() - cpu)
    return statistics.median(times), statistics.median(cpus)


def one_school(workspace: Path, school: str, notebooks: list[Path]) -> list[dict]:
    """``kit run`` on one school: per notebook the wall time, papermill's duration and the cells' time."""
    from kit.runner import run_school

    out = workspace / school / "kit-run"
    result = run_school(workspace / school, out, notebooks=notebooks, progress=lambda line: None)
    rows = []
    for nb in result.notebooks:
        meta = json.loads(nb.executed.read_text(encoding="utf-8"))
        cells = [c["metadata"].get("papermill", {}).get("duration") or 0 for c in meta["cells"]
                 if c["cell_type"] == "code"]
        rows.append({"notebook": nb.notebook, "wall": nb.seconds,
                     "papermill": meta["metadata"]["papermill"]["duration"], "cells": sum(cells),
                     "first_cell": next((c["metadata"].get("papermill", {}).get("duration") or 0 for c in meta["cells"]
                                         if "kit-open-page" in c["metadata"].get("tags", [])), 0)})
    return rows


def board_run(workspace: Path, schools: list[str], notebooks: list[Path]) -> dict:
    """A whole board with ``--jobs 2``: the wall time against the goal of 10 minutes."""
    figures = batch(workspace, schools, notebooks, jobs=2)
    print(f"bestuur van {len(schools)} scholen, kit batch --jobs 2: {figures['wall']:.0f} s "
          f"({figures['wall'] / 60:.1f} minuten; doel < 10), {figures['cpu']:.0f} s CPU, piekgeheugen "
          f"{figures['peak_mb']:.0f} MB, mislukt: {figures['failed'] or 'geen'}", flush=True)
    return figures


def dask_batch(workspace: Path, schools: list[str], notebooks: list[Path]) -> dict:
    from distributed import LocalCluster

    started = time.perf_counter()
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        up = time.perf_counter() - started
        figures = batch(workspace, schools, notebooks, jobs=2, scheduler=cluster.scheduler_address)
    figures["cluster_start"] = up
    return figures


# --- the report ------------------------------------------------------------------------------------------------

def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a short check: a few schools, two notebooks")
    parser.add_argument("--loop-schools", type=int,
                        help="schools in the papermill shell loop, scaled to the batch's (default 6; 24 takes 12 min)")
    parser.add_argument("--no-96", action="store_true", help="leave out the 96-school run")
    parser.add_argument("--memory-schools", type=int, default=4, help="schools in the memory-per-jobs and Dask runs")
    parser.add_argument("--board", type=int, default=100,
                        help="schools in the board run, measured on its own (default 100; 0 leaves it out)")
    parser.add_argument("--board-only", action="store_true", help="only the board run (a quick re-measurement)")
    parser.add_argument("--json", type=Path, help="write the figures to this file")
    args = parser.parse_args()

    quick = args.quick
    notebooks = select_notebooks("00,03") if quick else course_notebooks()
    main_size = 4 if quick else 24
    sizes = [2, 4] if quick else [6, 24] + ([] if args.no_96 else [96])
    loop_schools = min(args.loop_schools or (main_size if quick else 6), main_size)
    figures: dict = {"cpus": os.cpu_count(), "load_before": os.getloadavg(), "notebooks": [n.name for n in notebooks]}
    root = Path(tempfile.mkdtemp(prefix="kit-bench-batch-"))
    workspace = root / "werkmap"
    workspace.mkdir()
    try:
        all_schools = make_schools(workspace, max(sizes + [0 if quick else args.board]))
        if args.board_only:
            figures["board"] = board_run(workspace, all_schools[: args.board], notebooks)
            print(json.dumps(figures["board"], default=str))
            return 0
        print(f"{len(all_schools)} scholen gemaakt in {workspace}; {len(notebooks)} notebooks; "
              f"belasting vooraf {figures['load_before'][0]:.1f}", flush=True)

        rows = one_school(workspace, all_schools[0], notebooks)
        figures["one_school"] = rows
        print("\nEen school met kit run (verse kernel per notebook):")
        print(f"  {'notebook':<22} {'wand':>6} {'papermill':>10} {'cellen':>7} {'1e cel':>7}")
        for r in rows:
            print(f"  {r['notebook']:<22} {r['wall']:6.1f} {r['papermill']:10.1f} {r['cells']:7.1f} {r['first_cell']:7.1f}")
        total_wall = sum(r["wall"] for r in rows)
        total_cells = sum(r["cells"] for r in rows)
        print(f"  totaal {total_wall:.1f} s, waarvan in de cellen {total_cells:.1f} s", flush=True)

        figures["floor"], figures["floor_cpu"] = floor(root, 3 if quick else 5)
        print(f"\nVloer: papermill op een leeg notebook: {figures['floor']:.2f} s per notebook "
              f"({figures['floor_cpu']:.2f} s CPU)", flush=True)

        headline = batch(workspace, all_schools[:main_size], notebooks, jobs=2)
        figures["batch"] = headline
        print(f"kit batch --jobs 2, {main_size} scholen: {headline['wall']:.1f} s, {headline['cpu']:.0f} s CPU "
              f"(mediaan per school {headline['school_median']:.1f} s, mislukt: {headline['failed'] or 'geen'})",
              flush=True)

        loop, loop_cpu = papermill_loop(workspace, all_schools[:loop_schools], notebooks)
        factor = main_size / loop_schools
        figures["loop"] = {"schools": loop_schools, "wall": loop, "cpu": loop_cpu, "scaled_to_main": loop * factor,
                           "cpu_scaled_to_main": loop_cpu * factor}
        scaled = "" if loop_schools == main_size else f" (gemeten op {loop_schools}, geschaald naar {main_size})"
        print(f"shell-lus met papermill, {main_size} scholen: {loop * factor:.1f} s, {loop_cpu * factor:.0f} s CPU"
              f"{scaled}", flush=True)

        growth = {}
        for size in sizes:
            growth[size] = headline if size == main_size else batch(workspace, all_schools[:size], notebooks, jobs=2)
            print(f"groei: {size} scholen in {growth[size]['wall']:.1f} s ({growth[size]['cpu']:.0f} s CPU), piekgeheugen "
                  f"{growth[size]['peak_mb']:.0f} MB", flush=True)
        figures["growth"] = growth

        memory = {}
        for jobs in ([1, 2] if quick else [1, 2, 4]):
            memory[jobs] = batch(workspace, all_schools[: 2 if quick else args.memory_schools], notebooks, jobs=jobs)
            print(f"geheugen: --jobs {jobs}: piek {memory[jobs]['peak_mb']:.0f} MB, {memory[jobs]['wall']:.1f} s",
                  flush=True)
        figures["memory"] = memory

        if not quick and args.board:
            figures["board"] = board_run(workspace, all_schools[: args.board], notebooks)

        if not quick:
            figures["dask"] = dask_batch(workspace, all_schools[: args.memory_schools], notebooks)
            print(f"Dask LocalCluster (2 workers), {args.memory_schools} scholen: {figures['dask']['wall']:.1f} s "
                  f"(+ {figures['dask']['cluster_start']:.1f} s om het cluster te starten)", flush=True)

        figures["load_after"] = os.getloadavg()
        if args.json:
            args.json.write_text(json.dumps(figures, indent=1, default=str), encoding="utf-8")
        report(figures, main_size, sizes)
        return 0
    finally:
        shutil.rmtree(root, ignore_errors=True)


def report(f: dict, main_size: int, sizes: list[int]) -> None:
    b, loop = f["batch"], f["loop"]
    cpu_school = b["cpu"] / b["schools"]  # CPU seconds per school: what a quiet machine needs
    print("\nUitkomst (wandtijd op deze gedeelde machine; CPU-tijd telt de belasting door anderen niet mee)")
    print(f"  kit batch --jobs 2 tegen de shell-lus: {loop['scaled_to_main'] / b['wall']:.1f}x zo snel in wandtijd, "
          f"{loop['cpu_scaled_to_main'] / b['cpu']:.1f}x zo weinig CPU-tijd (doel: 2x)")
    print(f"  kernelstart en imports: {100 * b['kernel_share']:.0f} % van de batchtijd (doel: < 20 %); "
          f"shell-lus: {100 * f['floor'] * len(f['notebooks']) * main_size / loop['scaled_to_main']:.0f} %")
    if "board" in f:
        board = f["board"]
        print(f"  {board['schools']} scholen op 2 kernen, gemeten: {board['wall'] / 60:.1f} minuten (doel: < 10)")
    print(f"  100 scholen op 2 kernen naar de 24 scholen: {100 * b['wall'] / b['schools'] / 60:.1f} minuten naar de "
          f"wandtijd, {100 * cpu_school / 2 / 60:.1f} minuten naar de CPU-tijd ({cpu_school:.1f} s per school)")
    for workers in (4, 8, 16):
        print(f"  100 scholen op {workers} Dask-workers van 1 kern: ongeveer {100 * cpu_school / workers / 60:.1f} minuten")
    first, last = sizes[0], sizes[-1]
    growth = f["growth"]
    print(f"  groei {first} -> {last} scholen: tijd x{growth[last]['wall'] / growth[first]['wall']:.1f}, "
          f"CPU x{growth[last]['cpu'] / growth[first]['cpu']:.1f} (scholen x{last / first:.0f}); "
          f"piekgeheugen {growth[first]['peak_mb']:.0f} -> {growth[last]['peak_mb']:.0f} MB")
    print("  piekgeheugen per aantal taken: " + ", ".join(f"{j}: {m['peak_mb']:.0f} MB" for j, m in f["memory"].items()))
    if "dask" in f:
        d = f["dask"]
        print(f"  Dask (2 workers, {d['schools']} scholen): {d['wall']:.1f} s; lokaal met --jobs 2: {f['memory'][2]['wall']:.1f} s")
    print(f"  belasting van de machine: vooraf {f['load_before'][0]:.1f}, achteraf {f['load_after'][0]:.1f}")


if __name__ == "__main__":
    sys.exit(main())
