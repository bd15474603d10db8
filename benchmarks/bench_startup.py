"""What a kernel and a run cost: import time of the kit in a kernel, and ``kit run`` on the demo school.

Everything is measured side by side in one run, as medians over repeated fresh processes:

* kernel imports: ``import kit.page, kit.start`` (what 00_start imports) against a bare
  interpreter and against ``import papermill`` (what kernels must avoid);
* a notebook run: ``kit run`` on the demo school against papermill running a one-cell notebook
  with the same kernel (the fixed cost of any run).
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def timed(command: list[str], repeat: int, **kwargs) -> float:
    """Median wall time of ``command`` in seconds over ``repeat`` fresh processes (after one warm-up)."""
    subprocess.run(command, check=True, capture_output=True, **kwargs)
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, **kwargs)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    py = sys.executable
    bare = timed([py, "-c", "pass"], 9)
    kit_imports = timed([py, "-c", "import kit.page, kit.start"], 9)
    papermill = timed([py, "-c", "import papermill"], 5)

    with tempfile.TemporaryDirectory() as tmp:
        workspace = Path(tmp) / "workspace"
        subprocess.run([py, "-m", "kit.cli", "demo", "--no-run", "--workspace", str(workspace)], check=True,
                       capture_output=True)
        import nbformat
        from nbformat.v4 import new_code_cell, new_notebook

        trivial = Path(tmp) / "trivial.ipynb"
        nb = new_notebook(cells=[new_code_cell("x = 1")], metadata={"kernelspec": {"name": "python3",
                                                                                  "display_name": "Python 3",
                                                                                  "language": "python"}})
        nbformat.write(nb, trivial)
        baseline = timed([py, "-m", "papermill", "--no-progress-bar", "-k", "python3", str(trivial),
                          str(Path(tmp) / "out.ipynb")], 3)
        run = timed([py, "-m", "kit.cli", "run", str(workspace / "demo-school")], 3)

    rows = [
        ("python -c pass", bare, 1.0),
        ("import kit.page, kit.start (kernel)", kit_imports, kit_imports / bare),
        ("import papermill (vermeden in kernels)", papermill, papermill / bare),
        ("papermill, notebook met 1 cel", baseline, 1.0),
        ("kit run demo-school (alle notebooks + HTML)", run, run / baseline),
    ]
    print(f"{'meting':<46} {'mediaan (s)':>12} {'verhouding':>11}")
    for name, seconds, ratio in rows:
        print(f"{name:<46} {f'{seconds:.3f}'.replace('.', ','):>12} {f'{ratio:.2f}'.replace('.', ','):>10}x")


if __name__ == "__main__":
    main()
