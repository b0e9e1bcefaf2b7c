"""The placement workflow's services: build, run in the background, adjust, re-run, publish, decline."""

from __future__ import annotations

import pytest
from django.core import mail

from jetpm.applications.models import Application, Notice
from jetpm.core.errors import DomainError, IllegalTransition, PermissionDenied
from jetpm.core.models import AuditEvent
from jetpm.placement import instance as inst
from jetpm.placement import selectors
from jetpm.placement.models import ManualDecision, PlacementDecline, PlacementRun
from jetpm.placement.services import adjust, declines, runs
from jetpm.placement.states import RunStatus, Source, UnplacedReason
from tests.placement.workflow_support import YEAR, candidate, small_year, solved

pytestmark = pytest.mark.django_db


def _where(run: PlacementRun) -> dict[str, str | None]:
    return {
        p.application.reference[-2:]: (p.contracting_org.code if p.contracting_org else None)
        for p in run.placements.select_related("application", "contracting_org")
    }


def test_build_the_instance_from_the_database(world):
    small_year(world)
    built = inst.build(YEAR)
    ids = [p["id"] for p in built.data["participants"]]
    assert ids == sorted(ids) and len(ids) == 5
    assert {s["id"]: s["capacity"] for s in built.data["positions"]} == {
        "co-210005/ALT/en": 2,
        "co-212016/ALT/en": 1,
        "co-172014/ALT/en": 1,
    }
    assert any("(ALT, fr)" in w for w in built.warnings)
    inst.parse(built.data)  # the contract's own validation accepts it


def test_build_refuses_a_year_without_candidates_or_seats(world):
    with pytest.raises(DomainError, match="no accepted candidates"):
        inst.build(YEAR)
    candidate(world, "z", ["21"])
    with pytest.raises(DomainError, match="no seats"):
        inst.build(YEAR)


def test_couples_from_partner_references(world):
    small_year(world)
    a, _ = candidate(world, "p1", ["21"], partner=f"{YEAR}-GB-PP2")
    candidate(world, "p2", ["17"], partner=a.reference)
    candidate(world, "p3", ["17"], partner=f"{YEAR}-GB-NOBODY")
    built = inst.build(YEAR)
    partners = {p["id"]: p.get("partner") for p in built.data["participants"]}
    assert partners[a.reference] == f"{YEAR}-GB-PP2"
    assert partners[f"{YEAR}-GB-PP3"] is None
    assert any("NOBODY" in w for w in built.warnings)


def test_run_in_the_background_with_progress(world, django_capture_on_commit_callbacks):
    small_year(world)
    run = solved(world, django_capture_on_commit_callbacks=django_capture_on_commit_callbacks)
    assert run.status == RunStatus.READY and run.progress == 100
    s = run.summary
    assert (s["participants"], s["seats"], s["assigned"], s["unassigned"]) == (5, 4, 4, 1)
    where = _where(run)
    assert where["PD"] in {"co-210005", "co-212016"}  # Tokyo has no seat: placed unlisted
    assert where["PE"] is None
    reasons = dict(
        run.placements.filter(contracting_org__isnull=True).values_list(
            "application__reference", "unplaced_reason"
        )
    )
    assert reasons[f"{YEAR}-GB-PE"] == UnplacedReason.NO_ELIGIBLE_SEAT
    assert AuditEvent.objects.filter(action="placement.run.solved").exists()


def test_only_clair_builds_runs(world):
    small_year(world)
    for user in ("mic.staff", "mission_a.staff", "co_a.coordinator"):
        with pytest.raises(PermissionDenied):
            runs.create_run(actor=world.users[user], intake_year=YEAR, mode="optimal")


def test_a_failed_build_marks_the_run_failed(world):
    small_year(world)
    run = runs.create_run(actor=world.users["clair.staff"], intake_year=YEAR, mode="stable")
    runs.start_run(actor=world.users["clair.staff"], run_id=run.pk)
    Application.objects.filter(intake_year=YEAR).update(status="withdrawn")  # nobody left when it runs
    runs.execute(run.pk)
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED and "no accepted candidates" in run.error


def test_move_needs_a_reason_and_a_preview_shows_the_effect(world):
    p = small_year(world)
    run = solved(world)
    clair = world.users["clair.staff"]
    co_b = world.orgs["co_b"]
    b = p.apps["b"]
    placed_b = run.placements.get(application=b)
    with pytest.raises(DomainError, match="reason"):
        adjust.adjust(
            actor=clair, run_id=run.pk, action="move", application_id=b.pk, to_org_id=co_b.pk, reason=" "
        )
    # Kanazawa's one seat is taken (by c): the move is refused until the seat is free
    if _where(run)["PC"] == "co-172014":
        with pytest.raises(DomainError, match="no free seat"):
            adjust.simulate(run, action="move", application_id=b.pk, to_org_id=co_b.pk)
        adjust.adjust(
            actor=clair, run_id=run.pk, action="unplace", application_id=p.apps["c"].pk, reason="medical"
        )
    sim = adjust.simulate(run, action="move", application_id=b.pk, to_org_id=co_b.pk)
    assert sim.before != sim.after
    assert sim.after["first_choice"] <= sim.before["first_choice"]
    assert (
        run.placements.get(application=b).contracting_org_id == placed_b.contracting_org_id
    )  # nothing saved
    adjust.adjust(
        actor=clair, run_id=run.pk, action="move", application_id=b.pk, to_org_id=co_b.pk, reason="asked"
    )
    moved = run.placements.get(application=b)
    assert moved.contracting_org == co_b and moved.source == Source.MANUAL and moved.reason == "asked"
    assert ManualDecision.objects.filter(run=run, application=b, action="move").exists()
    run.refresh_from_db()
    assert run.summary["fixed"] >= 1


