"""Opening an authenticated socket to a broker with kafka-python's own connection layer.

kafka-python's ``KafkaConnection`` over a ``KafkaSSLTransport``/``KafkaTCPTransport`` does the
TCP connect, the TLS handshake (the store's SSL context: CA file, hostname verification,
client certificate), ApiVersions and the SASL exchange (PLAIN, SCRAM-SHA-256/512,
OAUTHBEARER), driven here on a private ``NetworkSelector`` until done or the deadline. The
connected socket is then taken over by ``wire.BrokerConnection``, which speaks the pipelined
protocol on it; the SASL session lifetime the broker granted (KIP-368) comes with it, so the
connection can be renewed before the broker would close it.

``open_socket`` raises ``KafkaTlsError`` or ``KafkaAuthenticationError`` (one line naming the
cause: the connection can never succeed with these settings) or ``OSError`` (broker down,
timeout: worth retrying).
"""

from __future__ import annotations

import logging
import selectors
import socket
import ssl
import threading
import time
from dataclasses import dataclass
from typing import Any

import kafka.errors as Errors
from kafka.net import KafkaConnection, KafkaSSLTransport, KafkaTCPTransport, NetworkSelector
from kafka.net.inet import create_connection

from gateways.stores.kafka.errors import KafkaAuthenticationError, KafkaTlsError
from gateways.stores.kafka.security import SASL_MECHANISM, SSL_CAFILE, KafkaSecurity

SOCKET_OPTIONS = [(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)]
QUIETED_LOGGERS = ("kafka.net.connection", "kafka.net.transport", "kafka.net.inet")


class _WhileOpening(logging.Filter):
    """Drops kafka-python's connection log records of a thread inside ``open_socket``: it logs
    a refused login or certificate at ERROR with a traceback, where ``open_socket`` raises one
    line naming the cause. kafka-python's own clients (other threads, or later) still log."""

    def __init__(self) -> None:
        super().__init__()
        self.local = threading.local()

    def filter(self, record: logging.LogRecord) -> bool:
        return not getattr(self.local, "opening", False)


class _KeepsLastAnswer:
    """kafka-python's transports drop bytes received together with the end of the stream; a
    broker refusing a login sends its answer (why) and hangs up at once. This hands the bytes
    on first and reports the end at the next read."""

    _ended: Exception | None = None

    def _sock_recv(self) -> tuple[bytes, Exception | None]:
        if self._ended is not None:
            return b"", self._ended
        data, error = super()._sock_recv()  # type: ignore[misc]
        if data and isinstance(error, Errors.KafkaConnectionError):
            self._ended = error
            return data, None
        return data, error


class _TcpTransport(_KeepsLastAnswer, KafkaTCPTransport):
    pass


class _SslTransport(_KeepsLastAnswer, KafkaSSLTransport):
    pass


_QUIET = _WhileOpening()
for _name in QUIETED_LOGGERS:
    logging.getLogger(_name).addFilter(_QUIET)


@dataclass
class OpenedSocket:
    """A socket past TLS and SASL, and when (time.monotonic) its SASL session ends, if ever."""

    socket: socket.socket
    session_ends_at: float | None


def open_socket(
    host: str, port: int, security: KafkaSecurity, *, client_id: str, timeout: float
) -> OpenedSocket:
    """Connect, handshake and authenticate within ``timeout`` seconds.

    A broker refusing SASL credentials answers SaslAuthenticate with an error and hangs up
    (``_KeepsLastAnswer`` keeps that answer); a connection lost during SASL without an answer
    is tried once more before it counts as refused credentials.
    """
    deadline = time.monotonic() + timeout
    for attempt in (1, 2):
        _QUIET.local.opening = True
        try:
            return _open_once(host, port, security, client_id, deadline)
        except _LostDuringSasl as lost:
            if attempt == 2 or time.monotonic() >= deadline:
                raise KafkaAuthenticationError(
                    f"authentication failed for {security.principal} with "
                    f"{security.sasl_mechanism} at {host}:{port}: the broker hung up during "
                    f"SASL authentication ({lost}; wrong credentials, or the mechanism is not "
                    "enabled)"
                ) from None
        finally:
            _QUIET.local.opening = False
    raise AssertionError("unreachable")


class _LostDuringSasl(ConnectionError):
    """The connection broke after ApiVersions, while authenticating."""


