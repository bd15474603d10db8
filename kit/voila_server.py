"""Voila as ``kit serve`` runs it: ``python -m kit.voila_server NOTEBOOKS_DIR [--kit-pool=N] [Voila options]``.

Three things on top of plain Voila, each measured in ``benchmarks/bench_voila.py``:

* **A pool of preheated kernels** for the workshop pages (``POOLED_NOTEBOOKS``), Voila's
  own ``preheat_kernel``: ``N`` kernels per page are started and have imported the kit
  before anyone asks, so a room that opens its pages at once does not wait for twenty
  kernels to start. A pooled kernel waits in the cell that opens the page
  (:func:`kit.page.open_page`, tagged ``OPEN_PAGE_TAG``) until Voila hands it the page
  address (:mod:`kit.preheat`); that cell has no time limit, every other cell has
  ``CELL_TIMEOUT`` seconds. A used kernel is replaced ``FILL_DELAY`` seconds later, so
  the replacements do not compete with the pages of a room that is still opening; a
  page that finds no ready kernel gets a new one at once instead of waiting for a
  replacement (:func:`ready_first`).
* **Compiled page templates are kept.** Voila builds a new nbconvert exporter, and so a
  new Jinja environment, for every page, and compiled the page templates again each
  time: half of the server's own CPU time per page (py-spy). A shared in-memory code
  cache (Jinja's ``BytecodeCache`` interface) keeps them.
* **Closing a page stops its kernel** (:func:`install_xsrf_cookie`), instead of 15 minutes later.
* **No kernel without a code or key** for the course pages (:mod:`kit.join_gate`); a
  participant's code leads to the light participant pages (:mod:`kit.light`), served here too.
* **A short join address**: ``/m/<code>`` sends a participant to the right page
  (:mod:`kit.short_join`), so the beamer shows an address people can type.
* **A terminal for the facilitator**: in a terminal only warnings and errors show; the
  whole log goes to ``WORKSPACE/kit-serve.log`` (:mod:`kit.serve_log`). The runtime file
  that tells other kit commands where this server listens is removed when it stops
  (:mod:`kit.serve_runtime`).
* **Behind a proxy** (``--kit-proxy``, from ``kit serve --achter-proxy``) the client's address
  comes from ``X-Real-IP`` / ``X-Forwarded-For`` (Tornado's ``xheaders``), so the join
  gate's throttle counts each visitor, not the proxy; without it those headers are ignored.
* **Stacks on request**: ``kill -USR1 <pid>`` writes the server's stacks to its log
  (:mod:`kit.diagnostics`).
* **A calm server log**: Voila's warning, for every page, that the notebook is not
  trusted (the kit's own notebooks, run with their sources hidden) is left out, and so
  is Tornado's note that it shortened Jupyter Server's websocket ping timeout.
* **No reply from a kernel goes unnoticed**: every kernel client of the server is a
  :class:`kit.kernel_client.KitKernelClient`, which wakes a page waiting for a cell's
  reply when a message of its own took that reply in (else such a page hangs).
* **No output is dropped under load**: Voila waits ``IOPUB_TIMEOUT`` seconds (instead of
  4) for a cell's last output, so a busy machine gives a slower page, never an empty one.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from typing import Any, Callable

import jinja2

from kit.static_guard import install_static_guard
from kit.wsguard import install_ws_guard

POOLED_NOTEBOOKS = ("01_visie.ipynb", "02_signaleren.ipynb", "04_actieplan.ipynb")
OPEN_PAGE_TAG = "kit-open-page"
CELL_TIMEOUT = 120
IOPUB_TIMEOUT = 60
FILL_DELAY = 10.0


class TemplateCodeCache(jinja2.BytecodeCache):
    """Compiled templates kept in memory for every Jinja environment of this process.

    Keyed by template name and file, checked against the template source (Jinja's
    checksum), and kept apart for async and plain environments, whose code differs.
    """

    def __init__(self) -> None:
        self._codes: dict[tuple[str, bool], tuple[str, Any]] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        hit = self._codes.get((bucket.key, bucket.environment.is_async))
        if hit is not None and hit[0] == bucket.checksum:
            bucket.code = hit[1]

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._codes[(bucket.key, bucket.environment.is_async)] = (bucket.checksum, bucket.code)

    def clear(self) -> None:
        self._codes.clear()

    def __len__(self) -> int:
        return len(self._codes)


TEMPLATE_CACHE = TemplateCodeCache()


def install_template_cache() -> None:
    """Make every Voila page exporter use :data:`TEMPLATE_CACHE`."""
    from voila import notebook_renderer
    from voila.exporter import VoilaExporter

    if getattr(notebook_renderer.VoilaExporter, "kit_cached", False):
        return

    class CachedVoilaExporter(VoilaExporter):
        kit_cached = True

        def _create_environment(self):
            environment = super()._create_environment()
            environment.bytecode_cache = TEMPLATE_CACHE
            return environment

    notebook_renderer.VoilaExporter = CachedVoilaExporter


def _ready(task: Any) -> bool:
    return task.done() and not task.cancelled() and task.exception() is None


def ready_first(factory: Callable[..., type]) -> Callable[..., type]:
    """Wrap Voila's kernel manager factory: a pool offers only kernels that have started.

    Voila counts a replacement that is still waiting out ``fill_delay`` as available and
    makes the page wait for it. Here a page takes a started kernel when there is one
    and otherwise gets its own kernel at once (Voila's path without a pool).
    """

    def build(*args: Any, **kwargs: Any) -> type:
        manager = factory(*args, **kwargs)
        if not hasattr(manager, "get_rendered_notebook"):  # no pool configured
            return manager

        class ReadyFirstKernelManager(manager):  # config sections of VoilaKernelManager still apply
            def get_pool_size(self, notebook_name: str) -> int:
                return sum(1 for task in self._pools.get(notebook_name, []) if _ready(task))

            async def get_rendered_notebook(self, notebook_name: str, *args: Any, **kwargs: Any):
                self._pools.get(notebook_name, []).sort(key=lambda task: not _ready(task))  # stable
                return await super().get_rendered_notebook(notebook_name, *args, **kwargs)

        return ReadyFirstKernelManager

    build.kit_ready_first = True  # type: ignore[attr-defined]
    return build


def install_ready_first() -> None:
    """Make Voila build its kernel manager through :func:`ready_first`."""
    from voila import app

    if not getattr(app.voila_kernel_manager_factory, "kit_ready_first", False):
        app.voila_kernel_manager_factory = ready_first(app.voila_kernel_manager_factory)


def install_xsrf_cookie() -> None:
    """Give every Voila page the ``_xsrf`` cookie, so that closing the page really stops its kernel.

    A page sends ``/voila/api/shutdown/<kernel id>`` with the cookie's value when it is
    closed or reloaded, but Voila's page handler never sets that cookie (only its tree page
    does), so the request was refused (403) and the kernel lived on until culled.
    """
    from voila.handler import VoilaHandler

    if getattr(VoilaHandler, "kit_xsrf_cookie", False):
        return
    original = VoilaHandler.get_generator

    async def get_generator(self, path=None):
        self.xsrf_token  # noqa: B018 - Tornado sets the cookie when the token is first read
        async for chunk in original(self, path):
            yield chunk

    VoilaHandler.get_generator = get_generator
    VoilaHandler.kit_xsrf_cookie = True


class QuietLog(logging.Filter):
    """Drop two warnings that say nothing to a facilitator watching the terminal.

    * Voila's "Notebook ... is not trusted", for every page. Trust decides whether a
      notebook's stored outputs may run scripts in the classic notebook; Voila executes
      the notebook afresh, so for a page it means nothing, but forty warnings look like
      forty problems.
    * Tornado's "The websocket_ping_timeout (90000) cannot be longer than the
      websocket_ping_interval", at the first page: Jupyter Server's default timeout is
      three intervals, which Tornado shortens to one itself.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if record.msg == "Notebook %s is not trusted":
            return False
        return not str(record.msg).startswith("The websocket_ping_timeout")


