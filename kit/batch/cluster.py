"""``kit batch --scheduler tcp://HOST:PORT``: the schools' runs on an existing Dask cluster.

The workers need not see the workspace. Each task carries one school in memory: its
input files as bytes (the workshop store as a consistent copy made with SQLite's backup)
and the notebooks to run. On the worker, :func:`run_remote` writes them to a temporary
folder, runs the notebooks there with that worker's reusable kernel (one per worker
thread, as a local job has one), and returns the outputs as bytes with the log and the
outcome. The client writes them into the school's staging folder and puts them in place
as a local run does. The workers must have the same kit installed; a task on a worker with
another kit says so instead of running.

``dask.distributed`` is the optional extra ``dask``; it is imported only here.
"""

from __future__ import annotations

import atexit
import shutil
import socket
import sqlite3
import tempfile
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import urlparse

from kit.batch.fingerprint import STORE_NAME, input_files, kit_fingerprint
from kit.batch.layout import Layout
from kit.batch.outcome import FAILED, Outcome
from kit.batch.publish import relative_files, replace_paths, write_outputs
from kit.errors import KitError
from kit.paths import NOTEBOOKS_DIR

INSTALL_HINT = "Installeer Dask met: pip install 'kit-sociale-veiligheid[dask]' (of: pip install 'dask[distributed]')."


def _distributed():
    try:
        import distributed
    except ImportError:
        raise KitError("Voor --scheduler is Dask nodig, maar dat is niet geïnstalleerd.", hint=INSTALL_HINT) from None
    return distributed


def check_address(address: str) -> str:
    """A scheduler address such as ``tcp://10.0.0.5:8786``, or a Dutch error."""
    parsed = urlparse(address)
    if parsed.scheme not in ("tcp", "tls", "ws", "wss", "inproc", "ucx") or not (parsed.netloc or parsed.path):
        raise KitError(f"--scheduler {address}: dit is geen adres van een Dask-scheduler.",
                       hint="Geef het adres zoals dask-scheduler het toont, bijvoorbeeld tcp://10.0.0.5:8786.")
    _distributed()
    return address


def _check_reachable(address: str) -> None:
    """A refused or unknown TCP address fails here at once, instead of after the client's time limit."""
    parsed = urlparse(address)
    if parsed.scheme != "tcp" or not parsed.hostname or not parsed.port:
        return
    try:
        socket.create_connection((parsed.hostname, parsed.port), timeout=10).close()
    except OSError as exc:
        raise KitError(f"Het Dask-cluster op {address} is niet bereikbaar ({exc.strerror or exc}).",
                       hint="Controleer het adres en of dask-scheduler draait (en de poort open is).") from None


# --- the client side ---------------------------------------------------------------------------------------

def store_copy(path: Path) -> bytes:
    """A consistent copy of an SQLite store (whatever its WAL holds), as the bytes of one database file."""
    with tempfile.TemporaryDirectory(prefix="kit-batch-store-") as folder:
        target = Path(folder) / STORE_NAME
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)
        copy = sqlite3.connect(target)
        try:
            source.backup(copy)
        finally:
            copy.close()
            source.close()
        return target.read_bytes()


def bundle(school_dir: Path, notebooks: list[Path]) -> dict:
    """Everything a worker needs to run one school: its inputs and the notebooks, as bytes."""
    school_dir = Path(school_dir)
    files = {p.relative_to(school_dir).as_posix(): p.read_bytes() for p in input_files(school_dir)}
    if (school_dir / STORE_NAME).is_file():
        try:
            files[STORE_NAME] = store_copy(school_dir / STORE_NAME)
        except sqlite3.DatabaseError:  # not a database: the notebook says so, in Dutch, on the worker
            files[STORE_NAME] = (school_dir / STORE_NAME).read_bytes()
    return {"school": school_dir.name, "files": files, "kit": kit_fingerprint(),
            "notebooks": [(nb.name, nb.read_bytes()) for nb in notebooks]}


