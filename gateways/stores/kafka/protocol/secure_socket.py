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

import selectors
import socket
import ssl
import time
from dataclasses import dataclass
from typing import Any

import kafka.errors as Errors
from kafka.net import KafkaConnection, KafkaSSLTransport, KafkaTCPTransport, NetworkSelector
from kafka.net.inet import create_connection

from gateways.stores.kafka.errors import KafkaAuthenticationError, KafkaTlsError
from gateways.stores.kafka.security import SASL_MECHANISM, SSL_CAFILE, KafkaSecurity

SOCKET_OPTIONS = [(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)]


@dataclass
class OpenedSocket:
    """A socket past TLS and SASL, and when (time.monotonic) its SASL session ends, if ever."""

    socket: socket.socket
    session_ends_at: float | None


def open_socket(
    host: str, port: int, security: KafkaSecurity, *, client_id: str, timeout: float
) -> OpenedSocket:
    """Connect, handshake and authenticate within ``timeout`` seconds."""
    address = f"{host}:{port}"
    deadline = time.monotonic() + timeout
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
            transport = KafkaSSLTransport(net, sock, host=host, ssl_context=security.ssl_context)
        else:
            transport = KafkaTCPTransport(net, sock, host=host)
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
            raise _explain(future.exception, address, security)
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
        detail = str(error).split(": ", 1)[-1].strip() or "refused"
        return KafkaAuthenticationError(
            f"authentication failed for {security.principal} with {security.sasl_mechanism} at "
            f"{address}: {detail}"
        )
    if isinstance(error, Errors.UnsupportedSaslMechanismError):
        return KafkaAuthenticationError(
            f"{address} does not accept SASL mechanism {security.sasl_mechanism} "
            f"({SASL_MECHANISM}): {error}"
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
