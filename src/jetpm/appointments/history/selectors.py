"""Reads of the participant history in the interchange format, scoped."""

from __future__ import annotations

from jetpm.appointments.history import format as history
from jetpm.appointments.selectors import terms_for
from jetpm.core.models import User
from jetpm.core.scoping import Operator


def history_rows(user: User | Operator, *, from_fy: int, to_fy: int) -> list[history.HistoryRow]:
    """The terms of ``from_fy..to_fy`` in the interchange format, sorted by jet_id and fiscal year."""
    rows = (
        terms_for(user)
        .filter(fiscal_year__gte=from_fy, fiscal_year__lte=to_fy)
        .order_by("participant__jet_id", "fiscal_year")
        .values_list(
            "participant__jet_id",
            "fiscal_year",
            "participant__cohort_year",
            "year_on_programme",
            "participant__country__code",
            "job_type",
            "contracting_org__lg_code",
            "contracting_org__code",
            "language__code",
        )
    )
    return [
        history.HistoryRow(
            row=0,
            jet_id=jet_id,
            fiscal_year=fy,
            cohort_year=cohort,
            year_on_programme=yop,
            country=country,
            job_type=job_type,
            contracting_org=lg or (code or ""),
            language=language or "",
        )
        for jet_id, fy, cohort, yop, country, job_type, lg, code, language in rows.iterator(chunk_size=5000)
    ]
