"""The kernel websocket guard of ``kit serve`` (kit.wsguard): header checks, and the attack on a real server."""

from __future__ import annotations

import asyncio
import concurrent.futures
import datetime
import json
import re
import struct
import time
import urllib.request
import uuid

import psutil
import pytest
from kit_servers import SERVERS, facilitator_key, running_kit_server
from hypothesis import given
from hypothesis import strategies as st
from jupyter_server.services.kernels.connection.base import (
    deserialize_binary_message,
    deserialize_msg_from_ws_v1,
    serialize_binary_message,
    serialize_msg_to_ws_v1,
)

from kit.wsguard import (
    CLOSE_CODE,
    MAX_MESSAGE_BYTES,
    MAX_OFFSETS,
    V1_PROTOCOL,
    frame_problem,
    read_v1_header,
    refusal_line,
)

ATTACK_FRAME = b"\xff" * 8 + b"\x00" * 8  # the frame of the issue: an offset count of 2**64 - 1
PARSE_ERRORS = (ValueError, KeyError, TypeError)  # "does not parse": the handler refuses the frame
CHANNELS = st.sampled_from(["shell", "control", "iopub", "stdin"])
PARTS = st.lists(st.binary(max_size=40), min_size=4, max_size=10)
BIG = st.integers(0, 2**64 - 1) | st.integers(0, 600)


def v1_frame(count: int, offsets: list[int], tail: bytes) -> bytes:
    return count.to_bytes(8, "little") + b"".join(o.to_bytes(8, "little") for o in offsets) + tail


def legacy_message(buffers: list[bytes]) -> dict:
    return {"header": {"msg_id": "1", "msg_type": "comm_msg"}, "parent_header": {}, "metadata": {},
            "content": {"comm_id": "x", "data": {}}, "channel": "shell", "buffers": buffers}


def mutate(frame: bytes, data) -> bytes:
    """The frame with a few bytes of its header (or anywhere) replaced."""
    frame = bytearray(frame)
    for _ in range(data.draw(st.integers(1, 4))):
        limit = data.draw(st.sampled_from([min(len(frame), 80), len(frame)]))
        frame[data.draw(st.integers(0, limit - 1))] = data.draw(st.integers(0, 255))
    return bytes(frame)


def assert_v1_parses_safely(frame: bytes) -> None:
    """Upstream's own v1 parser, on a frame the guard let through, ends with the parts inside the frame."""
    try:
        channel, parts = deserialize_msg_from_ws_v1(frame)
    except UnicodeDecodeError:  # a channel name that is not text: the handler refuses it
        return
    count = int.from_bytes(frame[:8], "little")
    assert len(parts) == count - 2 >= 4
    assert len(channel.encode()) + sum(len(part) for part in parts) <= len(frame) - 8 * (count + 1)


# --- the header check, on frames from hypothesis ---------------------------------------------------------

def test_the_frame_of_the_issue_is_refused_with_a_dutch_reason():
    reason = frame_problem(ATTACK_FRAME, V1_PROTOCOL)
    assert reason == f"de kop noemt {2**64 - 1} delen (toegestaan: 6 tot {MAX_OFFSETS})"
    assert read_v1_header(ATTACK_FRAME) is None


def test_the_refusal_is_one_dutch_line():
    line = refusal_line("k1", "10.0.0.7", "de kop noemt 9 delen")
    assert line == ("kit: een ongeldig bericht van 10.0.0.7 aan kernel k1 is geweigerd en de verbinding is "
                    "gesloten: de kop noemt 9 delen.")
    assert "\n" not in line


@given(channel=CHANNELS, parts=PARTS)
def test_every_well_formed_v1_frame_passes_and_reads_back(channel, parts):
    frame = serialize_msg_to_ws_v1(parts, channel)
    assert frame_problem(frame, V1_PROTOCOL) is None
    assert deserialize_msg_from_ws_v1(frame) == (channel, parts)


