"""JETAA support's reminders on the home dashboard: each side sees what it has to do, nothing once done."""

from __future__ import annotations

import pytest
from django.utils import timezone

from jetpm.core.scoping import scope_of
from jetpm.jetaa import services, services_support
from jetpm.jetaa.dashboard import jetaa_tasks
from tests.jetaa.helpers import approved_year, link_chapters, plan_with_line, submitted_to_hq

pytestmark = pytest.mark.django_db


def titles(user) -> list[str]:  # type: ignore[no-untyped-def]
    return [t.title for t in jetaa_tasks(user, scope_of(user), timezone.localdate(), [])]


def test_each_side_is_reminded_of_its_step(world):
    link_chapters(world)
    approved_year(world)
    officer, staff = (
        world.users["chapter_a.officer"],
        world.users["mission_a.staff"],
    )
    assert any("Submit your chapter's plan" in t for t in titles(officer))
    assert titles(world.users["co_a.coordinator"]) == []
    plan, _line = plan_with_line(world)
    services.submit_chapter_plan(actor=officer, plan_id=plan.pk)
    assert not any("Submit your chapter's plan" in t for t in titles(officer))
    assert any("wait to be included" in t or "waits to be included" in t for t in titles(staff))
    assert titles(world.users["mission_b.staff"]) == []


def test_reports_support_and_assessment_reminders(world):
    link_chapters(world)
    approved_year(world)
    line = submitted_to_hq(world)
    hq, staff = world.users["mofa.staff"], world.users["mission_a.staff"]
    assert any("HQ's assessment" in t for t in titles(hq))
    services.assess_line(actor=hq, line_id=line.pk, decision="approve")
    assert not any("HQ's assessment" in t for t in titles(hq))
    assert any("to report on" in t for t in titles(world.users["chapter_a.officer"]))
    assert any("not yet committed" in t for t in titles(staff))
    services_support.record_commitment(
        actor=staff, line_id=line.pk, amount_yen=line.requested_yen, committed_on=timezone.localdate()
    )
    assert not any("not yet committed" in t for t in titles(staff))
