"""Where is it stuck? ``kill -USR1 <pid>`` makes a kit serve process write its stacks to the server log.

A page that never finishes loading leaves nothing in the log by itself. With this,
the server (``kit.voila_server``) writes the stack of every thread and of every
pending asyncio task (a page being rendered is one), and a page's kernel
(``kit.kernel``, from its start) writes the stack of every thread: the cell it is
running and the page's background threads. The tests do this for a failed browser
test; an operator can do it by hand. Nothing happens until the signal comes.
"""

from __future__ import annotations

import asyncio
import faulthandler
import signal
import sys

DUMP_SIGNAL = getattr(signal, "SIGUSR1", None)  # not on Windows: then there is nothing to enable


def enable_stack_dumps() -> bool:
    """In a kernel: the signal writes every thread's stack to stderr. True when enabled."""
    if DUMP_SIGNAL is None:
        return False
    faulthandler.register(DUMP_SIGNAL, file=sys.__stderr__, all_threads=True, chain=False)
    return True


def dump_server_stacks(loop: asyncio.AbstractEventLoop, file=None) -> None:
    """Write every thread's stack and every pending asyncio task's stack to ``file`` (stderr)."""
    out = file or sys.__stderr__
    print("kit: stacks of the server's threads", file=out)
    faulthandler.dump_traceback(file=out, all_threads=True)
    tasks = [task for task in asyncio.all_tasks(loop) if not task.done()]
    print(f"kit: {len(tasks)} pending asyncio tasks", file=out)
    for task in tasks:
        task.print_stack(limit=12, file=out)
    out.flush()


def enable_server_stack_dumps() -> bool:
    """In the server, once its event loop exists: the signal calls :func:`dump_server_stacks`."""
    if DUMP_SIGNAL is None:
        return False
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(DUMP_SIGNAL, dump_server_stacks, loop)
    return True
