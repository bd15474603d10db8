"""``kit run``: execute the course notebooks for one school with papermill, then write HTML reports.

papermill and nbconvert are imported here, in the parent process, once; the
kernels themselves import only ``kit``.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from kit.errors import RunError
from kit.paths import NOTEBOOKS_DIR, SHARE_DIR
from kit.profile import load_profile

NOTEBOOK_RE = re.compile(r"^\d{2}_[a-z0-9_]+\.ipynb$")


def course_notebooks(folder: Path = NOTEBOOKS_DIR) -> list[Path]:
    """The course notebooks in run order: files named ``NN_name.ipynb``, sorted by their number."""
    return sorted(p for p in Path(folder).iterdir() if NOTEBOOK_RE.match(p.name))


@dataclass
class NotebookResult:
    notebook: str
    executed: Path
    report: Path
    seconds: float


@dataclass
class RunResult:
    school_dir: Path
    output_dir: Path
    notebooks: list[NotebookResult] = field(default_factory=list)


def run_school(school_dir: Path, output_dir: Path | None = None, notebooks: list[Path] | None = None,
               progress: Callable[[str], None] = print, execution_timeout: int = 600) -> RunResult:
    """Run every course notebook for ``school_dir``; write executed notebooks and HTML reports to ``output_dir``.

    Stops at the first failing cell with a :class:`RunError` naming the notebook and
    the cell; the partly executed notebook and its report are kept for inspection.
    """
    import papermill

    school_dir = Path(school_dir).resolve()
    school_name = load_profile(school_dir).naam  # a broken profile stops the run before anything is written
    output_dir = Path(output_dir).resolve() if output_dir else school_dir / "output"
    output_dir.mkdir(parents=True, exist_ok=True)
    notebooks = notebooks if notebooks is not None else course_notebooks()
    result = RunResult(school_dir, output_dir)
    for number, notebook in enumerate(notebooks, start=1):
        progress(f"[{number}/{len(notebooks)}] {notebook.name} ...")
        started = time.perf_counter()
        executed, report = _run_one(papermill, notebook, school_dir, output_dir, school_name, execution_timeout)
        seconds = time.perf_counter() - started
        result.notebooks.append(NotebookResult(notebook.name, executed, report, seconds))
        progress(f"      klaar in {seconds:.1f} s -> {report.name}")
    return result


def _run_one(papermill, notebook: Path, school_dir: Path, output_dir: Path, school_name: str,
             execution_timeout: int, km=None) -> tuple[Path, Path]:
    """Run one notebook; with ``km`` (kit batch) in that running kernel, kept running, saved once at the end."""
    from papermill.exceptions import PapermillExecutionError

    executed = output_dir / notebook.name
    report = executed.with_suffix(".html")
    own_kernel = km is None
    kernel_dir = tempfile.mkdtemp(prefix="kit-kernel-") if own_kernel else None
    km = _kernel_manager(kernel_dir) if own_kernel else km
    try:
        papermill.execute_notebook(
            str(notebook), str(executed),
            parameters={"school_dir": str(school_dir), "output_dir": str(output_dir)},
            kernel_name="python3", language="python", progress_bar=False, request_save_on_cell_execute=own_kernel,
            execution_timeout=execution_timeout, km=km,
        )
    except PapermillExecutionError as exc:
        write_report(executed, report, school_name)
        raise RunError(_cell_failure(notebook, exc, executed, report)) from None
    except Exception as exc:  # the kernel died, timed out or could not start
        if executed.exists():
            write_report(executed, report, school_name)
        raise RunError(
            f"{notebook.name} kon niet worden uitgevoerd: {type(exc).__name__}: {exc}",
            hint="Controleer of de kit goed is geïnstalleerd (make setup) en probeer het opnieuw. "
            + (f"Wat wel is uitgevoerd staat in {executed}." if executed.exists() else ""),
        ) from None
    finally:
        if own_kernel:
            if km.has_kernel:  # nbclient leaves a kernel manager it was handed running
                km.shutdown_kernel(now=True)
            shutil.rmtree(kernel_dir, ignore_errors=True)
    write_report(executed, report, school_name)
    return executed, report


def _kernel_manager(folder: str):
    """A kernel on IPC sockets in a private folder: no TCP port races, no unencrypted-TCP warning."""
    from jupyter_client import KernelManager

    return KernelManager(kernel_name="python3", transport="ipc", ip=str(Path(folder) / "kernel"))


def _cell_failure(notebook: Path, exc, executed: Path, report: Path) -> str:
    first_line = next((line for line in exc.source.splitlines() if line.strip()), "").strip()
    return (
        f"{notebook.name} stopte bij cel {_cell_number(notebook, exc.cell_index)} ({first_line[:80]}).\n"
        f"{exc.ename}: {exc.evalue}\n"
        f"De gedeeltelijke uitvoer staat in {executed} en {report}."
    )


def _cell_number(notebook: Path, cell_index: int) -> int:
    """The failing cell's 1-based position in the notebook as its author sees it.

    papermill counts the cells of the executed copy, which has an extra
    ``injected-parameters`` cell right after the ``parameters`` cell.
    """
    import nbformat

    cells = nbformat.read(notebook, as_version=4).cells
    tagged = [i for i, c in enumerate(cells) if "parameters" in c.metadata.get("tags", [])]
    injected = tagged[0] + 1 if tagged else 0
    return cell_index if cell_index > injected else cell_index + 1


REPORT_TEMPLATES = SHARE_DIR / "nbconvert" / "templates"
REPORT_TEMPLATE = "kit_report"  # nbconvert's lab page without scripts from the internet


def write_report(executed: Path, report: Path, school_name: str = "") -> Path:
    """Write an HTML report of an executed notebook: outputs only, no code, no prompts."""
    import nbformat
    from nbconvert import HTMLExporter

    nb = nbformat.read(executed, as_version=4)
    exporter = HTMLExporter(template_name=REPORT_TEMPLATE, extra_template_basedirs=[str(REPORT_TEMPLATES)],
                            exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True,
                            language_code="nl")
    title = nb.metadata.get("title") or executed.stem
    nb.metadata["title"] = f"{title} · {school_name}" if school_name else title
    body, _ = exporter.from_notebook_node(nb)
    report.write_text(body, encoding="utf-8")
    return report
