"""Running the studio under uvicorn until Ctrl-C.

The socket is bound before uvicorn starts, so a port in use is an OSError for the
command to report (not uvicorn's own exit), and the URL printed is the one listened on.
uvicorn handles the signals; on its way out it ends the open event streams first (they
would otherwise hold the shutdown for as long as a browser keeps them open), then the
app's lifespan ends the watch.
"""

from __future__ import annotations

import contextlib
import socket
from collections.abc import Callable
from pathlib import Path
from typing import Any

import uvicorn

from ..build.site import BuildOptions
from .app import create_app
from .studio import Studio


class _Server(uvicorn.Server):
    def __init__(self, config: uvicorn.Config, studio: Studio):
        super().__init__(config)
        self.studio = studio

    def handle_exit(self, sig: int, frame: Any) -> None:
        self.studio.closing()
        super().handle_exit(sig, frame)


def listen(host: str, port: int) -> socket.socket:
    """A socket bound to host:port (port 0: any free one). OSError when it cannot be."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host.strip("[]"), port))
    except OSError:
        sock.close()
        raise
    return sock


def url_of(host: str, sock: socket.socket) -> str:
    shown = f"[{host.strip('[]')}]" if ":" in host else host
    return f"http://{shown}:{sock.getsockname()[1]}/"


def serve_site(
    root: Path,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    options: BuildOptions | None = None,
    on_ready: Callable[[str], None] | None = None,
) -> None:
    """Serve the studio of the site at `root` on host:port until Ctrl-C; `on_ready` gets
    its URL once it is listening. OSError when it cannot be."""
    studio = Studio.for_site(root, options)
    sock = listen(host, port)
    url = url_of(host, sock)
    config = uvicorn.Config(
        create_app(studio, host, on_start=(lambda: on_ready(url)) if on_ready else None),
        log_level="warning",
        access_log=False,  # a request line is no business of a log here
        timeout_graceful_shutdown=2,
        lifespan="on",
    )
    with sock, contextlib.suppress(KeyboardInterrupt):  # uvicorn passes Ctrl-C on once done
        _Server(config, studio).run(sockets=[sock])
