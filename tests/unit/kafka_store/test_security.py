"""KafkaSecurity: reading the settings, the kafka-python kwargs, OAuth tokens, failure lines."""

from __future__ import annotations

import json
import socket
import ssl
import subprocess
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any

import kafka.errors as Errors
import pytest
from eventsourcing.utils import Environment

from gateways.stores.kafka import security as security_module
from gateways.stores.kafka.config import KafkaStoreConfig
from gateways.stores.kafka.errors import KafkaAuthenticationError, KafkaTlsError
from gateways.stores.kafka.protocol.secure_socket import _explain, open_socket
from gateways.stores.kafka.security import (
    KafkaSecurity,
    OAuthClientCredentials,
    OAuthTokenProvider,
    SecuritySettingsError,
)

SECRET = "s3cr3t-never-shown"


def security(**values: str) -> KafkaSecurity:
    return KafkaSecurity.from_env(Environment(env=values))


def sasl_plaintext(mechanism: str) -> KafkaSecurity:
    """SASL over plaintext as the user "writer" with SECRET for its password."""
    return security(
        KAFKA_SECURITY_PROTOCOL="SASL_PLAINTEXT",
        KAFKA_SASL_MECHANISM=mechanism,
        KAFKA_SASL_USERNAME="writer",
        KAFKA_SASL_PASSWORD=SECRET,
    )


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A CA, a server certificate for localhost (only) signed by it, and another CA."""
    root = tmp_path_factory.mktemp("pki")

    def run(*args: str) -> None:
        subprocess.run(["openssl", *args], cwd=root, check=True, capture_output=True)

    for ca in ("ca", "other-ca"):
        run("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj",
            f"/CN={ca}", "-keyout", f"{ca}.key", "-out", f"{ca}.pem")
    run("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost", "-keyout",
        "server.key", "-out", "server.csr")
    (root / "san.ext").write_text("subjectAltName=DNS:localhost\n")
    run("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
        "-CAcreateserial", "-days", "2", "-extfile", "san.ext", "-out", "server.pem")
    return {name: root / name for name in ("ca.pem", "other-ca.pem", "server.pem", "server.key")}


@pytest.fixture
def tls_server(pki: dict[str, Path]) -> Iterator[int]:
    """A TLS server on 127.0.0.1 that accepts handshakes and then hangs up."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(pki["server.pem"], pki["server.key"])
    listener = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def serve() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            try:
                with context.wrap_socket(conn, server_side=True) as tls:
                    tls.recv(1)
            except (ssl.SSLError, OSError):
                pass

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield listener.getsockname()[1]
    stop.set()
    thread.join()
    listener.close()


# -- settings ----------------------------------------------------------------------------


def test_plaintext_is_the_default_and_adds_nothing_but_the_protocol() -> None:
    plain = security()
    assert plain.protocol == "PLAINTEXT"
    assert plain.client_kwargs() == {"security_protocol": "PLAINTEXT"}
    assert plain.ssl_context is None


def test_sasl_ssl_with_scram_gives_kafka_python_its_tls_and_sasl_settings(
    pki: dict[str, Path],
) -> None:
    secure = security(
        KAFKA_SECURITY_PROTOCOL="sasl_ssl",
        KAFKA_SSL_CAFILE=str(pki["ca.pem"]),
        KAFKA_SASL_MECHANISM="scram-sha-512",
        KAFKA_SASL_USERNAME="writer",
        KAFKA_SASL_PASSWORD=SECRET,
    )
    kwargs = secure.client_kwargs()
    context = kwargs.pop("ssl_context")
    assert kwargs == {
        "security_protocol": "SASL_SSL",
        "ssl_check_hostname": True,
        "sasl_mechanism": "SCRAM-SHA-512",
        "sasl_plain_username": "writer",
        "sasl_plain_password": SECRET,
    }
    assert isinstance(context, ssl.SSLContext)
    assert context.check_hostname and context.verify_mode == ssl.CERT_REQUIRED
    assert context is secure.ssl_context  # one context for every client


