"""The studio's web app: its routes, the out/ folders it serves, and its guard.

Only the folders a build owns (handouts/, cards/, newsletters/) are served, by
Starlette's static files, which resolve every path (encoded or through a symbolic
link) and refuse what lands outside its folder; patients' handouts under out/patients/
and the site's sources are never served.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import AsyncIterator, Callable
from functools import partial
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from ..build.kinds import CARD, HANDOUT, NEWSLETTER
from ..diagnostics import ContentError
from ..i18n import language_name
from ..newsletter.send import SendError, send_test
from ..patients.prescription import PrescriptionError
from . import live, pages
from .desk import DeskForm, file_name, handout_pdf
from .safety import Guard, allowed_hosts, same_token
from .studio import Studio

MAX_FORM_FIELDS = 400

templates = Environment(
    loader=PackageLoader("handouts.serve", "templates"),
    autoescape=select_autoescape(default=True),
    trim_blocks=True,
    lstrip_blocks=True,
)
templates.filters["language_name"] = language_name


def create_app(
    studio: Studio, host: str = "127.0.0.1", on_start: Callable[[], None] | None = None
) -> Guard:
    """The studio's app behind its guard; its lifespan runs the watch (and calls
    `on_start` once the server handles Ctrl-C itself)."""

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        import asyncio

        studio.start(asyncio.get_running_loop())
        if on_start is not None:
            on_start()
        try:
            yield
        finally:
            await run_in_threadpool(studio.stop)

    def page(name: str, status: int = 200, **context: Any) -> HTMLResponse:
        snapshot = studio.snapshot
        html = templates.get_template(name).render(
            snapshot=snapshot,
            csrf=studio.csrf_token,
            nav=name.split(".")[0],
            site=snapshot.loaded.site if snapshot.loaded else None,
            **context,
        )
        return HTMLResponse(html, status, headers={"Cache-Control": "no-store"})

    async def home(request: Request) -> Response:
        return page("home.html.j2", home=pages.home(studio.snapshot))

    async def article(request: Request, message: str | None = None, status: int = 200) -> Response:
        slug = request.path_params["slug"]
        found = pages.article(studio.snapshot, studio.out, slug)
        if found is None and studio.snapshot.loaded is not None:
            raise HTTPException(404, f"no article '{slug}'")
        return page("article.html.j2", status, slug=slug, article=found, message=message)

    async def send(request: Request) -> Response:
        form = await _form(request, studio)
        address = str(form.get("to", "")).strip()
        try:
            sent = await run_in_threadpool(
                studio.alone,
                partial(send_test, environ=os.environ),
                studio.root,
                request.path_params["slug"],
                [address],
            )
        except (SendError, ContentError) as exc:
            return await article(request, f"Not sent: {exc}", 400)
        return await article(request, sent.summary())

    async def desk(request: Request) -> Response:
        return page("desk.html.j2", form=DeskForm(), today=dt.date.today().isoformat())

    async def make_handout(request: Request) -> Response:
        form = await _form(request, studio)
        fields: dict[str, list[str]] = {}
        for key, value in form.multi_items():
            if isinstance(value, str):
                fields.setdefault(key, []).append(value)
        typed = DeskForm.from_fields(fields)
        loaded = studio.snapshot.loaded
        try:
            if loaded is None:
                raise PrescriptionError("the site is still being built; try again in a moment")
            prescription = typed.prescription()
            pdf = await run_in_threadpool(
                studio.alone, handout_pdf, loaded, prescription, typed.large
            )
        except (PrescriptionError, ContentError) as exc:
            return page("desk.html.j2", 400, form=typed, error=str(exc), today="")
        headers = {
            "Content-Disposition": f'attachment; filename="{file_name(prescription, typed.large)}"',
            "Cache-Control": "no-store",
        }
        return Response(pdf, media_type="application/pdf", headers=headers)

    async def events(request: Request) -> Response:
        return live.events(studio)

    async def not_found(request: Request, exc: Exception) -> Response:
        detail = getattr(exc, "detail", "not found")
        code = getattr(exc, "status_code", 404)
        return page("missing.html.j2", code, detail=detail)

    routes = [
        Route("/", home),
        Route("/articles/{slug}", article),
        Route("/articles/{slug}/send", send, methods=["POST"]),
        Route("/desk", desk),
        Route("/desk", make_handout, methods=["POST"]),
        Route("/events", events),
        Mount("/static", StaticFiles(packages=[("handouts.serve", "static")]), name="static"),
        *(
            Mount(f"/out/{folder}", _OutFolder(directory=studio.out / folder, check_dir=False))
            for folder in dict.fromkeys(k.folder for k in (HANDOUT, CARD, NEWSLETTER))
        ),
    ]
    app = Starlette(
        routes=routes,
        lifespan=lifespan,
        exception_handlers={404: not_found, 403: not_found, 400: not_found},
    )
    return Guard(app, allowed_hosts(host))


class _OutFolder(StaticFiles):
    """An out/ folder, served without caching: its files change with every build."""

    def file_response(self, *args: Any, **kwargs: Any) -> Response:
        response = super().file_response(*args, **kwargs)
        response.headers["Cache-Control"] = "no-cache"
        return response


async def _form(request: Request, studio: Studio) -> Any:
    """The posted form, refused unless it carries this run's token (and, when the
    browser says where it comes from, comes from this very page's origin)."""
    origin = request.headers.get("origin")
    if origin is not None and origin != f"{request.url.scheme}://{request.headers.get('host')}":
        raise HTTPException(403, "this form was posted from another site")
    form = await request.form(max_files=0, max_fields=MAX_FORM_FIELDS)
    if not same_token(form.get("csrf"), studio.csrf_token):
        raise HTTPException(403, "this form has expired: reload the page and send it again")
    return form
