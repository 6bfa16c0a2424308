"""Read-your-writes over HTTP: commands answer the log position they wrote; reads wait for it.

`PositionMiddleware` gives each request a `WrittenPosition` (a context variable the service's
saves report into, see `projections.portal.follower.PortalReadModel.track`); a response to a
request that wrote anything carries `X-Log-Position: <highest notification id written>`.
A portal read (`routers/lists.py`) takes `?after_position=` and waits, at most a second, until
the read side has projected it.
"""

from __future__ import annotations

from starlette.types import Message, Receive, Scope, Send

from gateways.entrypoints.http.http_middleware import HttpMiddleware
from projections.portal.follower import REQUEST_WRITES, WrittenPosition

POSITION_HEADER = "X-Log-Position"


class PositionMiddleware(HttpMiddleware):
    """Adds X-Log-Position to the response of a request whose command saved events."""

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        written = WrittenPosition()
        token = REQUEST_WRITES.set(written)

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start" and written.value is not None:
                headers = list(message.get("headers", []))
                headers.append((POSITION_HEADER.lower().encode(), str(written.value).encode()))
                message = {**message, "headers": headers}
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            REQUEST_WRITES.reset(token)
