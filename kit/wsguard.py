"""A guard on the kernel websocket of ``kit serve``: a malformed binary frame is refused, never parsed.

The upstream bug (voila 0.5.13, jupyter_server 2.21.1)
------------------------------------------------------
A binary kernel message over the websocket starts with a header of offsets. Both readers
of that header trust it:

* jupyter_server's ``deserialize_msg_from_ws_v1`` (``services/kernels/connection/base.py``),
  for every binary frame a client sends on the ``v1.kernel.websocket.jupyter.org``
  protocol, reads the offset count from the first 8 bytes and builds a list of that many
  offsets (``[... for i in range(offset_number)]``) before looking at the frame's length;
* Voila's ``read_header_from_binary_message`` (``voila/tornado/kernel_websocket_handler.py``),
  for every binary message the server *sends*, does the same. On the old protocol (a client
  that asks for no subprotocol) the server sends binary messages in the old layout (a
  4-byte big-endian count), which Voila reads as a v1 header: the count becomes about
  10**18. Such a message is what a kernel sends back for any widget update with a binary
  buffer (ipywidgets' ``echo_update``).

Either way the server's only thread loops over an absurd count, stops answering every page
of every workshop and grows by many MB a second (11.2 GB seen). The page needs no code or key:
its kernel id is in the HTML.

Minimal reproduction (plain Voila, any notebook, no kit): open the page, take
``kernelId`` from its HTML, connect ``ws://HOST/api/kernels/<kernelId>/channels`` with
subprotocol ``v1.kernel.websocket.jupyter.org`` and send the binary frame
``b"\\xff" * 8 + b"\\x00" * 8``; a second request to the server now times out. The other
way: connect without a subprotocol and send a ``comm_msg`` ``update`` for a widget on the
page with one buffer (``buffer_paths [["_dom_classes"]]``), serialised with
jupyter_server's ``serialize_binary_message``. ``tests/test_wsguard.py`` does both against
a real ``kit serve``. When a fixed Voila and jupyter_server are in use, that test passes
without this module, and the module can go.

The guard
---------
:func:`install_ws_guard` replaces Voila's kernel websocket handler by
:func:`guarded_handler`'s subclass, which

* checks a binary frame's header (:func:`frame_problem`: count of offsets, every offset
  within the frame, in order, at most :data:`MAX_OFFSETS`) before jupyter_server parses it,
  and on a bad frame logs one Dutch line and closes the socket (code 1007);
* closes the socket in the same way when parsing a frame fails in any other way
  (malformed JSON, a text frame on the binary protocol), instead of a traceback;
* caps a websocket message at :data:`MAX_MESSAGE_BYTES` unless Tornado's
  ``websocket_max_message_size`` setting is given (Tornado closes a larger message with 1009);

and replaces Voila's header reader by :func:`read_v1_header`, which reads only a header it
has checked and returns nothing for any other message (which then passes on unfiltered, as
Voila does for messages it cannot read).
"""

from __future__ import annotations

import json
import logging
import struct
from typing import Any

V1_PROTOCOL = "v1.kernel.websocket.jupyter.org"
MAX_OFFSETS = 256  # a kernel message: channel, header, parent header, metadata, content, and its buffers
V1_MIN_OFFSETS = 6  # start, end of channel, end of header, parent header, metadata and content
# The survey upload sends its file (at most kit.survey.upload.UPLOAD_LIMIT_BYTES, 8 MiB) as one widget
# message with the file as binary buffer (UPLOAD_MESSAGE_BYTES, 10 MiB, with the message around it); the cap
# leaves a wide margin above that and stops what no page of the kit ever sends.
MAX_MESSAGE_BYTES = 24 * 1024 * 1024
CLOSE_CODE = 1007  # RFC 6455: data in a message inconsistent with its type
LOG = logging.getLogger("Voila")


def _v1_offsets(frame: bytes, minimum: int) -> tuple[list[int] | None, str | None]:
    """The offsets of a v1 frame, or the Dutch reason it has none that can be trusted."""
    if len(frame) < 8:
        return None, f"het bericht is te kort voor een kop ({len(frame)} bytes)"
    count = int.from_bytes(frame[:8], "little")
    if not minimum <= count <= MAX_OFFSETS:
        return None, f"de kop noemt {count} delen (toegestaan: {minimum} tot {MAX_OFFSETS})"
    start = 8 * (count + 1)
    if start > len(frame):
        return None, f"de kop ({start} bytes) is langer dan het bericht ({len(frame)} bytes)"
    offsets = [int.from_bytes(frame[8 * (i + 1): 8 * (i + 2)], "little") for i in range(count)]
    return offsets, _order_problem(offsets, start, len(frame))


