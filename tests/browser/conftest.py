"""Browser tests: Debian's Chromium (never a downloaded browser) driven by Playwright against a live server.

The demo world (small scale) is built once per test module and kept for the whole module: pytest-django's
own live-server helper would request ``transactional_db`` for every test and flush the world after the
first one, so it is overridden here. The module fixture keeps the database unblocked while the module
runs (the live server's thread needs it), and at the end flushes the world and restores the database's
state from before it (the reference data loaded by migrations), so the test modules that run afterwards
in the same worker find the database as migrations left it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Page,
    Playwright,
    Request,
    Response,
    sync_playwright,
)

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PASSWORD = "jetpm-demo-2026"
SEED = 1
BLOCKING_IMPACTS = frozenset({"serious", "critical"})
STYLED_JS = """[...document.styleSheets].some(s => (s.href || "").includes("/static/jetpm/jetpm.css")
    && s.cssRules.length > 0)"""


@pytest.fixture(autouse=True)
def _live_server_helper(request: pytest.FixtureRequest) -> Iterator[None]:
    """Replaces pytest-django's helper of the same name: the live server's settings (and its address as the
    site's address in e-mails), but no per-test ``transactional_db`` (the ``demo`` fixture owns the database
    for the whole module)."""
    if "live_server" not in request.fixturenames:
        yield
        return
    from django.test import override_settings

    server = request.getfixturevalue("live_server")
    server._live_server_modified_settings.enable()
    # links in e-mails are built from JETPM_BASE_URL: here, the live server's address
    with override_settings(JETPM_BASE_URL=server.url):
        yield
    server._live_server_modified_settings.disable()


@dataclass
class Demo:
    """The live server's address and the demo world it serves."""

    url: str

    def __call__(self, path: str) -> str:
        return self.url + path


@pytest.fixture(scope="module")
def demo(
    django_db_setup: None, playwright: Playwright, live_server: Any, django_db_blocker: Any
) -> Iterator[Demo]:
    from django.core.management import call_command
    from django.db import connections

    from jetpm.demo.generator import build_world

    # Playwright's sync API runs an event loop in this thread (it is started first, so that every database
    # access of the module sees the same loop); Django would then refuse the ORM calls the tests make between
    # two browser steps. Allowed for this module only, restored afterwards. While the loop runs, Django keeps
    # this thread's connections apart from the ones it has without a loop: they are closed before it stops
    # (PostgreSQL could not drop the test database with a session left open).
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with django_db_blocker.unblock():
            snapshots = {alias: connections[alias].creation.serialize_db_to_string() for alias in connections}
            try:
                build_world(scale="small", seed=SEED)
                yield Demo(url=live_server.url)
            finally:
                for alias, snapshot in snapshots.items():
                    call_command(
                        "flush", database=alias, interactive=False, verbosity=0, inhibit_post_migrate=True
                    )
                    connections[alias].creation.deserialize_db_from_string(snapshot)
                    _reset_sequences(alias)
                connections.close_all()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def _reset_sequences(alias: str) -> None:
    """The flush restarted PostgreSQL's id sequences and the snapshot came back with its ids: move each
    sequence past the restored rows, so the next module's inserts (e.g. salary rates beside the migrated
    ones) do not collide."""
    from django.apps import apps
    from django.core.management.color import no_style
    from django.db import connections

    connection = connections[alias]
    statements = connection.ops.sequence_reset_sql(no_style(), apps.get_models())
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


@pytest.fixture(scope="module")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="module")
def browser(playwright: Playwright) -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: the browser tests need Debian's Chromium (apt-get install chromium "
            "fonts-noto-cjk; .ci/run does this). Playwright's own browser download is never used.",
            pytrace=False,
        )
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
    yield browser
    browser.close()


@pytest.fixture(scope="module")
def axe() -> Any:
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


