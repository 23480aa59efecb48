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
import re
import threading
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from urllib.parse import parse_qsl

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy.exc import SQLAlchemyError
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from eventwire import __version__
from eventwire.service.coding import Busy, CoderSpec, CodesMany, Coding
from eventwire.store.db import Store, failure

log = logging.getLogger("eventwire.service")

STATIC = Path(str(resources.files("eventwire.service") / "static"))
CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; "
       "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
# Swagger UI starts itself with an inline script: allowed on /docs only, its assets still local
DOCS_CSP = CSP.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'").replace(
    "style-src 'self'", "style-src 'self' 'unsafe-inline'")


LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")


@dataclass
class ServiceSettings:
    """How the service runs. ``token`` is required unless ``read_only``."""

    db: str = "eventwire.db"
    token: str | None = None
    read_only: bool = False
    cors_origins: tuple[str, ...] = ()
    max_body_bytes: int = 5_000_000
    # one article's text: 200,000 characters code in about 8 s on one core (bench/long.py), a news
    # article is rarely over 20,000; a million would hold the single coding worker for about 37 s
    max_article_chars: int = 200_000
    max_articles: int = 100  # per POST /articles
    max_queued: int = 16  # POST /articles waiting for the coding worker; more get 503
    # seconds one article's coding may take once parsed (Coder.time_budget, the same default): past
    # it the article is answered as a problem and the worker goes on to the next
    time_budget: float | None = 120.0
    max_downloads: int = 8  # CSV/JSONL downloads sent at once; more get 503
    # the names the service answers to in the Host header (DNS rebinding: a page of another site,
    # its name pointed at 127.0.0.1, must not read the API); "*" answers any
    allowed_hosts: tuple[str, ...] = LOCAL_HOSTS
    actors: tuple[Path, ...] = ()  # the coder's extra actor and pattern files
    patterns: tuple[Path, ...] = ()

    def __post_init__(self) -> None:
        if not self.read_only and not self.token:
            raise ValueError("a service that writes needs a token (or read_only=True)")


async def _database_failed(_request: Request, exc: SQLAlchemyError) -> Response:
    """A database that fails (a corrupt file, a lost server): 503 with the driver's one-line reason;
    the SQL and its parameters (which may hold article text) stay out of the answer and the log."""
    log.error("the database failed: %s", failure(exc))
    return JSONResponse({"detail": f"the database failed: {failure(exc)}"}, status_code=503)


async def _busy(_request: Request, exc: Busy) -> Response:
    return JSONResponse({"detail": "busy: the coding queue is full; try again later"}, status_code=503,
                        headers={"Retry-After": str(exc.retry_after)})


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


class HostCheck:
    """Answers 400 to a request whose Host header is not one of ``hosts`` (without echoing it).

    A web page can point a name of its own at 127.0.0.1 (DNS rebinding) and then read the service
    as its own origin; its requests still carry its own name in Host, which is refused here.
    """

    def __init__(self, app: ASGIApp, hosts: tuple[str, ...]) -> None:
        self.app = app
        self.hosts = {host_name(h) for h in hosts}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket") or "*" in self.hosts:
            await self.app(scope, receive, send)
            return
        given = dict(scope["headers"]).get(b"host", b"").decode("latin-1")
        if host_name(given) in self.hosts:
            await self.app(scope, receive, send)
            return
        response = JSONResponse({"detail": "this service does not answer to that Host name; "
                                           "start it with --allowed-host NAME to add one"}, status_code=400)
        await response(scope, receive, send)


def host_name(host: str) -> str:
    """The name of a Host header, without its port, brackets or final dot: ``[::1]:8000`` → ``::1``."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[1:].split("]", 1)[0]
    if host.count(":") == 1:
        host = host.split(":", 1)[0]
    return host.rstrip(".")


class NoNul:
    """Answers a NUL character in a query parameter with 422 and a one-line reason, and one in the
    path with 404 (no event, article or page has one in its name).

    PostgreSQL cannot hold NUL in a text value (its query failed with a 500) and SQLite's LIKE stops
    at it (``outlet=%00`` matched every event): no filter can mean anything with one, on either.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        where = _nul_in(scope) if scope["type"] == "http" else None
        if where is None:
            await self.app(scope, receive, send)
            return
        message = "a NUL character (%00) is not allowed"
        if where == "path":
            response = JSONResponse({"detail": f"not found: {message} in a path"}, status_code=404)
        else:
            problem = {"loc": where.split("."), "msg": message, "type": "nul_character"}
            response = JSONResponse({"detail": [problem], "reason": f"{where}: {message}"}, status_code=422)
        await response(scope, receive, send)


