"""The demo world's training (small scale, built once for the module): FY2025's and FY2026's events, who is
invited to each, attendance only for events that have begun, feedback only from those who attended an event
that is over, the demo participant's record, determinism and a bounded number of queries."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any
from unittest import mock

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from jetpm.appointments.models import AppointmentTerm, Participant, TrainingEvent, TrainingInvitation
from jetpm.appointments.states import Attendance, TrainingKind
from jetpm.core.states import JobType
from jetpm.demo import generator
from jetpm.demo.logins import GIFU_HOST
from jetpm.demo.world import training
from jetpm.demo.world.training import BLOCKS, DEMO_TODAY, training_step

SEED = 3
STEP_NAME = f"{training_step.__module__}.{training_step.__qualname__}"
Signature = list[tuple[str, str, str, int | None, str]]


@dataclass
class Built:
    signature: Signature  # of the kept world
    signature_again: Signature  # the step run again on the same world with the same seed
    queries: list[dict[str, Any]]  # the step's queries in the kept world
    invitations: int


class _Rollback(Exception):
    pass


def _signature() -> Signature:
    return list(
        TrainingInvitation.objects.order_by("event__title_en", "participant__jet_id").values_list(
            "event__title_en", "participant__jet_id", "attendance", "rating", "comment"
        )
    )


@pytest.fixture(scope="module")
def built(django_db_setup: None, django_db_blocker: Any) -> Iterator[Built]:
    queries: list[dict[str, Any]] = []

    def counted(ctx: generator.DemoContext) -> None:
        with CaptureQueriesContext(connection) as captured:
            training_step(ctx)
        queries.extend(captured.captured_queries)

    counted.__module__, counted.__qualname__ = training_step.__module__, training_step.__qualname__
    # the lead registers training_step at the end of STEPS: run it there (once) whether or not he has yet
    steps = [s for s in generator.STEPS if s is not training_step] + [counted]
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            with mock.patch.object(generator, "STEPS", steps):
                generator.build_world(scale="small", seed=SEED)
            signature = _signature()
            again: Signature = []
            try:
                with transaction.atomic():
                    TrainingEvent.objects.all().delete()
                    training_step(SimpleNamespace(rng=random.Random(f"{SEED}/{STEP_NAME}"), extra={}))  # type: ignore[arg-type]
                    again = _signature()
                    raise _Rollback
            except _Rollback:
                pass
            yield Built(signature, again, queries, TrainingInvitation.objects.count())
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def _invitees(event: TrainingEvent) -> set[int]:
    return set(event.invitations.values_list("participant_id", flat=True))


def test_events_of_each_year(built: Built) -> None:
    for fy in (2025, 2026):
        events = TrainingEvent.objects.filter(fiscal_year=fy).select_related("organiser")
        kinds = Counter(e.kind for e in events)
        assert kinds[TrainingKind.ORIENTATION] == 1
        assert kinds[TrainingKind.MID_YEAR] >= 3
        assert kinds[TrainingKind.PRE_RETURN] == 1
        japanese = [e for e in events if e.kind.startswith("japanese_")]
        assert japanese and any(e.organiser.code == GIFU_HOST for e in japanese)
        for e in events:
            assert e.title_ja and e.title_en and e.place
            assert e.organiser.kind in {"clair", "mext", "host_org"}

        orientation = events.get(kind=TrainingKind.ORIENTATION)
        assert orientation.organiser.kind == "clair" and "Tokyo" in orientation.place
        assert orientation.starts_on.month == 8 and (orientation.ends_on - orientation.starts_on).days == 2
        cohort = set(
            AppointmentTerm.objects.filter(
                fiscal_year=fy, participant__cohort_year=fy, year_on_programme=1
            ).values_list("participant_id", flat=True)
        )
        assert cohort and _invitees(orientation) == cohort

        for e in events.filter(kind=TrainingKind.MID_YEAR):
            assert e.organiser.kind == "mext" and e.starts_on.month in (11, 12)
            block = next(b for b in BLOCKS if b.name_en in e.title_en)
            alts = set(
                AppointmentTerm.objects.filter(
                    fiscal_year=fy,
                    job_type=JobType.ALT,
                    contracting_org__prefecture__code__in=block.prefectures,
                ).values_list("participant_id", flat=True)
            )
            assert _invitees(e) == alts

        for e in japanese:
            invited = _invitees(e)
            assert 1 <= len(invited) <= (e.capacity or 0)
            host_ids = set(
                AppointmentTerm.objects.filter(fiscal_year=fy, participant_id__in=invited).values_list(
                    "contracting_org__host_org_id", flat=True
                )
            )
            assert host_ids == {e.organiser_id}

    leavers = set(
        AppointmentTerm.objects.filter(fiscal_year=2025).values_list("participant_id", flat=True)
    ) - set(AppointmentTerm.objects.filter(fiscal_year=2026).values_list("participant_id", flat=True))
    pre_return = TrainingEvent.objects.get(fiscal_year=2025, kind=TrainingKind.PRE_RETURN)
    assert pre_return.starts_on.month == 2 and leavers and _invitees(pre_return) == leavers


def test_attendance_only_once_begun_and_feedback_only_from_attendees(built: Built) -> None:
    invitations = list(TrainingInvitation.objects.select_related("event"))
    assert len(invitations) == built.invitations
    begun = [i for i in invitations if i.event.starts_on <= DEMO_TODAY]
    upcoming = [i for i in invitations if i.event.starts_on > DEMO_TODAY]
    assert begun and upcoming
    assert all(i.attendance == "" and i.attendance_recorded_by_id is None for i in upcoming)
    assert all(i.attendance in Attendance.values for i in begun)
    attended = [i for i in begun if i.attendance == Attendance.ATTENDED]
    assert 0.9 <= len(attended) / len(begun) < 1
    assert {i.attendance for i in begun} == set(Attendance.values)  # some excused, some absent
    with_feedback = [i for i in invitations if i.feedback_at is not None]
    for i in with_feedback:
        assert i.attendance == Attendance.ATTENDED
        assert i.event.ends_on <= timezone.localtime(i.feedback_at).date() <= DEMO_TODAY
        assert i.rating is not None and 1 <= i.rating <= 5
    for i in invitations:
        if i.feedback_at is None:
            assert i.rating is None and i.comment == ""
    over = [i for i in attended if i.event.ends_on <= DEMO_TODAY]
    assert 0.3 <= len(with_feedback) / len(over) <= 0.5
    ratings = Counter(i.rating for i in with_feedback)
    assert sum(ratings[r] for r in (3, 4, 5)) / len(with_feedback) >= 0.8
    comments = {i.comment for i in with_feedback if i.comment}
    assert any(c.isascii() for c in comments) and any(not c.isascii() for c in comments)


def test_the_demo_participant_has_a_record(built: Built) -> None:
    participant = Participant.objects.get(person__user__username="participant")
    mine = list(participant.training_invitations.select_related("event__organiser"))  # type: ignore[attr-defined]
    assert len(mine) >= 2
    assert any(
        i.attendance == Attendance.ATTENDED and i.feedback_at is not None and i.event.ends_on <= DEMO_TODAY
        for i in mine
    )
    upcoming = [i for i in mine if i.event.starts_on > DEMO_TODAY]
    assert upcoming and all(i.attendance == "" for i in upcoming)
    assert any(i.event.organiser.code == GIFU_HOST for i in upcoming)  # Gifu's Japanese course


def test_deterministic_and_bounded(built: Built) -> None:
    assert built.signature and built.signature == built.signature_again
    inserts = [q for q in built.queries if q["sql"].lstrip().upper().startswith("INSERT")]
    others = [q for q in built.queries if q not in inserts]
    assert len(others) <= 4, [q["sql"][:80] for q in others]  # organisations, users, the login, the terms
    assert len(inserts) <= 2 + built.invitations / 50
    assert training.YEARS == (2025, 2026)
