"""Fiscal years, 和暦 labels, the recruitment calendar and its open windows (time is frozen)."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from jetpm.core import selectors, services
from jetpm.core.calendar import (
    Window,
    default_milestone_dates,
    fiscal_year_label,
    fiscal_year_of,
    open_windows,
    wareki_fiscal_year,
)
from jetpm.core.errors import DomainError, PermissionDenied
from jetpm.core.models import AuditEvent, Milestone, RecruitmentCycle
from jetpm.core.states import MILESTONE_ORDER


@pytest.mark.parametrize(
    ("fy", "label"),
    [
        (2024, "令和6年度"),
        (2019, "令和元年度"),
        (2020, "令和2年度"),
        (2018, "平成30年度"),
        (1989, "平成元年度"),
        (1988, "昭和63年度"),
        (1987, "昭和62年度"),
        (2026, "令和8年度"),
    ],
)
def test_wareki_fiscal_year(fy, label):
    assert wareki_fiscal_year(fy) == label


def test_fiscal_year_label_follows_language():
    assert fiscal_year_label(2024, "en") == "FY2024"
    assert fiscal_year_label(2024, "ja") == "令和6年度"
    with translation.override("en"):
        assert fiscal_year_label(2024) == "FY2024"
    with translation.override("ja"):
        assert fiscal_year_label(2024) == "令和6年度"


@pytest.mark.parametrize(
    ("day", "fy"), [(date(2025, 3, 31), 2024), (date(2025, 4, 1), 2025), (date(2024, 12, 31), 2024)]
)
def test_fiscal_year_of(day, fy):
    assert fiscal_year_of(day) == fy


def test_default_dates_follow_the_seed_timeline():
    d = default_milestone_dates(2027)
    # requests for the 2027 intake are collected October 2026 – February 2027 (seed section ３), then the
    # country plan leads to the March/May results
    assert d["requests"] == (date(2026, 10, 1), date(2027, 2, 28))
    assert d["intake"] == (date(2026, 9, 15), date(2026, 11, 30))
    assert d["screening"] == (date(2026, 12, 1), date(2027, 2, 28))
    assert d["results"] == (date(2027, 3, 1), date(2027, 5, 31))
    # arrival in April and in July–August, pre-departure orientation before each
    assert d["predeparture_april"] == (date(2027, 3, 1), date(2027, 3, 31))
    assert d["arrival_april"] == (date(2027, 4, 1), date(2027, 4, 30))
    assert d["predeparture"] == (date(2027, 6, 1), date(2027, 7, 19))
    assert d["arrival"] == (date(2027, 7, 20), date(2027, 8, 31))
    assert d["predeparture_april"][1] < d["arrival_april"][0]
    assert d["predeparture"][1] < d["arrival"][0]
    assert default_milestone_dates(2028)["screening"][1] == date(2028, 2, 29)  # leap year
    assert default_milestone_dates(2028)["requests"][1] == date(2028, 2, 29)
    order = [
        "requests",
        "info_sessions",
        "intake",
        "screening",
        "results",
        "predeparture_april",
        "arrival_april",
        "predeparture",
        "arrival",
    ]
    assert list(d) == order == MILESTONE_ORDER


def test_the_requests_window_open_on_a_day_is_the_coming_intakes():
    # on 6 December 2026 the requests being collected are those of the intake arriving in 2027
    day = date(2026, 12, 6)
    open_kinds = {
        (year, kind)
        for year in (2026, 2027, 2028)
        for kind, (start, end) in default_milestone_dates(year).items()
        if start <= day <= end
    }
    assert open_kinds == {(2027, "requests"), (2027, "screening")}


def test_open_windows_is_inclusive_and_sorted():
    ws = [
        Window(2027, "intake", date(2026, 9, 15), date(2026, 11, 30)),
        Window(2027, "info_sessions", date(2026, 4, 1), date(2026, 11, 30)),
        Window(2027, "requests", date(2026, 10, 1), date(2027, 2, 28)),
    ]
    assert [w.kind for w in open_windows(ws, date(2026, 9, 14))] == ["info_sessions"]
    assert [w.kind for w in open_windows(ws, date(2026, 11, 30))] == ["info_sessions", "intake", "requests"]
    assert [w.kind for w in open_windows(ws, date(2026, 12, 1))] == ["requests"]


@pytest.mark.django_db
def test_windows_on_a_day_use_the_missions_own_dates(world):
    # Mission A closes its 2027 intake on 13 November; mission B keeps the programme's 30 November.
    day = date(2026, 11, 20)
    a = {w.kind for w in selectors.windows_on(world.users["mission_a.staff"], day)}
    b = {w.kind for w in selectors.windows_on(world.users["mission_b.staff"], day)}
    assert "intake" not in a
    assert "intake" in b
    # the applicant of mission A follows mission A's dates
    assert "intake" not in {w.kind for w in selectors.windows_on(world.users["applicant_a"], day)}


@pytest.mark.django_db
def test_home_shows_the_windows_open_today(world, client):
    with time_machine.travel(date(2026, 10, 1), tick=False):
        client.force_login(world.users["mission_b.staff"])
        page = client.get(reverse("home")).content.decode()
    assert 'data-testid="open-windows"' in page
    assert "Application intake" in page
    with time_machine.travel(date(2026, 12, 15), tick=False):
        client.force_login(world.users["mission_b.staff"])
        page = client.get(reverse("home")).content.decode()
    assert "Screening and interviews" in page
    assert "Application intake closes" not in page


@pytest.mark.django_db
def test_the_cycle_keeps_no_copy_of_the_years_rules():
    # the maximum term, the former participants' gap and cap are the rules of the year (one place)
    names = {f.name for f in RecruitmentCycle._meta.get_fields()}
    assert not names & {"max_term_years", "former_participant_gap_years", "lifetime_cap_years"}


@pytest.mark.django_db
def test_create_cycle_copies_notes_and_is_audited(world):
    world.cycle.notes = "Keep the US dates."
    world.cycle.save()
    cycle = services.create_cycle(actor=world.users["mofa.staff"], intake_year=2028)
    assert cycle.notes == "Keep the US dates."
    assert Milestone.objects.filter(cycle=cycle).count() == 9
    assert AuditEvent.objects.filter(action="cycle.create", object_id=str(cycle.pk)).exists()
    with pytest.raises(DomainError):
        services.create_cycle(actor=world.users["mofa.staff"], intake_year=2028)
    with pytest.raises(PermissionDenied):
        services.create_cycle(actor=world.users["co_a.coordinator"], intake_year=2029)


def _post_data(cycle: RecruitmentCycle, **changes: str) -> dict[str, str]:
    data = {f"rules-{k}": str(getattr(cycle, k)) for k in ("notes",)}
    for m in cycle.milestones.all():
        data[f"dates-{m.kind}_start"] = m.starts_on.isoformat()
        data[f"dates-{m.kind}_end"] = m.ends_on.isoformat()
    data.update(changes)
    return data


@pytest.mark.django_db
def test_staff_edit_dates_and_notes_in_the_ui(world, client):
    client.force_login(world.users["mofa.staff"])
    url = reverse("core:cycle_edit", kwargs={"cycle_id": world.cycle.pk})
    assert client.get(url).status_code == 200
    response = client.post(
        url, _post_data(world.cycle, **{"rules-notes": "US closes early", "dates-intake_end": "2026-11-20"})
    )
    assert response.status_code == 302
    world.cycle.refresh_from_db()
    assert world.cycle.notes == "US closes early"
    assert world.cycle.milestones.get(kind="intake").ends_on == date(2026, 11, 20)
    rules_event = AuditEvent.objects.get(action="cycle.update")
    assert rules_event.changes == {"notes": ["", "US closes early"]}
    assert rules_event.actor == world.users["mofa.staff"]
    assert AuditEvent.objects.get(action="milestone.update").changes == {
        "ends_on": ["2026-11-30", "2026-11-20"]
    }


@pytest.mark.django_db
def test_bad_dates_are_refused_with_the_field_named_and_nothing_saved(world, client):
    client.force_login(world.users["clair.staff"])
    url = reverse("core:cycle_edit", kwargs={"cycle_id": world.cycle.pk})
    before = AuditEvent.objects.count()
    response = client.post(
        url, _post_data(world.cycle, **{"rules-notes": "changed", "dates-intake_end": "2026-01-01"})
    )
    assert response.status_code == 400
    assert "The end date is before the start date." in response.content.decode()
    assert "Application intake" in response.content.decode()
    world.cycle.refresh_from_db()
    assert world.cycle.notes == ""
    assert AuditEvent.objects.count() == before
    response = client.post(url, _post_data(world.cycle, **{"dates-intake_start": "not a date"}))
    assert response.status_code == 400
    assert "Enter a valid date." in response.content.decode()


@pytest.mark.django_db
def test_only_agency_staff_edit_the_cycle(world, client):
    url = reverse("core:cycle_edit", kwargs={"cycle_id": world.cycle.pk})
    for username in (
        "mission_a.staff",
        "co_a.coordinator",
        "chapter_a.officer",
        "applicant_a",
        "council.approver",
    ):
        client.force_login(world.users[username])
        assert client.get(url).status_code == 404, username
        assert client.post(url, _post_data(world.cycle, **{"rules-notes": "x"})).status_code == 404
    world.cycle.refresh_from_db()
    assert world.cycle.notes == ""


@pytest.mark.django_db
def test_mission_sets_its_own_dates(world, client):
    client.force_login(world.users["mission_b.staff"])
    intake = world.cycle.milestones.get(kind="intake")
    url = reverse(
        "core:mission_dates_edit",
        kwargs={"cycle_id": world.cycle.pk, "mission_id": world.orgs["mission_b"].pk},
    )
    assert client.get(url).status_code == 200
    response = client.post(
        url, {f"m{intake.pk}-starts_on": "2026-09-01", f"m{intake.pk}-ends_on": "2026-11-10"}
    )
    assert response.status_code == 302
    assert intake.overrides.get(mission=world.orgs["mission_b"]).ends_on == date(2026, 11, 10)
    # one date only is refused
    response = client.post(url, {f"m{intake.pk}-starts_on": "2026-09-01", f"m{intake.pk}-ends_on": ""})
    assert response.status_code == 400
    # another mission's dates are not theirs to set
    other = reverse(
        "core:mission_dates_edit",
        kwargs={"cycle_id": world.cycle.pk, "mission_id": world.orgs["mission_a"].pk},
    )
    assert client.get(other).status_code == 404
    # clearing both dates returns to the programme's dates
    response = client.post(url, {f"m{intake.pk}-starts_on": "", f"m{intake.pk}-ends_on": ""})
    assert response.status_code == 302
    assert not intake.overrides.filter(mission=world.orgs["mission_b"]).exists()
    assert AuditEvent.objects.filter(
        action="milestone_override.delete", organisation=world.orgs["mission_b"]
    ).exists()


@pytest.mark.django_db
def test_staff_open_the_next_cycle_from_the_calendar_page(world, client):
    client.force_login(world.users["clair.staff"])
    page = client.get(reverse("core:cycle_list")).content.decode()
    assert 'value="2028"' in page
    response = client.post(reverse("core:cycle_create"), {"intake_year": "2028"})
    cycle = RecruitmentCycle.objects.get(intake_year=2028)
    assert response["Location"] == reverse("core:cycle_edit", kwargs={"cycle_id": cycle.pk})
    # the same year again, or nonsense, is refused with a message and nothing is created
    response = client.post(reverse("core:cycle_create"), {"intake_year": "2028"}, follow=True)
    assert "already exists" in response.content.decode()
    response = client.post(reverse("core:cycle_create"), {"intake_year": "20x8"}, follow=True)
    assert "Enter a whole number." in response.content.decode()
    assert RecruitmentCycle.objects.count() == 2
    client.force_login(world.users["mission_a.staff"])
    assert client.post(reverse("core:cycle_create"), {"intake_year": "2029"}).status_code == 404


@pytest.mark.django_db
def test_dashboard_tasks_fit_each_role(world, client):
    """On 26 November 2026 the FY2027 intake and the FY2027 requests are open."""
    expected = {
        "co_a.coordinator": ["Submit the requests for FY2027"],
        "host_b.coordinator": ["1 contracting organisation has not submitted its requests for FY2027 yet"],
        "mic.staff": ["Requests for FY2027 are being collected"],
        "mission_b.staff": [
            "Application intake for FY2027 closes on",
            "Hold information sessions for FY2027",
        ],
        "panelist_a": [],  # an application is assigned to panel A, not yet ready for review
        "applicant_a": [],  # mission A closed its intake on 13 November
    }
    for username, wanted in expected.items():
        with time_machine.travel(date(2026, 11, 26), tick=False):
            client.force_login(world.users[username])
            page = client.get(reverse("home")).content.decode()
        tasks = (
            page.split('data-testid="tasks"')[1].split("</ul>")[0] if 'data-testid="tasks"' in page else ""
        )
        for text in wanted:
            assert text in tasks, (username, text)
        assert ("Submit the requests" in tasks) == (username == "co_a.coordinator"), username
        assert ("Hold information sessions" in tasks) == (username == "mission_b.staff"), username
        assert "No applications" not in tasks, username


@pytest.mark.django_db
def test_every_calendar_link_a_role_is_shown_opens(world, client):
    """Approvers (and panelists, chapters, applicants) may see the calendar but not edit it: every link to
    a calendar page on the calendar's pages answers 200 for whoever is shown it (a mission approver was
    offered "Set your mission's dates", which answered 404)."""
    import re

    pages = [reverse("core:cycle_list"), reverse("core:cycle_detail", kwargs={"cycle_id": world.cycle.pk})]
    for username, user in world.users.items():
        client.force_login(user)
        for page in pages:
            response = client.get(page)
            assert response.status_code == 200, (username, page)
            for href in set(re.findall(r'href="(/calendar/[^"]*)"', response.content.decode())):
                assert client.get(href).status_code == 200, f"{username} is shown {href} on {page}"
    client.force_login(world.users["mission_a.approver"])
    detail = client.get(pages[1]).content.decode()
    assert "Set your mission" not in detail
    client.force_login(world.users["mission_a.admin"])
    assert "Set your mission" in client.get(pages[1]).content.decode()