def _open_once(
    host: str, port: int, security: KafkaSecurity, client_id: str, deadline: float
) -> OpenedSocket:
    address = f"{host}:{port}"
    timeout = max(deadline - time.monotonic(), 0.001)
    net = NetworkSelector()
    connection = KafkaConnection(
        net,
        node_id=address,
        client_id=client_id,
        request_timeout_ms=max(int(timeout * 1000), 1),
        **security.client_kwargs(),
    )
    transports: list[Any] = []

    async def establish() -> None:
        sock = await create_connection(net, host, port, SOCKET_OPTIONS, timeout_at=deadline)
        if security.uses_tls:
            transport = _SslTransport(net, sock, host=host, ssl_context=security.ssl_context)
        else:
            transport = _TcpTransport(net, sock, host=host)
        transports.append(transport)
        await transport.handshake()
        connection.connection_made(transport)
        await connection.initialize(timeout_at=deadline)
        await connection  # raises what initialize failed with

    try:
        future = net.call_soon_with_future(establish)
        net.poll(timeout_ms=max(timeout * 1000, 1), future=future)
        if not future.is_done:
            raise TimeoutError(f"connecting to {address} took longer than {timeout:g}s")
        if future.exception is not None:
            error = future.exception
            if (
                security.uses_sasl
                and connection.broker_version_data is not None
                and isinstance(error, Errors.KafkaConnectionError)
                and _ssl_cause(error) is None
            ):
                raise _LostDuringSasl(str(error) or type(error).__name__)
            raise _explain(error, address, security)
        session_ms = connection._reauth.session_lifetime_ms if security.uses_sasl else 0
        sock = _take_socket(net, transports[0])
    except BaseException:
        for transport in transports:
            transport.abort()
        raise
    finally:
        net.close()
    started = time.monotonic()
    return OpenedSocket(sock, started + session_ms / 1000 if session_ms else None)


def _take_socket(net: NetworkSelector, transport: Any) -> socket.socket:
    """Detach the transport's socket from kafka-python's event loop (its reader task waits
    on the selector; nothing else is scheduled once authentication is done)."""
    sock = transport._sock
    for task in (transport._read_task, transport._write_task):
        if task is not None:
            net.cancel(task)
    net.unregister_event(sock, selectors.EVENT_READ | selectors.EVENT_WRITE)
    transport._sock, transport._protocol, transport._closed = None, None, True
    transport._read_task = transport._write_task = None
    return sock


def _explain(error: BaseException, address: str, security: KafkaSecurity) -> Exception:
    """The exception open_socket raises for what kafka-python's connection failed with."""
    cause = _ssl_cause(error) or error
    if isinstance(cause, ssl.SSLCertVerificationError):
        ca = security.ssl_cafile or "the system's CAs"
        return KafkaTlsError(
            f"certificate verify failed for {address}: {cause.verify_message} "
            f"(trusted: {ca}, {SSL_CAFILE})"
        )
    if isinstance(cause, ssl.SSLError):
        return KafkaTlsError(f"TLS handshake with {address} failed: {cause.reason or cause}")
    if isinstance(error, Errors.SaslAuthenticationFailedError):
        detail = str(error).split("] ", 1)[-1].replace(f"{type(error).__name__}: ", "")
        detail = detail.strip() or "refused"
        return KafkaAuthenticationError(
            f"authentication failed for {security.principal} with {security.sasl_mechanism} at "
            f"{address}: {detail}"
        )
    if isinstance(error, Errors.UnsupportedSaslMechanismError):
        return KafkaAuthenticationError(
            f"{address} does not accept SASL mechanism {security.sasl_mechanism} "
            f"({SASL_MECHANISM})"
        )
    if isinstance(error, KafkaAuthenticationError):  # the OAuth token endpoint refused
        return error
    if isinstance(error, Errors.IllegalSaslStateError):
        return KafkaAuthenticationError(f"SASL with {address} failed: {error}")
    return ConnectionError(f"could not connect to {address}: {error or type(error).__name__}")


def _ssl_cause(error: BaseException | None) -> ssl.SSLError | None:
    """The TLS error behind a failure (kafka-python wraps it as a KafkaConnectionError's arg)."""
    seen = 0
    while error is not None and seen < 5:
        if isinstance(error, ssl.SSLError):
            return error
        inner = [arg for arg in error.args if isinstance(arg, BaseException)]
        error = inner[0] if inner else error.__cause__ or error.__context__
        seen += 1
    return None


def check_access(
    bootstrap_servers: str, security: KafkaSecurity, *, client_id: str, timeout: float
) -> None:
    """Raise KafkaTlsError/KafkaAuthenticationError if a bootstrap server refuses this client.

    For kafka-python's clients, which retry a refused login until their own timeout and then
    report only that bootstrapping failed. Servers that cannot be reached are left to the
    client to report; PLAINTEXT needs no check.
    """
    if security.protocol == "PLAINTEXT":
        return
    for address in bootstrap_servers.split(","):
        host, _, port = address.strip().rpartition(":")
        try:
            opened = open_socket(host, int(port), security, client_id=client_id, timeout=timeout)
        except (OSError, ValueError):
            continue
        opened.socket.close()
        return
