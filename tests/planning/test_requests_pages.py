"""Requests pages: scoping (404), forms with bad input, query counts, the national demand view and export."""

from __future__ import annotations

import io

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from jetpm.core.models import AuditEvent, Language, Organisation, Prefecture
from jetpm.core.states import COKind, OrgKind
from jetpm.planning.models import PlacementRequest, RequestLine
from jetpm.planning.services import requests as services
from jetpm.planning.states import RequestStatus
from tests.planning.requests_helpers import INSIDE, YEAR, draft_with_line, line, snapshot

pytestmark = pytest.mark.django_db


def _grow(world, n: int, year: int = YEAR, status: str = RequestStatus.SUBMITTED) -> None:  # type: ignore[no-untyped-def]
    gifu = Prefecture.objects.get(code="21")
    en = Language.objects.get(code="en")
    start = Organisation.objects.count()
    orgs = Organisation.objects.bulk_create(
        Organisation(
            code=f"co-r{start + i}",
            kind=OrgKind.CONTRACTING_ORG,
            name_en=f"Town {i}",
            name_ja=f"町{i}",
            co_kind=COKind.MUNICIPALITY,
            prefecture=gifu,
            host_org=world.orgs["host_a"],
        )
        for i in range(n)
    )
    reqs = PlacementRequest.objects.bulk_create(
        PlacementRequest(organisation=o, intake_year=year, status=status) for o in orgs
    )
    RequestLine.objects.bulk_create(
        RequestLine(request=r, job_type="ALT", language=en, new_participants=2, continuing=1) for r in reqs
    )


def test_other_organisations_requests_answer_404(world, client):
    with time_machine.travel(INSIDE, tick=False):
        req = draft_with_line(world)
        before = snapshot()
        for username in ("co_b.coordinator", "host_b.coordinator", "mission_a.staff"):
            client.force_login(world.users[username])
            assert client.get(reverse("planning:request_detail", args=[req.pk])).status_code == 404
            assert client.get(reverse("planning:request_lines", args=[req.pk])).status_code == 404
            for name in ("request_submit", "request_forward", "request_accept", "request_line_delete"):
                assert client.post(reverse(f"planning:{name}", args=[req.pk]), {"line": 1}).status_code == 404
            posted = client.post(
                reverse("planning:request_lines", args=[req.pk]),
                {
                    "job_type": "ALT",
                    "language": "de",
                    "new_participants": 1,
                    "continuing": 0,
                    "japanese_level": "none",
                    "setting": "either",
                },
            )
            assert posted.status_code == 404
        assert snapshot() == before
        client.force_login(world.users["co_b.coordinator"])
        listed = client.get(reverse("planning:request_list")).content.decode()
        assert "Gifu Prefecture" not in listed
        client.force_login(world.users["host_a.coordinator"])
        assert "Gifu Prefecture" in client.get(reverse("planning:request_list")).content.decode()


def test_the_co_works_through_the_pages(world, client):
    client.force_login(world.users["co_a.coordinator"])
    with time_machine.travel(INSIDE, tick=False):
        page = client.get(reverse("planning:request_list")).content.decode()
        assert "Start the request of Gifu Prefecture" in page
        response = client.post(
            reverse("planning:request_new"), {"organisation": world.orgs["co_a"].pk, "year": YEAR}
        )
        req = PlacementRequest.objects.get(organisation=world.orgs["co_a"], intake_year=YEAR)
        assert response.url == reverse("planning:request_lines", args=[req.pk])
        good = {
            "job_type": "ALT",
            "language": "en",
            "new_participants": 3,
            "continuing": 2,
            "school_levels": ["elementary"],
            "japanese_level": "none",
            "setting": "rural",
        }
        bad = client.post(reverse("planning:request_lines", args=[req.pk]), {**good, "new_participants": -2})
        assert bad.status_code == 400
        assert "greater than or equal to 0" in bad.content.decode()
        unknown = client.post(reverse("planning:request_lines", args=[req.pk]), {**good, "language": "xx"})
        assert unknown.status_code == 400 and not RequestLine.objects.exists()
        sport = client.post(reverse("planning:request_lines", args=[req.pk]), {**good, "sport": "Judo"})
        assert "SEA posts only" in sport.content.decode() and not RequestLine.objects.exists()
        ok = client.post(reverse("planning:request_lines", args=[req.pk]), good)
        assert ok.status_code == 302
        line = RequestLine.objects.get()
        assert (line.new_participants, line.setting, line.school_levels) == (3, "rural", ["elementary"])
        dup = client.post(reverse("planning:request_lines", args=[req.pk]), good)
        assert "already has a line" in dup.content.decode()
        edit = client.get(reverse("planning:request_lines", args=[req.pk]), {"line": line.pk})
        assert 'value="3"' in edit.content.decode()
        client.post(reverse("planning:request_submit", args=[req.pk]))
        detail = client.get(reverse("planning:request_detail", args=[req.pk])).content.decode()
        assert "request.submit" in detail and 'data-testid="submit"' not in detail
    assert PlacementRequest.objects.get(pk=req.pk).status == RequestStatus.SUBMITTED


