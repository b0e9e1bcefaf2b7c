"""The grouped menu on a phone, and a searchable select, in a real browser under the CSP: the menu folds
behind a Menu button (the project's own script, no CDN) and opens to the groups; typing in a long select's
search box keeps the matching options. axe-core runs on the pages."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.browser.conftest import Demo, Visitor

pytestmark = pytest.mark.browser

Visit = Callable[..., Visitor]
PHONE = {"width": 390, "height": 844}


def test_the_menu_folds_on_a_phone_and_opens_by_groups(demo: Demo, visit: Visit) -> None:
    v = visit(viewport=PHONE)
    page = v.login("mic.staff")
    toggle = page.locator("header .navtoggle")
    groups = page.locator("#navgroups")
    assert toggle.is_visible() and not groups.is_visible()
    v.check_a11y("home on a phone, menu closed")
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true" and groups.is_visible()
    labels = [t.strip() for t in page.locator(".navgroup-label").all_inner_texts()]
    assert len(labels) >= 5, labels
    v.check_a11y("home on a phone, menu open")
    with page.expect_navigation():
        page.locator("[data-testid=navgroup-service] a").first.click()
    assert not page.locator("#navgroups").is_visible()  # folded again on the next page


def test_the_menu_is_open_on_a_wide_screen(demo: Demo, visit: Visit) -> None:
    v = visit()
    page = v.login("mic.staff")
    assert not page.locator("header .navtoggle").is_visible()
    assert page.locator("[data-testid=navgroup-plan] a").first.is_visible()


def test_a_country_select_is_searchable(demo: Demo, visit: Visit) -> None:
    v = visit()
    page = v.login("mic.staff")
    v.goto("/appointments/participants/")
    search = page.locator("input.select-search").first
    assert search.is_visible()
    select = page.locator("select[name=country]")
    everything = select.locator("option").count()
    search.fill("アイル")
    options = [t.strip() for t in select.locator("option").all_inner_texts()]
    assert "アイルランド" in options and len(options) < everything and len(options) <= 3, options
    search.fill("")
    assert select.locator("option").count() == everything
    v.check_a11y("participants with a searchable country select")
