"""Reads of the programme's and JETAA's figures (``jetpm stats programme``, ``jetpm stats jetaa`` and the
statistics pages): a fixed number of aggregate queries whatever the history's size; the arithmetic is in
``jetpm.alumni.programme`` (pure).

The programme's figures are read through the appointment terms the user may see (a contracting organisation
sees its own participants' history; the command line passes ``OPERATOR``, who sees all). JETAA's are the
programme's national figures by region (counts, no person shown): they are read whole for anyone who may
see the statistics pages."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Min, Q

from jetpm.alumni.models import ChapterMembership
from jetpm.appointments import selectors as appointments
from jetpm.core.models import Organisation, User
from jetpm.core.scoping import Operator
from jetpm.core.states import OrgKind


@dataclass(frozen=True)
class ProgrammeCounts:
    first_terms: dict[int, int]  # participants by the fiscal year of their first term
    country_first_years: dict[str, int]  # recruiting country → first fiscal year with a participant
    serving: dict[int, int]  # participants with a term, by fiscal year


def programme_counts(user: User | Operator, *, to_fy: int) -> ProgrammeCounts:
    """The counts of the programme up to fiscal year ``to_fy``: three aggregate queries (the first one
    returns one small row per participant)."""
    terms = appointments.terms_for(user).filter(fiscal_year__lte=to_fy).order_by()
    first_terms = Counter(
        first
        for _pid, first in terms.values("participant_id")
        .annotate(first=Min("fiscal_year"))
        .values_list("participant_id", "first")
    )
    countries = dict(
        terms.values("participant__country__code")
        .annotate(first=Min("fiscal_year"))
        .values_list("participant__country__code", "first")
    )
    serving = dict(
        terms.values("fiscal_year")
        .annotate(n=Count("participant_id", distinct=True))
        .values_list("fiscal_year", "n")
    )
    return ProgrammeCounts(first_terms=dict(first_terms), country_first_years=countries, serving=serving)


@dataclass(frozen=True)
class JetaaCounts:
    chapters: list[tuple[int, str, str]]  # (chapter id, region code, country code) existing on the day
    members: list[tuple[int, str, date, int]]  # (person, region code, joined on, membership) covering it


def jetaa_counts(user: User | Operator, *, day: date) -> JetaaCounts:
    """The chapters existing on ``day`` and the memberships covering it: two queries."""
    del user  # national figures (see the module's docstring): the page decides who sees them
    exists = Q(chapter_period__isnull=True) | (
        Q(chapter_period__founded_on__lte=day)
        & (Q(chapter_period__closed_on__isnull=True) | Q(chapter_period__closed_on__gte=day))
    )
    chapters = list(
        Organisation.objects.filter(kind=OrgKind.JETAA_CHAPTER, region__isnull=False, country__isnull=False)
        .filter(exists)
        .order_by("id")
        .values_list("id", "region__code", "country__code")
    )
    members = list(
        ChapterMembership.objects.filter(joined_on__lte=day)
        .filter(Q(left_on__isnull=True) | Q(left_on__gte=day))
        .order_by()
        .values_list("person_id", "chapter__region__code", "joined_on", "id")
    )
    return JetaaCounts(chapters=chapters, members=members)  # type: ignore[arg-type]
