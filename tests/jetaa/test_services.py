"""JETAA support's services: the cycle from the year's policy to HQ's evaluation, and the bad input the issue
names — an amount over the envelope, a report for an unapproved project, a negative or absurd amount, a
plan after the window — each refused with the rule named and nothing written."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from jetpm.core.errors import DomainError, FieldErrors, IllegalTransition, PermissionDenied
from jetpm.core.models import AuditEvent
from jetpm.jetaa import services, services_support
from jetpm.jetaa.models import (
    Assessment,
    ChapterPlan,
    Commitment,
    ExecutionPlan,
    Payment,
    ProjectLine,
    ProjectReport,
    SupportYear,
)
from jetpm.jetaa.states import ChapterPlanStatus, ExecutionPlanStatus, LineStatus, PolicyStatus
from tests.jetaa.helpers import (
    PNG_1PX,
    approved_year,
    line_values,
    link_chapters,
    plan_with_line,
    submitted_to_hq,
    this_year,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def cycle(world):
    link_chapters(world)
    approved_year(world)
    return world


def _messages(exc: DomainError) -> str:
    if isinstance(exc, FieldErrors):
        return " ".join(m for _f, m in exc.errors)
    return exc.message


def _fields(exc: DomainError) -> set[str | None]:
    if isinstance(exc, FieldErrors):
        return {f for f, _m in exc.errors}
    return {exc.field}


# --- the whole cycle --------------------------------------------------------------------------------------


def test_the_cycle_from_plan_to_hq_evaluation(cycle):
    w = cycle
    line = submitted_to_hq(w, envelope=1_000_000)
    assert line.requested_yen == 300_000  # 2,000 USD at 150 yen
    hq = w.users["mofa.staff"]
    assessment = services.assess_line(
        actor=hq, line_id=line.pk, decision="reduce", approved_yen=250_000, reason="Venue hire is too high."
    )
    line.refresh_from_db()
    assert (line.status, line.approved_yen, assessment.approved_yen) == (LineStatus.REDUCED, 250_000, 250_000)
    plan = services.complete_assessment(actor=hq, plan_id=line.plan.execution_plan_id)
    assert plan.status == ExecutionPlanStatus.ASSESSED
    staff = w.users["mission_a.staff"]
    commitment = services_support.record_commitment(
        actor=staff, line_id=line.pk, amount_yen=250_000, committed_on=timezone.localdate()
    )
    services_support.record_payment(
        actor=staff, commitment_id=commitment.pk, amount_yen=200_000, paid_on=timezone.localdate()
    )
    with pytest.raises(DomainError) as caught:  # a date out of the year: said plainly, the dates readable
        services_support.submit_report(
            actor=w.users["chapter_a.officer"],
            line_id=line.pk,
            held_on=date(2099, 1, 1),
            participants=35,
            impressions="x",
            expenses_yen=1,
        )
    assert "The date must fall within the project's fiscal year (1 April " in _messages(caught.value)
    report = services_support.submit_report(
        actor=w.users["chapter_a.officer"],
        line_id=line.pk,
        held_on=line.starts_on,
        participants=35,
        impressions="Several attendees now plan to work with Japanese firms.",
        expenses_yen=200_000,
        photos=[SimpleUploadedFile("night.png", PNG_1PX, content_type="image/png")],
    )
    assert report.photos.count() == 1
    evaluation = services_support.evaluate_project(
        actor=staff, line_id=line.pk, effect="high", support_next_year=True, reason="Well attended."
    )
    assert evaluation.support_next_year
    hq_eval = services_support.evaluate_mission_year(
        actor=hq,
        plan_id=plan.pk,
        effectiveness="good",
        efficiency="fair",
        comment="Cost per head a little high.",
    )
    assert hq_eval.execution_plan_id == plan.pk
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "jetaa_year.approve",
        "jetaa_chapter_plan.submit",
        "jetaa_chapter_plan.include",
        "jetaa_execution_plan.submit",
        "jetaa_line.reduce",
        "jetaa_execution_plan.complete",
        "jetaa_commitment.create",
        "jetaa_payment.create",
        "jetaa_report.submit",
        "jetaa_evaluation.create",
        "jetaa_hq_evaluation.create",
    } <= actions


def test_a_reduction_or_rejection_needs_a_reason_and_writes_nothing_without_one(cycle):
    line = submitted_to_hq(cycle)
    hq = cycle.users["mofa.staff"]
    for decision in ("reduce", "reject"):
        with pytest.raises(DomainError) as caught:
            services.assess_line(
                actor=hq, line_id=line.pk, decision=decision, approved_yen=100_000, reason=" "
            )
        assert "reason" in _fields(caught.value)
    assert not Assessment.objects.exists()
    assert ProjectLine.objects.get(pk=line.pk).status == LineStatus.PENDING
    services.assess_line(actor=hq, line_id=line.pk, decision="reject", reason="Not within the guidelines.")
    assert ProjectLine.objects.get(pk=line.pk).approved_yen == 0


def test_only_hq_assesses(cycle):
    line = submitted_to_hq(cycle)
    with pytest.raises(PermissionDenied):
        services.assess_line(actor=cycle.users["mission_a.staff"], line_id=line.pk, decision="approve")


def test_an_approval_over_the_mission_envelope_is_refused(cycle):
    w = cycle
    line = submitted_to_hq(w, envelope=300_000)
    services.assess_line(actor=w.users["mofa.staff"], line_id=line.pk, decision="approve")
    services.set_envelope(
        actor=w.users["mofa.staff"],
        mission_id=w.orgs["mission_a"].pk,
        fiscal_year=this_year(),
        amount_yen=300_000,
    )
    # a second chapter's line in the same mission (chapter B sends to mission A here)
    plan = ChapterPlan.objects.create(
        chapter=w.orgs["chapter_b"],
        mission=w.orgs["mission_a"],
        fiscal_year=this_year(),
        execution_plan=line.plan.execution_plan,
        status=ChapterPlanStatus.INCLUDED,
    )
    other = ProjectLine.objects.create(
        plan=plan, **line_values(title="Booth", amount_local=Decimal(100)), requested_yen=15_000
    )
    with pytest.raises(DomainError) as caught:
        services.assess_line(actor=w.users["mofa.staff"], line_id=other.pk, decision="approve")
    assert "envelope" in _messages(caught.value)
    assert ProjectLine.objects.get(pk=other.pk).status == LineStatus.PENDING
    assert not Assessment.objects.filter(line=other).exists()


def test_a_line_asking_more_than_the_envelope_is_refused(cycle):
    w = cycle
    services.set_envelope(
        actor=w.users["mofa.staff"],
        mission_id=w.orgs["mission_a"].pk,
        fiscal_year=this_year(),
        amount_yen=100_000,
    )
    plan, _line = plan_with_line(w, amount_local=Decimal(100))  # ¥15,000
    with pytest.raises(DomainError) as caught:
        services.add_line(actor=w.users["chapter_a.officer"], plan_id=plan.pk, **line_values())  # ¥300,000
    assert "envelope" in _messages(caught.value)
    assert plan.lines.count() == 1


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("amount_local", Decimal("-10"), "more than zero"),
        ("amount_local", Decimal("0"), "more than zero"),
        ("amount_local", Decimal("900000000"), "beyond any sensible figure"),
        ("rate_to_yen", Decimal("-1"), "rate"),
        ("expected_participants", 0, "participants"),
    ],
)
def test_negative_or_absurd_amounts_are_refused(cycle, field, value, words):
    plan, _line = plan_with_line(cycle)
    with pytest.raises(DomainError) as caught:
        services.add_line(
            actor=cycle.users["chapter_a.officer"], plan_id=plan.pk, **line_values(**{field: value})
        )
    assert field in _fields(caught.value) and words in _messages(caught.value)
    assert plan.lines.count() == 1


def test_every_bad_field_is_named_at_once(cycle):
    plan, _line = plan_with_line(cycle)
    with pytest.raises(FieldErrors) as caught:
        services.add_line(
            actor=cycle.users["chapter_a.officer"],
            plan_id=plan.pk,
            **line_values(title="", place="", amount_local=Decimal(-1), category="party"),
        )
    assert {"title", "place", "amount_local", "category"} <= _fields(caught.value)


def test_a_plan_after_the_window_is_refused(world):
    link_chapters(world)
    approved_year(world, open_today=False)
    with pytest.raises(DomainError) as caught:
        services.create_chapter_plan(
            actor=world.users["chapter_a.officer"],
            chapter_id=world.orgs["chapter_a"].pk,
            fiscal_year=this_year(),
        )
    assert "window for chapters' plans" in _messages(caught.value)
    assert not ChapterPlan.objects.exists()


def test_a_plan_submitted_after_the_window_is_refused(cycle):
    plan, _line = plan_with_line(cycle)
    year = SupportYear.objects.get(status=PolicyStatus.APPROVED)
    SupportYear.objects.filter(pk=year.pk).update(
        chapter_plans_until=timezone.localdate() - timedelta(days=1)
    )
    with pytest.raises(DomainError) as caught:
        services.submit_chapter_plan(actor=cycle.users["chapter_a.officer"], plan_id=plan.pk)
    assert "window for chapters' plans" in _messages(caught.value)
    assert ChapterPlan.objects.get(pk=plan.pk).status == ChapterPlanStatus.DRAFT


def test_no_plan_without_an_approved_policy(world):
    link_chapters(world)
    with pytest.raises(DomainError) as caught:
        services.create_chapter_plan(
            actor=world.users["chapter_a.officer"],
            chapter_id=world.orgs["chapter_a"].pk,
            fiscal_year=this_year(),
        )
    assert "not approved" in _messages(caught.value)


def test_a_report_for_an_unapproved_project_is_refused(cycle):
    line = submitted_to_hq(cycle)
    officer = cycle.users["chapter_a.officer"]
    report = {"held_on": line.starts_on, "participants": 10, "impressions": "Fine.", "expenses_yen": 1000}
    with pytest.raises(DomainError) as caught:
        services_support.submit_report(actor=officer, line_id=line.pk, **report)
    assert "only for a project HQ approved" in _messages(caught.value)
    services.assess_line(
        actor=cycle.users["mofa.staff"], line_id=line.pk, decision="reject", reason="Out of scope."
    )
    with pytest.raises(DomainError):
        services_support.submit_report(actor=officer, line_id=line.pk, **report)
    assert not ProjectReport.objects.exists()


def test_commitments_and_payments_stay_within_what_is_approved(cycle):
    w = cycle
    line = submitted_to_hq(w)
    services.assess_line(actor=w.users["mofa.staff"], line_id=line.pk, decision="approve")
    staff = w.users["mission_a.staff"]
    today = timezone.localdate()
    first = services_support.record_commitment(
        actor=staff, line_id=line.pk, amount_yen=200_000, committed_on=today
    )
    with pytest.raises(DomainError) as caught:
        services_support.record_commitment(
            actor=staff, line_id=line.pk, amount_yen=100_001, committed_on=today
        )
    assert "Over the approved amount" in _messages(caught.value) and "100,000" in _messages(caught.value)
    with pytest.raises(DomainError) as caught:
        services_support.record_payment(
            actor=staff, commitment_id=first.pk, amount_yen=200_001, paid_on=today
        )
    assert "Over the commitment" in _messages(caught.value)
    with pytest.raises(DomainError):
        services_support.record_payment(actor=staff, commitment_id=first.pk, amount_yen=-5, paid_on=today)
    assert Commitment.objects.count() == 1 and not Payment.objects.exists()
    with pytest.raises(PermissionDenied):
        services_support.record_commitment(
            actor=w.users["mission_b.staff"], line_id=line.pk, amount_yen=1, committed_on=today
        )


def test_a_change_during_the_year_is_a_new_version_assessed_again(cycle):
    w = cycle
    line = submitted_to_hq(w)
    hq, staff = w.users["mofa.staff"], w.users["mission_a.staff"]
    services.assess_line(actor=hq, line_id=line.pk, decision="approve")
    services.complete_assessment(actor=hq, plan_id=line.plan.execution_plan_id)
    services_support.record_commitment(
        actor=staff, line_id=line.pk, amount_yen=100_000, committed_on=timezone.localdate()
    )
    with pytest.raises(DomainError):
        services.revise_line(actor=staff, line_id=line.pk, reason="")
    new = services.revise_line(
        actor=w.users["chapter_a.officer"],
        line_id=line.pk,
        reason="A bigger venue.",
        amount_local=Decimal("2400"),
    )
    assert (new.version, new.previous_id, new.status, new.requested_yen) == (
        2,
        line.pk,
        LineStatus.PENDING,
        360_000,
    )
    assert ExecutionPlan.objects.get(pk=line.plan.execution_plan_id).status == ExecutionPlanStatus.SUBMITTED
    assert (
        ProjectLine.objects.get(pk=line.pk).status == LineStatus.APPROVED
    )  # in force until the new one is assessed
    with pytest.raises(DomainError) as caught:
        services.assess_line(
            actor=hq, line_id=new.pk, decision="reduce", approved_yen=50_000, reason="Too dear."
        )
    assert "committed" in _messages(caught.value)
    services.assess_line(
        actor=hq, line_id=new.pk, decision="reduce", approved_yen=330_000, reason="Venue capped."
    )
    old = ProjectLine.objects.get(pk=line.pk)
    assert (old.status, old.approved_yen) == (LineStatus.SUPERSEDED, 0)
    assert Commitment.objects.get().line_id == new.pk
    assert ProjectLine.objects.get(pk=new.pk).approved_yen == 330_000


def test_an_approved_policy_is_never_edited_a_revision_is_a_new_version(cycle):
    year = SupportYear.objects.get(status=PolicyStatus.APPROVED)
    hq = cycle.users["mofa.staff"]
    with pytest.raises(DomainError):
        services.update_support_year(actor=hq, year_id=year.pk, priorities="Everything.")
    revision = services.revise_support_year(
        actor=hq, year_id=year.pk, revision_note="Higher per-head cap.", cap_per_participant_yen=25_000
    )
    assert (revision.version, revision.previous_id, revision.status) == (2, year.pk, PolicyStatus.DRAFT)
    with pytest.raises(PermissionDenied):
        services.approve_support_year(actor=hq, year_id=revision.pk)  # staff draft, approvers approve
    services.approve_support_year(actor=cycle.users["superuser"], year_id=revision.pk)
    assert SupportYear.objects.get(pk=year.pk).status == PolicyStatus.SUPERSEDED
    assert SupportYear.objects.get(pk=revision.pk).cap_per_participant_yen == 25_000


def test_the_policy_caps_refuse_an_approval_over_them(cycle):
    line = submitted_to_hq(cycle, category="networking", amount_local=Decimal("8000"))  # ¥1.2m; cap ¥1m
    with pytest.raises(DomainError) as caught:
        services.assess_line(actor=cycle.users["mofa.staff"], line_id=line.pk, decision="approve")
    assert "cap for this category" in _messages(caught.value)
    assert "cap per participant" in _messages(caught.value)  # 40 × ¥20,000 = ¥800,000


def test_envelopes_stay_within_the_national_budget(cycle):
    hq = cycle.users["mofa.staff"]
    services.set_envelope(
        actor=hq, mission_id=cycle.orgs["mission_a"].pk, fiscal_year=this_year(), amount_yen=6_000_000
    )
    with pytest.raises(DomainError) as caught:
        services.set_envelope(
            actor=hq, mission_id=cycle.orgs["mission_b"].pk, fiscal_year=this_year(), amount_yen=4_000_001
        )
    assert "national budget" in _messages(caught.value)


def test_chapter_plans_go_through_their_workflow(cycle):
    w = cycle
    plan, _line = plan_with_line(w)
    staff = w.users["mission_a.staff"]
    with pytest.raises(IllegalTransition):
        services.include_chapter_plan(actor=staff, chapter_plan_id=plan.pk)
    with pytest.raises(PermissionDenied):
        services.submit_chapter_plan(actor=w.users["chapter_b.officer"], plan_id=plan.pk)
    services.submit_chapter_plan(actor=w.users["chapter_a.officer"], plan_id=plan.pk)
    with pytest.raises(DomainError) as caught:
        services.return_chapter_plan(actor=staff, chapter_plan_id=plan.pk, reason="")
    assert "returned" in _messages(caught.value)
    services.return_chapter_plan(actor=staff, chapter_plan_id=plan.pk, reason="Add the dates of the booth.")
    plan.refresh_from_db()
    assert plan.status == ChapterPlanStatus.RETURNED and plan.return_reason
    services.update_line(actor=w.users["chapter_a.officer"], line_id=_line.pk, title="Career night 2")
    services.submit_chapter_plan(actor=w.users["chapter_a.officer"], plan_id=plan.pk)
    assert ChapterPlan.objects.get(pk=plan.pk).status == ChapterPlanStatus.SUBMITTED


def test_the_chapter_is_told_its_plan_was_returned_and_the_mission_its_plan_assessed(
    cycle, mailoutbox, django_capture_on_commit_callbacks
):
    w = cycle
    plan, _line = plan_with_line(w)
    services.submit_chapter_plan(actor=w.users["chapter_a.officer"], plan_id=plan.pk)
    with django_capture_on_commit_callbacks(execute=True):
        services.return_chapter_plan(
            actor=w.users["mission_a.staff"], chapter_plan_id=plan.pk, reason="Add the booth's dates."
        )
    assert [m.to for m in mailoutbox] == [[w.users["chapter_a.officer"].email]]
    assert "returned" in mailoutbox[0].subject and "Add the booth" not in mailoutbox[0].body
    mailoutbox.clear()
    line = submitted_to_hq(w, "b")
    services.assess_line(actor=w.users["mofa.staff"], line_id=line.pk, decision="approve")
    with django_capture_on_commit_callbacks(execute=True):
        services.complete_assessment(actor=w.users["mofa.staff"], plan_id=line.plan.execution_plan_id)
    assert sorted(a for m in mailoutbox for a in m.to) == sorted(
        w.users[u].email for u in ("mission_b.staff", "mission_b.admin")
    )


def test_the_mission_submits_once_no_chapters_plan_waits(cycle):
    w = cycle
    staff = w.users["mission_a.staff"]
    plan, _line = plan_with_line(w)
    services.submit_chapter_plan(actor=w.users["chapter_a.officer"], plan_id=plan.pk)
    services.include_chapter_plan(actor=staff, chapter_plan_id=plan.pk)
    late = ChapterPlan.objects.create(
        chapter=w.orgs["chapter_b"], mission=w.orgs["mission_a"], fiscal_year=this_year()
    )
    ProjectLine.objects.create(plan=late, **line_values(), requested_yen=300_000)
    services.submit_chapter_plan(actor=w.users["chapter_b.officer"], plan_id=late.pk)
    execution = ExecutionPlan.objects.get()
    with pytest.raises(DomainError) as caught:
        services.submit_execution_plan(actor=staff, plan_id=execution.pk)
    assert "still waiting" in _messages(caught.value)
    services.return_chapter_plan(actor=staff, chapter_plan_id=late.pk, reason="Send it to your own mission.")
    services.submit_execution_plan(actor=staff, plan_id=execution.pk)
    assert ExecutionPlan.objects.get().status == ExecutionPlanStatus.SUBMITTED


def test_changes_are_audited_field_by_field_and_an_unchanged_save_writes_nothing(cycle):
    w = cycle
    officer, hq = w.users["chapter_a.officer"], w.users["mofa.staff"]
    _plan, line = plan_with_line(w)
    events = AuditEvent.objects.filter(action="jetaa_line.update", object_id=str(line.pk))
    services.update_line(actor=officer, line_id=line.pk, title="Career night 2", place="Brooklyn")
    changed = events.get()
    assert changed.changes == {"title": ["Career night", "Career night 2"], "place": ["New York", "Brooklyn"]}
    services.update_line(actor=officer, line_id=line.pk, title="Career night 2")
    assert events.count() == 1  # nothing changed: nothing written
    envelope = services.set_envelope(
        actor=hq, mission_id=w.orgs["mission_a"].pk, fiscal_year=this_year(), amount_yen=1_000_000
    )
    services.set_envelope(
        actor=hq, mission_id=w.orgs["mission_a"].pk, fiscal_year=this_year(), amount_yen=900_000
    )
    services.set_envelope(
        actor=hq, mission_id=w.orgs["mission_a"].pk, fiscal_year=this_year(), amount_yen=900_000
    )
    set_events = AuditEvent.objects.filter(action="jetaa_envelope.set", object_id=str(envelope.pk))
    assert [e.changes for e in set_events.order_by("pk")] == [
        {"amount_yen": [None, 1_000_000]},
        {"amount_yen": [1_000_000, 900_000]},
    ]
    execution = services.create_execution_plan(
        actor=w.users["mission_a.staff"], mission_id=w.orgs["mission_a"].pk, fiscal_year=this_year()
    )
    services.update_execution_plan(
        actor=w.users["mission_a.staff"],
        plan_id=execution.pk,
        requests_to_jetaa=" Two alumni at the fairs ",
        contact_arrangements="",
    )
    assert AuditEvent.objects.get(action="jetaa_execution_plan.update").changes == {
        "requests_to_jetaa": ["", "Two alumni at the fairs"]
    }
