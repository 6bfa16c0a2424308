"""Bodies are JSON in UTF-8, or refused (415) before anything reads them.

A request that carries a body (a Content-Length above 0, or a chunked transfer) must declare
``application/json``, with no charset or ``charset=utf-8``: a body in another charset would be
decoded as something else than the caller wrote (and JSON is UTF-8, RFC 8259), a body of
another type is not what any route takes. Requests without a body pass (most reads, commands
with no field).
"""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send

from gateways.entrypoints.http.problems import HttpProblem

JSON = "application/json"
CHARSETS = frozenset({"utf-8", "utf8"})


def has_body(headers: dict[bytes, bytes]) -> bool:
    """Whether the request declares a body."""
    length = headers.get(b"content-length", b"").strip()
    if length and length != b"0":
        return True
    return b"chunked" in headers.get(b"transfer-encoding", b"").lower()


def check_json_in_utf8(content_type: str) -> None:
    """Refuse (415 ``unsupported-media-type``) anything but JSON in UTF-8."""
    media_type, *parameters = (part.strip() for part in content_type.split(";"))
    if media_type.lower() != JSON:
        raise HttpProblem(
            415, "unsupported-media-type",
            f"send the body as {JSON} (got {media_type[:60]!r})",
        )
    for parameter in parameters:
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset" and value.strip().strip('"').lower() not in CHARSETS:
            raise HttpProblem(
                415, "unsupported-media-type", "JSON bodies are UTF-8: send charset=utf-8 or none"
            )


class JsonBodyMiddleware:
    """Refuse a body that is not JSON in UTF-8 (the correlation middleware renders the 415)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            headers = {name.lower(): value for name, value in scope.get("headers", [])}
            if has_body(headers):
                check_json_in_utf8(headers.get(b"content-type", b"").decode("latin-1"))
        await self.app(scope, receive, send)
