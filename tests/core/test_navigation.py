"""The main menu is grouped by stage of the programme's year and folds behind a Menu button on a phone,
with the project's own script (no CDN; the CSP allows no inline script)."""

from __future__ import annotations

import re

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from jetpm.core.navigation import _ITEMS, GROUP_OF, GROUPS

pytestmark = pytest.mark.django_db


def _menu(html: str) -> str:
    return html[html.index('<nav class="mainnav"') : html.index("</nav>")]


def test_every_entry_has_a_group():
    assert {i.url_name for i in _ITEMS} - {"home"} <= set(GROUP_OF)
    assert set(GROUP_OF.values()) <= set(GROUPS)


def test_national_staff_see_the_menu_in_groups(world, client):
    client.force_login(world.users["mic.staff"])
    menu = _menu(client.get(reverse("home")).content.decode())
    groups = re.findall(r'data-testid="navgroup-(\w+)"', menu)
    assert groups == [g for g in GROUPS if g in groups] and len(groups) >= 5, groups
    links = re.findall(r'<a href="([^"]+)"', menu)
    assert len(links) == len(set(links)) >= 15  # every entry once
    for block in re.split(r'data-testid="navgroup-', menu)[1:]:
        assert len(re.findall(r"<a href=", block)) <= 7, block[:40]  # no flat list of two dozen entries
    assert 'class="navtoggle" aria-expanded="false" aria-controls="navgroups"' in menu


def test_a_group_shows_only_what_the_user_may_open(world, client):
    client.force_login(world.users["co_a.coordinator"])
    menu = _menu(client.get(reverse("home")).content.decode())
    assert 'data-testid="navgroup-admin"' not in menu or reverse("core:audit_list") not in menu
    assert reverse("stats:index") not in menu or 'data-testid="navgroup-stats"' in menu


def test_the_menu_script_is_self_hosted_and_loaded_with_the_nonce(world, client):
    client.force_login(world.users["mic.staff"])
    html = client.get(reverse("home")).content.decode()
    tag = re.search(r'<script src="([^"]*jetpm\.js)" nonce="[^"]+" defer></script>', html)
    assert tag and tag[1].startswith("/static/")
    assert finders.find("jetpm/jetpm.js")


def test_the_english_group_names_say_what_the_stage_is():
    from django.utils import translation

    with translation.override("en"):
        labels = {key: str(label) for key, label in GROUPS.items()}
    # the stage of recruitment and selection, as the Japanese menu says (募集・選考), not "Entrance"
    assert labels["entrance"] == "Recruitment and selection"


def test_on_a_wide_screen_a_group_label_stays_on_the_line_of_its_items() -> None:
    # without it a long group (alumni and JETAA) left its label alone at the end of one line of the menu and
    # its items on the next
    path = finders.find("jetpm/jetpm.css")
    assert isinstance(path, str)
    with open(path, encoding="utf-8") as stylesheet:
        css = stylesheet.read()
    wide = re.search(r"@media \(min-width: 48\.01rem\) \{(.*?)\n\}", css, re.S)
    assert wide is not None
    assert re.search(r"\.navgroup \{ flex-wrap: nowrap; \}", wide.group(1))
    assert re.search(r"\.navgroup-label \{[^}]*white-space: nowrap", wide.group(1))
