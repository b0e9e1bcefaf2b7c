"""The API documentation (/api/docs) in a real browser: Swagger UI is served by the app and runs under the
Content-Security-Policy (no CDN, no CSP error), and staff reach it from the menu."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.browser.conftest import Demo, Visitor

pytestmark = pytest.mark.browser


def test_api_docs_render_from_the_menu_under_the_csp(visit: Callable[..., Visitor], demo: Demo) -> None:
    v = visit()
    page = v.login("mission.staff")
    with page.expect_navigation():
        page.click("a[href='/api/docs']")
    # Swagger UI has rendered the OpenAPI document (fetched from the same origin)
    page.wait_for_selector(".swagger-ui .info .title")
    assert "JETPM API" in page.inner_text(".swagger-ui .info .title")
    page.get_by_text("/api/people", exact=True).first.wait_for()
    assert v.watch.csp_errors == [] and v.watch.foreign_requests == [] and v.watch.failed_assets == []
