"""Visibility rules of the alumni stage's records (see jetpm.core.scoping and alumni/permissions.py for the
jurisdictions)."""

from django.db.models import Q

from jetpm.alumni.models import AlumnusProfile, ChapterDetails, ChapterMembership, Return
from jetpm.alumni.permissions import JAPAN, is_clair, sees_all_alumni
from jetpm.core.models import Country
from jetpm.core.scoping import NOTHING, Scope, register, register_url_parameter

register_url_parameter("alumnus_profile_id", "alumni.AlumnusProfile")
register_url_parameter("chapter_membership_id", "alumni.ChapterMembership")


def mission_countries(scope: Scope) -> object:
    return Country.objects.filter(missions__id__in=scope.mission_ids).values("pk")


def alumni_q(scope: Scope, prefix: str = "") -> Q:
    """The alumni (profiles, or records with ``prefix`` leading to a profile's fields) a user may see."""
    if sees_all_alumni(scope):
        return Q()
    q = NOTHING
    if is_clair(scope):
        q |= Q(**{f"{prefix}country__code": JAPAN})
    if scope.mission_ids:
        countries = mission_countries(scope)
        q |= Q(**{f"{prefix}country_id__in": countries}) | Q(
            **{f"{prefix}country__isnull": True, f"{prefix}person__nationality_id__in": countries}
        )
    if scope.chapter_ids:
        q |= Q(
            **{
                f"{prefix}person_id__in": ChapterMembership.objects.filter(
                    chapter_id__in=scope.chapter_ids, left_on__isnull=True
                ).values("person_id")
            }
        )
    if scope.person_id is not None:
        q |= Q(**{f"{prefix}person_id": scope.person_id})
    return q


@register(AlumnusProfile)
def profile_rule(scope: Scope) -> Q:
    """MOFA and national administrators: all; CLAIR: the alumni living in Japan; a mission: those living in
    its countries (or of its countries' nationality when the residence is unknown); a chapter's officers:
    their current members; the alumnus: their own."""
    return alumni_q(scope)


@register(ChapterMembership)
def membership_rule(scope: Scope) -> Q:
    """MOFA and national administrators: all; a mission: the memberships of the chapters in its countries;
    a chapter's officers: their chapter's (past members too); the person: their own."""
    if sees_all_alumni(scope):
        return Q()
    q = NOTHING
    if scope.mission_ids:
        q |= Q(chapter__country_id__in=mission_countries(scope))
    if is_clair(scope):
        q |= Q(person__alumnus_profile__country__code=JAPAN)
    if scope.chapter_ids:
        q |= Q(chapter_id__in=scope.chapter_ids)
    if scope.person_id is not None:
        q |= Q(person_id=scope.person_id)
    return q


@register(Return)
def return_rule(scope: Scope) -> Q:
    """National bodies: all; the coordinators of the last term's organisation (or its host organisation);
    the person: their own."""
    if scope.national or scope.is_superuser:
        return Q()
    q = NOTHING
    if scope.co_ids:
        q |= Q(last_term__contracting_org_id__in=scope.co_ids)
    if scope.host_ids:
        q |= Q(last_term__contracting_org__host_org_id__in=scope.host_ids)
    if scope.person_id is not None:
        q |= Q(person_id=scope.person_id)
    return q


@register(ChapterDetails)
def chapter_details_rule(scope: Scope) -> Q:
    """A chapter's public details: every signed-in user."""
    return Q() if scope.is_authenticated else NOTHING
