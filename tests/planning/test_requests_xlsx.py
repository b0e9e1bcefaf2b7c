"""Bulk entry: the host organisation's XLSX template and its upload (all or nothing, row errors listed)."""

from __future__ import annotations

import io

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from jetpm.core.models import AuditEvent
from jetpm.planning.models import PlacementRequest, RequestLine
from jetpm.planning.services import requests as services
from jetpm.planning.states import RequestStatus
from jetpm.planning.xlsx import COLUMNS
from tests.planning.requests_helpers import AFTER, INSIDE, YEAR, draft_with_line, row, snapshot, workbook

pytestmark = pytest.mark.django_db


def _upload(client, world, content: io.BytesIO | bytes, host: str = "host_a", name: str = "r.xlsx"):  # type: ignore[no-untyped-def]
    data = content.getvalue() if isinstance(content, io.BytesIO) else content
    return client.post(
        reverse("planning:request_upload"),
        {"host": world.orgs[host].pk, "year": YEAR, "file": SimpleUploadedFile(name, data)},
    )


def test_template_has_the_area_and_instructions_and_is_audited(world, client):
    with time_machine.travel(INSIDE, tick=False):
        draft_with_line(world)
    client.force_login(world.users["host_a.coordinator"])
    response = client.get(
        reverse("planning:request_template"), {"host": world.orgs["host_a"].pk, "year": YEAR}
    )
    assert response.status_code == 200
    wb = load_workbook(io.BytesIO(response.content))
    assert wb.sheetnames == ["requests", "instructions"]
    rows = list(wb["requests"].iter_rows(values_only=True))
    assert list(rows[0]) == COLUMNS
    assert sorted((r[0], r[2]) for r in rows[1:]) == [("co-210005", "ALT"), ("co-212016", None)]
    assert (
        AuditEvent.objects.filter(action="request_template.export", organisation=world.orgs["host_a"]).count()
        == 1
    )
    # another area's template: refused
    other = client.get(reverse("planning:request_template"), {"host": world.orgs["host_b"].pk, "year": YEAR})
    assert (
        other.status_code == 302
        and not AuditEvent.objects.filter(
            action="request_template.export", organisation=world.orgs["host_b"]
        ).exists()
    )
    client.force_login(world.users["co_a.coordinator"])
    assert (
        client.get(
            reverse("planning:request_template"), {"host": world.orgs["host_a"].pk, "year": YEAR}
        ).status_code
        == 404
    )


def test_upload_replaces_the_draft_lines_of_the_named_organisations(world, client):
    with time_machine.travel(INSIDE, tick=False):
        req = draft_with_line(world)  # ALT en 2 + 1
        client.force_login(world.users["host_a.coordinator"])
        content = workbook(
            [
                row("co-210005", "ALT", "en", 5, 10),
                row("co-210005", "CIR", "zh", 1, 0, japanese_level="N2", driving_licence="yes"),
                row("co-212016", "SEA", "en", 1, 0, sport="Rugby", school_levels=""),
                ["co-212016", "Gifu City", None, None, None, None, None, None, None, None, None, None],
            ]
        )
        response = _upload(client, world, content)
    assert response.status_code == 302, response.content.decode()[:3000]
    lines = sorted(
        RequestLine.objects.values_list(
            "request__organisation__code", "job_type", "language__code", "new_participants", "continuing"
        )
    )
    assert lines == [
        ("co-210005", "ALT", "en", 5, 10),
        ("co-210005", "CIR", "zh", 1, 0),
        ("co-212016", "SEA", "en", 1, 0),
    ]
    assert RequestLine.objects.get(job_type="CIR").driving_licence is True
    assert set(PlacementRequest.objects.values_list("status", flat=True)) == {RequestStatus.DRAFT}
    assert AuditEvent.objects.filter(action="request.import").count() == 2
    assert AuditEvent.objects.filter(action="request.create", object_id=str(req.pk)).count() == 1


def test_wrong_column_is_named_and_nothing_is_written(world, client):
    with time_machine.travel(INSIDE, tick=False):
        draft_with_line(world)
        before = snapshot()
        client.force_login(world.users["host_a.coordinator"])
        header = [("langauge" if c == "language" else c) for c in COLUMNS]
        response = _upload(client, world, workbook([row("co-210005")], header=header))
        page = response.content.decode()
        assert response.status_code == 400
        assert "unknown column(s): “langauge”" in page and "missing column(s): “language”" in page
        swapped = [*COLUMNS[:2], COLUMNS[3], COLUMNS[2], *COLUMNS[4:]]
        page = _upload(client, world, workbook([row("co-210005")], header=swapped)).content.decode()
        assert "column 3 should be “job_type”, not “language”" in page
        page = _upload(client, world, workbook([row("co-210005")], header=COLUMNS[:-1])).content.decode()
        assert "missing column(s): “note”" in page
    assert snapshot() == before


def test_row_errors_are_listed_and_nothing_is_written(world, client):
    with time_machine.travel(INSIDE, tick=False):
        draft_with_line(world)
        before = snapshot()
        client.force_login(world.users["host_a.coordinator"])
        content = workbook(
            [
                row("co-210005", "ALT", "en", 5, 10),  # fine, but the file fails as a whole
                row("co-210005", "CIR", "xx", 1, 0),
                row("co-212016", "ALT", "en", -1, 0),
                row("co-172014", "ALT", "en", 1, 0),  # Kanazawa is in another area
                row("co-212016", "ALT", "de", 1.5, 0, driving_licence="maybe"),
                row("co-210005", "ALT", "en", 1, 1),  # duplicate of row 2
            ]
        )
        response = _upload(client, world, content)
    page = response.content.decode()
    assert response.status_code == 400
    for expected in (
        "row 3, language: unknown code &#x27;xx&#x27;",
        "row 4, new_participants: must not be negative",
        "row 5, org_code: “co-172014” is not a contracting organisation of your area",
        "row 6, driving_licence: “maybe” is not yes or no",
        "row 6, new_participants: “1.5” is not a whole number",
        "row 7, language: ALT in en for co-210005 is already on row 2",
    ):
        assert expected in page, expected
    assert snapshot() == before
    assert not AuditEvent.objects.filter(action="request.import").exists()


def test_not_an_xlsx_too_large_after_deadline_or_submitted(world, client):
    client.force_login(world.users["host_a.coordinator"])
    with time_machine.travel(INSIDE, tick=False):
        req = draft_with_line(world)
        before = snapshot()
        page = _upload(client, world, b"org_code,org_name\nco-210005,x\n", name="fake.xlsx").content.decode()
        assert "not an Excel workbook" in page
        big = b"PK\x03\x04" + b"0" * (5 * 1024 * 1024 + 10)
        assert "too large" in _upload(client, world, big).content.decode()
        services.submit_request(actor=world.users["co_a.coordinator"], request_id=req.pk)
        page = _upload(client, world, workbook([row("co-210005")])).content.decode()
        assert "row 2, org_code: the request of co-210005" in page and "submitted" in page
        # another host organisation's area: the form refuses the choice
        assert _upload(client, world, workbook([row("co-172014")]), host="host_b").status_code == 400
    with time_machine.travel(AFTER, tick=False):
        client.force_login(world.users["host_a.coordinator"])  # a new session: the first one has expired
        page = _upload(client, world, workbook([row("co-212016")])).content.decode()
        assert "closed on" in page
    after = snapshot()
    assert [x for x in after if x not in before] == [(req.pk, "submitted", "", "")]
