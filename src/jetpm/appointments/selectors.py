"""Reads of appointments, scoped (jetpm.core.scoping): every page passes the signed-in user; the command line
passes ``OPERATOR``, who sees all."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet

from jetpm.appointments.models import AppointmentTerm, Participant, SalaryRate
from jetpm.appointments.workflows import PARTICIPANT_ACTIONS, TERM_ACTIONS
from jetpm.core.access import access
from jetpm.core.models import User
from jetpm.core.scoping import Operator, visible_to
from jetpm.core.states import JobType


def terms_for(user: User | Operator) -> QuerySet[AppointmentTerm]:
    return visible_to(user, AppointmentTerm.objects.all())


def participants_for(user: User | Operator) -> QuerySet[Participant]:
    return visible_to(user, Participant.objects.all())


def participant_list(
    user: User,
    *,
    fiscal_year: int | None = None,
    job_type: str = "",
    country: str = "",
    status: str = "",
) -> QuerySet[Participant]:
    """The participants the user may see, filtered: by the fiscal year, job type and status of a term the
    user may see, and by recruiting country."""
    qs = participants_for(user).select_related("person", "country")
    if fiscal_year or job_type or status:
        terms = terms_for(user)
        if fiscal_year:
            terms = terms.filter(fiscal_year=fiscal_year)
        if job_type:
            terms = terms.filter(job_type=job_type)
        if status:
            terms = terms.filter(status=status)
        qs = qs.filter(pk__in=terms.values("participant_id"))
    if country:
        qs = qs.filter(country__code=country)
    return qs.order_by("jet_id")


def access_participant_by_id(user: User, participant_id: Any, *, action: str | None = None) -> Participant:
    """One participant in the user's scope on whom the user may take ``action`` (``PARTICIPANT_ACTIONS``);
    ``NotFound`` otherwise."""
    return access(
        user,
        Participant.objects.select_related("person", "country", "language"),
        action=action,
        actions=PARTICIPANT_ACTIONS,
        pk=participant_id,
    )


def access_term_by_id(user: User, term_id: Any, *, action: str | None = None) -> AppointmentTerm:
    """One term in the user's scope, with its participant, organisation and decision, on which the user may
    take ``action`` (``TERM_ACTIONS``); ``NotFound`` otherwise."""
    return access(
        user,
        AppointmentTerm.objects.select_related("participant__person", "contracting_org", "reappointment"),
        action=action,
        actions=TERM_ACTIONS,
        pk=term_id,
    )


def participant_terms(user: User, participant: Participant) -> QuerySet[AppointmentTerm]:
    """The participant's terms the user may see, with their organisation and reappointment decision."""
    return (
        terms_for(user)
        .filter(participant=participant)
        .select_related("contracting_org", "language", "reappointment", "ending")
        .order_by("fiscal_year")
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


def yearly_counts(user: User | Operator, *, from_fy: int, to_fy: int) -> dict[int, tuple[int, int, int]]:
    """(participants, new participants, ALTs) by fiscal year in ``from_fy..to_fy``, only the years with
    terms (a year missing from the answer has no records): one aggregate query."""
    rows = (
        terms_for(user)
        .filter(fiscal_year__gte=from_fy, fiscal_year__lte=to_fy)
        .order_by()
        .values("fiscal_year")
        .annotate(
            n=Count("id"),
            new=Count("id", filter=Q(year_on_programme=1)),
            alt=Count("id", filter=Q(job_type=JobType.ALT)),
        )
        .values_list("fiscal_year", "n", "new", "alt")
    )
    return {fy: (n, new, alt) for fy, n, new, alt in rows}


def salaries(user: User | Operator, terms: list[AppointmentTerm]) -> dict[int, int]:
    """The annual salary of each term (by term id) from its programme year's salary table: the row of the
    highest ``year_on_programme`` not above the term's. Terms of a year without a table are left out. One
    query."""
    years = {t.fiscal_year for t in terms}
    table: dict[int, list[tuple[int, int]]] = {}
    for fy, yop, amount in (
        visible_to(user, SalaryRate.objects.filter(fiscal_year__in=years))
        .order_by("fiscal_year", "year_on_programme")
        .values_list("fiscal_year", "year_on_programme", "annual_salary_yen")
    ):
        table.setdefault(fy, []).append((yop, amount))
    result: dict[int, int] = {}
    for t in terms:
        rows = [amount for yop, amount in table.get(t.fiscal_year, []) if yop <= t.year_on_programme]
        if rows:
            result[t.pk] = rows[-1]
    return result


def summer_start(fiscal_year: int) -> date:
    """The common start date of ``fiscal_year``'s summer arrivals (``SummerStart``; 1 August by default):
    April–June arrivals' first term ends with theirs (jetpm.appointments.term_dates)."""
    from jetpm.appointments.models import SummerStart
    from jetpm.appointments.term_dates import default_summer_start

    day = SummerStart.objects.filter(fiscal_year=fiscal_year).values_list("starts_on", flat=True).first()
    return day or default_summer_start(fiscal_year)


def term_list(
    user: User,
    *,
    fiscal_year: int | None = None,
    contracting_org_id: int | None = None,
    status: str = "",
) -> QuerySet[AppointmentTerm]:
    """The appointment terms the user may see (for an organisation's system), filtered."""
    qs = terms_for(user).select_related("participant", "language")
    if fiscal_year is not None:
        qs = qs.filter(fiscal_year=fiscal_year)
    if contracting_org_id is not None:
        qs = qs.filter(contracting_org_id=contracting_org_id)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-fiscal_year", "participant__jet_id")
