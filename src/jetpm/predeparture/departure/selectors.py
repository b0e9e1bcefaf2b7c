"""Reads of departure groups and arrival, scoped (jetpm.core.scoping): the groups, their participants and
history, who arrives at a CO when, one's own departure, and the arrivals figures (bounded queries)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet

from jetpm.core.access import access
from jetpm.core.models import Organisation
from jetpm.core.scoping import visible_to
from jetpm.predeparture.departure import arrivals as pure
from jetpm.predeparture.departure.states import DepartureStatus
from jetpm.predeparture.departure.workflows import ASSIGNMENT_ACTIONS, GROUP_ACTIONS
from jetpm.predeparture.models import DepartureAssignment, DepartureChange, DepartureGroup

S = DepartureStatus


def access_group_by_id(user: Any, group_id: int, *, action: str | None = None) -> DepartureGroup:
    return access(
        user,
        DepartureGroup.objects.select_related("mission"),
        action=action,
        actions=GROUP_ACTIONS,
        pk=group_id,
    )


def access_departure_by_id(user: Any, departure_id: int, *, action: str | None = None) -> DepartureAssignment:
    return access(
        user,
        DepartureAssignment.objects.select_related("group__mission", "person", "contracting_org", "term"),
        action=action,
        actions=ASSIGNMENT_ACTIONS,
        pk=departure_id,
    )


def groups_for(user: Any, *, intake_year: int | None = None) -> QuerySet[DepartureGroup]:
    qs = visible_to(user, DepartureGroup).select_related("mission")
    if intake_year is not None:
        qs = qs.filter(intake_year=intake_year)
    return qs.annotate(
        n_participants=Count("assignments", filter=~Q(assignments__status=S.WITHDRAWN)),
        n_arrived=Count("assignments", filter=Q(assignments__status=S.ARRIVED)),
        n_no_shows=Count("assignments", filter=Q(assignments__status=S.NO_SHOW)),
    ).order_by("arrival_date", "code", "mission__code")


def group_members(user: Any, group: DepartureGroup) -> QuerySet[DepartureAssignment]:
    return (
        visible_to(user, DepartureAssignment)
        .filter(group=group)
        .select_related("person", "participant", "contracting_org", "term")
        .order_by("person__family_name", "person__given_name", "pk")
    )


def group_history(user: Any, group: DepartureGroup) -> QuerySet[DepartureChange]:
    return (
        visible_to(user, DepartureChange)
        .filter(group=group)
        .select_related("assignment__person", "changed_by")
        .order_by("-changed_at", "-pk")
    )


def departure_history(user: Any, assignment: DepartureAssignment) -> QuerySet[DepartureChange]:
    return (
        visible_to(user, DepartureChange)
        .filter(assignment=assignment)
        .select_related("changed_by", "group")
        .order_by("-changed_at", "-pk")
    )


def arrivals_for(
    user: Any, *, intake_year: int | None = None, status: str = ""
) -> QuerySet[DepartureAssignment]:
    """Who arrives when: the assignments the user sees (a CO: those who arrive at it), by arrival date."""
    qs = visible_to(user, DepartureAssignment).select_related(
        "group__mission", "person", "participant", "contracting_org", "term"
    )
    if intake_year is not None:
        qs = qs.filter(intake_year=intake_year)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("group__arrival_date", "contracting_org__code", "person__family_name", "pk")


def intake_years(user: Any) -> list[int]:
    return sorted(set(visible_to(user, DepartureGroup).values_list("intake_year", flat=True)), reverse=True)


@dataclass(frozen=True)
class OwnDeparture:
    """The person's own departure: their group, its travel, and their status."""

    assignment: DepartureAssignment
    group: DepartureGroup
    history: list[DepartureChange]


def for_person(user: Any, *, intake_year: int | None = None) -> OwnDeparture | None:
    """The user's own departure (the latest year, or ``intake_year``): for the portal and their page."""
    from jetpm.core.scoping import scope_of

    person_id = scope_of(user).person_id
    if person_id is None:
        return None
    qs = DepartureAssignment.objects.filter(person_id=person_id).select_related("group__mission")
    if intake_year is not None:
        qs = qs.filter(intake_year=intake_year)
    assignment = qs.order_by("-intake_year").first()
    if assignment is None:
        return None
    history = list(
        DepartureChange.objects.filter(assignment=assignment)
        .select_related("group")
        .order_by("-changed_at")[:20]
    )
    return OwnDeparture(assignment, assignment.group, history)


def arrival_counts(user: Any, *, fiscal_year: int) -> list[pure.GroupCounts]:
    """One row of counts per group of the year (one query)."""
    rows = (
        visible_to(user, DepartureGroup)
        .filter(intake_year=fiscal_year)
        .values("code", "arrival_date", "mission__code")
        .annotate(
            participants=Count("assignments", filter=~Q(assignments__status=S.WITHDRAWN)),
            arrived=Count("assignments", filter=Q(assignments__status=S.ARRIVED)),
            no_shows=Count("assignments", filter=Q(assignments__status=S.NO_SHOW)),
        )
    )
    return [
        pure.GroupCounts(
            r["code"], r["arrival_date"], r["mission__code"], r["participants"], r["arrived"], r["no_shows"]
        )
        for r in rows
    ]


def arrival_rows(user: Any, *, fiscal_year: int) -> list[pure.ArrivalRow]:
    return pure.arrivals(arrival_counts(user, fiscal_year=fiscal_year), fiscal_year=fiscal_year)


def mission_names(codes: list[str]) -> dict[str, str]:
    """The missions' names in the active language, by code (one query): pages show names, exports codes."""
    return {o.code: o.name for o in Organisation.objects.filter(code__in=set(codes))}


def next_arrival_day(user: Any, today: date) -> date | None:
    return (
        visible_to(user, DepartureGroup)
        .filter(arrival_date__gte=today)
        .order_by("arrival_date")
        .values_list("arrival_date", flat=True)
        .first()
    )
