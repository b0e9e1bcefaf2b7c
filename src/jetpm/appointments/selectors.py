"""Reads of appointments, scoped (jetpm.core.scoping): every page passes the signed-in user; the command line
passes ``OPERATOR``, who sees all."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet

from jetpm.appointments import history
from jetpm.appointments.models import AppointmentTerm, Participant
from jetpm.core.models import User
from jetpm.core.scoping import Operator, get_visible_or_404, visible_to


def terms_for(user: User | Operator) -> QuerySet[AppointmentTerm]:
    return visible_to(user, AppointmentTerm.objects.all())


def participants_for(user: User | Operator) -> QuerySet[Participant]:
    return visible_to(user, Participant.objects.all())


def access_participant_by_id(user: User, participant_id: Any) -> Participant:
    return get_visible_or_404(
        user, Participant.objects.select_related("person", "country", "language"), pk=participant_id
    )


def retention_counts(user: User | Operator, *, from_fy: int, to_fy: int) -> dict[tuple[int, int], int]:
    """Participants by (cohort_year, fiscal_year) in ``from_fy..to_fy``: one aggregate query."""
    rows = (
        terms_for(user)
        .filter(fiscal_year__gte=from_fy, fiscal_year__lte=to_fy)
        .order_by()
        .values_list("participant__cohort_year", "fiscal_year")
        .annotate(n=Count("id"))
    )
    return {(cohort, fy): n for cohort, fy, n in rows}


def participant_counts(user: User | Operator, *, fiscal_year: int) -> list[tuple[str, str, bool, int]]:
    """(country, job type, first year?, participants) of one fiscal year: one aggregate query."""
    rows = (
        terms_for(user)
        .filter(fiscal_year=fiscal_year)
        .order_by()
        .values_list("participant__country__code", "job_type", "year_on_programme")
        .annotate(n=Count("id"))
    )
    return [(country, job_type, yop == 1, n) for country, job_type, yop, n in rows]


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