QUIET_LOGGERS = ("Voila", "tornado.general")


def install_quiet_log() -> None:
    """Attach :class:`QuietLog` to Voila's and Tornado's general logger (once)."""
    for name in QUIET_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, QuietLog) for f in logger.filters):
            logger.addFilter(QuietLog())


def cell_timeout(cell: Any) -> int | None:
    """Seconds a cell may run: none for the cell that opens the page (a pooled kernel waits there)."""
    tags = cell.get("metadata", {}).get("tags", [])
    return None if OPEN_PAGE_TAG in tags else CELL_TIMEOUT


def voila_config(pool: int):
    """The traitlets configuration that cannot be given on a command line (a function, a dict)."""
    from traitlets.config import Config

    config = Config()
    config.VoilaExecutor.timeout_func = cell_timeout
    config.VoilaExecutor.iopub_timeout = IOPUB_TIMEOUT
    config.AsyncKernelManager.client_class = "kit.kernel_client.KitKernelClient"
    config.HTMLExporter.language_code = "nl"  # <html lang="nl">: screen readers read the pages as Dutch
    if pool > 0:
        config.VoilaConfiguration.preheat_kernel = True
        config.VoilaKernelManager.fill_delay = FILL_DELAY
        config.VoilaKernelManager.kernel_pools_config = {
            "default": {"pool_size": 0},
            **{notebook: {"pool_size": pool} for notebook in POOLED_NOTEBOOKS},
        }
    return config


