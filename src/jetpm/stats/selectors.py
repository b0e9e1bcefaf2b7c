"""Reads of the statistics pages, scoped through jetpm.appointments.selectors."""

from __future__ import annotations

from django.db.models import Count, Max, Min

from jetpm.applications.models import Application
from jetpm.applications.states import ApplicationStatus
from jetpm.appointments import selectors as appointments
from jetpm.core.models import Country, User
from jetpm.core.scoping import Operator, scope_of, visible_to


def fiscal_year_span(user: User | Operator) -> tuple[int, int] | None:
    """The first and last fiscal years with terms the user may see (None: no terms): one query."""
    span = appointments.terms_for(user).aggregate(first=Min("fiscal_year"), last=Max("fiscal_year"))
    if span["first"] is None or span["last"] is None:
        return None
    return int(span["first"]), int(span["last"])


def country_names(codes: list[str]) -> dict[str, str]:
    """Country names in the active language by code (countries are reference data): one query."""
    return {c.code: c.name for c in Country.objects.filter(code__in=codes)}


def counts_applicants(user: User | Operator) -> bool:
    """Only the national bodies see every application: an organisation's count would be nobody's."""
    scope = scope_of(user)
    return scope.is_superuser or scope.national


def applicant_counts(user: User | Operator, *, from_fy: int, to_fy: int) -> dict[int, int]:
    """Applications (submitted: drafts are nobody's application yet) by intake fiscal year in
    ``from_fy..to_fy``, only the years with any: one aggregate query. Empty for those who do not count
    applicants (``counts_applicants``)."""
    if not counts_applicants(user):
        return {}
    rows = (
        visible_to(user, Application.objects.all())
        .exclude(status=ApplicationStatus.DRAFT)
        .filter(intake_year__gte=from_fy, intake_year__lte=to_fy)
        .order_by()
        .values("intake_year")
        .annotate(n=Count("id"))
        .values_list("intake_year", "n")
    )
    return dict(rows)
