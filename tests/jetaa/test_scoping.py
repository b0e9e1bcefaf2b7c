"""Who sees and does what in JETAA support: a chapter's officers their own chapter's plan, a mission the
plans sent to it, HQ and the national bodies everything; out of scope is 404 (not found), never a leak."""

from __future__ import annotations

import pytest
from django.http import Http404

from jetpm.core.errors import PermissionDenied
from jetpm.jetaa import selectors, services
from jetpm.jetaa.models import ProjectLine, SupportYear
from tests.jetaa.helpers import approved_year, line_values, link_chapters, plan_with_line, this_year

pytestmark = pytest.mark.django_db


@pytest.fixture
def plans(world):
    link_chapters(world)
    approved_year(world)
    return {key: plan_with_line(world, key) for key in ("a", "b")}


def test_a_chapter_sees_its_own_plan_only(world, plans):
    plan_a, line_a = plans["a"]
    officer_b = world.users["chapter_b.officer"]
    assert selectors.access_chapter_plan(world.users["chapter_a.officer"], plan_a.pk) == plan_a
    with pytest.raises(Http404):
        selectors.access_chapter_plan(officer_b, plan_a.pk)
    with pytest.raises(Http404):
        selectors.access_line(officer_b, line_a.pk)
    with pytest.raises(Http404):
        selectors.access_line(world.users["mission_b.staff"], line_a.pk)
    assert selectors.access_line(world.users["mission_a.staff"], line_a.pk) == line_a
    assert selectors.access_line(world.users["mofa.staff"], line_a.pk) == line_a
    assert selectors.access_line(world.users["mic.staff"], line_a.pk) == line_a  # national bodies read


def test_nobody_writes_in_another_chapters_or_missions_plan(world, plans):
    plan_a, line_a = plans["a"]
    with pytest.raises(PermissionDenied):
        services.add_line(actor=world.users["chapter_b.officer"], plan_id=plan_a.pk, **line_values())
    with pytest.raises(PermissionDenied):
        services.update_line(actor=world.users["mission_a.staff"], line_id=line_a.pk, title="Changed")
    services.submit_chapter_plan(actor=world.users["chapter_a.officer"], plan_id=plan_a.pk)
    with pytest.raises(PermissionDenied):
        services.include_chapter_plan(actor=world.users["mission_b.staff"], chapter_plan_id=plan_a.pk)
    with pytest.raises(PermissionDenied):
        services.create_chapter_plan(
            actor=world.users["chapter_b.officer"],
            chapter_id=world.orgs["chapter_a"].pk,
            fiscal_year=this_year(),
        )
    assert ProjectLine.objects.get(pk=line_a.pk).title == "Career night"


def test_a_draft_policy_is_hqs_alone(world, plans):
    year = SupportYear.objects.get()
    draft = services.revise_support_year(actor=world.users["mofa.staff"], year_id=year.pk, revision_note="x")
    assert draft in selectors.support_years(world.users["mofa.staff"])
    assert draft not in selectors.support_years(world.users["mission_a.staff"])
    assert year in selectors.support_years(world.users["chapter_a.officer"])
    assert not selectors.support_years(world.users["co_a.coordinator"]).exists()
    with pytest.raises(PermissionDenied):
        services.set_envelope(
            actor=world.users["mission_a.staff"],
            mission_id=world.orgs["mission_a"].pk,
            fiscal_year=this_year(),
            amount_yen=1,
        )
