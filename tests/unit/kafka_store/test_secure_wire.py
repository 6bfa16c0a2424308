"""The store's own connections over TLS: one thread sending while another receives, and the
renewal of a connection before its SASL session ends."""

from __future__ import annotations

import hashlib
import os
import socket
import ssl
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from gateways.stores.kafka.protocol import wire
from gateways.stores.kafka.protocol.secure_socket import OpenedSocket
from gateways.stores.kafka.protocol.wire import BrokerConnection, LockedTls
from gateways.stores.kafka.security import KafkaSecurity


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("tls")
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj",
         "/CN=localhost", "-addext", "subjectAltName=DNS:localhost", "-keyout", "key.pem",
         "-out", "cert.pem"],
        cwd=root, check=True, capture_output=True,
    )
    return root / "cert.pem", root / "key.pem"


@pytest.fixture
def echo_pair(certificate: tuple[Path, Path]) -> Iterator[tuple[ssl.SSLSocket, ssl.SSLSocket]]:
    """A client TLS socket and the server side that echoes everything back."""
    cert, key = certificate
    server_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_context.load_cert_chain(cert, key)
    client_context = ssl.create_default_context(cafile=str(cert))
    listener = socket.create_server(("127.0.0.1", 0))
    accepted: list[ssl.SSLSocket] = []

    def accept() -> None:
        conn, _ = listener.accept()
        accepted.append(server_context.wrap_socket(conn, server_side=True))

    thread = threading.Thread(target=accept)
    thread.start()
    raw = socket.create_connection(listener.getsockname())
    client = client_context.wrap_socket(raw, server_hostname="localhost")
    thread.join()
    server = accepted[0]

    def echo() -> None:
        with server:
            while data := server.recv(65536):
                server.sendall(data)

    echoer = threading.Thread(target=echo, daemon=True)
    echoer.start()
    yield client, server
    client.close()
    listener.close()


def test_one_thread_sends_while_another_receives(
    echo_pair: tuple[ssl.SSLSocket, ssl.SSLSocket],
) -> None:
    tls = LockedTls(echo_pair[0])
    tls.settimeout(10)
    payload = os.urandom(8 * 1024 * 1024)
    received = bytearray()

    def receive() -> None:
        buffer = bytearray(100_000)
        view = memoryview(buffer)
        while len(received) < len(payload):
            got = tls.recv_into(view, len(buffer))
            received.extend(view[:got])

    receiver = threading.Thread(target=receive)
    receiver.start()
    for start in range(0, len(payload), 1_000_000):
        tls.sendall(payload[start : start + 1_000_000])
    receiver.join(timeout=30)
    assert hashlib.sha256(received).digest() == hashlib.sha256(payload).digest()


def test_a_receive_without_data_times_out(echo_pair: tuple[ssl.SSLSocket, ssl.SSLSocket]) -> None:
    tls = LockedTls(echo_pair[0])
    tls.settimeout(0.2)
    began = time.monotonic()
    with pytest.raises(TimeoutError):
        tls.recv_into(memoryview(bytearray(10)), 10)
    assert time.monotonic() - began < 2


class FakeSocket:
    """Stands for an authenticated socket; records what was sent."""

    def __init__(self) -> None:
        self.sent = bytearray()
        self.closed = False

    def setblocking(self, flag: bool) -> None:
        pass

    def settimeout(self, seconds: float | None) -> None:
        pass

    def sendall(self, data: bytes) -> None:
        self.sent.extend(data)

    def close(self) -> None:
        self.closed = True


class Request:
    """Enough of a kafka-python request for BrokerConnection.send."""

    def with_header(self, **header: Any) -> None:
        pass

    def encode(self, **kwargs: Any) -> bytes:
        return b"\x00\x00\x00\x01x"


def test_a_connection_renews_itself_before_its_sasl_session_ends(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    opened: list[FakeSocket] = []

    def fake_open(host: str, port: int, security: Any, **kwargs: Any) -> OpenedSocket:
        opened.append(FakeSocket())
        return OpenedSocket(opened[-1], time.monotonic() + 10.0)  # type: ignore[arg-type]

    monkeypatch.setattr("gateways.stores.kafka.protocol.secure_socket.open_socket", fake_open)
    scram = KafkaSecurity(
        protocol="SASL_PLAINTEXT", sasl_mechanism="SCRAM-SHA-256", sasl_username="u",
        sasl_password="p",
    )
    connection = BrokerConnection("k", 9092, client_id="c", timeout=5, security=scram)
    assert connection.renew_at is not None
    assert 8.0 < connection.renew_at - time.monotonic() <= 10 * wire.RENEW_SHARE + 0.1

    connection.send(Request())
    assert len(opened) == 1  # still in its session
    connection._pending.clear()  # as if answered

    connection.renew_at = time.monotonic() - 1  # the session nears its end
    connection._pending.append((99, Request()))  # an answer is still due: not now
    connection.send(Request())
    assert len(opened) == 1

    connection._pending.clear()
    connection.send(Request())
    assert len(opened) == 2 and opened[0].closed  # renewed: re-authenticated
    assert opened[1].sent  # and the request went on the new connection
