"""Helpers of the requests tests (kept out of conftest.py, which other planning work may own)."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from openpyxl import Workbook

from jetpm.planning.models import PlacementRequest, RequestLine
from jetpm.planning.services import requests as services
from jetpm.planning.services.requests import LineData
from jetpm.planning.xlsx import COLUMNS

# The world's 2027 cycle: its requests window runs from 1 October 2026 to 28 February 2027.
YEAR = 2027
INSIDE = date(2026, 11, 20)
AFTER = date(2027, 3, 15)
BEFORE = date(2026, 9, 1)


def line(job: str = "ALT", lang: str = "en", new: Any = 2, cont: Any = 1, **kw: Any) -> LineData:
    return LineData(job_type=job, language=lang, new_participants=new, continuing=cont, **kw)


def draft_with_line(world: Any, org_key: str = "co_a", year: int = YEAR) -> PlacementRequest:
    """A draft request with one ALT line, made by the organisation's coordinator (call inside the window)."""
    user = world.users["co_a.coordinator" if org_key in ("co_a",) else "co_b.coordinator"]
    req = services.start_request(actor=user, organisation_id=world.orgs[org_key].pk, intake_year=year)
    services.save_line(actor=user, request_id=req.pk, data=line())
    return req


def snapshot() -> list[tuple[Any, ...]]:
    """Every request and line, to check that a refused operation changed nothing."""
    reqs = list(PlacementRequest.objects.order_by("pk").values_list("pk", "status", "note", "return_reason"))
    lines = list(
        RequestLine.objects.order_by("pk").values_list(
            "pk", "request_id", "job_type", "language__code", "new_participants", "continuing", "sport"
        )
    )
    return [*reqs, *lines]


def workbook(rows: list[list[Any]], header: list[str] | None = None) -> io.BytesIO:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "requests"
    ws.append(header if header is not None else COLUMNS)
    for r in rows:
        ws.append(r)
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    out.name = "requests.xlsx"  # type: ignore[attr-defined]
    return out


def row(code: str, job: str = "ALT", lang: str = "en", new: Any = 3, cont: Any = 2, **kw: Any) -> list[Any]:
    values = {
        "org_code": code,
        "org_name": "x",
        "job_type": job,
        "language": lang,
        "new_participants": new,
        "continuing": cont,
        "school_levels": "elementary,junior_high",
        "japanese_level": "none",
        "driving_licence": "no",
        "sport": "",
        "setting": "either",
        "note": "",
        **kw,
    }
    return [values[c] for c in COLUMNS]