def test_host_forwards_all_and_agency_returns_with_reason(world, client):
    with time_machine.travel(INSIDE, tick=False):
        req = draft_with_line(world)
        services.submit_request(actor=world.users["co_a.coordinator"], request_id=req.pk)
        client.force_login(world.users["host_a.coordinator"])
        page = client.get(reverse("planning:request_list")).content.decode()
        assert "Forward all submitted requests" in page
        client.post(reverse("planning:request_forward_all"), {"host": world.orgs["host_a"].pk, "year": YEAR})
        assert PlacementRequest.objects.get(pk=req.pk).status == RequestStatus.FORWARDED
        client.force_login(world.users["mic.staff"])
        no_reason = client.post(
            reverse("planning:request_return", args=[req.pk]), {"reason": ""}, follow=True
        )
        assert "Reason for returning" in no_reason.content.decode()
        assert PlacementRequest.objects.get(pk=req.pk).status == RequestStatus.FORWARDED
        client.post(reverse("planning:request_return", args=[req.pk]), {"reason": "Too many ALTs"})
    req.refresh_from_db()
    assert req.status == RequestStatus.RETURNED and req.return_reason == "Too many ALTs"


def test_after_the_deadline_the_co_gets_a_message(world, client):
    with time_machine.travel(INSIDE, tick=False):
        req = draft_with_line(world)
    with time_machine.travel("2027-03-10", tick=False):
        client.force_login(world.users["co_a.coordinator"])
        response = client.get(reverse("planning:request_lines", args=[req.pk]), follow=True)
        assert "closed on" in response.content.decode()
        response = client.post(reverse("planning:request_submit", args=[req.pk]), follow=True)
        assert "closed on" in response.content.decode()
    assert PlacementRequest.objects.get(pk=req.pk).status == RequestStatus.DRAFT


@pytest.mark.parametrize(
    ("username", "url_name"),
    [
        ("mic.staff", "planning:request_list"),
        ("host_a.coordinator", "planning:request_list"),
        ("co_a.coordinator", "planning:request_list"),
        ("mic.staff", "planning:demand"),
    ],
)
def test_query_count_does_not_grow_with_rows(world, client, username, url_name):
    client.force_login(world.users[username])
    url = reverse(url_name)
    with time_machine.travel(INSIDE, tick=False):
        client.get(url)
        _grow(world, 5)
        _grow(world, 5, year=YEAR - 1)
        with CaptureQueriesContext(connection) as small:
            assert client.get(url).status_code == 200
        _grow(world, 120)
        _grow(world, 60, year=YEAR - 1)
        with CaptureQueriesContext(connection) as large:
            response = client.get(url)
    assert response.status_code == 200
    assert len(large.captured_queries) <= len(small.captured_queries)
    assert len(large.captured_queries) < 20


def test_list_paginates(world, client):
    _grow(world, 120)
    client.force_login(world.users["mic.staff"])
    page = client.get(reverse("planning:request_list")).content.decode()
    assert "Page 1 of 3" in page


def test_demand_totals_and_last_year(world, client):
    _grow(world, 10)  # 10 × ALT en 2 + 1, submitted
    _grow(world, 4, year=YEAR - 1)
    _grow(world, 3, status=RequestStatus.DRAFT)  # drafts do not count
    with time_machine.travel(INSIDE, tick=False):
        req = draft_with_line(world, "co_b")  # Kanazawa: ALT en 2 + 1
        services.save_line(
            actor=world.users["co_b.coordinator"],
            request_id=req.pk,
            data=services.LineData("CIR", "zh", 1, 2, japanese_level="N2"),
        )
        services.submit_request(actor=world.users["co_b.coordinator"], request_id=req.pk)
    from jetpm.planning.selectors.demand import demand_summary

    s = demand_summary(YEAR)
    jobs = {r.key: r for r in s.by_job_type}
    assert (jobs["ALT"].new, jobs["ALT"].continuing, jobs["ALT"].last_new) == (22, 11, 8)
    assert jobs["ALT"].change_new == 14
    assert (jobs["CIR"].new, jobs["CIR"].continuing, jobs["CIR"].last_new) == (1, 2, 0)
    prefs = {r.key: r for r in s.by_prefecture}
    assert prefs["21"].new == 20 and prefs["17"].new == 3 and prefs["17"].total == 6
    kinds = {r.key: r for r in s.by_co_kind}
    assert kinds["municipality"].new == 23
    langs = {r.key: r for r in s.by_language}
    assert langs["zh"].total == 3
    assert s.total.new == 23 and s.organisations == 11
    client.force_login(world.users["council.approver"])
    page = client.get(reverse("planning:demand"), {"year": YEAR}).content.decode()
    assert f"/planning/requests/?year={YEAR}&amp;prefecture=17" in page


