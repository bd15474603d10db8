"""The kernel behind ``kit serve``'s pages: ipykernel, with a watch on its shell socket.

``kit serve`` puts ``kit/share/jupyter`` first on the Jupyter path, so its
``kernels/python3/kernel.json`` starts every page's kernel as ``python -m kit.kernel``.

ipykernel reads requests from its shell socket through a ``ZMQStream``, which wakes on
the socket's edge-triggered signal. Whatever else takes that signal in (a send on the
same socket, a look at its events from another thread) without handing the waiting
request to the stream leaves the request unread while the kernel idles; the page that
sent it waits. ipykernel 7.4 fixed the known case (its own replies, ipykernel #1529); a
check like this one still found such a request once in about ten runs of the browser
tests, cause unknown. Once a second :class:`ShellWatch` looks whether a request waits
with no signal pending and, if it still does a moment later, hands it to the stream
(``ZMQStream.flush``) and says so in the server log.

The kernel keeps no IPython history database (:func:`kernel_config`): every kernel of
every page wrote each cell into the one ``~/.ipython/profile_default/history.sqlite``, and
under load the history thread printed "The history saving thread hit an unexpected error
(OperationalError('database is locked'))" in English at the top of pages. A page has no
use for that history; nbclient's kernels (papermill's reports) keep it in memory for the
same reason.
"""

from __future__ import annotations

import select
import sys
from typing import Any, Callable

import zmq

WATCH_INTERVAL_MS = 1000
CONFIRM_S = 0.2  # a stream that has scheduled itself for its next message gets this long to take it
RESCUED_MESSAGE = "kit: een verzoek aan de kernel bleef liggen en is alsnog opgepakt"


def signal_pending(socket: zmq.Socket) -> bool:
    """True when the socket's wake-up signal is set (looking does not take it in)."""
    poller = select.poll()
    poller.register(socket.FD, select.POLLIN)
    return bool(poller.poll(0))


def unread(stream: Any) -> bool:
    """A message waits for a stream that wants it, and no wake-up is on its way."""
    if stream.closed() or not stream.receiving() or signal_pending(stream.socket):
        return False
    return bool(stream.socket.get(zmq.EVENTS) & zmq.POLLIN)


class ShellWatch:
    """Checks one ``ZMQStream`` from the thread of its own IO loop; see the module docstring."""

    def __init__(self, stream: Any, call_later: Callable[[float, Callable[[], None]], Any],
                 report: Callable[[str], None] | None = None):
        self.stream = stream
        self._call_later = call_later
        self._report = report or (lambda text: print(text, file=sys.__stderr__, flush=True))
        self._confirming = False
        self.rescued = 0

    def check(self) -> None:
        if self._confirming or not unread(self.stream):
            return
        self._confirming = True  # looking took the signal in: from here the watch must hand the message over
        self._call_later(CONFIRM_S, self._confirm)

    def _confirm(self) -> None:
        self._confirming = False
        if self.stream.closed():
            return
        if unread(self.stream):
            self.rescued += 1
            self._report(RESCUED_MESSAGE)
        if self.stream.receiving():
            self.stream.flush(zmq.POLLIN)  # safe when nothing waits; needed if looking took in a new signal


def watch_shell(kernel: Any) -> None:
    """Start a :class:`ShellWatch` on the kernel's shell stream, in the thread that reads it."""
    from tornado.ioloop import PeriodicCallback

    stream = kernel.shell_stream
    io_loop = stream.io_loop

    def start() -> None:
        watch = ShellWatch(stream, io_loop.call_later)
        kernel.kit_shell_watch = watch
        PeriodicCallback(watch.check, WATCH_INTERVAL_MS).start()

    io_loop.add_callback(start)


def kernel_config():
    """The kernel's configuration: no history database (see the module docstring)."""
    from traitlets.config import Config

    config = Config()
    config.HistoryManager.enabled = False
    return config


def main() -> None:
    """``python -m kit.kernel -f CONNECTION_FILE``: ipykernel with :func:`watch_shell`, stack dumps, no history database."""
    if sys.path and sys.path[0] == "":  # as ipykernel_launcher: the working directory comes back later
        del sys.path[0]
    from ipykernel.kernelapp import IPKernelApp

    from kit.diagnostics import enable_stack_dumps

    enable_stack_dumps()  # kill -USR1 <kernel pid>: where this kernel is, in the server log
    app = IPKernelApp.instance(config=kernel_config())
    app.initialize()
    watch_shell(app.kernel)
    app.start()


if __name__ == "__main__":
    main()
