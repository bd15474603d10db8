"""Small building blocks for the workshop apps (ipywidgets): text shown as text, messages, safe callbacks.

Everything a participant typed goes into the page through :func:`user_text` or
:func:`esc` (``html.escape``), or through widgets that only take plain text. Every
callback runs through :func:`attempt` or :func:`safe`, so an error becomes a Dutch
message and never a traceback in a live workshop.
"""

from __future__ import annotations

import functools
import html
import sys
import traceback
from typing import Any, Callable

import ipywidgets as w

from kit.errors import KitError

GENERIC_ERROR = ("Dat lukte niet door een fout in de kit. Probeer het nog eens; lukt het weer niet, meld het dan "
                 "aan de begeleider. Wat je eerder hebt ingevoerd, is bewaard.")


def esc(text: object) -> str:
    """``text`` escaped for HTML (quotes too)."""
    return html.escape(str(text), quote=True)


def classed(widget: w.DOMWidget, *classes: str) -> Any:
    """``widget`` with the CSS classes added (``kit-…``), for styling and tests."""
    for name in classes:
        widget.add_class(name)
    return widget


def markup(value: str, *classes: str) -> w.HTML:
    """An HTML widget for markup the kit built itself (user text already escaped)."""
    return classed(w.HTML(value=value), *classes)


def user_text(text: str, *classes: str) -> w.HTML:
    """Text a person typed, shown as text (escaped; line breaks kept by CSS)."""
    return classed(w.HTML(value=f'<div class="kit-usertext">{esc(text)}</div>'), *classes)


def button(label: str, *classes: str, style: str = "", tooltip: str = "") -> w.Button:
    """A button with a Dutch label and ``kit-`` classes."""
    return classed(w.Button(description=label, button_style=style, tooltip=tooltip or label), "kit-button", *classes)


class Notice:
    """A message line under a form: confirmation, warning or nothing."""

    def __init__(self, *classes: str):
        self.widget = classed(w.HTML(value=""), "kit-message", *classes)

    def ok(self, message: str) -> None:
        self.widget.value = f'<div class="kit-msg kit-msg-ok" role="status">{esc(message)}</div>'

    def error(self, message: str) -> None:
        lines = "<br>".join(esc(line) for line in str(message).splitlines())
        self.widget.value = f'<div class="kit-msg kit-msg-error" role="alert">{lines}</div>'

    def clear(self) -> None:
        self.widget.value = ""


def attempt(notice: Notice | None, action: Callable[[], Any]) -> bool:
    """Run ``action``; an error becomes a Dutch message in ``notice``. True when it succeeded."""
    try:
        action()
    except KitError as exc:
        if notice is not None:
            notice.error(str(exc))
        return False
    except Exception:  # never crash a live workshop; details go to the server log
        traceback.print_exc(file=sys.stderr)
        if notice is not None:
            notice.error(GENERIC_ERROR)
        return False
    return True


def safe(callback: Callable[..., Any]) -> Callable[..., Any]:
    """Last line of defence for a widget callback: log any error to the server log, show nothing raw."""

    @functools.wraps(callback)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return callback(*args, **kwargs)
        except Exception:
            traceback.print_exc(file=sys.stderr)
            return None

    return wrapper
