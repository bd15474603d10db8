"""Background work of a live page: a daemon thread that polls the store, and the browser-storage bridge.

Voila gives every page its own kernel and executes the notebook before showing it;
after that, widget callbacks and a background thread keep the page alive. A
:class:`Poller` calls ``tick`` every few seconds (reading the database that all
pages share) and dies with the kernel. :class:`BrowserStorage` keeps one small value
(the participant token) in the browser's ``localStorage`` and reads it back into
the kernel through a hidden Text widget, so a reload continues as the same person.
"""

from __future__ import annotations

import json
import sys
import threading
import traceback
import uuid
from typing import Callable

import ipywidgets as w
from IPython.display import Javascript, display

NOTHING = "-"  # what the browser sends back when it has nothing stored


class StopPolling(Exception):
    """Raised by a poller's ``tick`` to end the polling for good (the page has nothing more to show)."""


class Poller:
    """Call ``tick()`` every ``interval`` seconds in a daemon thread until :meth:`stop`.

    An error in ``tick`` is logged and passed to ``on_error`` (if given); polling goes on.
    """

    def __init__(self, interval: float, tick: Callable[[], None], on_error: Callable[[], None] | None = None):
        self.interval = interval
        self._tick = tick
        self._on_error = on_error
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="kit-poller", daemon=True)

    def start(self) -> "Poller":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                self._tick()
            except StopPolling:
                return
            except Exception:
                traceback.print_exc(file=sys.stderr)
                if self._on_error is not None:
                    try:
                        self._on_error()
                    except Exception:
                        traceback.print_exc(file=sys.stderr)


_READ_JS = """
(function () {
  var key = %(key)s, selector = %(selector)s, tries = 0;
  var timer = setInterval(function () {
    var input = document.querySelector(selector);
    if (!input) { if (++tries > 600) { clearInterval(timer); } return; }
    clearInterval(timer);
    var value = null;
    try { value = window.localStorage.getItem(key); } catch (e) { value = null; }
    input.value = value || %(nothing)s;
    input.dispatchEvent(new Event("input", {bubbles: true}));
  }, 50);
})();
"""

_WRITE_JS = """
(function () {
  try { window.localStorage.setItem(%(key)s, %(value)s); } catch (e) {}
})();
"""

_FORGET_JS = """
(function () {
  try { window.localStorage.removeItem(%(key)s); } catch (e) {}
})();
"""


class BrowserStorage:
    """One value in the browser's ``localStorage`` under ``key``, readable from the kernel.

    :meth:`load` asks the browser; ``on_value`` is then called once, with the stored
    string or None (nothing stored, storage blocked, or no answer within ``timeout``
    seconds). Display :attr:`widget` on the page before calling :meth:`load`.
    """

    def __init__(self, key: str, on_value: Callable[[str | None], None], timeout: float = 45.0):
        self.key = key
        self._on_value = on_value
        self._timeout = timeout
        self._answered = False
        self._lock = threading.Lock()
        self._marker = f"kit-bridge-{uuid.uuid4().hex[:12]}"
        self._input = w.Text(value="", layout=w.Layout(display="none"))
        self._input.add_class("kit-bridge")
        self._input.add_class(self._marker)
        self._script = w.Output(layout=w.Layout(display="none"))
        self.widget = w.Box([self._input, self._script], layout=w.Layout(display="none"))
        self._input.observe(self._received, "value")

    def load(self) -> None:
        self._run(_READ_JS % {"key": json.dumps(self.key), "selector": json.dumps(f".{self._marker} input"),
                              "nothing": json.dumps(NOTHING)})
        timer = threading.Timer(self._timeout, self._answer, args=(None,))
        timer.daemon = True
        timer.start()

    def save(self, value: str) -> None:
        self._run(_WRITE_JS % {"key": json.dumps(self.key), "value": json.dumps(value)})

    def forget(self) -> None:
        self._run(_FORGET_JS % {"key": json.dumps(self.key)})

    def _run(self, script: str) -> None:
        self._script.clear_output()
        with self._script:
            display(Javascript(script))

    def _received(self, change: dict) -> None:
        value = change["new"]
        if value:
            self._answer(None if value == NOTHING else value)

    def _answer(self, value: str | None) -> None:
        with self._lock:
            if self._answered:
                return
            self._answered = True
        try:
            self._on_value(value)
        except Exception:
            traceback.print_exc(file=sys.stderr)


def storage_key(school_id: str, code: str) -> str:
    """The ``localStorage`` key under which a browser keeps its participant token for one workshop.

    The vision and action-plan pages share it, so a participant who joined one is the same person in the other.
    """
    return f"kit-visie:{school_id}:{code}"
