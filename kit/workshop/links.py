"""The links ``kit workshop open`` and ``kit workshop key`` print: every step, on the server's real address.

Where the apps are comes from the running ``kit serve`` of the school's workspace (its
runtime file, :mod:`kit.serve_runtime`), from ``--host``/``--port``, or else the default
address with a note that the server does not run yet. Participants get the short join
address and a link per live step (with the join code, never the key, through
:func:`kit.live.header.participant_link`); the facilitator gets a link per step of the
course, the start page included, each with the key.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

from kit.workshop.cli import LIVE_STEPS  # the course steps with a live workshop app

START = ("00_start", "Startpagina")


@dataclass(frozen=True)
class AppsAddress:
    """Where the apps are (``http://host:port``) and, when it is a guess, a Dutch note that says so."""

    base: str
    note: str = ""


def apps_address(workspace: Path, host: str | None = None, port: int | None = None) -> AppsAddress:
    """The address of the apps: ``--host``/``--port`` when given, else the running server's, else the default."""
    from kit.serve import DEFAULT_HOST, DEFAULT_PORT
    from kit.serve_address import public_url
    from kit.serve_runtime import running_server

    running = running_server(workspace)
    if host is None and port is None and running is not None:
        return AppsAddress(running.public_url)
    if host is not None or port is not None:
        if running is not None:
            host = running.host if host is None else host
            port = running.port if port is None else port
        return AppsAddress(public_url(host or DEFAULT_HOST, port or DEFAULT_PORT))
    base = public_url(DEFAULT_HOST, DEFAULT_PORT)
    return AppsAddress(base, f"Let op: kit serve draait nog niet voor deze werkmap; de links gaan uit van {base} "
                             "(kit serve zonder opties). Start kit serve en vraag de links opnieuw op "
                             "(kit workshop key SCHOOL), of geef --host en --port.")


def steps() -> list[tuple[str, str]]:
    """(notebook, ``"2. Signaleren en handelen"``) for the start page and every available course step."""
    from kit.course import STEPS

    return [START] + [(s.notebook, f"{s.number}. {s.title}") for s in STEPS if s.available]


def facilitator_links(base: str, school_id: str, key: str) -> list[tuple[str, str, str]]:
    """(notebook, title, address with the key) for every step of the course, the start page first."""
    return [(notebook, title, f"{base}/voila/render/{notebook}.ipynb?{urlencode({'school': school_id, 'key': key})}")
            for notebook, title in steps()]


def participant_links(base: str, school_id: str, code: str) -> list[tuple[str, str, str]]:
    """(notebook, title, address with the join code) for every live step."""
    from kit.live.header import participant_link

    return [(notebook, title, participant_link(school_id, code, f"{notebook}.ipynb", base=base))
            for notebook, title in steps() if notebook in LIVE_STEPS]