def test_french_candidate_is_not_eligible_for_an_english_post(world):
    p = small_year(world)
    run = solved(world)
    with pytest.raises(DomainError, match="not eligible"):
        adjust.simulate(run, action="move", application_id=p.apps["e"].pk, to_org_id=world.orgs["co_b"].pk)


def test_swap_and_unplace(world):
    p = small_year(world)
    run = solved(world)
    clair = world.users["clair.staff"]
    before = _where(run)
    a, c = p.apps["a"], p.apps["c"]
    adjust.adjust(
        actor=clair, run_id=run.pk, action="swap", application_id=a.pk, other_id=c.pk, reason="swap"
    )
    after = _where(run)
    assert (after["PA"], after["PC"]) == (before["PC"], before["PA"])
    adjust.adjust(actor=clair, run_id=run.pk, action="unplace", application_id=a.pk, reason="withdrawing")
    row = run.placements.get(application=a)
    assert row.contracting_org is None and row.unplaced_reason == UnplacedReason.MANUAL


def test_rerun_keeps_manual_decisions(world):
    p = small_year(world)
    run = solved(world)
    clair = world.users["clair.staff"]
    b = p.apps["b"]
    adjust.adjust(actor=clair, run_id=run.pk, action="unplace", application_id=b.pk, reason="kept out")
    runs.start_run(actor=clair, run_id=run.pk)
    runs.execute(run.pk)
    run.refresh_from_db()
    assert run.status == RunStatus.READY and run.summary["fixed"] == 1
    row = run.placements.get(application=b)
    assert row.contracting_org is None and row.source == Source.MANUAL
    assert run.summary["assigned"] == 3  # b's seat went to someone else (d, unlisted)


def test_publish_notifies_and_is_immutable(world, django_capture_on_commit_callbacks):
    p = small_year(world)
    run = solved(world)
    clair = world.users["clair.staff"]
    world.orgs["co_b"].email = "kanazawa@example.jp"
    world.orgs["co_b"].save()
    with django_capture_on_commit_callbacks(execute=True):
        runs.publish_run(actor=clair, run_id=run.pk)
    run.refresh_from_db()
    assert run.status == RunStatus.PUBLISHED
    placed = run.placements.filter(contracting_org__isnull=False).count()
    assert Notice.objects.filter(kind="placement.published").count() == placed
    subjects = [m.subject for m in mail.outbox]
    assert sum("your placement" in s for s in subjects) == placed
    assert any("kanazawa@example.jp" in m.to for m in mail.outbox)
    ja = next(m for m in mail.outbox if "kanazawa@example.jp" in m.to)
    assert "金沢市" in ja.body
    with pytest.raises(IllegalTransition):
        adjust.adjust(actor=clair, run_id=run.pk, action="unplace", application_id=p.apps["a"].pk, reason="x")
    with pytest.raises(IllegalTransition):
        runs.start_run(actor=clair, run_id=run.pk)


def test_a_correction_supersedes_the_published_run(world):
    small_year(world)
    run = solved(world)
    clair = world.users["clair.staff"]
    runs.publish_run(actor=clair, run_id=run.pk)
    fix = runs.create_correction(actor=clair, run_id=run.pk)
    assert fix.status == RunStatus.READY and fix.version == 2 and fix.supersedes == run
    assert _where(fix) == _where(run)
    runs.publish_run(actor=clair, run_id=fix.pk)
    run.refresh_from_db()
    assert run.status == RunStatus.SUPERSEDED
    assert PlacementRun.objects.filter(intake_year=YEAR, status=RunStatus.PUBLISHED).get() == fix


def test_decline_reopens_the_seat_for_an_upgraded_alternate(world):
    p = small_year(world)
    run = solved(world)
    clair = world.users["clair.staff"]
    runs.publish_run(actor=clair, run_id=run.pk)
    a = p.apps["a"]
    org_id = run.placements.get(application=a).contracting_org_id
    with pytest.raises(PermissionDenied):
        declines.decline(actor=p.users["b"], application_id=a.pk, reason="not mine")
    with pytest.raises(DomainError, match="reason"):
        declines.decline(actor=p.users["a"], application_id=a.pk, reason="")
    declines.decline(actor=p.users["a"], application_id=a.pk, reason="family reasons")
    a.refresh_from_db()
    assert a.status == "withdrawn"
    assert selectors.declined_placement(a.person_id, YEAR)
    assert list(selectors.declines(run)) == [PlacementDecline.objects.get(application=a)]
    # an alternate accepted after the run fills the seat in a correction run
    alt, _u = candidate(world, "alt", ["21"])
    fix = runs.create_correction(actor=clair, run_id=run.pk)
    assert not fix.placements.filter(application=a).exists()
    adjust.adjust(
        actor=clair, run_id=fix.pk, action="move", application_id=alt.pk, to_org_id=org_id, reason="upgrade"
    )
    assert fix.placements.get(application=alt).contracting_org_id == org_id
    runs.publish_run(actor=clair, run_id=fix.pk)


def test_stable_mode_has_no_blocking_pairs(world):
    small_year(world)
    run = solved(world, mode="stable")
    assert run.summary["blocking_pairs"] == 0


def test_placement_rows_are_written_in_bounded_queries(world, django_assert_max_num_queries):
    small_year(world)
    for i in range(20):
        candidate(world, f"x{i}", ["21", "17"])
    clair = world.users["clair.staff"]
    run = runs.create_run(actor=clair, intake_year=YEAR, mode="optimal")
    runs.start_run(actor=clair, run_id=run.pk)
    with django_assert_max_num_queries(30):
        runs.execute(run.pk)
