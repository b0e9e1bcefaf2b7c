"""The bulk request template holds only the organisations whose request can still be changed, and offers
drop-downs (data validation) for its coded columns."""

from __future__ import annotations

import io

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from jetpm.core.states import JobType
from jetpm.planning.services import requests as services
from jetpm.planning.xlsx import COLUMNS
from tests.planning.requests_helpers import INSIDE, YEAR, draft_with_line

pytestmark = pytest.mark.django_db


def _template(client, world):  # type: ignore[no-untyped-def]
    client.force_login(world.users["host_a.coordinator"])
    response = client.get(
        reverse("planning:request_template"), {"host": world.orgs["host_a"].pk, "year": YEAR}
    )
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.content))


def test_a_submitted_request_is_left_out_and_named(world, client):
    with time_machine.travel(INSIDE, tick=False):
        req = draft_with_line(world)
        services.submit_request(actor=world.users["co_a.coordinator"], request_id=req.pk)
    wb = _template(client, world)
    rows = list(wb["requests"].iter_rows(values_only=True))
    assert [r[0] for r in rows[1:]] == ["co-212016"]
    notes = " ".join(str(c) for r in wb["instructions"].iter_rows(values_only=True) for c in r if c)
    assert "co-210005" in notes


def test_coded_columns_have_drop_downs(world, client):
    with time_machine.travel(INSIDE, tick=False):
        draft_with_line(world)
    ws = _template(client, world)["requests"]
    lists = {}
    for dv in ws.data_validations.dataValidation:
        assert dv.type == "list"
        for rng in dv.sqref.ranges:
            lists[COLUMNS[rng.min_col - 1]] = (dv.formula1.strip('"').split(","), rng.min_row, rng.max_row)
    assert set(lists) == {"job_type", "language", "japanese_level", "driving_licence", "setting"}
    assert lists["job_type"][0] == list(JobType.values)
    assert "en" in lists["language"][0] and lists["driving_licence"][0] == ["yes", "no"]
    assert all(first == 2 and last > ws.max_row for _values, first, last in lists.values())