@given(count=BIG, offsets=st.lists(BIG, max_size=12), tail=st.binary(max_size=300))
def test_a_v1_frame_passes_only_when_its_header_fits_inside_it(count, offsets, tail):
    frame = v1_frame(count, offsets, tail)
    if frame_problem(frame, V1_PROTOCOL) is None:
        assert 6 <= count <= MAX_OFFSETS and 8 * (count + 1) <= len(frame)
        assert_v1_parses_safely(frame)
    if count > MAX_OFFSETS or 8 * (count + 1) > len(frame):
        assert frame_problem(frame, V1_PROTOCOL) is not None


@given(channel=CHANNELS, parts=PARTS, data=st.data())
def test_a_damaged_v1_frame_is_refused_or_parses_safely(channel, parts, data):
    frame = mutate(serialize_msg_to_ws_v1(parts, channel), data)
    if frame_problem(frame, V1_PROTOCOL) is None:
        assert_v1_parses_safely(frame)


@given(buffers=st.lists(st.binary(max_size=40), max_size=6))
def test_every_well_formed_frame_of_the_old_protocol_passes_and_reads_back(buffers):
    frame = serialize_binary_message(legacy_message(buffers))
    assert frame_problem(frame, None) is None
    assert deserialize_binary_message(frame)["buffers"] == buffers


@given(buffers=st.lists(st.binary(max_size=40), max_size=6), data=st.data())
def test_a_damaged_frame_of_the_old_protocol_is_refused_or_parses_safely(buffers, data):
    frame = mutate(serialize_binary_message(legacy_message(buffers)), data)
    if frame_problem(frame, None) is None:
        count = struct.unpack("!i", frame[:4])[0]
        assert 1 <= count <= MAX_OFFSETS and 4 * (count + 1) <= len(frame)
        try:
            message = deserialize_binary_message(frame)
        except PARSE_ERRORS:
            return
        assert len(message["buffers"]) == count - 1


@given(frame=st.binary(max_size=400), protocol=st.sampled_from([V1_PROTOCOL, None]))
def test_any_bytes_get_an_answer_at_once(frame, protocol):
    reason = frame_problem(frame, protocol)
    assert reason is None or isinstance(reason, str)
    header = read_v1_header(frame)
    assert header is None or isinstance(header, dict)


@given(channel=CHANNELS, msg_type=st.text(max_size=20), parts=st.lists(st.binary(max_size=20), max_size=4))
def test_voilas_header_reader_reads_a_v1_message_of_the_server(channel, msg_type, parts):
    header = {"msg_type": msg_type, "msg_id": "m"}
    frame = serialize_msg_to_ws_v1([json.dumps(header).encode(), b"{}", b"{}", b"{}", *parts], channel)
    assert read_v1_header(frame) == header


@given(buffers=st.lists(st.binary(max_size=40), min_size=1, max_size=6))
def test_voilas_header_reader_leaves_a_message_of_the_old_protocol_alone(buffers):
    """Voila read these (what a kernel echoes for a widget update with a buffer) as v1: the second attack."""
    assert read_v1_header(serialize_binary_message(legacy_message(buffers))) is None


def test_the_message_cap_lets_a_full_survey_upload_through():
    from kit.survey.upload import UPLOAD_LIMIT_BYTES, UPLOAD_MESSAGE_BYTES

    assert UPLOAD_LIMIT_BYTES < UPLOAD_MESSAGE_BYTES <= MAX_MESSAGE_BYTES <= 64 * 1024 * 1024


def test_the_guard_is_installed_in_voila():
    from voila import app
    from voila.tornado import kernel_websocket_handler

    from kit.wsguard import install_ws_guard

    install_ws_guard()
    install_ws_guard()  # twice: still one layer
    handler = app.VoilaKernelWebsocketHandler
    assert handler.kit_guarded and not getattr(handler.__mro__[1], "kit_guarded", False)
    assert kernel_websocket_handler.read_header_from_binary_message is read_v1_header


# --- the attack on a real kit serve ------------------------------------------------------------------------

