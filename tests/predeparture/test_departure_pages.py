"""Departure pages: scoping (a CO sees only who arrives at it; another's record is not found), the arrivals
page's bounded queries, the figures page and its exports, the participant's own departure."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from jetpm.core.models import AuditEvent
from jetpm.predeparture.departure import services
from jetpm.predeparture.models import DepartureAssignment, DepartureChange
from tests.placement.workflow_support import YEAR
from tests.predeparture.departure_helpers import group, published

pytestmark = pytest.mark.django_db


def _assigned(world):  # type: ignore[no-untyped-def]
    published(world)
    g = group(world)
    services.assign_all(actor=world.users["mission_a.staff"], group_id=g.pk)
    return g, list(DepartureAssignment.objects.select_related("contracting_org"))


def test_a_co_sees_only_its_arrivals(world, client) -> None:  # type: ignore[no-untyped-def]
    _g, rows = _assigned(world)
    by_co: dict[str, list[DepartureAssignment]] = {}
    for a in rows:
        by_co.setdefault(a.contracting_org.code, []).append(a)
    own, other = world.orgs["co_a"], world.orgs["co_b"]
    assert by_co.get(own.code) and by_co.get(other.code), by_co
    client.force_login(world.users["co_a.coordinator"])
    r = client.get(reverse("predeparture:arrival_list"), {"fiscal_year": YEAR})
    assert r.status_code == 200
    assert {a.pk for a in r.context["page"]} == {a.pk for a in by_co[own.code]}
    # the group of its arrivals: shown, without a link to the group list (which it may not see)
    own_group = by_co[own.code][0].group
    page = client.get(reverse("predeparture:group_detail", kwargs={"departure_group_id": own_group.pk}))
    assert page.status_code == 200
    assert f'href="{reverse("predeparture:group_list")}?' not in page.content.decode()
    assert client.get(reverse("predeparture:group_list")).status_code == 404
    foreign = by_co[other.code][0]
    assert (
        client.get(reverse("predeparture:departure_detail", kwargs={"departure_id": foreign.pk})).status_code
        == 404
    )
    url = reverse("predeparture:departure_arrive", kwargs={"departure_id": foreign.pk})
    assert client.post(url, {"arrived_on": "2027-07-29", "confirmed": "yes"}).status_code == 404
    assert DepartureAssignment.objects.get(pk=foreign.pk).status == "assigned"
    # the group page of another mission: not found for mission B's staff
    client.force_login(world.users["mission_b.staff"])
    g = foreign.group
    assert (
        client.get(reverse("predeparture:group_detail", kwargs={"departure_group_id": g.pk})).status_code
        == 404
    )
    # the figures are the national bodies'
    assert client.get(reverse("predeparture:arrival_figures")).status_code == 404


@time_machine.travel("2027-08-05 10:00:00+09:00")
def test_confirming_arrival_asks_first(world, client) -> None:  # type: ignore[no-untyped-def]
    _g, rows = _assigned(world)
    a = next(x for x in rows if x.contracting_org_id == world.orgs["co_a"].pk)
    client.force_login(world.users["co_a.coordinator"])
    url = reverse("predeparture:departure_arrive", kwargs={"departure_id": a.pk})
    r = client.post(url, {"arrived_on": "2027-07-29"})
    assert r.status_code == 200 and 'data-testid="confirm"' in r.content.decode()
    assert "arrived on 29 July 2027." in r.content.decode()  # a date of the page's language, not ISO
    assert DepartureAssignment.objects.get(pk=a.pk).status == "assigned"
    client.post(url, {"arrived_on": "2027-07-29", "confirmed": "yes"})
    a.refresh_from_db()
    assert a.status == "arrived" and a.term.start_date.isoformat() == "2027-07-30"


def test_the_arrivals_page_runs_bounded_queries(world, client, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    _assigned(world)
    client.force_login(world.users["clair.staff"])
    with django_assert_max_num_queries(25):
        r = client.get(reverse("predeparture:arrival_list"), {"fiscal_year": YEAR})
    assert r.status_code == 200 and len(r.context["page"]) >= 3


def test_figures_page_and_exports(world, client) -> None:  # type: ignore[no-untyped-def]
    _assigned(world)
    client.force_login(
        world.users["mofa.staff"] if "mofa.staff" in world.users else world.users["clair.staff"]
    )
    url = reverse("predeparture:arrival_figures")
    r = client.get(url, {"fiscal_year": YEAR})
    assert r.status_code == 200 and r.context["totals"].participants >= 3
    # the page names the missions (in the page's language), never their codes; the export keeps the codes
    mission = world.orgs["mission_a"]
    page = r.content.decode()
    assert mission.name in page and f"<td>{mission.code}</td>" not in page
    csv = client.get(url, {"fiscal_year": YEAR, "format": "csv"})
    text = csv.content.decode("utf-8-sig")
    assert text.splitlines()[0] == "fiscal_year,group,arrival_date,mission,participants,arrived,no_shows"
    assert client.get(url, {"fiscal_year": YEAR, "format": "xlsx"}).status_code == 200
    empty = client.get(url, {"fiscal_year": YEAR + 1})
    assert 'data-testid="no-groups"' in empty.content.decode()


def test_the_participant_sees_their_group(world, client) -> None:  # type: ignore[no-untyped-def]
    p = published(world)
    g = group(world)
    a = services.assign(actor=world.users["mission_a.staff"], group_id=g.pk, person_id=p.apps["b"].person_id)
    client.force_login(p.users["b"])
    r = client.get(reverse("predeparture:my_departure"))
    assert r.status_code == 200 and "JL 42" in r.content.decode()
    portal = client.get(reverse("portal:application", kwargs={"application_id": p.apps["b"].pk}))
    assert portal.status_code == 200 and 'data-testid="own-departure"' in portal.content.decode()
    # someone else's departure is not theirs
    client.force_login(p.users["a"])
    assert (
        client.get(reverse("predeparture:departure_detail", kwargs={"departure_id": a.pk})).status_code == 404
    )
    assert AuditEvent.objects.filter(action="departure.assign").count() == 1


def test_a_participant_without_a_group_is_not_told_to_wait_for_one(world, client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.users["participant_a"])
    body = client.get(reverse("predeparture:my_departure")).content.decode()
    assert "travelled before departure groups were kept here" in body
    assert "once you are placed" not in body


def _history(body: str) -> str:
    """The history table of a page (the page's forms may carry ISO dates for the date pickers)."""
    start = body.index('data-testid="history"')
    return body[start : body.index("</table>", start)]


@time_machine.travel("2027-08-05 10:00:00+09:00")
def test_the_history_shows_changed_travel_and_arrival_dates_in_the_reader_s_language(world, client) -> None:  # type: ignore[no-untyped-def]
    g, rows = _assigned(world)
    staff = world.users["mission_a.staff"]
    services.update_group(
        actor=staff,
        group_id=g.pk,
        fields=services.GroupFields(date(YEAR, 8, 4), date(YEAR, 8, 5), "London Heathrow", "BA 5"),
        reason="Flight cancelled",
    )
    a = next(x for x in rows if x.contracting_org_id == world.orgs["co_a"].pk)
    services.confirm_arrival(
        actor=world.users["co_a.coordinator"], departure_id=a.pk, arrived_on=date(YEAR, 8, 5)
    )
    change = DepartureChange.objects.get(group=g, kind="travel")
    assert change.after.startswith(f"{YEAR}-08-04 → {YEAR}-08-05")  # kept in ISO, shown in the reader's
    client.force_login(staff)  # the world's users read English
    page = client.get(reverse("predeparture:group_detail", kwargs={"departure_group_id": g.pk}))
    history = _history(page.content.decode())
    assert f"4 Aug {YEAR} → 5 Aug {YEAR}, London Heathrow, BA 5" in history
    assert f"{YEAR}-08-04" not in history
    page = client.get(reverse("predeparture:departure_detail", kwargs={"departure_id": a.pk}))
    history = _history(page.content.decode())
    assert f"5 Aug {YEAR}" in history and f"{YEAR}-08-05" not in history
    with translation.override("ja"):
        assert change.after_shown.startswith(f"{YEAR}/08/04 → {YEAR}/08/05")
