"""One TCP connection to one broker, speaking Kafka's request/response protocol.

Requests are encoded with kafka-python's protocol classes and may be pipelined: the broker
answers the requests of one connection in the order it received them, so responses are
matched to requests first-in first-out. One thread may send while another receives.

PLAINTEXT connections are bare sockets. With TLS or SASL (``KafkaSecurity``), kafka-python's
connection layer opens the socket (``secure_socket.py``: TLS handshake, SASL) and this class
takes it over; a TLS socket is used through ``LockedTls`` (OpenSSL must not be entered by the
sending and the receiving thread at once). A SASL session the broker limits in time
(``connections.max.reauth.ms``, KIP-368) is renewed by reconnecting before it ends, at a send
with nothing pending; the broker closes a connection whose session ran out, which callers see
as ``ConnectionLostError`` like any other lost connection.
"""

from __future__ import annotations

import contextlib
import select
import socket
import ssl
import struct
import threading
import time
from collections import deque
from typing import Any

from gateways.stores.kafka.errors import BrokerUnavailableError
from gateways.stores.kafka.security import KafkaSecurity

RENEW_SHARE = 0.85  # of the SASL session lifetime, after which the connection is renewed

_SIZE = struct.Struct(">i")


class ConnectionLostError(BrokerUnavailableError):
    """The connection broke or a response did not come in time; its requests' outcome is unknown."""


class NoAnswerError(ConnectionLostError):
    """A response did not come within the connection's timeout (the connection is closed)."""


class BrokerConnection:
    """A blocking socket to ``host:port`` with FIFO-matched, pipelined requests."""

    def __init__(
        self,
        host: str,
        port: int,
        *,
        client_id: str,
        timeout: float,
        security: KafkaSecurity | None = None,
        connect_timeout: float | None = None,
    ) -> None:
        self.address = f"{host}:{port}"
        self._host, self._port = host, port
        self._client_id = client_id
        self._timeout = timeout
        self._connect_timeout = connect_timeout or timeout
        self._security = security if security and security.protocol != "PLAINTEXT" else None
        self._pending: deque[tuple[int, Any]] = deque()
        self._send_lock = threading.Lock()
        self._correlation = 0
        self._closed = False
        self.renew_at: float | None = None  # time.monotonic() after which to reconnect
        self._socket: Any = self._open()

    def _open(self) -> Any:
        """A connected socket (or LockedTls), past TLS and SASL when those are configured."""
        if self._security is None:
            try:
                sock = socket.create_connection(
                    (self._host, self._port), timeout=self._connect_timeout
                )
            except OSError as error:
                raise ConnectionLostError(
                    f"could not connect to {self.address}: {error}"
                ) from None
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            sock.settimeout(self._timeout)
            return sock
        from gateways.stores.kafka.protocol.secure_socket import open_socket

        try:
            opened = open_socket(
                self._host,
                self._port,
                self._security,
                client_id=self._client_id,
                timeout=self._connect_timeout,
            )
        except OSError as error:
            raise ConnectionLostError(str(error)) from None
        if opened.session_ends_at is not None:
            now = time.monotonic()
            self.renew_at = now + (opened.session_ends_at - now) * RENEW_SHARE
        if isinstance(opened.socket, ssl.SSLSocket):
            tls = LockedTls(opened.socket)
            tls.settimeout(self._timeout)
            return tls
        opened.socket.setblocking(True)
        opened.socket.settimeout(self._timeout)
        return opened.socket

    def _renew_if_due(self) -> None:
        """Reconnect (and re-authenticate) when the SASL session nears its end and nothing is
        pending on this connection (called under the send lock)."""
        if self.renew_at is None or self._pending or time.monotonic() < self.renew_at:
            return
        old, self.renew_at = self._socket, None
        with contextlib.suppress(OSError):
            old.close()
        try:
            self._socket = self._open()
        except BaseException:
            self._closed = True
            raise

    def send(self, request: Any) -> None:
        """Send a request whose response ``receive`` will return in turn."""
        with self._send_lock:
            if self._closed:
                raise ConnectionLostError(f"the connection to {self.address} is closed")
            self._renew_if_due()
            self._correlation += 1
            request.with_header(correlation_id=self._correlation, client_id=self._client_id)
            frame = request.encode(header=True, framed=True)
            self._pending.append((self._correlation, request))
            try:
                self._socket.sendall(frame)
            except OSError as error:
                self.close()
                raise ConnectionLostError(
                    f"lost the connection to {self.address}: {error}"
                ) from None

    def receive(self) -> Any:
        """The response to the oldest request still unanswered (blocks up to the timeout)."""
        frame, request = self._next_frame()
        return request._header.get_response_class().decode(bytes(frame), header=True)

    def receive_frame(self) -> bytearray:
        """The oldest unanswered request's response undecoded, from its correlation id on
        (for callers that parse a large response themselves, such as fetches)."""
        frame, _ = self._next_frame()
        return frame

    def set_timeout(self, seconds: float) -> None:
        """How long a response may take from now on."""
        self._timeout = seconds
        self._socket.settimeout(seconds)

    def request(self, request: Any) -> Any:
        """Send and wait for the answer (only when nothing else is pending on this connection)."""
        self.send(request)
        return self.receive()

    @property
    def closed(self) -> bool:
        return self._closed

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            with contextlib.suppress(OSError):
                self._socket.close()

    def _next_frame(self) -> tuple[bytearray, Any]:
        if not self._pending:
            raise RuntimeError("no request is waiting for a response")
        try:
            (size,) = _SIZE.unpack(self._read_exactly(4))
            frame = self._read_exactly(size)
        except TimeoutError:
            self.close()
            raise NoAnswerError(
                f"no answer from {self.address} within {self._timeout:g}s"
            ) from None
        except (OSError, ConnectionLostError) as error:
            self.close()
            raise ConnectionLostError(f"lost the connection to {self.address}: {error}") from None
        correlation, request = self._pending.popleft()
        (answered,) = _SIZE.unpack_from(frame, 0)
        if answered != correlation:
            self.close()
            raise ConnectionLostError(
                f"{self.address} answered request {answered}, expected {correlation}"
            )
        return frame, request

    def _read_exactly(self, count: int) -> bytearray:
        buffer = bytearray(count)
        view, received = memoryview(buffer), 0
        while received < count:
            got = self._socket.recv_into(view[received:], count - received)
            if not got:
                raise ConnectionLostError("the broker closed the connection")
            received += got
        return buffer


