"""Long selects are searchable and ordered for the task: the adjust form lists first the organisations with
a post of the participant's job type and language; country selects are ordered by name, not by code."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from jetpm.core.collation import sort_key
from jetpm.core.models import Organisation
from jetpm.selection.forms import PrepareForm
from tests.placement.workflow_support import small_year, solved

pytestmark = pytest.mark.django_db


def _select(html: str, name: str) -> str:
    m = re.search(rf'<select name="{name}"[^>]*>.*?</select>', html, re.S)
    assert m, name
    return m[0]


def test_adjust_lists_the_organisations_with_a_matching_post_first(world, client):
    p = small_year(world)
    run = solved(world)
    client.force_login(world.users["clair.staff"])
    ref = p.apps["a"].reference
    url = reverse("placement:run_adjust", kwargs={"run_id": run.pk})
    select = _select(client.get(f"{url}?application={ref}").content.decode(), "to_org")
    assert "data-searchable" in select and "data-search-label" in select
    groups = re.findall(r'<optgroup label="([^"]+)">(.*?)</optgroup>', select, re.S)
    assert [g[0] for g in groups][:1] == ["With a post of the participant&#x27;s job type and language"]
    who = next(x for x in run.instance["participants"] if x["id"] == ref)
    kinds = {
        (s["organisation"], s["job_type"], s["language"])
        for s in run.instance["positions"]
        if s["capacity"] > 0
    }
    first = [int(v) for v in re.findall(r'value="(\d+)"', groups[0][1])]
    assert first
    for org in Organisation.objects.filter(pk__in=first):
        assert (org.code, who["job_type"], who["language"]) in kinds
    # without a participant: one plain list of every organisation with posts
    plain = _select(client.get(url).content.decode(), "to_org")
    assert "<optgroup" not in plain
    assert len(re.findall(r'value="\d+"', plain)) == len(
        {s["organisation"] for s in run.instance["positions"]}
    )


def test_country_selects_are_by_name_and_searchable(world):
    html = str(PrepareForm()["country"])
    assert "data-searchable" in html
    labels = re.findall(r'<option value="\d+"[^>]*>([^<]+)</option>', html)
    assert len(labels) > 10 and labels == sorted(labels, key=sort_key)