def test_the_store_config_passes_the_security_to_every_kafka_python_client(
    pki: dict[str, Path],
) -> None:
    config = KafkaStoreConfig.from_env(
        Environment(
            "App",
            {
                "KAFKA_BOOTSTRAP_SERVERS": "k:9093",
                "KAFKA_SECURITY_PROTOCOL": "SSL",
                "KAFKA_SSL_CAFILE": str(pki["ca.pem"]),
            },
        )
    )
    assert config.security.protocol == "SSL"
    settings = config.client_settings()
    assert settings["security_protocol"] == "SSL"
    assert settings["ssl_context"] is config.security.ssl_context


def test_client_certificate_is_loaded_for_mtls(pki: dict[str, Path]) -> None:
    secure = security(
        KAFKA_SECURITY_PROTOCOL="SSL",
        KAFKA_SSL_CAFILE=str(pki["ca.pem"]),
        KAFKA_SSL_CERTFILE=str(pki["server.pem"]),
        KAFKA_SSL_KEYFILE=str(pki["server.key"]),
    )
    assert secure.ssl_context is not None


def test_the_password_can_come_from_a_file(tmp_path: Path) -> None:
    path = tmp_path / "password"
    path.write_text(SECRET + "\n")
    secure = security(
        KAFKA_SECURITY_PROTOCOL="SASL_PLAINTEXT",
        KAFKA_SASL_MECHANISM="PLAIN",
        KAFKA_SASL_USERNAME="writer",
        KAFKA_SASL_PASSWORD_FILE=str(path),
    )
    assert secure.sasl_password == SECRET


@pytest.mark.parametrize(
    ("values", "named"),
    [
        ({"KAFKA_SECURITY_PROTOCOL": "TLS"}, "KAFKA_SECURITY_PROTOCOL"),
        ({"KAFKA_SECURITY_PROTOCOL": "SASL_SSL"}, "KAFKA_SASL_MECHANISM"),
        ({"KAFKA_SECURITY_PROTOCOL": "SASL_SSL", "KAFKA_SASL_MECHANISM": "GSSAPI"},
         "KAFKA_SASL_MECHANISM"),
        ({"KAFKA_SECURITY_PROTOCOL": "SASL_SSL", "KAFKA_SASL_MECHANISM": "SCRAM-SHA-256",
          "KAFKA_SASL_USERNAME": "writer"}, "KAFKA_SASL_PASSWORD"),
        ({"KAFKA_SECURITY_PROTOCOL": "SASL_SSL", "KAFKA_SASL_MECHANISM": "OAUTHBEARER"},
         "KAFKA_SASL_OAUTH_TOKEN_URL"),
        ({"KAFKA_SASL_MECHANISM": "PLAIN"}, "KAFKA_SASL_MECHANISM"),
        ({"KAFKA_SSL_CAFILE": "/etc/hosts"}, "KAFKA_SSL_CAFILE"),
        ({"KAFKA_SECURITY_PROTOCOL": "SSL", "KAFKA_SSL_CAFILE": "/no/such/ca.pem"},
         "KAFKA_SSL_CAFILE"),
        ({"KAFKA_SECURITY_PROTOCOL": "SASL_SSL", "KAFKA_SASL_MECHANISM": "PLAIN",
          "KAFKA_SASL_USERNAME": "u", "KAFKA_SASL_PASSWORD_FILE": "/no/such/file"},
         "KAFKA_SASL_PASSWORD_FILE"),
        ({"KAFKA_SECURITY_PROTOCOL": "SASL_SSL", "KAFKA_SASL_MECHANISM": "OAUTHBEARER",
          "KAFKA_SASL_OAUTH_TOKEN_URL": "https://idp/token"}, "KAFKA_SASL_OAUTH_CLIENT_ID"),
    ],
)
def test_contradictory_settings_are_refused_naming_the_variable(
    values: dict[str, str], named: str
) -> None:
    with pytest.raises(SecuritySettingsError, match=named) as caught:
        security(**values)
    assert "\n" not in str(caught.value)


