"""TLS and SASL for every Kafka connection of the store: one set of settings for all clients.

``KafkaSecurity`` is read from the eventsourcing environment (``KAFKA_SECURITY_PROTOCOL``,
``KAFKA_SSL_*``, ``KAFKA_SASL_*``) and gives both what kafka-python's clients take
(``client_kwargs``) and what the store's own connections use (``protocol/secure_socket.py``):
one SSL context (CA file, hostname verification, optional client certificate) and, for
OAUTHBEARER, one token provider whose token every connection of the process shares.
Secrets never appear in ``repr`` or in any message.
"""

from __future__ import annotations

import base64
import json
import ssl
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from eventsourcing.utils import Environment
from kafka.net.sasl.oauth import AbstractTokenProvider

from gateways.stores.kafka.errors import KafkaAuthenticationError

SECURITY_PROTOCOL = "KAFKA_SECURITY_PROTOCOL"
SSL_CAFILE = "KAFKA_SSL_CAFILE"
SSL_CERTFILE = "KAFKA_SSL_CERTFILE"
SSL_KEYFILE = "KAFKA_SSL_KEYFILE"
SASL_MECHANISM = "KAFKA_SASL_MECHANISM"
SASL_USERNAME = "KAFKA_SASL_USERNAME"
SASL_PASSWORD = "KAFKA_SASL_PASSWORD"  # noqa: S105 (a variable name, not a password)
SASL_PASSWORD_FILE = "KAFKA_SASL_PASSWORD_FILE"  # noqa: S105
OAUTH_TOKEN_URL = "KAFKA_SASL_OAUTH_TOKEN_URL"  # noqa: S105
OAUTH_CLIENT_ID = "KAFKA_SASL_OAUTH_CLIENT_ID"
OAUTH_CLIENT_SECRET = "KAFKA_SASL_OAUTH_CLIENT_SECRET"  # noqa: S105
OAUTH_SCOPE = "KAFKA_SASL_OAUTH_SCOPE"

PROTOCOLS = ("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL")
MECHANISMS = ("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512", "OAUTHBEARER")

TOKEN_REFRESH_SHARE = 0.8  # a token is renewed once this share of its lifetime has passed


class SecuritySettingsError(OSError):
    """A security setting is missing or contradicts another (the message names the variable)."""


@dataclass(frozen=True)
class OAuthClientCredentials:
    """Where and as whom the OAUTHBEARER token is obtained (OAuth 2 client credentials grant)."""

    token_url: str
    client_id: str
    client_secret: str = field(repr=False)
    scope: str | None = None