ANSWER_S = 5.0
MAX_GROWTH_MB = 40
KEYS: dict[str, str] = {}  # server address -> the demo school's facilitator key


@pytest.fixture(scope="module")
def wsguard_server(tmp_path_factory):
    """A ``kit serve`` of its own: a test that fails here could leave it unable to answer."""
    from kit.demo import install_demo

    folder = tmp_path_factory.mktemp("wsguard") / "workspace"
    install_demo(folder)
    log = folder.parent / "serve.log"
    with running_kit_server(folder, log, 0, "wsguard_server") as base:
        KEYS[base] = facilitator_key(folder / "demo-school")
        yield base, SERVERS["wsguard_server"][0], log


def run_async(coroutine):
    """Run ``coroutine`` to its end in a thread of its own: Playwright's sync API may hold this thread's loop."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def open_page(base: str) -> tuple[str, str]:
    """Open the start page with the facilitator key (no page starts a kernel without one): kernel and model id.

    The key is the demo school's, of the server at ``base`` (:data:`KEYS`).
    """
    with urllib.request.urlopen(base + f"/voila/render/00_start.ipynb?school=demo-school&key={KEYS[base]}",
                                timeout=120) as reply:
        html = reply.read().decode()
    return (re.search(r'"kernelId": "([^"]+)"', html).group(1), re.search(r'"model_id": "([^"]+)"', html).group(1))


def rss_mb(process) -> float:
    return psutil.Process(process.pid).memory_info().rss / 1e6


def assert_server_answers(base: str) -> None:
    start = time.monotonic()
    with urllib.request.urlopen(base + "/", timeout=ANSWER_S) as reply:
        assert reply.status == 200
    assert time.monotonic() - start < ANSWER_S


async def connect(base: str, kernel_id: str, protocol: str | None):
    from tornado.websocket import websocket_connect

    url = base.replace("http", "ws", 1) + f"/api/kernels/{kernel_id}/channels?session_id={uuid.uuid4()}"
    socket = await websocket_connect(url, subprotocols=[protocol] if protocol else None,
                                     max_message_size=MAX_MESSAGE_BYTES * 2)
    assert socket.selected_subprotocol == protocol
    return socket


async def read_until_closed(socket, seconds: float = 10) -> list:
    messages = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        message = await asyncio.wait_for(socket.read_message(), deadline - time.monotonic())
        if message is None:
            return messages
        messages.append(message)
    raise AssertionError("the server did not close the socket")


def test_the_malformed_frame_is_refused_and_the_server_keeps_answering(wsguard_server):
    base, process, log = wsguard_server
    kernel_id, _ = open_page(base)
    before = rss_mb(process)

    async def attack():
        socket = await connect(base, kernel_id, V1_PROTOCOL)
        await socket.write_message(ATTACK_FRAME, binary=True)
        await read_until_closed(socket)
        return socket.close_code

    assert run_async(attack()) == CLOSE_CODE
    assert_server_answers(base)
    time.sleep(2)
    assert rss_mb(process) - before < MAX_GROWTH_MB
    refusals = [line for line in log.read_text().splitlines() if "ongeldig bericht" in line]
    assert refusals == [f"[Voila] WARNING | kit: een ongeldig bericht van 127.0.0.1 aan kernel {kernel_id} is "
                        f"geweigerd en de verbinding is gesloten: de kop noemt {2**64 - 1} delen (toegestaan: 6 "
                        f"tot {MAX_OFFSETS})."]
    assert "Traceback" not in log.read_text()


def test_a_widget_update_with_a_buffer_over_the_old_protocol_comes_back_and_the_server_keeps_answering(
        wsguard_server):
    base, process, log = wsguard_server
    kernel_id, model_id = open_page(base)
    before = rss_mb(process)

    async def attack():
        socket = await connect(base, kernel_id, None)
        session = str(uuid.uuid4())
        message = legacy_message([b"abc"])
        message["header"] = {"msg_id": uuid.uuid4().hex, "msg_type": "comm_msg", "session": session,
                             "username": "", "version": "5.3",
                             "date": datetime.datetime.now(datetime.timezone.utc).isoformat()}
        message["content"] = {"comm_id": model_id, "data": {"method": "update", "state": {},
                                                            "buffer_paths": [["_dom_classes"]]}}
        await socket.write_message(serialize_binary_message(message), binary=True)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:  # the kernel's echo: a binary message in the old layout
            reply = await asyncio.wait_for(socket.read_message(), deadline - time.monotonic())
            if isinstance(reply, bytes):
                socket.close()
                return deserialize_binary_message(reply)
        raise AssertionError("no echo from the kernel")

    echo = run_async(attack())
    assert echo["content"]["data"]["method"] == "echo_update" and echo["buffers"] == [b"abc"]
    assert_server_answers(base)
    time.sleep(2)
    assert rss_mb(process) - before < MAX_GROWTH_MB


def test_a_message_the_size_of_a_full_upload_passes_and_a_larger_one_closes_only_its_socket(wsguard_server):
    base, process, log = wsguard_server
    kernel_id, _ = open_page(base)
    from kit.survey.upload import UPLOAD_LIMIT_BYTES

    def comm_msg(size: int) -> bytes:
        header = {"msg_id": uuid.uuid4().hex, "msg_type": "comm_msg", "session": "s", "username": "",
                  "version": "5.3", "date": datetime.datetime.now(datetime.timezone.utc).isoformat()}
        content = {"comm_id": "no-such-comm", "data": {"method": "update", "state": {}, "buffer_paths": [["value"]]}}
        parts = [json.dumps(part).encode() for part in (header, {}, {}, content)]
        return serialize_msg_to_ws_v1([*parts, b"\x00" * size], "shell")

    def info_request() -> bytes:
        header = {"msg_id": uuid.uuid4().hex, "msg_type": "kernel_info_request", "session": "s", "username": "",
                  "version": "5.3", "date": datetime.datetime.now(datetime.timezone.utc).isoformat()}
        return serialize_msg_to_ws_v1([json.dumps(part).encode() for part in (header, {}, {}, {})], "shell")

    async def send(size: int):
        from tornado.websocket import WebSocketClosedError

        socket = await connect(base, kernel_id, V1_PROTOCOL)
        try:
            await socket.write_message(comm_msg(size), binary=True)
            await socket.write_message(info_request(), binary=True)
        except WebSocketClosedError:  # the server closed the socket while the message was still on its way
            pass
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            reply = await asyncio.wait_for(socket.read_message(), deadline - time.monotonic())
            if reply is None:
                return "closed"
            channel, parts = deserialize_msg_from_ws_v1(reply)
            if json.loads(parts[0])["msg_type"] == "kernel_info_reply":
                socket.close()
                return "open"
        raise AssertionError("no kernel_info_reply and no close")

    assert run_async(send(UPLOAD_LIMIT_BYTES)) == "open"
    refusals = log.read_text().count("ongeldig bericht")
    assert run_async(send(MAX_MESSAGE_BYTES + 1)) == "closed"  # by Tornado (1009), before anything reads it
    assert log.read_text().count("ongeldig bericht") == refusals
    assert_server_answers(base)
    assert "Traceback" not in log.read_text()


def test_a_text_frame_on_the_binary_protocol_is_refused_without_a_traceback(wsguard_server):
    base, process, log = wsguard_server
    kernel_id, _ = open_page(base)

    async def send():
        socket = await connect(base, kernel_id, V1_PROTOCOL)
        await socket.write_message("kapot")
        await read_until_closed(socket)
        return socket.close_code

    assert run_async(send()) == CLOSE_CODE
    assert_server_answers(base)
    text = log.read_text()
    assert (f"kit: een ongeldig bericht van 127.0.0.1 aan kernel {kernel_id} is geweigerd en de verbinding is "
            "gesloten: het bericht is onleesbaar (TypeError).") in text
    assert "Traceback" not in text
