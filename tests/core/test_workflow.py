"""The workflow layer (core/workflow.py): the declarations of every app are consistent, and ``perform`` checks
the source, the predicate, the reason and the guards before it writes, stamps and audits in one step."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.db import transaction

from jetpm.core import workflow
from jetpm.core.errors import DomainError, IllegalTransition, PermissionDenied
from jetpm.core.models import AuditEvent
from jetpm.planning.models import CountryPlan
from jetpm.planning.states import PlanStatus
from jetpm.planning.workflows import PLANS
from tests.planning.plans_support import computed_plan

SRC = Path(__file__).resolve().parents[2] / "src" / "jetpm"


def test_every_declared_workflow_names_real_statuses_and_unique_steps():
    found = workflow.declared()
    keys = {w.key for w in found}
    # planning, outreach, screening, selection and appointments declare theirs
    assert {"request", "plan", "guideline", "outreach_evaluation", "review", "mission_report"} <= keys
    assert {
        "application",
        "selection_list",
        "offer",
        "placement_run",
        "reappointment",
        "appointment_term",
    } <= keys
    assert len(keys) == len(found), "a workflow key is declared twice"
    for w in found:
        choices = {str(v) for v, _label in w.model_class()._meta.get_field(w.field).choices}
        for t in w.transitions:
            assert t.sources <= choices, (w.key, t.name, t.sources - choices)
            assert t.target in choices, (w.key, t.name, t.target)
            assert t.target not in t.sources or t.name, (w.key, t.name)
            assert t.audit_action, (w.key, t.name)
            for stamp in t.stamps:
                w.model_class()._meta.get_field(stamp)  # raises when the stamped field does not exist


def test_the_table_is_derived_from_the_declaration():
    assert workflow.table(PLANS) == {
        PlanStatus.DRAFT: {PlanStatus.PROPOSED},
        PlanStatus.PROPOSED: {PlanStatus.APPROVED, PlanStatus.DRAFT},
        PlanStatus.APPROVED: {PlanStatus.SUPERSEDED},
    }
    assert workflow.may_go(PLANS, PlanStatus.PROPOSED, PlanStatus.DRAFT)
    assert not workflow.may_go(PLANS, PlanStatus.DRAFT, PlanStatus.APPROVED)


@pytest.mark.django_db
def test_perform_checks_writes_stamps_and_audits(world):
    plan = computed_plan(world)
    mic, council = world.users["mic.staff"], world.users["council.approver"]

    with transaction.atomic():
        # the wrong status: named with the statuses' labels, not their codes
        with pytest.raises(IllegalTransition, match="“Draft”"):
            workflow.perform(PLANS, plan.pk, "approve", actor=council)
        # the wrong person: the transition's own message
        with pytest.raises(PermissionDenied, match="Only staff of MIC"):
            workflow.perform(PLANS, plan.pk, "propose", actor=council)
        workflow.perform(PLANS, plan.pk, "propose", actor=mic)
        # a required reason, reported on the field
        with pytest.raises(DomainError) as missing:
            workflow.perform(PLANS, plan.pk, "send_back", actor=council, reason="  ")
        assert missing.value.field == "reason"
        workflow.perform(PLANS, plan.pk, "send_back", actor=council, reason="Check the CIR lines")

    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT
    assert plan.proposed_at is not None  # the stamp of the proposal
    events = list(AuditEvent.objects.filter(object_type=CountryPlan._meta.label, object_id=str(plan.pk)))
    by_action = {e.action: e for e in events}
    assert by_action["plan.propose"].changes == {"status": ["draft", "proposed"]}
    assert by_action["plan.propose"].actor_id == mic.pk
    assert by_action["plan.send_back"].changes["reason"] == [None, "Check the CIR lines"]


@pytest.mark.django_db
def test_a_guard_refuses_with_nothing_written(world):
    plan = CountryPlan.objects.create(intake_year=2031, version=1)
    before = AuditEvent.objects.count()
    with pytest.raises(DomainError, match="no lines"), transaction.atomic():
        workflow.perform(PLANS, plan.pk, "propose", actor=world.users["mic.staff"])
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT
    assert AuditEvent.objects.count() == before


@pytest.mark.django_db
def test_available_gives_only_the_steps_this_user_may_take_now(world):
    plan = computed_plan(world)
    mic, council = world.users["mic.staff"], world.users["council.approver"]
    co = world.users["co_a.coordinator"]
    assert [t.name for t in workflow.available(PLANS, mic, plan)] == ["propose"]
    assert workflow.available(PLANS, council, plan) == []
    assert workflow.available(PLANS, co, plan) == []
    plan.status = PlanStatus.PROPOSED
    assert {t.name for t in workflow.available(PLANS, council, plan)} == {"send_back", "approve"}
    assert workflow.available(PLANS, None, plan) == []


def test_perform_refuses_to_run_outside_a_transaction():
    with pytest.raises(RuntimeError):
        workflow.perform(PLANS, 1, "propose", actor=None)


MIGRATED = ["planning", "outreach", "applications", "screening", "selection", "placement", "appointments"]


@pytest.mark.parametrize("app", MIGRATED)
def test_no_status_is_written_outside_the_layer_in_migrated_apps(app):
    """In an app whose workflows are declared, services write no status themselves and keep no local
    transition table: ``perform`` is the only writer."""
    offenders = []
    for path in (SRC / app).rglob("*.py"):
        if "migrations" in path.parts or path.name == "workflows.py":
            continue
        text = path.read_text(encoding="utf-8")
        for n, line in enumerate(text.splitlines(), 1):
            if re.search(r"\.status\s*=\s*\w+Status\.", line) or re.search(
                r"_ALLOWED\b|check_transition", line
            ):
                offenders.append(f"{path.relative_to(SRC)}:{n}: {line.strip()}")
    assert offenders == []


@pytest.mark.django_db
def test_status_tag_shows_the_label_and_marks_out_what_the_workflow_highlights():
    from django.template import Context, Template

    template = Template('{% load jetpm %}{% status_tag plan "plan-status" %}')
    approved = CountryPlan(intake_year=2030, version=1, status=PlanStatus.APPROVED)
    draft = CountryPlan(intake_year=2030, version=2, status=PlanStatus.DRAFT)
    assert template.render(Context({"plan": approved})) == (
        '<span class="tag tag-open" data-testid="plan-status">Approved</span>'
    )
    assert (
        template.render(Context({"plan": draft}))
        == '<span class="tag" data-testid="plan-status">Draft</span>'
    )


@pytest.mark.django_db
@pytest.mark.parametrize("same_values", [True, False])
def test_perform_bulk_writes_each_rows_own_values_whether_they_are_shared_or_not(world, same_values):
    from jetpm.appointments.workflows import PERSONS
    from jetpm.core.models import Person
    from jetpm.core.states import PersonKind

    cos = [world.orgs["co_a"], world.orgs["co_b"]]
    persons = list(
        Person.objects.filter(kind=PersonKind.PARTICIPANT, contracting_org__isnull=False).order_by("pk")
    )
    assert len(persons) >= 3
    before = {p.pk: p.contracting_org_id for p in persons}
    new_org = {p.pk: (None if same_values else cos[i % 2].pk) for i, p in enumerate(persons)}
    with transaction.atomic():
        moved = workflow.perform_bulk(
            PERSONS,
            persons,
            "leave",
            actor=workflow.SYSTEM,
            values_of=lambda p: {"contracting_org_id": new_org[p.pk]},
        )
    assert moved == len(persons)
    stored = {p.pk: (p.kind, p.contracting_org_id) for p in Person.objects.filter(pk__in=new_org)}
    assert stored == {pk: (PersonKind.ALUMNUS, org) for pk, org in new_org.items()}
    events = {
        e.person_id: e.changes
        for e in AuditEvent.objects.filter(action=PERSONS.get("leave").audit_action, person_id__in=new_org)
    }
    for pk, org in new_org.items():
        expected = {"kind": ["participant", "alumnus"]}
        if before[pk] != org:
            expected["contracting_org_id"] = [before[pk], org]
        assert events[pk] == expected