def run_on_cluster(address: str, layout: Layout, schools: list[str], notebooks: list[Path], execution_timeout: int,
                   finished) -> list[str]:
    """Send each school to the cluster; ``finished(outcome, log)`` as results come in. Returns unfinished schools."""
    distributed = _distributed()
    _check_reachable(address)
    try:
        client = distributed.Client(address, timeout="15s", set_as_default=False)
    except (OSError, TimeoutError) as exc:
        raise KitError(f"Het Dask-cluster op {address} is niet bereikbaar ({exc}).",
                       hint="Controleer het adres en of dask-scheduler draait (en de poort open is).") from None
    futures = {}
    done: set[str] = set()
    try:
        for school in schools:
            future = client.submit(run_remote, bundle(layout.workspace / school, notebooks), execution_timeout,
                                   key=f"kit-batch-{school}-{uuid.uuid4().hex[:8]}", pure=False)
            futures[future] = school
        for future in distributed.as_completed(list(futures), loop=client.loop):
            school = futures[future]
            started = time.perf_counter()
            try:
                answer = future.result()
            except Exception as exc:  # noqa: BLE001 - the worker died or the task could not run
                error = f"De taak op het Dask-cluster mislukte: {type(exc).__name__}: {exc}"
                outcome, log = Outcome(school, FAILED, time.perf_counter() - started, error), error + "\n"
            else:
                outcome, log = receive(layout, school, answer)
            done.add(school)
            finished(outcome, log)
        return []
    except KeyboardInterrupt:
        client.cancel([f for f, school in futures.items() if school not in done], force=True)
        return [s for s in schools if s not in done]
    finally:
        client.close(timeout=5)


def receive(layout: Layout, school: str, answer: dict) -> tuple[Outcome, str]:
    """Write a worker's outputs into the school's staging folder; the worker's folder names become ours."""
    staging = layout.staging(school)
    shutil.rmtree(staging, ignore_errors=True)
    renames = {answer["school_dir"]: str(layout.workspace / school), answer["staging"]: str(staging),
               answer["notebooks_dir"]: str(NOTEBOOKS_DIR)}
    write_outputs(answer["outputs"], staging, renames)
    log = replace_paths(answer["log"].encode("utf-8"), renames).decode("utf-8")
    outcome = Outcome.from_dict(answer["outcome"])
    if outcome.error:
        outcome.error = replace_paths(outcome.error.encode("utf-8"), renames).decode("utf-8")
    return outcome, log


# --- the worker side ---------------------------------------------------------------------------------------

_local = threading.local()
_kernels: list = []


def _kernel():
    """This worker thread's reusable kernel (started on first use, stopped when the worker exits)."""
    kernel = getattr(_local, "kernel", None)
    if kernel is None:
        from kit.batch.kernel import JobDirs, ReusableKernel

        kernel = ReusableKernel(JobDirs.create(label="dask"))
        _local.kernel = kernel
        if not _kernels:
            atexit.register(_shutdown_kernels)
        _kernels.append(kernel)
    return kernel


def _shutdown_kernels() -> None:
    for kernel in _kernels:
        kernel.shutdown()
        kernel.dirs.remove()


def run_remote(task: dict, execution_timeout: int) -> dict:
    """Run one school on a Dask worker, from the bytes in ``task``; returns outputs, log and outcome."""
    from kit.batch.school_run import run_school

    school = task["school"]
    root = Path(tempfile.mkdtemp(prefix="kit-batch-remote-"))
    school_dir, staging, notebooks_dir = root / school, root / "uitvoer", root / "notebooks"
    answer = {"school_dir": str(school_dir), "staging": str(staging), "notebooks_dir": str(notebooks_dir),
              "outputs": {}}
    try:
        if task["kit"] != kit_fingerprint():
            error = ("De kit op deze Dask-worker verschilt van de kit waarmee kit batch is gestart; "
                     "installeer op elke worker dezelfde versie.")
            answer.update(outcome=Outcome(school, FAILED, 0.0, error).to_dict(), log=error + "\n")
            return answer
        for relative, data in task["files"].items():
            target = (school_dir / relative).resolve()
            if school_dir.resolve() not in target.parents:
                raise ValueError(f"onverwacht bestand: {relative}")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        notebooks_dir.mkdir()
        notebooks = []
        for name, data in task["notebooks"]:
            (notebooks_dir / name).write_bytes(data)
            notebooks.append(notebooks_dir / name)
        outcome, log = run_school(_kernel(), school_dir, staging, notebooks, execution_timeout, school=school)
        if staging.is_dir():
            answer["outputs"] = {rel: (staging / rel).read_bytes() for rel in relative_files(staging)}
        answer.update(outcome=outcome.to_dict(), log=log)
        return answer
    finally:
        shutil.rmtree(root, ignore_errors=True)
