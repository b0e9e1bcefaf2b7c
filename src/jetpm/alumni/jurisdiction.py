"""Whose chapters and alumni a mission looks after: those of the countries it recruits in (a chapter's
``country``; an alumnus's country of residence, or their nationality when they gave none)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q, QuerySet

from jetpm.core.models import Country, Organisation, Person
from jetpm.core.states import OrgKind, PersonKind


def countries_of(mission_ids: Iterable[int]) -> QuerySet[Country]:
    return Country.objects.filter(missions__in=list(mission_ids)).distinct()


def chapters_of(mission_ids: Iterable[int] | None) -> QuerySet[Organisation]:
    """The chapters of the missions' countries (``None``: every chapter)."""
    qs = Organisation.objects.filter(kind=OrgKind.JETAA_CHAPTER)
    if mission_ids is None:
        return qs
    return qs.filter(country__in=countries_of(mission_ids).values("pk"))


def in_countries(countries: QuerySet[Country] | Iterable[int]) -> Q:
    """A filter of persons: alumni who live in those countries (or, with no country given, are nationals)."""
    ids = countries.values("pk") if isinstance(countries, QuerySet) else list(countries)
    return Q(alumnus_profile__country__in=ids) | Q(alumnus_profile__country__isnull=True, nationality__in=ids)


def alumni_of(mission_ids: Iterable[int] | None) -> QuerySet[Person]:
    """The alumni (not anonymised) of the missions' countries (``None``: every alumnus)."""
    qs = Person.objects.filter(kind=PersonKind.ALUMNUS, anonymised_at__isnull=True)
    if mission_ids is None:
        return qs
    return qs.filter(in_countries(countries_of(mission_ids)))