def test_demand_is_national_only(world, client):
    for username in ("co_a.coordinator", "host_a.coordinator", "mission_a.staff"):
        client.force_login(world.users[username])
        assert client.get(reverse("planning:demand")).status_code == 404
    client.force_login(world.users["mission_a.staff"])
    assert client.get(reverse("planning:request_list")).status_code == 404


def test_demand_export_is_audited(world, client):
    _grow(world, 3)
    client.force_login(world.users["mic.staff"])
    csv_response = client.get(reverse("planning:demand"), {"year": YEAR, "format": "csv"})
    assert csv_response.content.startswith(b"\xef\xbb\xbf")
    text = csv_response.content.decode("utf-8-sig")
    assert "ALT" in text and ",6,3,9," in text
    x = client.get(reverse("planning:demand"), {"year": YEAR, "format": "xlsx"})
    wb = load_workbook(io.BytesIO(x.content))
    assert wb.sheetnames == ["totals", "organisations"]
    assert wb["organisations"].max_row == 4
    events = AuditEvent.objects.filter(action="demand.export").order_by("id")
    assert [e.changes["format"][1] for e in events] == ["csv", "xlsx"]
    assert all(e.actor == world.users["mic.staff"] for e in events)


def test_the_lines_page_shows_the_totals(world, client):
    client.force_login(world.users["co_a.coordinator"])
    with time_machine.travel(INSIDE, tick=False):
        req = draft_with_line(world)
        services.save_line(
            actor=world.users["co_a.coordinator"],
            request_id=req.pk,
            line_id=None,
            data=line("CIR", "zh", 4, 5),
        )
        page = client.get(reverse("planning:request_lines", args=[req.pk])).content.decode()
    foot = page.split("<tfoot>")[1].split("</tfoot>")[0]
    totals = [x.split("</td>")[0] for x in foot.split("<td>")[1:3]]
    assert totals == ["6", "6"]  # (2 + 4) new, (1 + 5) continuing


def test_demand_opens_on_the_year_whose_requests_are_being_collected(world, client):
    """On 6 December 2026 the 2027 requests are being collected; the 2028 cycle already exists (its window
    opens in October 2027): the demand page shows 2027 unless another year is chosen."""
    from jetpm.core import services as core_services

    core_services.create_cycle(actor=world.users["mic.staff"], intake_year=2028)
    with time_machine.travel("2026-12-06 10:00", tick=False):
        client.force_login(world.users["mic.staff"])
        page = client.get(reverse("planning:demand"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert "National demand for FY2027" in page
        page = client.get(reverse("planning:demand"), {"year": 2028}).content.decode()
        assert "National demand for FY2028" in page
    with time_machine.travel("2027-06-01 10:00", tick=False):  # no window open: the latest year
        client.force_login(world.users["mic.staff"])
        page = client.get(reverse("planning:demand"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert "National demand for FY2028" in page


def test_a_change_posted_from_a_lines_page_left_open_after_submitting_is_refused_once(world, client):
    """Removing a line or saving the note of a request submitted meanwhile: one message saying why, on the
    request's page, and nothing changed (not twice: once by the action, again by the lines page)"""
    with time_machine.travel(INSIDE, tick=False):
        req = draft_with_line(world)
        services.submit_request(actor=world.users["co_a.coordinator"], request_id=req.pk)
        before = snapshot()
        client.force_login(world.users["co_a.coordinator"])
        line_id = req.lines.get().pk
        for name, data in (("request_line_delete", {"line": line_id}), ("request_note", {"note": "late"})):
            page = client.post(reverse(f"planning:{name}", args=[req.pk]), data, follow=True)
            assert page.redirect_chain[-1][0] == reverse("planning:request_detail", args=[req.pk])
            shown = [str(m) for m in page.context["messages"]]
            assert shown == ["The request is submitted and can no longer be changed."]
        assert snapshot() == before