def _order_problem(offsets: list[int], start: int, length: int) -> str | None:
    if offsets[0] != start:
        return f"het eerste deel begint op {offsets[0]} in plaats van direct na de kop ({start})"
    for before, after in zip(offsets, offsets[1:]):
        if after < before:
            return f"de delen staan niet op volgorde ({after} na {before})"
    if offsets[-1] > length:
        return f"een deel eindigt op {offsets[-1]}, voorbij het einde van het bericht ({length} bytes)"
    return None


def _legacy_problem(frame: bytes) -> str | None:
    """The Dutch reason a frame of the old protocol (4-byte big-endian count and offsets) is unsafe, or None."""
    if len(frame) < 4:
        return f"het bericht is te kort voor een kop ({len(frame)} bytes)"
    count = struct.unpack("!i", frame[:4])[0]
    if not 1 <= count <= MAX_OFFSETS:
        return f"de kop noemt {count} delen (toegestaan: 1 tot {MAX_OFFSETS})"
    start = 4 * (count + 1)
    if start > len(frame):
        return f"de kop ({start} bytes) is langer dan het bericht ({len(frame)} bytes)"
    offsets = list(struct.unpack(f"!{count}I", frame[4:start]))
    return _order_problem(offsets, start, len(frame))


def frame_problem(frame: bytes, subprotocol: str | None) -> str | None:
    """Why a binary frame from a client must not be parsed (Dutch), or None when its header is sound.

    ``subprotocol`` is the socket's: :data:`V1_PROTOCOL`, or None for the old protocol.
    """
    if subprotocol == V1_PROTOCOL:
        return _v1_offsets(frame, V1_MIN_OFFSETS)[1]
    return _legacy_problem(frame)


def read_v1_header(message: bytes) -> dict | None:
    """The header of a v1 message the server sends, or None; a safe ``read_header_from_binary_message``."""
    offsets, problem = _v1_offsets(message, 3)
    if problem or offsets is None:
        return None
    try:
        header = json.loads(message[offsets[1]: offsets[2]].decode("utf-8"))
    except ValueError:  # also UnicodeDecodeError
        return None
    return header if isinstance(header, dict) else None


def refusal_line(kernel_id: str, client: str, reason: str) -> str:
    """The one Dutch log line for a refused websocket message."""
    return (f"kit: een ongeldig bericht van {client} aan kernel {kernel_id} is geweigerd en de verbinding "
            f"is gesloten: {reason}.")


def guarded_handler(base: type) -> type:
    """A subclass of Voila's kernel websocket handler ``base`` with the guard of this module."""

    class GuardedKernelWebsocketHandler(base):
        kit_guarded = True
        kit_refused = False

        @property
        def max_message_size(self) -> int:
            return self.settings.get("websocket_max_message_size", MAX_MESSAGE_BYTES)

        def refuse(self, reason: str) -> None:
            self.kit_refused = True
            client = getattr(self.request, "remote_ip", None) or "onbekend adres"
            LOG.warning(refusal_line(str(getattr(self, "kernel_id", "?")), client, reason))
            self.close(CLOSE_CODE, "ongeldig bericht")

        def on_message(self, message: Any) -> Any:
            if self.kit_refused:
                return None
            if isinstance(message, bytes):
                problem = frame_problem(message, self.selected_subprotocol)
                if problem:
                    self.refuse(problem)
                    return None
            try:
                return super().on_message(message)
            except Exception as exc:  # a frame that passed the header check but does not parse
                self.refuse(f"het bericht is onleesbaar ({type(exc).__name__})")
                return None

    return GuardedKernelWebsocketHandler


def install_ws_guard() -> None:
    """Put the guard in Voila: its kernel websocket handler and its header reader (once)."""
    from voila import app
    from voila.tornado import kernel_websocket_handler

    kernel_websocket_handler.read_header_from_binary_message = read_v1_header
    if not getattr(app.VoilaKernelWebsocketHandler, "kit_guarded", False):
        app.VoilaKernelWebsocketHandler = guarded_handler(app.VoilaKernelWebsocketHandler)