@dataclass(frozen=True)
class KafkaSecurity:
    """How every connection authenticates: TLS (SSL, SASL_SSL) and SASL (SASL_*)."""

    protocol: str = "PLAINTEXT"
    ssl_cafile: str | None = None
    ssl_certfile: str | None = None
    ssl_keyfile: str | None = None
    sasl_mechanism: str | None = None
    sasl_username: str | None = None
    sasl_password: str | None = field(default=None, repr=False)
    oauth: OAuthClientCredentials | None = None
    timeout: float = field(default=10.0, compare=False)  # token requests wait at most this long

    def __post_init__(self) -> None:
        self.validate()

    @classmethod
    def from_env(cls, env: Environment, timeout: float = 10.0) -> KafkaSecurity:
        """Read the KAFKA_SECURITY_PROTOCOL, KAFKA_SSL_* and KAFKA_SASL_* variables."""

        def get(key: str) -> str | None:
            value = (env.get(key) or "").strip()
            return value or None

        password = get(SASL_PASSWORD)
        password_file = get(SASL_PASSWORD_FILE)
        if password is None and password_file is not None:
            password = _read_secret_file(password_file, SASL_PASSWORD_FILE)
        token_url = get(OAUTH_TOKEN_URL)
        oauth = None
        if token_url is not None:
            client_id, secret = get(OAUTH_CLIENT_ID), get(OAUTH_CLIENT_SECRET)
            if not client_id or not secret:
                raise SecuritySettingsError(
                    f"{OAUTH_TOKEN_URL} is set: {OAUTH_CLIENT_ID} and {OAUTH_CLIENT_SECRET} are "
                    "required too"
                )
            oauth = OAuthClientCredentials(token_url, client_id, secret, get(OAUTH_SCOPE))
        mechanism = get(SASL_MECHANISM)
        return cls(
            protocol=(get(SECURITY_PROTOCOL) or "PLAINTEXT").upper(),
            ssl_cafile=get(SSL_CAFILE),
            ssl_certfile=get(SSL_CERTFILE),
            ssl_keyfile=get(SSL_KEYFILE),
            sasl_mechanism=mechanism.upper() if mechanism else None,
            sasl_username=get(SASL_USERNAME),
            sasl_password=password,
            oauth=oauth,
            timeout=timeout,
        )

    def validate(self) -> None:
        """Raise SecuritySettingsError naming the variable of the first contradiction."""
        if self.protocol not in PROTOCOLS:
            raise SecuritySettingsError(
                f"{SECURITY_PROTOCOL}={self.protocol!r} is not one of {', '.join(PROTOCOLS)}"
            )
        if not self.uses_tls and (self.ssl_cafile or self.ssl_certfile or self.ssl_keyfile):
            raise SecuritySettingsError(
                f"{SSL_CAFILE}/{SSL_CERTFILE}/{SSL_KEYFILE} are set but "
                f"{SECURITY_PROTOCOL}={self.protocol} does not use TLS (SSL or SASL_SSL)"
            )
        if self.ssl_keyfile and not self.ssl_certfile:
            raise SecuritySettingsError(f"{SSL_KEYFILE} is set: {SSL_CERTFILE} is required too")
        for key, path in ((SSL_CAFILE, self.ssl_cafile), (SSL_CERTFILE, self.ssl_certfile),
                          (SSL_KEYFILE, self.ssl_keyfile)):
            if path and not Path(path).is_file():
                raise SecuritySettingsError(f"{key}={path!r}: no such file")
        if not self.uses_sasl:
            if self.sasl_mechanism:
                raise SecuritySettingsError(
                    f"{SASL_MECHANISM} is set but {SECURITY_PROTOCOL}={self.protocol} does not use "
                    "SASL (SASL_PLAINTEXT or SASL_SSL)"
                )
            return
        if self.sasl_mechanism is None:
            raise SecuritySettingsError(
                f"{SECURITY_PROTOCOL}={self.protocol} needs {SASL_MECHANISM} "
                f"({', '.join(MECHANISMS)})"
            )
        if self.sasl_mechanism not in MECHANISMS:
            raise SecuritySettingsError(
                f"{SASL_MECHANISM}={self.sasl_mechanism!r} is not one of {', '.join(MECHANISMS)}"
            )
        if self.sasl_mechanism == "OAUTHBEARER":
            if self.oauth is None:
                raise SecuritySettingsError(
                    f"{SASL_MECHANISM}=OAUTHBEARER needs {OAUTH_TOKEN_URL}, {OAUTH_CLIENT_ID} "
                    f"and {OAUTH_CLIENT_SECRET}"
                )
        elif not self.sasl_username or not self.sasl_password:
            raise SecuritySettingsError(
                f"{SASL_MECHANISM}={self.sasl_mechanism} needs {SASL_USERNAME} and "
                f"{SASL_PASSWORD} (or {SASL_PASSWORD_FILE})"
            )

    @property
    def uses_tls(self) -> bool:
        return self.protocol in ("SSL", "SASL_SSL")

    @property
    def uses_sasl(self) -> bool:
        return self.protocol in ("SASL_PLAINTEXT", "SASL_SSL")

    @property
    def principal(self) -> str:
        """Who this client is, for messages: the SASL user or OAuth client, else the protocol."""
        if self.sasl_mechanism == "OAUTHBEARER" and self.oauth is not None:
            return f"OAuth client {self.oauth.client_id!r}"
        if self.uses_sasl:
            return f"user {self.sasl_username!r}"
        return f"an unauthenticated {self.protocol} client"

    @cached_property
    def ssl_context(self) -> ssl.SSLContext | None:
        """One context for every TLS connection: the CA file (else the system's), hostname
        verification, TLS 1.2 or later, and the client certificate when one is configured."""
        if not self.uses_tls:
            return None
        context = ssl.create_default_context(cafile=self.ssl_cafile)
        context.check_hostname = True
        context.verify_mode = ssl.CERT_REQUIRED
        context.minimum_version = ssl.TLSVersion.TLSv1_2
        if self.ssl_certfile:
            try:
                context.load_cert_chain(self.ssl_certfile, self.ssl_keyfile)
            except (ssl.SSLError, OSError) as error:
                raise SecuritySettingsError(
                    f"{SSL_CERTFILE}={self.ssl_certfile!r}: cannot load the client certificate "
                    f"and key: {error}"
                ) from None
        return context

    @cached_property
    def token_provider(self) -> OAuthTokenProvider | None:
        """The process's OAUTHBEARER token source (shared, so the token is fetched once)."""
        if self.sasl_mechanism != "OAUTHBEARER" or self.oauth is None:
            return None
        return OAuthTokenProvider(self.oauth, timeout=self.timeout)

    def client_kwargs(self) -> dict[str, Any]:
        """The keyword arguments every kafka-python client (and KafkaConnection) takes."""
        kwargs: dict[str, Any] = {"security_protocol": self.protocol}
        if self.uses_tls:
            kwargs["ssl_context"] = self.ssl_context
            kwargs["ssl_check_hostname"] = True
        if self.uses_sasl:
            kwargs["sasl_mechanism"] = self.sasl_mechanism
            if self.sasl_mechanism == "OAUTHBEARER":
                kwargs["sasl_oauth_token_provider"] = self.token_provider
            else:
                kwargs["sasl_plain_username"] = self.sasl_username
                kwargs["sasl_plain_password"] = self.sasl_password
        return kwargs

    def describe(self) -> str:
        """One line for logs and `mentoring config`: everything but the secrets."""
        parts = [self.protocol]
        if self.uses_tls:
            parts.append(f"ca={self.ssl_cafile or 'system'}")
            if self.ssl_certfile:
                parts.append(f"client-cert={self.ssl_certfile}")
        if self.uses_sasl:
            parts.append(f"{self.sasl_mechanism} as {self.principal}")
        return " ".join(parts)


