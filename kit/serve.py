"""``kit serve``: Voila over the course notebooks, set up for a live workshop.

Sources and tracebacks stay hidden, idle kernels of closed pages are culled, the
query string cannot switch template or theme, and the kernels get the workspace
through ``KIT_WORKSPACE``. A page picks its school from ``?school=<id>``. Voila runs
through :mod:`kit.voila_server`, which keeps kernels ready for the facilitators' workshop
pages (``participants`` per page, named so for the ``--deelnemers`` option it once counted),
keeps compiled page templates and serves the participants' light pages (:mod:`kit.light`),
which need no kernel at all.
"""

from __future__ import annotations

import os
import socket
import sys
from pathlib import Path
from urllib.parse import urlencode

from kit.errors import KitError
from kit.paths import NOTEBOOKS_DIR, SHARE_DIR, WORKSPACE_ENV

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8866
DEFAULT_PARTICIPANTS = 2  # kernels kept ready per workshop page, for the facilitators (participants use kit.light)
MAX_PARTICIPANTS = 60
CULL_IDLE_SECONDS = 900


def voila_command(host: str = DEFAULT_HOST, port: int = DEFAULT_PORT,
                  participants: int = DEFAULT_PARTICIPANTS, behind_proxy: bool = False) -> list[str]:
    """The Voila command line ``kit serve`` runs; ``participants`` kernels are kept ready per workshop page.

    ``behind_proxy``: the client's address comes from the proxy's ``X-Forwarded-For`` / ``X-Real-IP``.
    """
    instruction = ("De details staan in het serverlog. Meld het aan de begeleider; de rest van de kit "
                   "werkt gewoon door.")
    return [
        sys.executable, "-m", "kit.voila_server", str(NOTEBOOKS_DIR),
        f"--kit-pool={max(participants, 0)}",
        *(["--kit-proxy"] if behind_proxy else []),
        "--no-browser",
        f"--port={port}",
        f"--Voila.ip={host}",
        "--Voila.port_retries=0",
        "--strip_sources=True",
        "--show_tracebacks=False",
        "--template=kit",
        "--VoilaConfiguration.classic_tree=True",
        "--theme=light",
        "--VoilaConfiguration.allow_template_override=NO",
        "--VoilaConfiguration.allow_theme_override=NO",
        f"--VoilaExecutor.cell_error_instruction={instruction}",
        "--MappingKernelManager.cull_interval=60",
        f"--MappingKernelManager.cull_idle_timeout={CULL_IDLE_SECONDS}",
        "--MappingKernelManager.cull_connected=False",
        # Kernels talk over IPC sockets: no race for TCP ports when a room opens its pages at once.
        "--KernelManager.transport=ipc",
    ]


def voila_env(workspace: Path, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT) -> dict[str, str]:
    """The environment for Voila: the workspace for the kernels, the kit's share folder on the Jupyter path.

    From that folder Voila takes the kit's page template, and its ``python3`` kernel spec,
    which starts page kernels as ``python -m kit.kernel`` (ipykernel with a watch on its shell).

    ``VOILA_APP_IP`` tells a pooled kernel where to collect its page address (:mod:`kit.preheat`):
    the address Voila listens on, or 127.0.0.1 when it listens on all addresses.

    ``KIT_PUBLIC_URL`` tells the pages the address participants reach (``http://host:port``;
    on all addresses the machine's address in the local network, :mod:`kit.serve_address`),
    for the join address and QR code on the beamer. ``KIT_SERVE_LOG`` passes on whether the
    console is kept short (:mod:`kit.serve_log`), decided here where the console is known.
    """
    from kit.serve_address import PUBLIC_URL_ENV, public_url
    from kit.serve_log import LOG_MODE_ENV, quiet_console

    paths = [str(SHARE_DIR)] + [p for p in os.environ.get("JUPYTER_PATH", "").split(os.pathsep) if p]
    local = host in ("", "0.0.0.0", "::", "localhost")
    app_ip = "127.0.0.1" if local else (f"[{host}]" if ":" in host else host)
    return {**os.environ, WORKSPACE_ENV: str(workspace), "JUPYTER_PATH": os.pathsep.join(paths),
            "VOILA_APP_IP": app_ip, PUBLIC_URL_ENV: public_url(host, port),
            LOG_MODE_ENV: "kort" if quiet_console() else "volledig"}


def page_url(host: str, port: int, notebook: str, **params: str) -> str:
    """The address of a Voila app page."""
    query = f"?{urlencode(params)}" if params else ""
    return f"http://{host}:{port}/voila/render/{notebook}{query}"


def check_port_free(host: str, port: int) -> None:
    """A Dutch error when ``host:port`` is taken (Voila itself would say so in English)."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise KitError(f"Poort {port} op {host} is al in gebruik of niet beschikbaar ({exc.strerror}).",
                           hint="Stop het andere programma (draait kit serve al?) of kies een andere poort "
                           "met --port, bijvoorbeeld --port 8870.") from None


def serve(workspace: Path, schools: list[str], host: str = DEFAULT_HOST, port: int = DEFAULT_PORT,
          participants: int = DEFAULT_PARTICIPANTS, behind_proxy: bool = False) -> None:
    """Print where the apps are, then replace this process by Voila (Ctrl+C stops it).

    The process keeps its id through ``exec``: the runtime file (:mod:`kit.serve_runtime`)
    written here names the server, which removes it when it stops.
    """
    from kit.serve_log import quiet_console, start_block
    from kit.serve_runtime import write_runtime

    check_port_free(host, port)
    env = voila_env(workspace, host, port)
    public = env["KIT_PUBLIC_URL"]
    print(start_block(host, port, public, workspace, schools, participants, quiet_console()))
    if behind_proxy:
        print("  Achter een proxy: het adres van elke bezoeker komt uit X-Forwarded-For of X-Real-IP. Gebruik dit "
              "alleen als de proxy die kopregels zelf zet; anders kan iedereen een adres verzinnen.")
    sys.stdout.flush()
    try:
        write_runtime(workspace, host, port, public)
    except OSError:  # a workspace that does not exist (yet): the other commands then use --host/--port
        pass
    command = voila_command(host, port, participants, behind_proxy)
    os.execve(command[0], command, env)
