"""A year is published once (issue 10, A1 and A3): a second full run or publication of a published year is
refused with a message; a correction run notifies only those whose placement changed; a run of a year with
nothing to place is refused up front."""

from __future__ import annotations

import pytest
from django.core import mail

from jetpm.applications.models import Notice
from jetpm.core.errors import DomainError
from jetpm.placement.models import PlacementRun
from jetpm.placement.services import adjust, runs
from jetpm.placement.states import RunStatus
from tests.placement.workflow_support import YEAR, small_year, solved

pytestmark = pytest.mark.django_db


def test_a_published_year_cannot_get_a_new_run(world):
    small_year(world)
    run = solved(world)
    clair = world.users["clair.staff"]
    runs.publish_run(actor=clair, run_id=run.pk)
    with pytest.raises(DomainError, match="correction run"):
        runs.create_run(actor=clair, intake_year=YEAR, mode="optimal")
    assert PlacementRun.objects.filter(intake_year=YEAR).count() == 1


def test_a_second_full_publication_is_refused(world, django_capture_on_commit_callbacks):
    small_year(world)
    clair = world.users["clair.staff"]
    first = solved(world)
    second = solved(world, mode="stable")  # made before the year was published
    with django_capture_on_commit_callbacks(execute=True):
        runs.publish_run(actor=clair, run_id=first.pk)
    sent = len(mail.outbox)
    with pytest.raises(DomainError, match="already been published"):
        runs.publish_run(actor=clair, run_id=second.pk)
    second.refresh_from_db()
    first.refresh_from_db()
    assert second.status == RunStatus.READY and first.status == RunStatus.PUBLISHED
    assert len(mail.outbox) == sent


def test_a_correction_notifies_only_whose_placement_changed(world, django_capture_on_commit_callbacks):
    p = small_year(world)
    clair = world.users["clair.staff"]
    run = solved(world)
    with django_capture_on_commit_callbacks(execute=True):
        runs.publish_run(actor=clair, run_id=run.pk)
    placed = run.placements.filter(contracting_org__isnull=False).count()
    assert Notice.objects.filter(kind="placement.published").count() == placed == 4
    fix = runs.create_correction(actor=clair, run_id=run.pk)
    # c moves from wherever the engine put them to Gifu City (co_a2): one participant changed
    target = world.orgs["co_a2"]
    c_row = fix.placements.get(application=p.apps["c"])
    other = fix.placements.filter(contracting_org=target).exclude(application=p.apps["c"]).first()
    if other is not None:  # the seat is taken: swap c with its holder, two participants change
        adjust.adjust(
            actor=clair,
            run_id=fix.pk,
            action="swap",
            application_id=p.apps["c"].pk,
            other_id=other.application_id,
            reason="correction",
        )
        changed = {p.apps["c"].pk, other.application_id}
    else:
        adjust.adjust(
            actor=clair,
            run_id=fix.pk,
            action="move",
            application_id=p.apps["c"].pk,
            to_org_id=target.pk,
            reason="correction",
        )
        changed = {p.apps["c"].pk}
    assert c_row.contracting_org_id != target.pk
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        runs.publish_run(actor=clair, run_id=fix.pk)
    notices = Notice.objects.filter(kind="placement.published").order_by("pk")[placed:]
    assert {n.application_id for n in notices} == changed
    participant_mails = [m for m in mail.outbox if "your placement" in m.subject]
    assert len(participant_mails) == len(changed)


def test_a_correction_that_unplaces_one_tells_their_organisation_even_if_it_keeps_others(world):
    """The confirmation's count (and the notices): an organisation that loses one of its participants hears
    of it though others stay with it."""
    small_year(world)
    clair = world.users["clair.staff"]
    run = solved(world)
    runs.publish_run(actor=clair, run_id=run.pk)
    fix = runs.create_correction(actor=clair, run_id=run.pk)
    by_org: dict[int, list[int]] = {}
    for app_id, org_id in fix.placements.filter(contracting_org__isnull=False).values_list(
        "application_id", "contracting_org_id"
    ):
        by_org.setdefault(org_id, []).append(app_id)
    org_id, apps = max(by_org.items(), key=lambda kv: len(kv[1]))
    adjust.adjust(actor=clair, run_id=fix.pk, action="unplace", application_id=apps[0], reason="withdrew")
    assert runs.publication_effect(fix) == (0, 1)


def test_a_year_without_candidates_is_refused_up_front(world):
    clair = world.users["clair.staff"]
    with pytest.raises(DomainError, match="no accepted candidates"):
        runs.create_run(actor=clair, intake_year=2031, mode="optimal")
    assert not PlacementRun.objects.filter(intake_year=2031).exists()