@dataclass
class Watch:
    """What a page did that it should not: CSP errors in the console, requests to other hosts."""

    origin: str
    csp_errors: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)
    failed_assets: list[str] = field(default_factory=list)

    def on_console(self, message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            self.csp_errors.append(f"{message.type}: {message.text}")

    def on_request(self, request: Request) -> None:
        parts = urlsplit(request.url)
        if parts.scheme in ("data", "blob", "about"):
            return
        if f"{parts.scheme}://{parts.netloc}" != self.origin:
            self.foreign_requests.append(f"{request.method} {request.url}")

    def on_request_failed(self, request: Request) -> None:
        if request.failure != "net::ERR_ABORTED":  # aborted: the page was left before it came (the favicon)
            self.failed_assets.append(f"{request.url}: {request.failure}")

    def on_response(self, response: Response) -> None:
        if response.request.resource_type != "document" and response.status >= 400:
            self.failed_assets.append(f"{response.url}: {response.status}")

    def problems(self) -> str:
        return "\n".join(
            [
                *(f"CSP: {e}" for e in self.csp_errors),
                *(f"foreign request: {r}" for r in self.foreign_requests),
                *(f"asset not loaded: {a}" for a in self.failed_assets),
            ]
        )


class Visitor:
    """One browser context (one user's cookies) with its page, its watcher and the axe check."""

    def __init__(self, context: BrowserContext, demo: Demo, axe: Any) -> None:
        self.context = context
        self.demo = demo
        self.axe = axe
        self.watch = Watch(origin=demo.url)
        self.checked: list[str] = []
        self.page: Page = self.new_page()

    def new_page(self) -> Page:
        page = self.context.new_page()
        page.on("console", self.watch.on_console)
        page.on("request", self.watch.on_request)
        page.on("requestfailed", self.watch.on_request_failed)
        page.on("response", self.watch.on_response)
        return page

    def goto(self, path: str, *, status: int = 200) -> Page:
        response = self.page.goto(self.demo(path))
        assert response is not None, path
        assert response.status == status, f"{path}: status {response.status}, expected {status}"
        return self.page

    def login(self, username: str, password: str = PASSWORD) -> Page:
        page = self.goto("/accounts/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", password)
        with page.expect_navigation():
            page.click("main form button[type=submit]")
        return page

    def logout(self) -> Page:
        page = self.page
        with page.expect_navigation():
            page.click("header .tools form.inline button[type=submit]")
        assert urlsplit(page.url).path == "/accounts/login/", page.url
        assert page.locator("[data-testid=username]").count() == 0
        return page

    def check_a11y(self, label: str | None = None) -> None:
        """axe-core on the current page: no serious or critical violation."""
        label = label or urlsplit(self.page.url).path
        styled = self.page.evaluate(STYLED_JS)
        assert styled, f"{label}: the app's stylesheet is not applied, axe would judge an unstyled page"
        results = self.axe.run(self.page)
        bad = [v for v in results.response["violations"] if v.get("impact") in BLOCKING_IMPACTS]
        lines = [
            f"{v['id']} ({v['impact']}): {v['help']} — " + "; ".join(str(n["target"]) for n in v["nodes"])
            for v in bad
        ]
        assert not bad, f"axe on {label} ({self.page.url}):\n" + "\n".join(lines)
        self.checked.append(label)

    def assert_clean(self) -> None:
        problems = self.watch.problems()
        assert not problems, problems


@pytest.fixture
def visit(browser: Browser, demo: Demo, axe: Any) -> Iterator[Callable[..., Visitor]]:
    """A factory of visitors (fresh browser contexts); each one's CSP and foreign requests are checked at
    the end of the test."""
    visitors: list[Visitor] = []

    def make(**context_options: Any) -> Visitor:
        options = {"viewport": {"width": 1280, "height": 800}, "locale": "en-GB", **context_options}
        visitor = Visitor(browser.new_context(**options), demo, axe)
        visitors.append(visitor)
        return visitor

    yield make
    try:
        for visitor in visitors:
            visitor.assert_clean()
    finally:
        for visitor in visitors:
            visitor.context.close()
