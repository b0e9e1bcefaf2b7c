"""Reads of the statistics pages, scoped through jetpm.appointments.selectors."""

from __future__ import annotations

from django.db.models import Max, Min

from jetpm.appointments import selectors as appointments
from jetpm.core.models import Country, User
from jetpm.core.scoping import Operator


def fiscal_year_span(user: User | Operator) -> tuple[int, int] | None:
    """The first and last fiscal years with terms the user may see (None: no terms): one query."""
    span = appointments.terms_for(user).aggregate(first=Min("fiscal_year"), last=Max("fiscal_year"))
    if span["first"] is None or span["last"] is None:
        return None
    return int(span["first"]), int(span["last"])


def country_names(codes: list[str]) -> dict[str, str]:
    """Country names in the active language by code (countries are reference data): one query."""
    return {c.code: c.name for c in Country.objects.filter(code__in=codes)}
