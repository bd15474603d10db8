"""One kernel per batch job, reused from notebook to notebook, with a clean slate for each.

A fresh kernel per notebook (what ``kit run`` does) costs a kernel start and the imports
of pandas, matplotlib, WeasyPrint, python-docx and openpyxl every time: most of a small
notebook's run. A batch job therefore keeps one kernel and, before every notebook, gives
it the state a fresh kernel would have (:data:`RESET_CODE`):

- IPython's namespace, ``In``/``Out`` and execution counter (``reset(new_session=True)``);
- every ``kit`` module is dropped from ``sys.modules``, so the notebook imports the kit
  afresh and no module-level state (a stylesheet already shown, a cache) carries over;
  third-party libraries stay imported: that is the time saved;
- matplotlib's settings and open figures, the warning filters and their "already shown"
  registries, the environment, the working directory, ``sys.path`` and IPython's input
  transformers are put back as they were after the kernel started.

``tests/batch/test_kernel_reuse.py`` runs notebooks of one school in a kernel that ran
another school before and compares every output with a fresh-kernel run. After a notebook
fails, or after :data:`RECYCLE_AFTER` notebooks (memory stays bounded), the kernel is
replaced by a new one.

Each job has its own folder (:class:`JobDirs`): the kernel's IPC sockets (no TCP port races),
its working directory, ``MPLCONFIGDIR`` and ``IPYTHONDIR``; the kernel keeps no IPython
history database.
"""

from __future__ import annotations

import os
import queue
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

RECYCLE_AFTER = 150  # notebooks; about 25 schools
START_TIMEOUT = 60
KERNEL_ARGS = ["--HistoryManager.enabled=False"]
# Imported once per kernel, before the first notebook: what the course notebooks use anyway.
PRELOAD = ("pandas", "numpy", "matplotlib", "matplotlib.pyplot", "openpyxl", "docx", "jinja2", "yaml", "weasyprint")

SNAPSHOT_CODE = """
def _kit_batch_snapshot():
    import importlib, os, sys, types, warnings
    for name in %(preload)r:
        try:
            importlib.import_module(name)
        except ImportError:
            pass
    state = types.ModuleType("_kit_batch_state")
    state.environ = dict(os.environ)
    state.cwd = os.getcwd()
    state.path = list(sys.path)
    state.filters = list(warnings.filters)
    state.transformers = list(get_ipython().input_transformers_post)
    mpl = sys.modules.get("matplotlib")
    state.rc = dict(mpl.rcParams) if mpl else None
    sys.modules["_kit_batch_state"] = state
_kit_batch_snapshot()
del _kit_batch_snapshot
"""

RESET_CODE = """
def _kit_batch_reset():
    import os, sys, warnings
    state = sys.modules["_kit_batch_state"]
    shell = get_ipython()
    plt = sys.modules.get("matplotlib.pyplot")
    if plt is not None:
        plt.close("all")
    widgets = sys.modules.get("ipywidgets")
    if widgets is not None:
        widgets.Widget.close_all()
    for name in [n for n in sys.modules if n == "kit" or n.startswith("kit.")]:
        del sys.modules[name]
    if state.rc is not None:
        import matplotlib
        for key, value in state.rc.items():  # unvalidated: these values came out of rcParams
            matplotlib.rcParams._set(key, value)
    os.environ.clear()
    os.environ.update(state.environ)
    os.chdir(state.cwd)
    sys.path[:] = state.path
    shell.input_transformers_post[:] = state.transformers
    with warnings.catch_warnings():  # leaving it invalidates every module's "already shown" registry
        pass
    warnings.filters[:] = state.filters
    shell.reset(new_session=True)
_kit_batch_reset()
"""


@dataclass
class JobDirs:
    """The private folders of one batch job."""

    root: Path

    @classmethod
    def create(cls, parent: Path | None = None, label: str = "job") -> "JobDirs":
        root = Path(tempfile.mkdtemp(prefix=f"kit-batch-{label}-", dir=parent))
        for sub in ("kernel", "cwd", "mpl", "ipython"):
            (root / sub).mkdir()
        _seed_font_cache(root / "mpl")
        return cls(root)

    @property
    def kernel_ip(self) -> str:
        return str(self.root / "kernel" / "k")

    def environment(self) -> dict[str, str]:
        env = dict(os.environ)
        env["MPLCONFIGDIR"] = str(self.root / "mpl")
        env["IPYTHONDIR"] = str(self.root / "ipython")
        env["TMPDIR"] = str(self.root / "cwd")
        env.pop("MPLBACKEND", None)  # the kernel chooses its inline backend itself
        return env

    def remove(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)


