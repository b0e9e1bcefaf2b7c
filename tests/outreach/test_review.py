from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from jetpm.core.models import AuditEvent, Organisation, Person
from jetpm.core.states import OrgKind
from jetpm.outreach.models import OutreachActivity
from tests.outreach.helpers import add_activity, submitted_evaluation

pytestmark = pytest.mark.django_db


def _data(world):  # type: ignore[no-untyped-def]
    a, b = world.orgs["mission_a"], world.orgs["mission_b"]
    sa, sb = world.users["mission_a.staff"], world.users["mission_b.staff"]
    add_activity(sa, a, fiscal_year=2024, date=date(2024, 9, 1), attendance=10)
    add_activity(sa, a, attendance=100, cost_yen=5000, alumni_involved=3)
    add_activity(sa, a, attendance=50, cost_yen=1000, alumni_involved=1)
    add_activity(sb, b, fiscal_year=2024, date=date(2024, 9, 1), attendance=80)
    add_activity(sb, b, fiscal_year=2024, date=date(2024, 9, 2), attendance=80)
    add_activity(sb, b, attendance=30)
    return submitted_evaluation(world.users["mission_a.approver"], a)


def _row(response, code):  # type: ignore[no-untyped-def]
    return next(m for m in response.context["page"] if m.code == code)


def test_review_figures_and_change_against_last_year(world, client):
    ev = _data(world)
    client.force_login(world.users["mofa.staff"])
    response = client.get(reverse("outreach:review"), {"year": 2025})
    assert response.status_code == 200
    a, b = _row(response, "mission-gb-london"), _row(response, "mission-ie-dublin")
    assert (a.activities, a.last_activities, a.activities_change) == (2, 1, 1)
    assert (a.attendance, a.attendance_change, a.cost_yen, a.alumni_involved) == (150, 140, 6000, 4)
    assert (b.activities, b.activities_change, b.attendance, b.attendance_change) == (1, -1, 30, -130)
    assert (a.applicants, b.applicants) == (1, 1)  # the world's applicant_a / applicant_b
    assert a.evaluation_id == ev.pk and a.evaluation_status == "submitted" and b.evaluation_id is None
    page = response.content.decode()
    assert "until the applications module" in page
    assert reverse("outreach:evaluation_detail", kwargs={"evaluation_id": ev.pk}) in page
    assert response.context["totals"]["attendance"] == 180


def test_review_sorts_by_a_column(world, client):
    _data(world)
    client.force_login(world.users["mofa.staff"])
    codes = [
        m.code
        for m in client.get(reverse("outreach:review"), {"year": 2025, "sort": "-attendance"}).context["page"]
    ]
    assert codes == ["mission-gb-london", "mission-ie-dublin"]
    codes = [
        m.code
        for m in client.get(reverse("outreach:review"), {"year": 2025, "sort": "attendance_change"}).context[
            "page"
        ]
    ]
    assert codes == ["mission-ie-dublin", "mission-gb-london"]
    # an unknown column falls back to the mission order
    response = client.get(reverse("outreach:review"), {"year": 2025, "sort": "password"})
    assert response.status_code == 200


def test_review_is_for_national_bodies_only(world, client):
    for username in ("mission_a.staff", "mission_a.admin", "co_a.coordinator", "applicant_a"):
        client.force_login(world.users[username])
        assert client.get(reverse("outreach:review")).status_code == 404
        assert client.get(reverse("outreach:review_export")).status_code == 404
    assert not AuditEvent.objects.filter(action="outreach_review.export").exists()


def test_exports_are_audited(world, client):
    _data(world)
    client.force_login(world.users["mofa.staff"])
    response = client.get(reverse("outreach:review_export"), {"year": 2025, "format": "csv"})
    assert response.status_code == 200 and response.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "Mission code" and len(rows) == 3
    london = next(r for r in rows if r[0] == "mission-gb-london")
    assert london[2:8] == ["2", "1", "1", "150", "10", "140"]
    response = client.get(reverse("outreach:review_export"), {"year": 2025, "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None and sheet.max_row == 3
    events = AuditEvent.objects.filter(action="outreach_review.export").order_by("id")
    assert [e.changes["format"][1] for e in events] == ["csv", "xlsx"]
    assert client.get(reverse("outreach:review_export"), {"format": "pdf"}).status_code == 302
    assert events.count() == 2


def _grow(world, n: int) -> None:  # type: ignore[no-untyped-def]
    start = Organisation.objects.count()
    missions = Organisation.objects.bulk_create(
        Organisation(code=f"mission-x{start + i}", kind=OrgKind.MISSION, name_en=f"M{i}", name_ja=f"M{i}")
        for i in range(n)
    )
    gb = world.persons["applicant_a"].nationality
    Person.objects.bulk_create(
        Person(kind="applicant", family_name="X", given_name="Y", nationality=gb, mission=m) for m in missions
    )
    for mission in (world.orgs["mission_a"], *missions[:5]):
        OutreachActivity.objects.bulk_create(
            OutreachActivity(
                mission=mission,
                fiscal_year=2025,
                kind="web_sns",
                status="done",
                date=date(2025, 6, 1),
                place=f"P{i}",
                audience="general_public",
                attendance=i,
            )
            for i in range(n)
        )


@pytest.mark.parametrize(
    ("username", "url_name"),
    [
        ("mission_a.staff", "outreach:activity_list"),
        ("mofa.staff", "outreach:activity_list"),
        ("mofa.staff", "outreach:review"),
    ],
)
def test_query_count_does_not_grow_with_rows(world, client, username, url_name):
    _data(world)
    client.force_login(world.users[username])
    url = reverse(url_name)
    client.get(url, {"year": 2025})
    _grow(world, 5)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url, {"year": 2025}).status_code == 200
    _grow(world, 120)
    with CaptureQueriesContext(connection) as large:
        response = client.get(url, {"year": 2025})
    assert response.status_code == 200
    assert len(large.captured_queries) <= len(small.captured_queries)
    assert len(large.captured_queries) < 20


def test_lists_paginate(world, client):
    _grow(world, 60)
    client.force_login(world.users["mofa.staff"])
    page = client.get(reverse("outreach:review"), {"year": 2025}).content.decode()
    assert "Page 1 of 2" in page
    page = client.get(reverse("outreach:activity_list"), {"year": 2025}).content.decode()
    assert "Page 1 of 8" in page
