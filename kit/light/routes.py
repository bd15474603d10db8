"""Where the light participant pages live, and their links.

Every participant link is made by :func:`kit.live.header.participant_link`, which puts
:func:`participant_link` here on the apps' public address.

A page is ``<server>/mee/<exercise>?school=<id>&code=<join code>``: ``visie``, ``signaleren``
and ``actieplan``, one per live course step. The school and code travel in the query string,
so the join page's plain GET form (``kit/templates/join_gate.html.j2``) leads straight to it.
This module imports nothing heavy: the server, the CLI and the kernels all use it.
"""

from __future__ import annotations

import os
from urllib.parse import urlencode, urlsplit, urlunsplit

PREFIX = "mee"
EXERCISES = {"01_visie": "visie", "02_signaleren": "signaleren", "04_actieplan": "actieplan"}
NOTEBOOKS = {exercise: notebook for notebook, exercise in EXERCISES.items()}
STATE = "staat"  # /mee/<exercise>/staat: the live state as JSON


def exercise_of(notebook: str) -> str:
    """``"visie"`` for ``"01_visie"`` or ``"01_visie.ipynb"``; KeyError for a page without a light page."""
    return EXERCISES[notebook.removesuffix(".ipynb")]


def light_path(notebook: str, base_url: str = "/") -> str:
    """The path of the light page of ``notebook`` under the server's ``base_url``: ``/mee/visie``."""
    return f"{base_url.rstrip('/')}/{PREFIX}/{exercise_of(notebook)}"


def page_query(school_id: str, code: str) -> str:
    return urlencode({"school": school_id, "code": code})


def participant_link(school_id: str, code: str, notebook: str, base: str | None = None) -> str:
    """The address participants open for ``notebook``'s exercise: its light page with the school and join code.

    ``base`` is the server's root address (``http://127.0.0.1:8866/``) or a prefix relative to
    the page the link is shown on (``../../`` from a Voila page). By default it is the root of
    the Voila page this code runs in (its ``VOILA_REQUEST_URL``), and outside Voila the link is
    relative (``mee/visie?...``).
    """
    query = page_query(school_id, code)
    path = f"{PREFIX}/{exercise_of(notebook)}"
    if base is None:
        parts = urlsplit(os.environ.get("VOILA_REQUEST_URL", ""))
        if not parts.scheme or not parts.netloc:
            return f"{path}?{query}"
        root = parts.path.split("voila/", 1)[0] if "voila/" in parts.path else "/"
        return urlunsplit((parts.scheme, parts.netloc, f"{root.rstrip('/')}/{path}", query, ""))
    prefix = base if not base or base.endswith("/") else base + "/"
    return f"{prefix}{path}?{query}"
