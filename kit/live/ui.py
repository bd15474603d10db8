"""Small building blocks for the workshop apps (ipywidgets): text shown as text, messages, safe callbacks.

Everything a participant typed goes into the page through :func:`user_text` or
:func:`esc` (``html.escape``), or through widgets that only take plain text. Every
callback runs through :func:`attempt` or :func:`safe`, so an error becomes a Dutch
message and never a traceback in a live workshop.
"""

from __future__ import annotations

import functools
import html
import itertools
import sys
import threading
import traceback
from typing import Any, Callable, Sequence

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


def button(label: str, *classes: str, style: str = "", tooltip: str = "", name: str = "") -> w.Button:
    """A button with a Dutch label and ``kit-`` classes.

    ``name`` is the accessible name where the label alone is ambiguous (one "Verbergen" per
    statement): it starts with the visible label, so speech input still finds the button
    ("Verbergen: uitspraak …"). The page's script (Voila template ``a11y.html.j2``) makes it
    the button's ``aria-label``; it also shows as the tooltip.
    """
    widget = classed(w.Button(description=label, button_style=style, tooltip=name or tooltip or label),
                     "kit-button", *classes)
    return classed(widget, "kit-named") if name else widget


def labelled(widget: w.DOMWidget, text: str, *, shown: bool = True, hint: str = "") -> Any:
    """``widget`` with ``text`` as its own label: ipywidgets' ``description``, a ``<label for>`` of the control.

    A screen reader announces it and a click on it focuses the control. ``shown=False`` keeps it
    for assistive technology only, where the page already shows the label beside the control
    (the stelling above its answer scale). ``hint`` follows the label in smaller type.
    """
    widget.description = text
    if hint:
        widget.description_allow_html = True
        widget.description = f'{esc(text)} <span class="kit-form-hint">{esc(hint)}</span>'
    widget.style.description_width = "initial"
    return classed(widget, "kit-stacked" if shown else "kit-label-hidden")


_focus_counter = itertools.count(1)
_enter_counter = itertools.count(1)


def focus(widget: w.DOMWidget) -> None:
    """Move the keyboard focus to ``widget`` (its first control) once it is on the page.

    A fresh class ``kit-focus-<n>`` asks the page's script (``a11y.html.j2``) for it: a class
    is the one thing ipywidgets syncs to the DOM that a script can watch.
    """
    for name in [c for c in widget._dom_classes if c.startswith("kit-focus-")]:
        widget.remove_class(name)
    widget.add_class(f"kit-focus-{next(_focus_counter)}")


def enter_submits(submit: w.Button, *fields: w.DOMWidget) -> None:
    """Enter in any of ``fields`` presses ``submit`` (Shift+Enter still makes a new line in a text box)."""
    number = next(_enter_counter)
    for field in fields:
        field.add_class(f"kit-enter-{number}")
    submit.add_class(f"kit-submit-{number}")


class Notice:
    """A message line under a form: confirmation, warning or nothing.

    With ``transient`` (seconds) a confirmation disappears by itself after that time and an
    error after twice that time, unless a newer message replaced it; ``on_clear`` then runs
    too (to hide an undo button that belongs to the message).
    """

    def __init__(self, *classes: str, transient: float | None = None, on_clear: Callable[[], None] | None = None):
        self.widget = classed(w.HTML(value=""), "kit-message", *classes)
        self.transient = transient
        self.on_clear = on_clear
        self._shown = 0  # counts messages, so a timer clears only the message it was started for

    def ok(self, message: str) -> None:
        self._show(f'<div class="kit-msg kit-msg-ok" role="status">{esc(message)}</div>', 1)

    def error(self, message: str) -> None:
        lines = "<br>".join(esc(line) for line in str(message).splitlines())
        self._show(f'<div class="kit-msg kit-msg-error" role="alert">{lines}</div>', 2)

    def clear(self) -> None:
        self._shown += 1
        self.widget.value = ""

    def _show(self, markup_: str, factor: int) -> None:
        self._shown += 1
        self.widget.value = markup_
        if self.transient:
            timer = threading.Timer(self.transient * factor, self._expire, args=(self._shown,))
            timer.daemon = True
            timer.start()

    def _expire(self, shown: int) -> None:
        if shown != self._shown:
            return
        self.clear()
        if self.on_clear is not None:
            try:
                self.on_clear()
            except Exception:  # a timer thread must never raise into the kernel's output
                traceback.print_exc(file=sys.stderr)


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


def titled_tabs(tabs: w.Tab, titles: Sequence[str]) -> w.Tab:
    """Give each tab its title, and its panel a heading with that title for screen readers.

    A tab's panel then opens with an ``<h2>`` (visually hidden: the tab shows the title), so
    the headings inside it (``<h3>``) follow the page's ``<h1>`` without a skipped level.
    """
    for index, (title, panel) in enumerate(zip(titles, tabs.children)):
        tabs.set_title(index, title)
        heading = markup(f'<h2 class="kit-visually-hidden">{esc(title)}</h2>', "kit-tab-heading")
        if isinstance(panel, w.Box) and not any("kit-tab-heading" in c._dom_classes for c in panel.children):
            panel.children = (heading, *panel.children)
    return tabs
