"""Who a participant is on the light pages: the participant token in a cookie, one per school and join code.

The token is the store's own (:func:`kit.workshop.join` makes it, :func:`kit.workshop.resume`
checks it). The cookie is HttpOnly (no script reads it), SameSite=Lax (another site cannot
post a form with it) and lives under ``/mee/``; its name holds the school and the code, so
one phone can take part in two schools' workshops, and a reload, a second tab or another
exercise of the same workshop continues as the same person.
"""

from __future__ import annotations

import re
from typing import Any

from kit.light.routes import PREFIX

COOKIE_PREFIX = "kit-deelnemer-"
KEEP_DAYS = 30  # a workshop runs a day or a few meetings; a newer workshop has another code anyway
_TOKEN = re.compile(r"[A-Za-z0-9_-]{22}")  # kit.workshop.codes.check_participant_token's form


def cookie_name(school_id: str, code: str) -> str:
    """``kit-deelnemer-<school>-<code>`` (school ids are slugs, codes canonical: both safe in a cookie name)."""
    return f"{COOKIE_PREFIX}{school_id}-{code}"


def cookie_path(base_url: str = "/") -> str:
    return f"{base_url.rstrip('/')}/{PREFIX}/"


def read_token(handler: Any, school_id: str, code: str) -> str | None:
    """The token this browser keeps for the workshop, if it has one of the right form."""
    value = handler.get_cookie(cookie_name(school_id, code))
    return value if value and _TOKEN.fullmatch(value) else None


def remember(handler: Any, school_id: str, code: str, token: str) -> None:
    """Keep ``token`` in this browser for the workshop (HttpOnly, SameSite=Lax, Secure over HTTPS)."""
    handler.set_cookie(cookie_name(school_id, code), token, path=cookie_path(handler.settings.get("base_url", "/")),
                       expires_days=KEEP_DAYS, httponly=True, samesite="Lax",
                       secure=handler.request.protocol == "https")


def forget(handler: Any, school_id: str, code: str) -> None:
    """This browser no longer takes part as that person (someone else uses it, or the token is unknown)."""
    handler.clear_cookie(cookie_name(school_id, code), path=cookie_path(handler.settings.get("base_url", "/")),
                         httponly=True, samesite="Lax")
