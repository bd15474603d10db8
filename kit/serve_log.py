"""What the terminal of ``kit serve`` shows: what a facilitator needs, in Dutch; the rest goes to a file.

Voila writes a line for every kernel it starts, fills, hands out and shuts down ("Kernel
started: ...", "Starting buffering for ...", "Kernel pool of ... is filled"), dozens in a
workshop. In a terminal (or with ``KIT_SERVE_LOG=kort``) those lines are left out of the
console; warnings and errors still show there, and the whole log goes to
``WORKSPACE/kit-serve.log``. When the output goes to a file or a pipe (a service, the
tests) the console keeps the whole log, unless ``KIT_SERVE_LOG=kort``; ``KIT_SERVE_LOG=volledig``
keeps it everywhere.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

LOG_NAME = "kit-serve.log"
LOG_MODE_ENV = "KIT_SERVE_LOG"
LOG_MAX_BYTES = 5_000_000
APP_LOGGER = "Voila"


def quiet_console(stream=None) -> bool:
    """True when the console gets only warnings and errors (a terminal, or ``KIT_SERVE_LOG=kort``)."""
    mode = os.environ.get(LOG_MODE_ENV, "").strip().lower()
    if mode in ("kort", "short"):
        return True
    if mode in ("volledig", "full"):
        return False
    stream = stream or sys.stdout
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


class ConsoleFilter(logging.Filter):
    """Let through to the console only warnings and errors (the per-kernel lines are INFO)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno >= logging.WARNING


def log_path(workspace: Path) -> Path:
    return Path(workspace) / LOG_NAME


def logging_config(workspace: Path) -> dict:
    """Voila's ``logging_config`` for a quiet console: the filter on its console, everything to the file.

    Merged by traitlets into Voila's own configuration (which defines the ``console`` handler).
    The root logger (Tornado's and the kit's own loggers) gets the same file and a console
    handler for warnings and errors, as Python's last-resort handler gave before.
    """
    file_handler = {"class": "logging.handlers.RotatingFileHandler", "level": "INFO", "formatter": "file",
                    "filename": str(log_path(workspace)), "maxBytes": LOG_MAX_BYTES, "backupCount": 1,
                    "encoding": "utf-8"}
    return {
        "filters": {"kit_console": {"()": "kit.serve_log.ConsoleFilter"}},
        "formatters": {"file": {"format": "%(asctime)s %(levelname)s [%(name)s] %(message)s"},
                       "plain": {"format": "[%(name)s] %(message)s"}},
        "handlers": {
            "console": {"filters": ["kit_console"]},
            "kit_file": file_handler,
            "kit_root_console": {"class": "logging.StreamHandler", "level": "WARNING", "formatter": "plain",
                                 "stream": "ext://sys.stderr"},
        },
        "loggers": {APP_LOGGER: {"level": "DEBUG", "handlers": ["console", "kit_file"]}},
        "root": {"level": "INFO", "handlers": ["kit_root_console", "kit_file"]},
    }


def start_block(host: str, port: int, public: str, workspace: Path, schools: list[str], participants: int,
                quiet: bool) -> str:
    """The Dutch lines ``kit serve`` prints when it starts: where the apps are and how to stop."""
    from kit.serve import page_url
    from kit.serve_address import ALL_ADDRESSES, local_only

    here = "127.0.0.1" if host in ALL_ADDRESSES else host
    lines = ["Kit Sociale Veiligheid: de apps starten.", "",
             f"  Op deze computer:    http://{here}:{port}/"]
    if local_only(public):
        if host in ALL_ADDRESSES:
            lines.append("  Voor de deelnemers:  deze computer heeft geen netwerkadres; verbind hem met het "
                         "netwerk van de zaal en start opnieuw.")
        else:
            lines.append("  Voor de deelnemers:  nog niet bereikbaar. Voor een zaal: kit serve --host 0.0.0.0")
    else:
        lines.append(f"  Voor de deelnemers:  {public}/m/<deelnamecode>  (ook als QR-code op de beamer)")
    lines += ["", f"  Werkmap: {workspace}"]
    if schools:
        lines.append("  Links met uw begeleiderssleutel, per stap: kit workshop open <school>")
        lines.append("  Startpagina per school:")
        lines += [f"    {school_id}: {page_url(here, port, '00_start.ipynb', school=school_id)}"
                  for school_id in schools]
        lines.append("  Overzicht voor het bestuur (alle scholen): de link met de bestuurssleutel geeft kit bestuur")
    else:
        lines.append("  Er staan nog geen scholen in de werkmap. Maak er een met 'kit school new <id>' of 'kit demo'.")
    if participants > 0:
        lines.append(f"  Per workshoppagina van de begeleider staan {participants} kernels klaar. Deelnemers "
                     "gebruiken lichte pagina's zonder kernel: ook een zaal vol telefoons kan meedoen.")
    lines.append("")
    if quiet:
        lines.append(f"  Hier verschijnen alleen waarschuwingen en fouten; het volledige log: {log_path(workspace)}")
    lines.append("  Stoppen: Ctrl+C in dit venster.")
    return "\n".join(lines)


def ready_line(public: str) -> str:
    """The line printed once the server listens."""
    from kit.serve_address import local_only

    if not public or local_only(public):
        return "De kit is klaar."
    return f"De kit is klaar. Deelnemers openen {public}/m/<deelnamecode> of scannen de QR-code op de beamer."
