"""Every read of the alumni's engagement, scoped: the records through their rule, the search through the
mission's jurisdiction and the alumni's consent."""

from __future__ import annotations

from django.db.models import QuerySet

from jetpm.alumni.engagement.models import Engagement
from jetpm.alumni.jurisdiction import countries_of
from jetpm.alumni.models import AlumnusProfile
from jetpm.core.access import access
from jetpm.core.models import Country, Organisation, User
from jetpm.core.scoping import scope_of, visible_to
from jetpm.core.states import OrgKind, PersonKind
from jetpm.outreach.models import OutreachActivity
from jetpm.screening.models import Panel


def engagements_for(user: User, *, kind: str = "") -> QuerySet[Engagement]:
    qs = visible_to(user, Engagement).select_related("person", "mission", "activity", "panel")
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("-date", "-id")


def access_engagement(user: User, engagement_id: int) -> Engagement:
    return access(
        user, Engagement.objects.select_related("person", "mission", "activity", "panel"), pk=engagement_id
    )


def recording_missions(user: User) -> QuerySet[Organisation]:
    scope = scope_of(user)
    qs = Organisation.objects.filter(kind=OrgKind.MISSION).order_by("code")
    return qs if scope.is_superuser else qs.filter(pk__in=scope.mission_ids)


def search_countries(user: User) -> QuerySet[Country]:
    """The countries the user may search alumni in: their missions' (MOFA HQ: all)."""
    scope = scope_of(user)
    if scope.is_superuser or scope.national:
        return Country.objects.order_by("code")
    return countries_of(scope.mission_ids).order_by("code")


def find_alumni(
    user: User,
    *,
    country: Country | None = None,
    city: str = "",
    sector: str = "",
    language_id: int | None = None,
) -> QuerySet[AlumnusProfile]:
    """Alumni who agreed to be asked to help the programme, in the user's countries (or one of them), by
    city, sector and language: three queries a page (the page, the languages, the count)."""
    countries = search_countries(user)
    if country is not None:
        countries = countries.filter(pk=country.pk)
    qs = (
        AlumnusProfile.objects.filter(
            consents_to_recruitment=True,
            person__kind=PersonKind.ALUMNUS,
            person__anonymised_at__isnull=True,
            person__contact_consent_withdrawn_on__isnull=True,
        )
        .filter(country__in=countries.values("pk"))
        .select_related("person", "country")
        .prefetch_related("languages")
    )
    if city.strip():
        qs = qs.filter(city__icontains=city.strip())
    if sector:
        qs = qs.filter(sector=sector)
    if language_id is not None:
        qs = qs.filter(languages__id=language_id)
    return qs.order_by("country__code", "city", "person__family_name", "id")


def consenting_alumnus(user: User, person_id: int) -> AlumnusProfile | None:
    """The profile of a consenting alumnus the user may record engagement for (None otherwise)."""
    return find_alumni(user).filter(person_id=person_id).first()


def activities_of(missions: QuerySet[Organisation]) -> QuerySet[OutreachActivity]:
    return (
        OutreachActivity.objects.filter(mission__in=missions)
        .select_related("mission")
        .order_by("-date", "id")
    )


def panels_of(missions: QuerySet[Organisation]) -> QuerySet[Panel]:
    return Panel.objects.filter(mission__in=missions).order_by("-intake_year", "name")