class LockedTls:
    """A TLS socket shared by one sending and one receiving thread.

    The socket is non-blocking; each OpenSSL call (``send``, ``recv_into``) holds a lock, and
    waiting for the socket happens outside it, so a receiver waiting for an answer never
    blocks a sender. ``TimeoutError`` after ``settimeout`` seconds without progress.
    """

    def __init__(self, sock: ssl.SSLSocket) -> None:
        sock.setblocking(False)
        self._sock = sock
        self._lock = threading.Lock()
        self._timeout: float | None = None
        self._fileno = sock.fileno()

    def settimeout(self, seconds: float | None) -> None:
        self._timeout = seconds

    def sendall(self, data: bytes | bytearray | memoryview) -> None:
        view = memoryview(data)
        while view:
            with self._lock:
                try:
                    sent = self._sock.send(view)
                except (ssl.SSLWantWriteError, BlockingIOError):
                    sent, readable = -1, False
                except ssl.SSLWantReadError:
                    sent, readable = -1, True
            if sent < 0:
                self._wait(readable)
            else:
                view = view[sent:]

    def recv_into(self, buffer: memoryview, nbytes: int) -> int:
        while True:
            with self._lock:
                try:
                    return self._sock.recv_into(buffer, nbytes)
                except (ssl.SSLWantReadError, BlockingIOError):
                    readable = True
                except ssl.SSLWantWriteError:
                    readable = False
            self._wait(readable)

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self._sock.close()

    def _wait(self, readable: bool) -> None:
        if self._sock.fileno() < 0:
            raise ConnectionLostError("the connection was closed")
        poller = select.poll()
        poller.register(self._fileno, select.POLLIN if readable else select.POLLOUT)
        timeout_ms = None if self._timeout is None else int(self._timeout * 1000)
        if not poller.poll(timeout_ms):
            raise TimeoutError("no progress within the timeout")
