"""What ``kit survey summary`` costs on a whole region: 20,000 and 200,000 responses.

Each size gets a synthetic Google Forms export (answers as text, grid headings, one
group per class of about 25 pupils, places joined by ", ") written to a temporary
folder. ``kit survey summary FILE --json`` then runs in fresh processes; we report
the median wall time and the peak memory (max RSS of the process) and the ratio
between the two sizes. Goal: 200,000 responses in under 5 s and under 1 GiB.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from kit.survey.instrument import load_instrument  # noqa: E402

GOAL_SECONDS = 5.0
GOAL_BYTES = 2**30
GRID = {"vb": "Hoe veilig voel je je?", "wb": "Hoe gaat het met je op school?", "st": "Wie helpt je?"}



def _nl(number: str) -> str:
    """Dutch number notation: '200,000.5' becomes '200.000,5'."""
    return number.replace(",", "_").replace(".", ",").replace("_", ".")

def write_export(path: Path, responses: int, seed: int = 1) -> None:
    """A Google Forms CSV with ``responses`` rows of random answers to the default instrument."""
    rng = np.random.default_rng(seed)
    instrument = load_instrument()
    columns: dict[str, object] = {"Tijdstempel": [f"2025/03/{day:02d} 9:{minute:02d}:11 a.m. CET"
                                                  for day, minute in zip(rng.integers(1, 29, responses),
                                                                         rng.integers(0, 60, responses))]}
    classes = np.array([f"School {number // 8 + 1} groep {number % 8 + 1}" for number in range(responses // 25 + 1)])
    columns[instrument.items["groep"].text] = classes[rng.integers(0, len(classes), responses)]
    for item in instrument.items.values():
        if item.type == "choice":
            heading = f"{GRID[item.id[:2]]} [{item.text}]" if item.id[:2] in GRID else item.text
            answers = np.array(["", *item.answers], dtype=object)
            weights = np.array([0.05] + [0.95 / len(item.answers)] * len(item.answers))
            columns[heading] = answers[rng.choice(len(answers), responses, p=weights)]
        elif item.type == "multiple":
            labels = list(item.options.values())
            combinations = np.array([""] + [", ".join(label for bit, label in enumerate(labels) if mask >> bit & 1)
                                            for mask in range(1, 64)], dtype=object)
            columns[item.text] = combinations[rng.integers(0, len(combinations), responses)]
        elif item.type == "open":
            texts = np.array(["", "", "", "Meer toezicht op het plein, graag.", "Niets"], dtype=object)
            columns[item.text] = texts[rng.integers(0, len(texts), responses)]
    pd.DataFrame(columns).to_csv(path, index=False)


def run_measured(command: list[str]) -> tuple[float, int]:
    """Wall time (s) and peak memory (bytes, the child's max RSS) of one run; stops on failure."""
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=errors)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)  # reaped by wait4, not by Popen
        if process.returncode != 0:
            errors.seek(0)
            raise SystemExit(f"kit survey summary mislukte:\n{errors.read().decode()}")
    return elapsed, usage.ru_maxrss * 1024  # ru_maxrss is in kilobytes on Linux


def measure(path: Path, repeat: int) -> tuple[float, int]:
    """Median wall time (s) and largest peak memory (bytes) of ``kit survey summary`` over ``repeat`` runs."""
    command = [sys.executable, "-m", "kit.cli", "survey", "summary", str(path), "--json"]
    runs = [run_measured(command) for _ in range(repeat)]
    return statistics.median(seconds for seconds, _ in runs), max(peak for _, peak in runs)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs=2, default=[20_000, 200_000], metavar="N")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory() as folder:
        for size in args.sizes:
            path = Path(folder) / f"regio-{size}.csv"
            write_export(path, size)
            results.append((size, path.stat().st_size, *measure(path, args.repeat)))
    print(f"{'antwoorden':>10} {'bestand (MB)':>13} {'mediaan (s)':>12} {'piekgeheugen (MB)':>18}")
    for size, file_bytes, seconds, peak in results:
        print(f"{_nl(f'{size:,}'):>10} {_nl(f'{file_bytes / 2**20:.1f}'):>13} {_nl(f'{seconds:.2f}'):>12} "
              f"{peak / 2**20:>18.0f}")
    (small, _, small_s, small_peak), (large, _, large_s, large_peak) = results
    print(f"verhouding {large // small}x zoveel antwoorden: tijd {_nl(f'{large_s / small_s:.2f}')}x, "
          f"geheugen {_nl(f'{large_peak / small_peak:.2f}')}x")
    met = large_s < GOAL_SECONDS and large_peak < GOAL_BYTES
    print(f"doel ({_nl(f'{large:,}')} antwoorden onder {GOAL_SECONDS:.0f} s en onder 1 GiB): "
          f"{'gehaald' if met else 'NIET gehaald'}")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
