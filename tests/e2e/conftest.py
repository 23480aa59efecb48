"""End-to-end fixtures: the service on a filled database, served by uvicorn, driven by Chromium.

One server and one browser per session. The database holds the demo corpus
(``src/eventwire/data/corpus/demo.jsonl``) and three short reports of one strike written for
these tests (three outlets, three death tolls: one event, three mentions, a claims range).

The browser is Debian's Chromium at ``/usr/bin/chromium`` (never a downloaded one); without it
the tests skip, except under ``CI=true``, where they fail. Every page of a test is watched:
a console error, an uncaught exception, a dialog (``alert``) or a request to anything but the
service fails the test. ``EVENTWIRE_SCREENSHOTS=DIR`` saves full-page screenshots there.
"""

from __future__ import annotations

import os
import re
import secrets
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from testenv import free_port, in_ci

from eventwire.model import Document
from eventwire.read import iter_documents
from eventwire.store import Store, ingest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
VIEWPORT = {"width": 1280, "height": 800}
SCREENSHOTS_ENV = "EVENTWIRE_SCREENSHOTS"

# three outlets report one strike with different tolls (our own text, no real reporting)
STRIKE = [
    Document(id="e2e-strike-1", source="Wire One", date="2025-06-02", url="https://one.example/kharkiv-strike",
             title="Strike on Kharkiv power station",
             text="Russian forces struck a power station in Kharkiv on Sunday, killing at least 12 civilians, "
                  "Ukraine's interior ministry said. Repair crews worked through the night."),
    Document(id="e2e-strike-2", source="Wire Two", date="2025-06-02", title="Kharkiv strike kills 15",
             text="Russian forces struck a power station in Kharkiv on Sunday, killing 15 people, "
                  "according to the regional governor."),
    Document(id="e2e-strike-3", source="Wire Three", date="2025-06-03", title="Energy facility hit",
             text="Russian forces struck an energy facility in Kharkiv on Sunday, killing 14 people, "
                  "the Ukrainian military said."),
]


@dataclass
class Service:
    base: str  # "http://127.0.0.1:PORT/"
    token: str
    db: Path


@pytest.fixture(scope="session")
def chromium_path() -> Path:
    if not CHROMIUM.exists():
        why = f"{CHROMIUM} is missing (apt-get install chromium); the e2e tests never download a browser"
        if in_ci():
            pytest.fail(f"CI=true but {why}", pytrace=False)
        pytest.skip(why)
    return CHROMIUM


@pytest.fixture(scope="session")
def e2e_db(tmp_path_factory: pytest.TempPathFactory, coder: Any) -> Path:
    path = tmp_path_factory.mktemp("e2e") / "events.db"
    demo = resources.files("eventwire") / "data" / "corpus" / "demo.jsonl"
    lost: list[str] = []
    with Store(path) as store:
        report = ingest(store, [*iter_documents([str(demo)]), *STRIKE], coder,
                        on_problem=lambda p: lost.append(f"{p.input}: {p.reason}"))
    assert not lost, "the e2e corpus did not ingest:\n" + "\n".join(lost[:5])
    assert report.articles >= len(STRIKE) + 10
    return path


@pytest.fixture(scope="session")
def service(e2e_db: Path, coder: Any, chromium_path: Path) -> Iterator[Service]:
    """The app on the filled database, served by uvicorn in a thread (a free port on 127.0.0.1)."""
    import uvicorn

    from eventwire.service.app import ServiceSettings, create_app

    token = f"e2e-{secrets.token_urlsafe(12)}"
    app = create_app(ServiceSettings(db=str(e2e_db), token=token), coder=coder)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, name="e2e-uvicorn", daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            pytest.fail("the service did not start", pytrace=False)
        time.sleep(0.05)
    yield Service(base=f"http://127.0.0.1:{port}/", token=token, db=e2e_db)
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser(chromium_path: Path) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(chromium_path), headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@dataclass
class UI:
    """A page on the service, and everything it did that a test must not see."""

    page: Any
    service: Service
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    allowed_console: list[re.Pattern[str]] = field(default_factory=list)

    @property
    def base(self) -> str:
        return self.service.base

    def goto(self, route: str) -> None:
        """Open a route of the app ("#/events?actor=RUS") and wait for the page to settle."""
        self.page.goto(self.base + route)
        self.page.wait_for_load_state("networkidle")

    def api(self, path: str) -> Any:
        """GET a JSON endpoint of the service through the browser's context (same origin)."""
        response = self.page.request.get(self.base + path.lstrip("/"))
        assert response.ok, f"{path}: {response.status}"
        return response.json()

    def allow_console(self, pattern: str) -> None:
        """A console error this test provokes on purpose (say, the 403 of a wrong token)."""
        self.allowed_console.append(re.compile(pattern))

    def screenshot(self, name: str) -> None:
        folder = os.environ.get(SCREENSHOTS_ENV)
        if not folder:
            return
        Path(folder).mkdir(parents=True, exist_ok=True)
        self.page.wait_for_load_state("networkidle")
        self.page.mouse.move(0, 0)  # no hover effects
        self.page.evaluate("window.scrollTo(0, 0)")  # the sticky header at the top
        self.page.wait_for_timeout(300)
        self.page.screenshot(path=str(Path(folder) / name), full_page=True)

    def problems(self) -> list[str]:
        console = [m for m in self.console_errors if not any(p.search(m) for p in self.allowed_console)]
        return ([f"console error: {m}" for m in console] + [f"page error: {m}" for m in self.page_errors]
                + [f"dialog: {m}" for m in self.dialogs]
                + [f"request outside the service: {u}" for u in self.foreign_requests])


@pytest.fixture
def ui(browser: Any, service: Service) -> Iterator[UI]:
    """A fresh browser context and page with the token in the tab's sessionStorage (taken from
    the URL the service prints, ``/#token=…``); fails the test on any console error, uncaught
    exception, dialog or request that leaves the service."""
    context = browser.new_context(viewport=VIEWPORT, service_workers="block")
    page = context.new_page()
    watched = UI(page=page, service=service)

    def route(request_route: Any) -> None:
        url = request_route.request.url
        watched.requests.append(url)
        if url.startswith(service.base) or url.startswith("data:"):
            request_route.continue_()
        else:
            watched.foreign_requests.append(url)
            request_route.abort()

    def dialog(d: Any) -> None:
        watched.dialogs.append(f"{d.type}: {d.message}")
        d.dismiss()

    context.route("**/*", route)
    page.on("console", lambda m: watched.console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda err: watched.page_errors.append(str(err)))
    page.on("dialog", dialog)
    page.on("request", lambda r: None if r.url.startswith((service.base, "data:"))
            else watched.foreign_requests.append(r.url))
    page.goto(f"{service.base}#token={service.token}")
    page.locator("#status .status-counts").wait_for()  # the app is up and has asked /health
    yield watched
    problems = watched.problems()
    context.close()
    assert not problems, "\n".join(problems)
