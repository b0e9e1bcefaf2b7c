"""Departure and arrival in a real browser, in both languages: a contracting organisation's coordinator
(Gifu Prefecture) confirms a participant's arrival — after a confirmation page that says what happens — and
the first term starts the next day; CLAIR records that a participant did not arrive, which reopens the seat
(the appointment removed, the application withdrawn). The demo's FY2026 arrivals are all confirmed; each run
takes one of them back to "travelling" first."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import date

import pytest

from jetpm.applications.models import Application
from jetpm.appointments.models import AppointmentTerm
from jetpm.core.models import User
from jetpm.predeparture.models import DepartureAssignment
from tests.browser.conftest import Demo, Visitor
from tests.browser.test_planning import click, login_in, messages, nav, t

pytestmark = pytest.mark.browser

Visit = Callable[..., Visitor]
GIFU_CO = "co-210005"
USERS = ("co.coordinator", "clair.staff")
LANGUAGES = ("ja", "en")


@pytest.fixture
def languages_restored(demo: Demo) -> Iterator[None]:
    before = dict(User.objects.filter(username__in=USERS).values_list("username", "language"))
    yield
    for username, language in before.items():
        User.objects.filter(username=username).update(language=language)


def travelling(*, first_year_only: bool = False, **where: object) -> DepartureAssignment:
    """One arrived FY2026 participant put back to "travelling" (their arrival to be confirmed again);
    ``first_year_only``: one not reappointed yet."""
    qs = DepartureAssignment.objects.filter(intake_year=2026, status="arrived", term__isnull=False, **where)
    if first_year_only:
        qs = qs.exclude(participant__terms__fiscal_year=2027)
    a = qs.order_by("pk").first()
    assert a is not None, where
    DepartureAssignment.objects.filter(pk=a.pk).update(status="assigned", arrived_on=None)
    a.refresh_from_db()
    return a


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_co_confirms_arrival_and_the_first_term_starts_the_next_day(
    visit: Visit, lang: str, languages_restored: None
) -> None:
    a = travelling(contracting_org__code=GIFU_CO, group__code__in=["a", "b"])
    v = login_in(visit, "co.coordinator", lang)
    page = v.page
    nav(v, "/predeparture/arrivals/")
    assert page.locator("h1").inner_text().strip().startswith(t(lang, "Arrivals"))
    v.check_a11y(f"arrivals of Gifu ({lang})")
    v.goto("/predeparture/arrivals/?fiscal_year=2026&status=assigned")
    row = page.locator(
        "[data-testid=arrival]", has=page.locator(f"form[action='/predeparture/departures/{a.pk}/arrive/']")
    )
    assert row.count() == 1
    # arriving before the group left is refused, with the rule named
    early = a.group.departure_date.replace(day=a.group.departure_date.day - 1)
    row.locator("input[name=arrived_on]").fill(early.isoformat())
    click(v, f"form[action='/predeparture/departures/{a.pk}/arrive/'] button[type=submit]")
    rule = t(lang, "Arrival after departure: %(arrived)s is before the group's departure on %(departed)s.")
    assert re.split("[:：]", rule)[0] in messages(v)
    assert DepartureAssignment.objects.get(pk=a.pk).status == "assigned"
    # the arrival: a confirmation page first, then the first term from the next day
    arrived = a.group.arrival_date
    row = page.locator(
        "[data-testid=arrival]", has=page.locator(f"form[action='/predeparture/departures/{a.pk}/arrive/']")
    )
    row.locator("input[name=arrived_on]").fill(arrived.isoformat())
    click(v, f"form[action='/predeparture/departures/{a.pk}/arrive/'] button[type=submit]")
    confirm = page.locator("[data-testid=confirm]").inner_text()
    assert str(a.person) in confirm
    v.check_a11y(f"confirm arrival ({lang})")
    click(v, "[data-testid=confirm-yes]")
    assert t(lang, "The arrival was confirmed; the first term starts the next day.") in messages(v)
    a.refresh_from_db()
    assert a.status == "arrived" and a.arrived_on == arrived
    term = AppointmentTerm.objects.get(pk=a.term_id)
    assert term.start_date == date.fromordinal(arrived.toordinal() + 1)
    v.assert_clean()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_no_show_reopens_the_seat(visit: Visit, lang: str, languages_restored: None) -> None:
    a = travelling(first_year_only=True, application__isnull=False, group__code="a")
    app_id, person_id = a.application_id, a.person_id
    v = login_in(visit, "clair.staff", lang)
    page = v.page
    nav(v, "/predeparture/groups/")
    v.goto(f"/predeparture/groups/{a.group_id}/")
    v.check_a11y(f"a departure group ({lang})")
    form = f"form[action='/predeparture/departures/{a.pk}/no-show/']"
    page.locator(f"{form} input[name=reason]").fill("Missed the connecting flight")
    click(v, f"{form} button[type=submit]")
    assert str(a.person) in page.locator("[data-testid=confirm]").inner_text()
    click(v, "[data-testid=confirm-yes]")
    assert t(lang, "The seat is reopened for placement's next correction run.") in messages(v)
    a.refresh_from_db()
    assert a.status == "no_show" and a.reason == "Missed the connecting flight"
    assert Application.objects.get(pk=app_id).status == "withdrawn"
    assert not AppointmentTerm.objects.filter(participant__person_id=person_id, fiscal_year=2026).exists()
    # the history names the change
    assert t(lang, "Did not arrive") in page.locator("[data-testid=history]").inner_text()
    v.assert_clean()