def _seed_font_cache(folder: Path) -> None:
    """Copy matplotlib's font list into a fresh MPLCONFIGDIR, so a job does not rebuild it (seconds)."""
    try:
        import matplotlib

        source = Path(matplotlib.get_cachedir())
    except Exception:  # noqa: BLE001 - no cache to copy is fine
        return
    for cached in source.glob("fontlist-*.json"):
        try:
            shutil.copy2(cached, folder / cached.name)
        except OSError:
            pass


class KernelError(RuntimeError):
    """The kernel did not start or did not answer."""


class ReusableKernel:
    """A kernel for one job: started on demand, reset before each notebook, replaced when needed."""

    def __init__(self, dirs: JobDirs, recycle_after: int = RECYCLE_AFTER, on_start=None):
        self.dirs = dirs
        self.recycle_after = recycle_after
        self.on_start = on_start  # called with the kernel's pid after every start
        self.km = None
        self._pending = None  # (started, client, msg_id) while a new kernel runs its preload
        self.used = 0  # notebooks run since the kernel started
        self.start_seconds = 0.0  # kernel starts plus their preloads, in total
        self.reset_seconds = 0.0
        self.starts = 0

    @property
    def pid(self) -> int | None:
        provisioner = getattr(self.km, "provisioner", None) if self.km else None
        process = getattr(provisioner, "process", None)
        return getattr(process, "pid", None)

    def alive(self) -> bool:
        return bool(self.km is not None and self.km.has_kernel and self.km.is_alive())

    def ready(self):
        """A kernel manager whose kernel is in the state of a fresh kernel, for the next notebook."""
        if self._pending is None and self.km is not None and (not self.alive() or self.used >= self.recycle_after):
            self.shutdown()
        if self.km is None:
            self._start()
        if self._pending is not None:
            self._finish_start()
        elif self.used:
            started = time.perf_counter()
            self._wait(*self._send(RESET_CODE, wait_ready=False))
            self.reset_seconds += time.perf_counter() - started
        self.used += 1
        return self.km

    def warm(self) -> None:
        """Start a kernel and its preload now, without waiting (a worker does this before its imports)."""
        if self.km is None:
            self._start()

    def discard(self) -> None:
        """Throw the kernel away (after a failed notebook: its state is unknown)."""
        self.shutdown()

    def _start(self) -> None:
        from jupyter_client import KernelManager

        started = time.perf_counter()
        km = KernelManager(kernel_name="python3", transport="ipc", ip=self.dirs.kernel_ip)
        km.start_kernel(extra_arguments=KERNEL_ARGS, env=self.dirs.environment(), cwd=str(self.dirs.root / "cwd"))
        self.km = km
        self.used = 0
        self.starts += 1
        if self.on_start and self.pid:
            self.on_start(self.pid)
        try:
            self._pending = (started, *self._send(SNAPSHOT_CODE % {"preload": PRELOAD}, wait_ready=True))
        except Exception:
            self.shutdown()
            raise

    def _finish_start(self) -> None:
        started, client, msg_id = self._pending
        self._pending = None
        try:
            self._wait(client, msg_id)
        except Exception:
            self.shutdown()
            raise
        self.start_seconds += time.perf_counter() - started

    def _send(self, code: str, wait_ready: bool):
        """Send ``code`` to run silently (no execution count, no history); returns the client and message id."""
        client = self.km.client()
        client.start_channels()
        try:
            if wait_ready:
                client.wait_for_ready(timeout=START_TIMEOUT)
            return client, client.execute(code, silent=True, store_history=False)
        except Exception:
            client.stop_channels()
            raise

    @staticmethod
    def _wait(client, msg_id: str, timeout: float = START_TIMEOUT) -> None:
        """Wait for the reply to ``msg_id``; raise :class:`KernelError` on an error or no reply."""
        try:
            deadline = time.monotonic() + timeout
            while True:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise KernelError("De kernel antwoordde niet op tijd.")
                try:
                    reply = client.get_shell_msg(timeout=remaining)
                except queue.Empty:
                    continue
                if reply["parent_header"].get("msg_id") != msg_id:
                    continue
                content = reply["content"]
                if content.get("status") != "ok":
                    raise KernelError(f"{content.get('ename')}: {content.get('evalue')}")
                return
        finally:
            client.stop_channels()

    def shutdown(self) -> None:
        km, self.km = self.km, None
        self.used = 0
        if self._pending is not None:
            self._pending[1].stop_channels()
            self._pending = None
        if km is None:
            return
        try:
            if km.has_kernel:
                km.shutdown_kernel(now=True)
        except Exception:  # noqa: BLE001 - a kernel that is already gone
            pass
        try:
            km.cleanup_resources()
        except Exception:  # noqa: BLE001
            pass