def test_secrets_never_appear_in_repr_or_description() -> None:
    secure = sasl_plaintext("SCRAM-SHA-256")
    oauth = security(
        KAFKA_SECURITY_PROTOCOL="SASL_PLAINTEXT",
        KAFKA_SASL_MECHANISM="OAUTHBEARER",
        KAFKA_SASL_OAUTH_TOKEN_URL="http://idp/token",
        KAFKA_SASL_OAUTH_CLIENT_ID="mentoring",
        KAFKA_SASL_OAUTH_CLIENT_SECRET=SECRET,
    )
    for shown in (repr(secure), secure.describe(), repr(oauth), oauth.describe()):
        assert SECRET not in shown
    assert "writer" in secure.describe()


# -- OAUTHBEARER tokens ------------------------------------------------------------------


class TokenEndpoint(BaseHTTPRequestHandler):
    requests: list[dict[str, Any]] = []
    status = 200
    expires_in = 300

    def do_POST(self) -> None:  # noqa: N802 (http.server's name)
        body = self.rfile.read(int(self.headers["Content-Length"])).decode()
        TokenEndpoint.requests.append(
            {"authorization": self.headers["Authorization"], "body": body}
        )
        payload = json.dumps(
            {"access_token": f"token-{len(TokenEndpoint.requests)}",
             "expires_in": TokenEndpoint.expires_in, "token_type": "Bearer"}
        ).encode()
        self.send_response(TokenEndpoint.status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def token_url() -> Iterator[str]:
    TokenEndpoint.requests, TokenEndpoint.status, TokenEndpoint.expires_in = [], 200, 300
    server = HTTPServer(("127.0.0.1", 0), TokenEndpoint)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/token"
    server.shutdown()
    server.server_close()


def provider(url: str) -> OAuthTokenProvider:
    return OAuthTokenProvider(
        OAuthClientCredentials(url, "mentoring", SECRET, "kafka"), timeout=5
    )


def test_a_client_credentials_token_is_fetched_once_and_reused(token_url: str) -> None:
    tokens = provider(token_url)
    assert tokens.token() == "token-1"
    assert tokens.token() == "token-1"
    (request,) = TokenEndpoint.requests
    assert request["authorization"].startswith("Basic ")
    assert "grant_type=client_credentials" in request["body"]
    assert "scope=kafka" in request["body"]
    assert SECRET not in request["body"]  # the secret goes in the Basic header only


def test_the_token_is_renewed_before_it_expires(
    token_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = [1000.0]
    monkeypatch.setattr(security_module.time, "monotonic", lambda: clock[0])
    tokens = provider(token_url)
    assert tokens.token() == "token-1"
    clock[0] += 300 * 0.7
    assert tokens.token() == "token-1"
    clock[0] += 300 * 0.15  # past 80% of its 300 s
    assert tokens.token() == "token-2"


def test_a_refused_token_request_is_one_line_without_the_secret(token_url: str) -> None:
    TokenEndpoint.status = 401
    with pytest.raises(KafkaAuthenticationError) as caught:
        provider(token_url).token()
    message = str(caught.value)
    assert "HTTP 401" in message and "'mentoring'" in message
    assert SECRET not in message and "\n" not in message


def test_oauthbearer_gives_kafka_python_the_shared_token_provider(token_url: str) -> None:
    oauth = security(
        KAFKA_SECURITY_PROTOCOL="SASL_SSL",
        KAFKA_SASL_MECHANISM="OAUTHBEARER",
        KAFKA_SASL_OAUTH_TOKEN_URL=token_url,
        KAFKA_SASL_OAUTH_CLIENT_ID="mentoring",
        KAFKA_SASL_OAUTH_CLIENT_SECRET=SECRET,
    )
    kwargs = oauth.client_kwargs()
    assert kwargs["sasl_mechanism"] == "OAUTHBEARER"
    assert kwargs["sasl_oauth_token_provider"] is oauth.token_provider
    assert "sasl_plain_password" not in kwargs


# -- failures: one line naming the cause -------------------------------------------------


def test_an_untrusted_broker_certificate_fails_fast_naming_host_and_port(
    pki: dict[str, Path], tls_server: int
) -> None:
    untrusting = security(KAFKA_SECURITY_PROTOCOL="SSL", KAFKA_SSL_CAFILE=str(pki["other-ca.pem"]))
    with pytest.raises(KafkaTlsError) as caught:
        open_socket("localhost", tls_server, untrusting, client_id="t", timeout=5)
    message = str(caught.value)
    assert message.startswith(f"certificate verify failed for localhost:{tls_server}")
    assert "\n" not in message


def test_a_certificate_for_another_host_name_is_refused(
    pki: dict[str, Path], tls_server: int, tmp_path: Path
) -> None:
    trusting = security(KAFKA_SECURITY_PROTOCOL="SSL", KAFKA_SSL_CAFILE=str(pki["ca.pem"]))
    # the certificate names localhost, not 127.0.0.1
    with pytest.raises(KafkaTlsError, match="certificate verify failed for 127.0.0.1.*mismatch"):
        open_socket("127.0.0.1", tls_server, trusting, client_id="t", timeout=5)


def test_a_trusted_certificate_gets_past_tls(pki: dict[str, Path], tls_server: int) -> None:
    trusting = security(KAFKA_SECURITY_PROTOCOL="SSL", KAFKA_SSL_CAFILE=str(pki["ca.pem"]))
    # the server is no broker: past the handshake it hangs up, which is no TLS error
    with pytest.raises(OSError, match=f"could not connect to localhost:{tls_server}"):
        open_socket("localhost", tls_server, trusting, client_id="t", timeout=5)


def test_wrong_credentials_are_one_line_naming_user_and_mechanism() -> None:
    scram = sasl_plaintext("SCRAM-SHA-512")
    broker_said = Errors.SaslAuthenticationFailedError(
        "SaslAuthenticationFailedError: Authentication failed during authentication due to "
        "invalid credentials with SASL mechanism SCRAM-SHA-512"
    )
    explained = _explain(broker_said, "k1:9094", scram)
    assert isinstance(explained, KafkaAuthenticationError)
    assert str(explained).startswith(
        "authentication failed for user 'writer' with SCRAM-SHA-512 at k1:9094: "
    )
    assert SECRET not in str(explained)


def test_a_mechanism_the_broker_lacks_is_an_authentication_error() -> None:
    plain = sasl_plaintext("PLAIN")
    explained = _explain(Errors.UnsupportedSaslMechanismError("enabled: SCRAM"), "k:1", plain)
    assert isinstance(explained, KafkaAuthenticationError)
    assert "PLAIN" in str(explained)


def test_equal_settings_share_one_ssl_context_and_token(pki: dict[str, Path]) -> None:
    from gateways.stores.kafka.security import shared

    values = {"KAFKA_SECURITY_PROTOCOL": "SSL", "KAFKA_SSL_CAFILE": str(pki["ca.pem"])}
    first, second = shared(security(**values)), shared(security(**values))
    assert first is second
    assert first.client_kwargs()["ssl_context"] is second.client_kwargs()["ssl_context"]


def test_checking_access_names_the_refusal_and_ignores_unreachable_servers(
    pki: dict[str, Path], tls_server: int
) -> None:
    from gateways.stores.kafka.protocol.secure_socket import check_access

    untrusting = security(KAFKA_SECURITY_PROTOCOL="SSL", KAFKA_SSL_CAFILE=str(pki["other-ca.pem"]))
    with pytest.raises(KafkaTlsError):
        check_access(f"localhost:{tls_server}", untrusting, client_id="t", timeout=5)
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()
    check_access(f"127.0.0.1:{port}", untrusting, client_id="t", timeout=5)  # left to the client
    check_access("127.0.0.1:1", security(), client_id="t", timeout=5)  # PLAINTEXT: nothing


def test_the_cli_prints_a_refused_connection_as_one_line() -> None:
    import typer

    from gateways.entrypoints.cli.errors import run_cleanly

    with pytest.raises(typer.Exit) as caught, run_cleanly():
        raise KafkaAuthenticationError("authentication failed for user 'w' with PLAIN at k:1")
    assert caught.value.exit_code == 1
