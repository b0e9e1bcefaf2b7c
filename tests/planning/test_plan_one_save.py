"""The country plan's editor has one Save for every line: all changes are saved together, or, when a line is
refused, none is and every refused line says why, keeping what was typed."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from jetpm.core.models import AuditEvent
from tests.planning.plans_support import computed_plan, lines

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(world):  # type: ignore[no-untyped-def]
    return computed_plan(world)


def _form(plan) -> dict[str, str]:  # type: ignore[no-untyped-def]
    data = {"save_lines": "1"}
    for line in plan.lines.all():
        data[f"seats-{line.pk}"] = str(line.seats)
        data[f"reason-{line.pk}"] = line.reason
    return data


def test_the_editor_has_one_save_for_every_line(plan, world, client):
    client.force_login(world.users["mic.staff"])
    page = client.get(reverse("planning:plan_lines", kwargs={"plan_id": plan.pk})).content.decode()
    main = page[page.index("<main") : page.index("</main>")]
    assert len(re.findall(r"<form method=\"post\"", main)) == 2  # the lines, and the line to add
    assert page.count('data-testid="lines-save"') == 1
    assert page.count('form="plan-lines"') == 2 * plan.lines.count() + 1  # seats and reason, and Save


def test_one_save_writes_every_changed_line_or_none(plan, world, client):
    client.force_login(world.users["mic.staff"])
    url = reverse("planning:plan_lines", kwargs={"plan_id": plan.pk})
    a, b, c = list(plan.lines.order_by("pk"))[:3]
    before = lines(plan)
    events = AuditEvent.objects.count()
    data = _form(plan)
    data[f"seats-{a.pk}"] = str(a.seats + 1)  # no reason: refused
    data[f"seats-{b.pk}"] = str(b.seats + 2)
    data[f"reason-{b.pk}"] = "Two more schools"
    data[f"seats-{c.pk}"] = "many"  # not a number: refused
    response = client.post(url, data)
    assert response.status_code == 400
    page = response.content.decode()
    assert page.count('class="has-error"') == 2  # both refusals at once
    assert f'value="{b.seats + 2}"' in page and "Two more schools" in page  # what was typed is kept
    assert lines(plan) == before and AuditEvent.objects.count() == events
    data[f"reason-{a.pk}"] = "One more school"
    data[f"seats-{c.pk}"] = str(c.seats)
    assert client.post(url, data).status_code == 302
    after = lines(plan)
    key = lambda line: (line.country.code, line.job_type, line.language.code)  # noqa: E731
    assert after[key(a)][1:] == (a.seats + 1, "One more school")
    assert after[key(b)][1:] == (b.seats + 2, "Two more schools")
    assert after[key(c)] == before[key(c)]
    assert AuditEvent.objects.filter(action="plan_line.update").count() == 2
