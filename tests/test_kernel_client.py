"""kit.kernel_client: a reply that arrives while the client sends on the same socket wakes the waiting reader.

The scene is the one that hung a page: nbclient waits for a cell's reply on the shell
socket; the reply arrives; before the event loop looks, nbclient sends on the same
socket (an Output widget's new state). A ROUTER socket plays the kernel.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from queue import Empty

import zmq
import zmq.asyncio
from jupyter_client.channels import AsyncZMQSocketChannel
from jupyter_client.session import Session

from benchmarks.participant import run_in_thread
from kit.kernel_client import WakingChannel

WAIT_S = 3.0  # far longer than a local reply takes; here the reply is there after 0.2 s
NOT_WOKEN = "nothing: the reader was not woken"


@contextlib.asynccontextmanager
async def waiting_for_a_reply(channel_class: type):
    """A channel of ``channel_class`` waiting for its reply, and a callable that makes the reply arrive unseen.

    The reply is delivered and signalled while the event loop is blocked, so nobody has
    looked at the socket yet when the caller acts.
    """
    context = zmq.asyncio.Context()
    session = Session(key=b"test")
    kernel = zmq.Context.instance().socket(zmq.ROUTER)
    client = context.socket(zmq.DEALER)
    try:
        port = kernel.bind_to_random_port("tcp://127.0.0.1")
        client.connect(f"tcp://127.0.0.1:{port}")
        channel = channel_class(client, session)
        channel.send(session.msg("kernel_info_request"))
        ident, request = session.recv(kernel, mode=0)
        waiting = asyncio.ensure_future(channel.get_msg(timeout=WAIT_S))
        await asyncio.sleep(0.1)  # the loop now watches the socket for the reply

        def reply_arrives() -> None:
            session.send(kernel, "kernel_info_reply", {"status": "ok"}, parent=request, ident=ident)
            time.sleep(0.2)  # blocks the loop: delivered and signalled, not yet looked at

        yield channel, waiting, reply_arrives
    finally:
        client.close(linger=0)
        kernel.close(linger=0)
        context.term()


async def outcome(waiting: asyncio.Future) -> str:
    try:
        return (await asyncio.wait_for(waiting, WAIT_S / 2))["msg_type"]
    except (asyncio.TimeoutError, Empty):
        return NOT_WOKEN


async def reply_during_a_send(channel_class: type) -> str:
    async with waiting_for_a_reply(channel_class) as (channel, waiting, reply_arrives):
        reply_arrives()
        channel.send(channel.session.msg("comm_msg", {"comm_id": "x", "data": {}}))  # nbclient's Output widget sync
        return await outcome(waiting)


def test_a_reply_that_arrives_during_a_send_wakes_the_waiting_reader():
    assert run_in_thread(lambda: reply_during_a_send(WakingChannel)) == "kernel_info_reply"


def test_jupyter_clients_own_channel_leaves_that_reply_unseen():
    """Why kit.kernel_client exists. Should this fail, jupyter_client or pyzmq fixed it and the module can go."""
    assert run_in_thread(lambda: reply_during_a_send(AsyncZMQSocketChannel)) == NOT_WOKEN


def test_asking_whether_a_message_is_ready_wakes_the_reader_too():
    async def scene() -> tuple[bool, str]:
        async with waiting_for_a_reply(WakingChannel) as (channel, waiting, reply_arrives):
            reply_arrives()
            ready = await channel.msg_ready()  # a poll with timeout 0 takes in the reply's signal
            return ready, await outcome(waiting)

    assert run_in_thread(scene) == (True, "kernel_info_reply")
