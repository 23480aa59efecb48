"""The service: a FastAPI app over one event database, with the analyst UI at ``/``.

``create_app(ServiceSettings(db=..., token=...))`` builds it; ``eventwire serve`` runs it with
uvicorn. Reading needs nothing; writing (``POST /articles``) needs the bearer token, and a
read-only app has no write endpoint at all. Request bodies over ``max_body_bytes`` are refused
with 413 before they are parsed; article text is data, never markup (the UI builds the page from
text nodes and the Content-Security-Policy forbids any script that is not the UI's own).
DOCS: docs/service.md
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from eventwire import __version__
from eventwire.store.db import Store

if TYPE_CHECKING:
    from eventwire.pipeline import Coder

log = logging.getLogger("eventwire.service")

STATIC = Path(str(resources.files("eventwire.service") / "static"))
CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; "
       "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
# Swagger UI starts itself with an inline script: allowed on /docs only, its assets still local
DOCS_CSP = CSP.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'").replace(
    "style-src 'self'", "style-src 'self' 'unsafe-inline'")


@dataclass
class ServiceSettings:
    """How the service runs. ``token`` is required unless ``read_only``."""

    db: str = "eventwire.db"
    token: str | None = None
    read_only: bool = False
    cors_origins: tuple[str, ...] = ()
    max_body_bytes: int = 5_000_000
    max_article_chars: int = 1_000_000
    max_articles: int = 100  # per POST /articles
    actors: tuple[Path, ...] = ()  # the coder's extra actor and pattern files
    patterns: tuple[Path, ...] = ()

    def __post_init__(self) -> None:
        if not self.read_only and not self.token:
            raise ValueError("a service that writes needs a token (or read_only=True)")


class Coding:
    """The Coder, loaded on the first article (the model takes seconds), one text at a time."""

    def __init__(self, settings: ServiceSettings, coder: Coder | None = None) -> None:
        self._coder = coder
        self._settings = settings
        self.lock = threading.Lock()

    def coder(self) -> Coder:
        if self._coder is None:
            from eventwire.pipeline import Coder

            self._coder = Coder(actors=self._settings.actors, patterns=self._settings.patterns)
        return self._coder


# ---- request limits and headers ----------------------------------------------------------------


class BodyLimit:
    """Refuses a request body over ``limit`` bytes with 413, by its Content-Length or, without one,
    by counting what arrives, before the app reads any of it."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.limit):
            await self._refuse(scope, receive, send)
            return
        body, more = bytearray(), True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body += message.get("body", b"")
            more = message.get("more_body", False)
            if len(body) > self.limit:
                await self._refuse(scope, receive, send)
                return
        await self.app(scope, _replay(bytes(body)), send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = JSONResponse({"detail": f"request body over {self.limit:,} bytes"}, status_code=413)
        await response(scope, receive, send)


def _replay(body: bytes) -> Receive:
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return receive


async def _security_headers(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
    response = await call_next(request)
    docs = request.url.path == "/docs"
    response.headers.setdefault("Content-Security-Policy", DOCS_CSP if docs else CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    response.headers.setdefault("X-Frame-Options", "DENY")
    return response


async def _validation_error(_request: Request, exc: RequestValidationError) -> Response:
    """422 with FastAPI's list of problems, and one readable line of them as ``reason``. The input is
    not echoed back: it may be a megabyte of text, or hold what no UTF-8 answer can."""
    problems = [{k: v for k, v in e.items() if k != "input"} for e in exc.errors()]
    reason = "; ".join(f"{'.'.join(str(p) for p in e.get('loc', ()) if p != 'body')}: {e.get('msg')}"
                       for e in problems)
    body = json.dumps({"detail": problems, "reason": reason}, default=str)  # ASCII: escapes anything odd
    return Response(body, status_code=422, media_type="application/json")


# ---- the app ------------------------------------------------------------------------------------


def create_app(settings: ServiceSettings, *, coder: Coder | None = None, store: Store | None = None) -> FastAPI:
    """The service over ``settings.db`` (or an open ``store``); ``coder`` saves loading a new one."""
    from eventwire.service import routes

    app = FastAPI(title="eventwire", version=__version__, docs_url=None, redoc_url=None,
                  description="Political event data from news text: every field backed by the words of the text.")
    app.state.settings = settings
    app.state.store = store or Store(settings.db)
    app.state.coding = Coding(settings, coder)
    app.include_router(routes.read)
    if not settings.read_only:
        app.include_router(routes.write)
    app.add_exception_handler(RequestValidationError, _validation_error)  # type: ignore[arg-type]
    app.middleware("http")(_security_headers)
    if settings.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=list(settings.cors_origins),
                           allow_methods=["GET", "POST"], allow_headers=["Authorization", "Content-Type"])
    app.add_middleware(BodyLimit, limit=settings.max_body_bytes)
    _add_pages(app)
    return app


def _add_pages(app: FastAPI) -> None:
    import swagger_ui_bundle

    app.mount("/static", StaticFiles(directory=STATIC, check_dir=False), name="static")
    app.mount("/docs-assets", StaticFiles(directory=str(swagger_ui_bundle.swagger_ui_path)), name="docs-assets")

    @app.api_route("/", methods=["GET", "HEAD"], include_in_schema=False)
    def index() -> Response:
        page = STATIC / "index.html"
        if not page.is_file():  # a broken install: say so, not a 500
            return JSONResponse({"detail": f"the web UI is missing from {STATIC}; reinstall eventwire"}, 404)
        return FileResponse(page, media_type="text/html")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(openapi_url="/openapi.json", title="eventwire API",
                                   swagger_js_url="/docs-assets/swagger-ui-bundle.js",
                                   swagger_css_url="/docs-assets/swagger-ui.css",
                                   swagger_favicon_url="/static/favicon.svg")
