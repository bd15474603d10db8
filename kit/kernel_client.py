"""The kernel client behind ``kit serve``'s pages: no reply from a kernel goes unnoticed.

Voila runs a page's cells with nbclient, which waits for each cell's reply on the
kernel's shell socket, a ``zmq.asyncio`` socket. jupyter_client sends its own messages
on that same socket through a plain, synchronous view of it (``Session.send``), and
nbclient does so while it waits: when a cell writes into an ``Output`` widget, nbclient
sends the kernel the widget's new state. A ZeroMQ send also takes in what has arrived
on the socket, which clears the socket's wake-up signal. pyzmq's own asyncio send looks
at the socket again afterwards; the plain view does not. A reply that arrived during
such a send then sits in the socket while nothing wakes the page that waits for it: the
page hangs until the cell's time limit, or for good in the cell where a pooled kernel
waits (seen about once in eight runs of the browser tests, and in the benchmarks).

:class:`WakingChannel` looks at the socket again after every send, as pyzmq's own send
does, so a waiting reader is woken. :func:`kit.voila_server.voila_config` makes every
kernel client of the server a :class:`KitKernelClient`.
"""

from __future__ import annotations

from typing import Any

import zmq
from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.channels import AsyncZMQSocketChannel
from traitlets import Type


class WakingChannel(AsyncZMQSocketChannel):
    """An asyncio channel that wakes its waiting reader when a send took in a message."""

    def send(self, msg: dict[str, Any]) -> None:
        super().send(msg)
        self.wake_reader()

    async def msg_ready(self) -> bool:
        ready = await super().msg_ready()  # a poll with timeout 0 clears the signal too
        self.wake_reader()
        return ready

    def wake_reader(self) -> None:
        """Schedule the waiting reader if a message is waiting (pyzmq does so on reading ``EVENTS``)."""
        socket = self.socket
        if socket is not None and not socket.closed:
            socket.get(zmq.EVENTS)


class KitKernelClient(AsyncKernelClient):
    """jupyter_client's asyncio kernel client with :class:`WakingChannel` for the channels it sends on."""

    shell_channel_class = Type(WakingChannel)
    control_channel_class = Type(WakingChannel)
    stdin_channel_class = Type(WakingChannel)
