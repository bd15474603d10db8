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
                  participants: int = DEFAULT_PARTICIPANTS) -> list[str]:
    """The Voila command line ``kit serve`` runs; ``participants`` kernels are kept ready per workshop page."""
    instruction = ("De details staan in het serverlog. Meld het aan de begeleider; de rest van de kit "
                   "werkt gewoon door.")
    return [
        sys.executable, "-m", "kit.voila_server", str(NOTEBOOKS_DIR),
        f"--kit-pool={max(participants, 0)}",
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


def voila_env(workspace: Path, host: str = DEFAULT_HOST) -> dict[str, str]:
    """The environment for Voila: the workspace for the kernels, the kit's share folder on the Jupyter path.

    From that folder Voila takes the kit's page template, and its ``python3`` kernel spec,
    which starts page kernels as ``python -m kit.kernel`` (ipykernel with a watch on its shell).

    ``VOILA_APP_IP`` tells a pooled kernel where to collect its page address (:mod:`kit.preheat`):
    the address Voila listens on, or 127.0.0.1 when it listens on all addresses.
    """
    paths = [str(SHARE_DIR)] + [p for p in os.environ.get("JUPYTER_PATH", "").split(os.pathsep) if p]
    local = host in ("", "0.0.0.0", "::", "localhost")
    app_ip = "127.0.0.1" if local else (f"[{host}]" if ":" in host else host)
    return {**os.environ, WORKSPACE_ENV: str(workspace), "JUPYTER_PATH": os.pathsep.join(paths),
            "VOILA_APP_IP": app_ip}


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
          participants: int = DEFAULT_PARTICIPANTS) -> None:
    """Print where the apps are, then replace this process by Voila (Ctrl+C stops it)."""
    check_port_free(host, port)
    print(f"De kit draait op http://{host}:{port}/  (stoppen: Ctrl+C)")
    print(f"Werkmap: {workspace}")
    if schools:
        print("Startpagina per school:")
        for school_id in schools:
            print(f"  {school_id}: {page_url(host, port, '00_start.ipynb', school=school_id)}")
    else:
        print("Er staan nog geen scholen in de werkmap. Maak er een met 'kit school new <id>' of 'kit demo'.")
    if participants > 0:
        print(f"Voor de workshoppagina's van de begeleider staan telkens {participants} kernels klaar. Deelnemers "
              "gebruiken lichte pagina's zonder kernel (/mee/...): ook een zaal van honderd telefoons kan meedoen.")
    sys.stdout.flush()
    command = voila_command(host, port, participants)
    os.execve(command[0], command, voila_env(workspace, host))
