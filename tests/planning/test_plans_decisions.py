"""The country plan's decisions (issue 10, A2 and D17): approval asks saying what it fixes, a plan is never
sent back without a reason, and saving parameters with a refused computation leaves the plan unchanged."""

from __future__ import annotations

import pytest
from django.urls import reverse

from jetpm.core.errors import DomainError
from jetpm.planning.services import plans as services
from jetpm.planning.states import PlanStatus, WeightSource
from tests.planning.plans_support import computed_plan, lines

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(world):  # type: ignore[no-untyped-def]
    return computed_plan(world)


def test_approval_asks_saying_what_it_fixes(plan, world, client):
    services.propose_plan(actor=world.users["mic.staff"], plan_id=plan.pk)
    seats = sum(plan.lines.values_list("seats", flat=True))
    client.force_login(world.users["council.approver"])
    page = client.post(reverse("planning:plan_approve", kwargs={"plan_id": plan.pk}))
    body = page.content.decode()
    assert page.status_code == 200 and f"fixes {seats} new participants" in body
    plan.refresh_from_db()
    assert plan.status == PlanStatus.PROPOSED


def test_no_send_back_without_a_reason(plan, world, client):
    services.propose_plan(actor=world.users["mic.staff"], plan_id=plan.pk)
    council = world.users["council.approver"]
    with pytest.raises(DomainError) as err:
        services.send_back_plan(actor=council, plan_id=plan.pk, reason="  ")
    assert err.value.field == "reason"
    client.force_login(council)
    page = client.post(
        reverse("planning:plan_send_back", kwargs={"plan_id": plan.pk}), {"reason": ""}, follow=True
    )
    assert "Why the plan is sent back" in page.content.decode()
    plan.refresh_from_db()
    assert plan.status == PlanStatus.PROPOSED


def test_save_and_compute_refused_leaves_the_plan_unchanged(plan, world, client):
    before = lines(plan)
    client.force_login(world.users["mic.staff"])
    page = client.post(
        reverse("planning:plan_parameters", kwargs={"plan_id": plan.pk}),
        {
            "method": "dhondt",
            "weight_source": WeightSource.PARTICIPANTS,  # no earlier approved plan: refused
            "min_per_country": 0,
            "compute": "1",
        },
    )
    assert page.status_code == 400 and "weight_source" in page.context["params_form"].errors
    plan.refresh_from_db()
    assert (plan.method, plan.weight_source) == ("hamilton", WeightSource.EQUAL)
    assert lines(plan) == before


def test_parameters_report_every_error_at_once(plan, world):
    with pytest.raises(DomainError) as err:
        services.update_parameters(
            actor=world.users["mic.staff"],
            plan_id=plan.pk,
            method="nope",
            weight_source="nope",
            min_per_country=-1,
            max_per_country=None,
        )
    assert {f for f, _m in err.value.errors} == {"method", "weight_source", "min_per_country"}  # type: ignore[attr-defined]


def test_parameters_posted_from_a_stale_page_say_the_plan_is_no_longer_a_draft(plan, world, client):
    """The plan was proposed while the drafter's page was open: their post (valid or not) is told why, not
    answered with a page whose form is gone and an error nobody sees."""
    services.propose_plan(actor=world.users["mic.staff"], plan_id=plan.pk)
    client.force_login(world.users["mic.staff"])
    page = client.post(
        reverse("planning:plan_parameters", kwargs={"plan_id": plan.pk}), {"method": ""}, follow=True
    )
    assert page.status_code == 200
    assert "only a draft can be changed" in page.content.decode()
    plan.refresh_from_db()
    assert plan.status == PlanStatus.PROPOSED