_SHARED: dict[KafkaSecurity, KafkaSecurity] = {}
_SHARED_LOCK = threading.Lock()


def shared(security: KafkaSecurity) -> KafkaSecurity:
    """The first equal KafkaSecurity of the process: clients built from settings read again
    share one SSL context and one OAuth token (fetched once, not per client)."""
    with _SHARED_LOCK:
        return _SHARED.setdefault(security, security)


def _read_secret_file(path: str, key: str) -> str:
    try:
        value = Path(path).read_text().strip()
    except OSError as error:
        raise SecuritySettingsError(f"{key}={path!r}: {error.strerror or error}") from None
    if not value:
        raise SecuritySettingsError(f"{key}={path!r} is empty")
    return value


class OAuthTokenProvider(AbstractTokenProvider):
    """Access tokens from an OIDC/OAuth 2 token endpoint (client credentials grant).

    A token is reused until ``TOKEN_REFRESH_SHARE`` of its lifetime (``expires_in``) has
    passed, then fetched anew at the next ``token()``: kafka-python's clients call it when
    they (re-)authenticate, and so does the store's own transport when it reconnects before
    the broker's session ends. Thread-safe; the client secret goes only to the token URL.
    """

    def __init__(self, credentials: OAuthClientCredentials, *, timeout: float = 10.0) -> None:
        super().__init__()
        self.credentials = credentials
        self.timeout = timeout
        self._lock = threading.Lock()
        self._token: str | None = None
        self._expires_at = 0.0  # monotonic: when the token is no longer worth sending
        self._renew_at = 0.0

    def token(self) -> str:
        with self._lock:
            if self._token is None or time.monotonic() >= self._renew_at:
                self._token, lifetime = self._fetch()
                now = time.monotonic()
                self._expires_at = now + lifetime
                self._renew_at = now + lifetime * TOKEN_REFRESH_SHARE
            return self._token

    @property
    def expires_at(self) -> float:
        """When (time.monotonic) the current token expires (0 before the first)."""
        return self._expires_at

    def _fetch(self) -> tuple[str, float]:
        creds = self.credentials
        form = {"grant_type": "client_credentials"}
        if creds.scope:
            form["scope"] = creds.scope
        basic = base64.b64encode(
            f"{urllib.parse.quote(creds.client_id, safe='')}:"
            f"{urllib.parse.quote(creds.client_secret, safe='')}".encode()
        ).decode()
        request = urllib.request.Request(  # noqa: S310 (the configured https token endpoint)
            creds.token_url,
            data=urllib.parse.urlencode(form).encode(),
            headers={
                "Authorization": f"Basic {basic}",
                "Content-Type": "application/x-www-form-urlencoded",
                "Accept": "application/json",
            },
            method="POST",
        )
        where = f"the OAuth token endpoint {creds.token_url} ({OAUTH_TOKEN_URL})"
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                body = json.loads(response.read())
        except urllib.error.HTTPError as error:
            raise KafkaAuthenticationError(
                f"{where} refused client {creds.client_id!r}: HTTP {error.code} {error.reason}"
            ) from None
        except (urllib.error.URLError, OSError) as error:
            reason = getattr(error, "reason", error)
            raise KafkaAuthenticationError(f"{where} did not answer: {reason}") from None
        except ValueError:
            raise KafkaAuthenticationError(f"{where} answered with something not JSON") from None
        token = body.get("access_token") if isinstance(body, dict) else None
        if not isinstance(token, str) or not token:
            raise KafkaAuthenticationError(f"{where} answered without an access_token")
        try:
            lifetime = float(body.get("expires_in") or 3600)
        except (TypeError, ValueError):
            lifetime = 3600.0
        return token, max(lifetime, 1.0)
