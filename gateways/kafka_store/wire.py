"""One TCP connection to one broker, speaking Kafka's request/response protocol.

Requests are encoded with kafka-python's protocol classes and may be pipelined: the broker
answers the requests of one connection in the order it received them, so responses are
matched to requests first-in first-out. One thread may send while another receives.
"""

from __future__ import annotations

import contextlib
import socket
import struct
import threading
from collections import deque
from typing import Any

from gateways.kafka_store.errors import BrokerUnavailableError

_SIZE = struct.Struct(">i")


class ConnectionLostError(BrokerUnavailableError):
    """The connection broke or a response did not come in time; its requests' outcome is unknown."""


class NoAnswerError(ConnectionLostError):
    """A response did not come within the connection's timeout (the connection is closed)."""


class BrokerConnection:
    """A blocking socket to ``host:port`` with FIFO-matched, pipelined requests."""

    def __init__(self, host: str, port: int, *, client_id: str, timeout: float) -> None:
        self.address = f"{host}:{port}"
        self._client_id = client_id
        self._timeout = timeout
        self._pending: deque[tuple[int, Any]] = deque()
        self._send_lock = threading.Lock()
        self._correlation = 0
        self._closed = False
        try:
            self._socket = socket.create_connection((host, port), timeout=timeout)
        except OSError as error:
            raise ConnectionLostError(f"could not connect to {self.address}: {error}") from None
        self._socket.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def send(self, request: Any) -> None:
        """Send a request whose response ``receive`` will return in turn."""
        with self._send_lock:
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
