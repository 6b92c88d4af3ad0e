"""A studio for the tests: the real app under a real uvicorn, on a free loopback port,
over a private copy of a site (so a test may edit its files)."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import uvicorn

from handouts.build.site import BuildOptions
from handouts.serve.app import create_app
from handouts.serve.server import listen, url_of
from handouts.serve.studio import Studio
from tests.support.processes import wait_for
from tests.support.sites import SEED_SITE, SITES, copy_site

ARTICLE = "ankle-foot-mobility"


@dataclass
class Running:
    url: str
    studio: Studio
    port: int

    @property
    def root(self) -> Path:
        return self.studio.root


@contextlib.contextmanager
def running(root: Path) -> Iterator[Running]:
    """The studio of `root` served until the block ends, its first build done."""
    studio = Studio.for_site(root, BuildOptions(jobs=1))
    sock = listen("127.0.0.1", 0)
    config = uvicorn.Config(create_app(studio), log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        wait_for(lambda: server.started and studio.ready.is_set(), 60, "the studio to start")
        yield Running(url_of("127.0.0.1", sock), studio, sock.getsockname()[1])
    finally:
        studio.closing()
        server.should_exit = True
        thread.join(timeout=30)
        sock.close()


@pytest.fixture
def seed_copy(tmp_path: Path) -> Path:
    return copy_site(SEED_SITE, tmp_path / "site")


@pytest.fixture
def studio(seed_copy: Path) -> Iterator[Running]:
    with running(seed_copy) as served:
        yield served


@pytest.fixture
def languages(tmp_path: Path) -> Iterator[Running]:
    """The translated test site: the seed article in Spanish and Arabic, one in Chinese."""
    with running(copy_site(SITES / "i18n", tmp_path / "site")) as served:
        yield served
