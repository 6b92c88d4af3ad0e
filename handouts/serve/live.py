"""Live reload: a server-sent event stream telling open pages the site has a new version.

A page learns the version it shows from its own HTML; the stream first says the
current one (so a build finished between the page's load and the stream's start is not
missed), then each new one as the watch publishes it. The page then fetches itself
again and swaps in what changed (static/live.js).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

from starlette.responses import StreamingResponse

from .studio import Studio

KEEPALIVE_SECONDS = 15.0


def events(studio: Studio) -> StreamingResponse:
    async def stream() -> AsyncIterator[str]:
        queue = studio.listen()
        try:
            yield f"retry: 500\ndata: {studio.snapshot.version}\n\n"
            while True:
                try:
                    version = await asyncio.wait_for(queue.get(), KEEPALIVE_SECONDS)
                except TimeoutError:
                    yield ": still here\n\n"
                    continue
                if version is None:  # the studio is stopping
                    return
                yield f"data: {version}\n\n"
        finally:
            studio.forget(queue)

    headers = {"Cache-Control": "no-store", "X-Accel-Buffering": "no"}
    return StreamingResponse(stream(), media_type="text/event-stream", headers=headers)
