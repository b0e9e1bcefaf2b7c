"""Reads of the reappointment round (再任用), scoped."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from jetpm.appointments.models import AppointmentTerm, ReappointmentDecision
from jetpm.appointments.selectors import terms_for
from jetpm.appointments.states import DecisionStatus, TermStatus
from jetpm.appointments.workflows import DECISIONS
from jetpm.core import workflow
from jetpm.core.models import User
from jetpm.core.scoping import Operator, visible_to


def reappointment_terms(user: User, *, fiscal_year: int) -> QuerySet[AppointmentTerm]:
    """The serving terms of ``fiscal_year`` at the organisations the user coordinates, with their decision."""
    return (
        terms_for(user)
        .filter(fiscal_year=fiscal_year, status=TermStatus.SERVING)
        .select_related("participant__person", "contracting_org", "reappointment")
        .order_by("contracting_org__code", "participant__jet_id")
    )


def reappointment_progress(user: User, *, fiscal_year: int) -> list[dict[str, Any]]:
    """Per prefecture: the serving terms of ``fiscal_year`` and their decisions (decided, pending,
    reappointed, not reappointed): one aggregate query."""
    decided = Q(reappointment__status=DecisionStatus.DECIDED)
    rows = (
        terms_for(user)
        .filter(fiscal_year=fiscal_year, status=TermStatus.SERVING)
        .order_by()
        .values(
            "contracting_org__prefecture__code",
            "contracting_org__prefecture__name_en",
            "contracting_org__prefecture__name_ja",
        )
        .annotate(
            total=Count("id"),
            decided=Count("id", filter=decided),
            reappointed=Count("id", filter=decided & Q(reappointment__reappointed=True)),
            not_reappointed=Count("id", filter=decided & Q(reappointment__reappointed=False)),
        )
        .order_by("contracting_org__prefecture__code")
    )
    return [
        {
            "code": r["contracting_org__prefecture__code"] or "",
            "name_en": r["contracting_org__prefecture__name_en"] or "",
            "name_ja": r["contracting_org__prefecture__name_ja"] or "",
            "total": r["total"],
            "decided": r["decided"],
            "pending": r["total"] - r["decided"],
            "reappointed": r["reappointed"],
            "not_reappointed": r["not_reappointed"],
        }
        for r in rows
    ]


def decisions_for(user: User | Operator) -> QuerySet[ReappointmentDecision]:
    return visible_to(user, ReappointmentDecision.objects.all())


def reappointed_in_round(user: User | Operator, fiscal_year: int) -> QuerySet[ReappointmentDecision]:
    """The round of ``fiscal_year``'s confirmed reappointments (of terms with a contracting organisation), as
    the user may see them: the participants continuing into ``fiscal_year`` + 1."""
    return decisions_for(user).filter(
        term__fiscal_year=fiscal_year,
        status=DecisionStatus.DECIDED,
        reappointed=True,
        term__contracting_org__isnull=False,
    )


def continuing_counts(user: User | Operator, *, fiscal_year: int) -> dict[tuple[int, str], int]:
    """The round of ``fiscal_year``'s confirmed reappointments by (contracting organisation, job type): the
    participants "continuing" into ``fiscal_year`` + 1, for that year's requests (planning): one query."""
    rows = (
        reappointed_in_round(user, fiscal_year)
        .order_by()
        .values_list("term__contracting_org_id", "term__job_type")
        .annotate(n=Count("id"))
    )
    return {(co, job): n for co, job, n in rows}


def steps(user: User, decision: ReappointmentDecision) -> set[str]:
    """The steps of the decision's workflow the user may take now (for the page's buttons)."""
    return {t.name for t in workflow.available(DECISIONS, user, decision)}


def is_final(decision: ReappointmentDecision | None) -> bool:
    """Whether the decision was taken: its status leads nowhere in the workflow (it is final)."""
    return decision is not None and not workflow.table(DECISIONS).get(str(decision.status))