def install_trust_xheaders() -> None:
    """Make the server take the client's address from ``X-Real-IP`` / ``X-Forwarded-For`` (once).

    Voila listens with ``tornado.web.Application.listen(port, ip)`` and has no setting for
    Tornado's ``xheaders`` (Jupyter Server's ``trust_xheaders``); this passes ``xheaders=True``
    to the server it starts. Tornado then takes ``X-Real-IP``, else the last address in
    ``X-Forwarded-For`` (the one the proxy added). Only behind a proxy that sets these headers:
    anyone else could write them.
    """
    import tornado.web

    if getattr(tornado.web.Application.listen, "kit_xheaders", False):
        return
    original = tornado.web.Application.listen

    def listen(self, port, address=None, **kwargs):
        kwargs.setdefault("xheaders", True)
        return original(self, port, address, **kwargs)

    listen.kit_xheaders = True  # type: ignore[attr-defined]
    tornado.web.Application.listen = listen


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--kit-pool", type=int, default=0)
    parser.add_argument("--kit-proxy", action="store_true")
    known, voila_args = parser.parse_known_args(sys.argv[1:] if argv is None else argv)
    if known.kit_proxy:
        install_trust_xheaders()
    install_template_cache()
    install_ready_first()
    install_xsrf_cookie()
    install_quiet_log()
    install_ws_guard()
    install_static_guard()
    from kit.join_gate import install_join_gate

    install_join_gate()  # no kernel for a workshop page without a working code or key
    from kit.short_join import install_short_join

    install_short_join()  # http://HOST:PORT/m/CODE, the join address on the beamer
    from kit.light.handlers import install_light_pages
    from kit.light.redirect import install_participant_redirect

    install_light_pages()  # the participants' pages: light, server-rendered, no kernel each
    install_participant_redirect()  # a participant's link to a workshop page leads there
    from tornado.ioloop import IOLoop
    from voila.app import Voila

    from kit.diagnostics import enable_server_stack_dumps

    IOLoop.current().add_callback(enable_server_stack_dumps)  # runs once Voila's loop runs
    from kit.paths import workspace_path
    from kit.serve_log import quiet_console, ready_line
    from kit.serve_runtime import remove_runtime

    workspace = workspace_path(os.environ.get("KIT_WORKSPACE"))
    IOLoop.current().add_callback(lambda: print(ready_line(os.environ.get("KIT_PUBLIC_URL", "")), flush=True))
    config = voila_config(max(known.kit_pool, 0))
    if quiet_console():
        from kit.serve_log import logging_config

        config.Voila.logging_config = logging_config(workspace)
    try:
        Voila.launch_instance(argv=voila_args, config=config)
    finally:
        remove_runtime(workspace)  # kit serve wrote it for this process (see kit.serve_runtime)


if __name__ == "__main__":
    main()
