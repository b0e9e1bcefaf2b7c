"""Term dates (pure): first terms from the day after arrival, one year each, April arrivals' first term
with their summer cohort, leap years, early ends; and the reappointment service filling next year's dates."""

from __future__ import annotations

import itertools
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jetpm.appointments import services as term_services
from jetpm.appointments.models import AppointmentTerm
from jetpm.appointments.reappointment import services
from jetpm.appointments.states import Assessment, Intention
from jetpm.appointments.term_dates import (
    TermDates,
    anniversary,
    cut,
    first_term,
    is_early_arrival,
    next_term,
    one_year_from,
    terms_from_arrival,
)
from tests.appointments.reappointment_data import IN_WINDOW, ROUND, serving


def test_august_arrival_serves_one_year_from_the_day_after() -> None:
    assert first_term(date(2025, 7, 31)) == TermDates(date(2025, 8, 1), date(2026, 7, 31))
    assert first_term(date(2025, 8, 3)) == TermDates(date(2025, 8, 4), date(2026, 8, 3))


def test_later_terms_continue_from_the_day_after() -> None:
    terms = terms_from_arrival(date(2025, 7, 31), 3)
    assert terms == [
        TermDates(date(2025, 8, 1), date(2026, 7, 31)),
        TermDates(date(2026, 8, 1), date(2027, 7, 31)),
        TermDates(date(2027, 8, 1), date(2028, 7, 31)),
    ]
    assert next_term(date(2026, 7, 31)) == TermDates(date(2026, 8, 1), date(2027, 7, 31))


def test_april_arrivals_serve_their_first_term_until_their_summer_cohorts_ends() -> None:
    assert is_early_arrival(date(2025, 4, 1)) and is_early_arrival(date(2025, 6, 30))
    assert not is_early_arrival(date(2025, 7, 1)) and not is_early_arrival(date(2025, 3, 31))
    first = first_term(date(2025, 4, 7))
    # with the summer arrivals of their year: 1 August 2025 – 31 July 2026
    assert first == TermDates(date(2025, 4, 8), date(2026, 7, 31))
    assert first.end == first_term(date(2025, 7, 31)).end
    assert first.days == 480
    # the second term is the summer cohort's second term
    assert terms_from_arrival(date(2025, 4, 7), 2)[1] == TermDates(date(2026, 8, 1), date(2027, 7, 31))
    # the year's own summer start
    assert first_term(date(2025, 4, 7), summer_start=date(2025, 7, 28)).end == date(2026, 7, 27)
    # a late-June arrival too
    assert first_term(date(2025, 6, 30)) == TermDates(date(2025, 7, 1), date(2026, 7, 31))


def test_leap_years() -> None:
    assert anniversary(date(2024, 2, 29)) == date(2025, 3, 1)
    assert one_year_from(date(2024, 2, 29)) == TermDates(date(2024, 2, 29), date(2025, 2, 28))
    assert one_year_from(date(2023, 3, 1)) == TermDates(date(2023, 3, 1), date(2024, 2, 29))
    assert one_year_from(date(2023, 8, 1)).days == 366  # includes 29 February 2024
    assert one_year_from(date(2024, 8, 1)).days == 365
    assert first_term(date(2024, 2, 28)) == TermDates(date(2024, 2, 29), date(2025, 2, 28))


def test_an_early_end_cuts_the_end_date() -> None:
    dates = TermDates(date(2025, 8, 1), date(2026, 7, 31))
    assert cut(dates, date(2026, 1, 15)) == TermDates(date(2025, 8, 1), date(2026, 1, 15))
    assert cut(dates, None) == dates
    assert cut(dates, date(2026, 9, 1)) == dates


@given(st.dates(min_value=date(1987, 1, 1), max_value=date(2090, 12, 31)), st.integers(1, 7))
def test_terms_are_contiguous_and_about_a_year(arrival: date, count: int) -> None:
    terms = terms_from_arrival(arrival, count)
    assert len(terms) == count and terms[0].start == date.fromordinal(arrival.toordinal() + 1)
    for before, after in itertools.pairwise(terms):
        assert after.start.toordinal() == before.end.toordinal() + 1
        assert 365 <= after.days <= 366
    assert all(t.end >= t.start for t in terms)


@pytest.mark.django_db
def test_reappointment_fills_next_years_dates_from_the_previous_end(world) -> None:  # type: ignore[no-untyped-def]
    a, _b = serving(world)
    AppointmentTerm.objects.filter(pk=a.pk).update(start_date=date(2025, 4, 8), end_date=date(2026, 7, 31))
    co = world.users["co_a.coordinator"]
    services.record_intention(actor=co, term_id=a.pk, intention=Intention.CONTINUE)
    services.record_assessment(actor=co, term_id=a.pk, assessment=Assessment.CAPABLE)
    services.decide(actor=co, term_id=a.pk, today=IN_WINDOW)
    nxt = AppointmentTerm.objects.get(participant=a.participant, fiscal_year=ROUND + 1)
    assert (nxt.start_date, nxt.end_date) == (date(2026, 8, 1), date(2027, 7, 31))


@pytest.mark.django_db
def test_terms_without_dates_stay_without(world) -> None:  # type: ignore[no-untyped-def]
    a, _b = serving(world)
    co = world.users["co_a.coordinator"]
    services.record_intention(actor=co, term_id=a.pk, intention=Intention.CONTINUE)
    services.record_assessment(actor=co, term_id=a.pk, assessment=Assessment.CAPABLE)
    services.decide(actor=co, term_id=a.pk, today=IN_WINDOW)
    nxt = AppointmentTerm.objects.get(participant=a.participant, fiscal_year=ROUND + 1)
    assert (nxt.start_date, nxt.end_date) == (None, None)


@pytest.mark.django_db
def test_detail_page_shows_the_dates_cut_by_an_early_end(world, client) -> None:  # type: ignore[no-untyped-def]
    from django.urls import reverse

    a, _b = serving(world)
    AppointmentTerm.objects.filter(pk=a.pk).update(start_date=date(2025, 8, 1), end_date=date(2026, 7, 31))
    co = world.users["co_a.coordinator"]
    client.force_login(co)
    url = reverse("appointments:participant_detail", kwargs={"participant_id": a.participant_id})
    body = client.get(url).content.decode()
    assert "2025-08-01" in body or "1 August 2025" in body
    term_services.end_term(
        actor=co, term_id=a.pk, status="resigned", ended_on=date(2026, 1, 15), reason="family"
    )
    body = client.get(url).content.decode()
    assert "2026-07-31" not in body and "31 July 2026" not in body


@pytest.mark.django_db
def test_the_years_summer_start() -> None:
    from jetpm.appointments.models import SummerStart
    from jetpm.appointments.selectors import summer_start

    assert summer_start(2025) == date(2025, 8, 1)
    SummerStart.objects.create(fiscal_year=2026, starts_on=date(2026, 7, 27))
    assert summer_start(2026) == date(2026, 7, 27)
    assert first_term(date(2026, 4, 5), summer_start=summer_start(2026)).end == date(2027, 7, 26)
