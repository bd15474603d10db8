"""Whether an open page's facilitator key still works, checked when the page acts on it.

``kit serve``'s gate (:mod:`kit.join_gate`) lets a page start only with a working key;
this is for the page that stays open while its key is revoked (the workshop is closed,
a newer one started, the key replaced): its next action (an upload, a download) says so
in Dutch instead of doing it.
"""

from __future__ import annotations

import html
from typing import Any, Callable


def key_problem(page: Any) -> str | None:
    """None while ``page``'s key works; else a Dutch message box (HTML) that says why it does not."""
    from kit.errors import KitError
    from kit.workshop import RevokedKeyError, Store, facilitator_access

    key = page.link_params.get("key", "")
    try:
        with Store(page.school_dir, create=False) as store:
            facilitator_access(store, key)
    except RevokedKeyError as exc:
        return notice("Deze begeleiderslink werkt niet meer", exc.message, exc.hint or "")
    except KitError as exc:
        return notice("Deze begeleiderslink werkt niet", exc.message, exc.hint or "")
    return None


def while_key_works(page: Any, produce: Callable[[], Any]) -> Callable[[], Any]:
    """``produce`` for a download button, after the check that ``page``'s key still works (else the notice)."""

    def run() -> Any:
        problem = key_problem(page)
        return problem if problem is not None else produce()

    return run


def notice(title: str, message: str, hint: str) -> str:
    """The box itself (every text escaped)."""
    return (f'<div class="kit-box kit-error kit-key-revoked" role="alert"><strong>{html.escape(title)}</strong>'
            f"<p>{html.escape(message)}</p><p>{html.escape(hint)}</p></div>")