PARAMETER_NAME = re.compile(r"[a-z_]{1,32}")


def _nul_in(scope: Scope) -> str | None:
    """Where a request holds a NUL: ``path``, ``query.NAME`` (``query`` when the name itself is odd), or None."""
    if "\x00" in scope.get("path", ""):
        return "path"
    raw = scope.get("query_string", b"")
    if b"%00" not in raw and b"\x00" not in raw:
        return None
    for name, value in parse_qsl(raw.decode("latin-1"), keep_blank_values=True):
        if "\x00" in name or "\x00" in value:
            return f"query.{name}" if PARAMETER_NAME.fullmatch(name) else "query"
    return None


async def _security_headers(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
    response = await call_next(request)
    docs = request.url.path == "/docs"
    response.headers.setdefault("Content-Security-Policy", DOCS_CSP if docs else CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    response.headers.setdefault("X-Frame-Options", "DENY")
    return response


def _quiet(problem: dict) -> dict:
    """A validation problem without the input, and an unknown key not named: both come from the
    client, and an answer that repeats them is a way to reflect text."""
    quiet = {k: v for k, v in problem.items() if k != "input"}
    if problem.get("type") == "extra_forbidden":
        quiet["loc"] = [*problem.get("loc", ())[:-1], "(unknown field)"]
    return quiet


async def _validation_error(_request: Request, exc: RequestValidationError) -> Response:
    """422 with FastAPI's list of problems, and one readable line of them as ``reason``. The input is
    not echoed back (it may be a megabyte of text, or hold what no UTF-8 answer can), nor the name of
    an unknown field."""
    problems = [_quiet(e) for e in exc.errors()]
    reason = "; ".join(f"{'.'.join(str(p) for p in e.get('loc', ()) if p != 'body')}: {e.get('msg')}"
                       for e in problems)
    body = json.dumps({"detail": problems, "reason": reason}, default=str)  # ASCII: escapes anything odd
    return Response(body, status_code=422, media_type="application/json")


# ---- the app ------------------------------------------------------------------------------------


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    yield
    app.state.coding.close()


def create_app(settings: ServiceSettings, *, coder: CodesMany | None = None, store: Store | None = None) -> FastAPI:
    """The service over ``settings.db`` (or an open ``store``). Articles are coded in a worker process of
    the service's own unless a ``coder`` is given, which then codes on a thread of the server (tests)."""
    from eventwire.service import routes

    app = FastAPI(title="eventwire", version=__version__, docs_url=None, redoc_url=None, lifespan=_lifespan,
                  description="Political event data from news text: every field backed by the words of the text.")
    app.state.settings = settings
    app.state.store = store or Store(settings.db, read_only=settings.read_only)
    app.state.coding = Coding(coder_spec(settings), settings.max_queued, coder)
    app.state.downloads = threading.BoundedSemaphore(settings.max_downloads)
    app.include_router(routes.read)
    if not settings.read_only:
        app.include_router(routes.write)
    app.add_exception_handler(RequestValidationError, _validation_error)  # type: ignore[arg-type]
    app.add_exception_handler(Busy, _busy)  # type: ignore[arg-type]
    app.add_exception_handler(SQLAlchemyError, _database_failed)  # type: ignore[arg-type]
    app.add_middleware(NoNul)  # inside the security headers: its 422 carries them too
    app.middleware("http")(_security_headers)
    if settings.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=list(settings.cors_origins),
                           allow_methods=["GET", "POST"], allow_headers=["Authorization", "Content-Type"])
    app.add_middleware(BodyLimit, limit=settings.max_body_bytes)
    app.add_middleware(HostCheck, hosts=settings.allowed_hosts)  # outermost: a foreign Host gets nothing
    _add_pages(app)
    return app


def coder_spec(settings: ServiceSettings) -> CoderSpec:
    return CoderSpec(actors=tuple(map(str, settings.actors)), patterns=tuple(map(str, settings.patterns)),
                     time_budget=settings.time_budget)


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
