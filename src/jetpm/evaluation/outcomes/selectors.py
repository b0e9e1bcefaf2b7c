"""Reads of the entrance's outcomes: one record per submitted application of an intake year (one query),
the names behind the groups' codes, and the yearly series. Scoped: the national bodies see every
application; anyone else gets nothing (``can_see_outcomes``)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Exists, OuterRef

from jetpm.applications.models import Application
from jetpm.applications.states import ApplicationStatus as S
from jetpm.appointments import selectors as appointments
from jetpm.core.models import Country, Organisation
from jetpm.core.scoping import scope_of, visible_to
from jetpm.evaluation.outcomes.funnel import Record
from jetpm.evaluation.permissions import can_see_outcomes
from jetpm.placement.models import Placement
from jetpm.placement.states import RunStatus
from jetpm.screening.models import Assignment, StageResult
from jetpm.screening.states import Stage
from jetpm.selection.models import SelectionEntry
from jetpm.selection.states import ListStatus, Result

# Statuses an application reaches only once found eligible (its later fate does not undo it).
AFTER_ELIGIBLE = frozenset(
    {
        S.ELIGIBLE,
        S.DOCUMENT_SCREENED,
        S.INTERVIEW,
        S.RECOMMENDED,
        S.NOT_RECOMMENDED,
        S.SHORTLISTED,
        S.ALTERNATE,
        S.NOT_SELECTED,
        S.ACCEPTED,
        S.DECLINED,
        S.CLEARED,
    }
)
DECIDED_LISTS = (ListStatus.APPROVED, ListStatus.PUBLISHED)  # the Council's decision


def panel_key(mission_code: str | None, panel_name: str | None) -> str:
    """A panel's group: its mission's code and its name (the same key for the same panel every year)."""
    return f"{mission_code}/{panel_name}" if mission_code and panel_name else ""


def submitted(user: Any, fiscal_year: int) -> Any:
    """The submitted applications of the intake year the user may count (none for a non-national user)."""
    if not can_see_outcomes(scope_of(user)):
        return Application.objects.none()
    return visible_to(user, Application.objects.filter(intake_year=fiscal_year, submitted_at__isnull=False))


def records(user: Any, *, fiscal_year: int) -> list[Record]:
    """One funnel record per submitted application of intake ``fiscal_year``: one query.

    - eligible: on a panel, or in a status only an eligible application reaches;
    - interviewed: the panel's interview result is scored;
    - selected / alternate: short-listed / alternate on a list the Council approved (or published); an
      alternate later upgraded stays counted as an alternate;
    - placed: placed with a contracting organisation by the year's published placement run.
    """
    decided = SelectionEntry.objects.filter(application=OuterRef("pk"), selection__status__in=DECIDED_LISTS)
    rows = (
        submitted(user, fiscal_year)
        .annotate(
            on_panel=Exists(Assignment.objects.filter(application=OuterRef("pk"))),
            scored_interview=Exists(
                StageResult.objects.filter(
                    application=OuterRef("pk"), stage=Stage.INTERVIEW, mean__isnull=False
                )
            ),
            is_selected=Exists(decided.filter(result=Result.SHORTLISTED)),
            is_alternate=Exists(decided.filter(result=Result.ALTERNATE)),
            is_placed=Exists(
                Placement.objects.filter(
                    application=OuterRef("pk"), run__status=RunStatus.PUBLISHED, contracting_org__isnull=False
                )
            ),
        )
        .order_by()
        .values_list(
            "country__code",
            "sex",
            "birth_date",
            "mission__code",
            "assignment__panel__mission__code",
            "assignment__panel__name",
            "status",
            "on_panel",
            "scored_interview",
            "is_selected",
            "is_alternate",
            "is_placed",
        )
    )
    return [
        Record(
            country=country or "",
            gender=sex or "",
            birth_date=birth,
            mission=mission or "",
            panel=panel_key(p_mission, p_name),
            eligible=bool(on_panel) or status in AFTER_ELIGIBLE,
            interviewed=bool(interviewed),
            selected=bool(selected),
            alternate=bool(alternate),
            placed=bool(placed),
        )
        for (
            country,
            sex,
            birth,
            mission,
            p_mission,
            p_name,
            status,
            on_panel,
            interviewed,
            selected,
            alternate,
            placed,
        ) in rows
    ]


def country_names(codes: list[str]) -> dict[str, str]:
    """Country names in the active language (reference data): one query."""
    return {c.code: c.name for c in Country.objects.filter(code__in=codes)}


def organisation_names(codes: list[str]) -> dict[str, str]:
    """The missions' names in the active language by code: one query."""
    return {o.code: o.name for o in Organisation.objects.filter(code__in=codes)}


def applicant_counts(user: Any, *, from_fy: int, to_fy: int) -> dict[int, int]:
    """Submitted applications by intake year (only the years with any): one query."""
    if not can_see_outcomes(scope_of(user)):
        return {}
    rows = (
        visible_to(user, Application.objects.filter(submitted_at__isnull=False))
        .filter(intake_year__gte=from_fy, intake_year__lte=to_fy)
        .order_by()
        .values("intake_year")
        .annotate(n=Count("id"))
        .values_list("intake_year", "n")
    )
    return {int(y): int(n) for y, n in rows}


def yearly_participants(user: Any, *, from_fy: int, to_fy: int) -> dict[int, tuple[int, int, int]]:
    """(participants, new participants, ALTs) by fiscal year with terms: one query (appointments)."""
    if not can_see_outcomes(scope_of(user)):
        return {}
    return appointments.yearly_counts(user, from_fy=from_fy, to_fy=to_fy)


def intake_years(user: Any) -> list[int]:
    """The intake years with submitted applications, newest first: one query."""
    if not can_see_outcomes(scope_of(user)):
        return []
    return sorted(
        set(
            visible_to(user, Application.objects.filter(submitted_at__isnull=False))
            .order_by()
            .values_list("intake_year", flat=True)
            .distinct()
        ),
        reverse=True,
    )


def default_year(user: Any) -> int | None:
    """The newest intake year the Council has decided (approved or published lists), else the newest with
    applications: at most two queries."""
    from jetpm.selection.models import SelectionList

    if not can_see_outcomes(scope_of(user)):
        return None
    decided = (
        visible_to(user, SelectionList.objects.filter(status__in=DECIDED_LISTS))
        .order_by("-intake_year")
        .values_list("intake_year", flat=True)
        .first()
    )
    if decided is not None:
        return int(decided)
    years = intake_years(user)
    return years[0] if years else None
