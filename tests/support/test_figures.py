"""The desk's figures: the pure percentile maths, per-mission response times from the records, and HQ's
anonymised consultation counts (a group below five is not counted out; no names)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client
from django.urls import reverse

from jetpm.support import selectors
from jetpm.support.models import Case
from jetpm.support.response_times import percentile, response_times, shown_count

T0 = datetime(2026, 10, 1, 9, tzinfo=UTC)


def test_percentiles_and_small_groups():
    assert percentile([], 50) is None
    assert percentile([4.0], 90) == 4.0
    assert percentile([1, 2, 3, 4], 50) == 2.5
    assert percentile(list(range(1, 11)), 90) == pytest.approx(9.1)
    times = response_times([(T0, T0 + timedelta(hours=2)), (T0, T0 + timedelta(hours=10)), (T0, None)])
    assert (times.asked, times.answered, times.median_hours, times.p90_hours) == (3, 2, 6.0, 9.2)
    assert [shown_count(n) for n in (0, 1, 4, 5, 12)] == [0, None, None, 5, 12]


@pytest.mark.django_db
def test_response_times_per_mission_as_each_mission_may_see_them(world):
    for hours, key in ((2, "a"), (4, "a"), (30, "a"), (None, "a"), (1, "b")):
        Case.objects.create(
            kind="question",
            category="departure",
            mission=world.orgs[f"mission_{key}"],
            person=world.persons[f"applicant_{key}"],
            subject="s",
            body="b",
            fiscal_year=2026,
            opened_at=T0,
            first_answered_at=None if hours is None else T0 + timedelta(hours=hours),
        )
    mine = selectors.desk_response_times(world.users["mission_a.staff"], fiscal_year=2026)
    assert [(r.mission.pk, r.times.asked, r.times.answered, r.times.median_hours) for r in mine] == [
        (world.orgs["mission_a"].pk, 4, 3, 4.0)
    ]
    everyone = selectors.desk_response_times(world.users["superuser"], fiscal_year=2026)
    assert len(everyone) == 2
    # the national bodies see every mission's figures, though not the questions themselves
    for national in ("mofa.staff", "clair.staff"):
        assert not selectors.questions_for(world.users[national], fiscal_year=2026).exists()
        figures = selectors.desk_response_times(world.users[national], fiscal_year=2026)
        assert [r.times.asked for r in figures] == [r.times.asked for r in everyone], national


@pytest.mark.django_db
def test_hq_figures_by_category_hide_small_groups_and_names(world, django_assert_max_num_queries):
    person = world.persons["participant_a"]
    for i in range(7):
        Case.objects.create(
            kind="counselling",
            category="health" if i < 5 else "work",
            person=person,
            subject="Family Secretname",
            body="b",
            fiscal_year=2026,
            opened_at=T0 + timedelta(days=i),
        )
    totals = selectors.consultation_totals(fiscal_year=2026)
    assert ("counselling", "health", 5) in totals and ("counselling", "work", None) in totals
    client = Client()
    client.force_login(world.users["mofa.staff"])
    with django_assert_max_num_queries(20):
        page = client.get(reverse("support:figures"), {"year": 2026})
    assert page.status_code == 200
    assert (
        b"fewer than 5" in page.content
        and b"Secretname" not in page.content
        and b"Testperson" not in page.content
    )
    # a contracting organisation has no business with HQ's figures
    client.force_login(world.users["co_a.coordinator"])
    assert client.get(reverse("support:figures")).status_code == 404
