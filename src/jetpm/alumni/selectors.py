"""Reads of the alumni stage, every one scoped (alumni/rules.py). A chapter officer who reaches an alumnus
only through their chapter sees the name alone unless the alumnus consented to share their details with the
chapter (``shows_details``)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import BooleanField, Case, Count, Exists, OuterRef, Q, QuerySet, Value, When
from django.utils import timezone

from jetpm.alumni.models import AlumnusProfile, ChapterDetails, ChapterMembership, Return
from jetpm.alumni.permissions import JAPAN, is_clair, sees_all_alumni
from jetpm.alumni.rules import mission_countries
from jetpm.appointments.models import AppointmentTerm, Participant
from jetpm.appointments.states import TermStatus
from jetpm.core.errors import NotFound
from jetpm.core.models import Membership, Organisation, Person
from jetpm.core.scoping import Scope, get_visible, scope_of, visible_to
from jetpm.core.states import OrgKind, PersonKind, Role


def _beyond_chapter(scope: Scope) -> Q | None:
    """Whom the user sees in full (not only as a chapter officer): None for everyone."""
    if sees_all_alumni(scope):
        return None
    q = Q(pk__in=[])
    if is_clair(scope):
        q |= Q(country__code=JAPAN)
    if scope.mission_ids:
        countries = mission_countries(scope)
        q |= Q(country_id__in=countries) | Q(country__isnull=True, person__nationality_id__in=countries)
    if scope.person_id is not None:
        q |= Q(person_id=scope.person_id)
    return q


def _with_details(qs: QuerySet[AlumnusProfile], scope: Scope) -> QuerySet[AlumnusProfile]:
    full = _beyond_chapter(scope)
    if full is None:
        return qs.annotate(shows_details=Value(True, output_field=BooleanField()))
    return qs.annotate(
        shows_details=Case(
            When(full | Q(consents_to_share_with_chapter=True), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    )


def alumni_list(
    user: Any,
    *,
    q: str = "",
    sector: str = "",
    country: str = "",
    notable: bool | None = None,
) -> QuerySet[AlumnusProfile]:
    scope = scope_of(user)
    qs = visible_to(user, AlumnusProfile).select_related("person", "person__nationality", "country")
    if q:
        qs = qs.filter(Q(person__family_name__icontains=q) | Q(person__given_name__icontains=q))
    if sector:
        qs = qs.filter(sector=sector)
    if country:
        qs = qs.filter(country__code=country)
    if notable is not None:
        qs = qs.filter(notable=notable)
    return _with_details(qs, scope).order_by("person__family_name", "person__given_name", "pk")


def access_alumnus(user: Any, alumnus_profile_id: int) -> AlumnusProfile:
    qs = _with_details(
        AlumnusProfile.objects.select_related("person", "person__nationality", "country"), scope_of(user)
    )
    return get_visible(user, qs, pk=alumnus_profile_id)


def notable_list(user: Any, *, sector: str = "") -> QuerySet[AlumnusProfile]:
    """The national list of notable alumni, by sector then country."""
    qs = visible_to(user, AlumnusProfile).filter(notable=True).select_related("person", "country")
    if sector:
        qs = qs.filter(sector=sector)
    return qs.order_by("sector", "country__code", "person__family_name", "pk")


def own_profile(user: Any) -> AlumnusProfile | None:
    scope = scope_of(user)
    if scope.person_id is None:
        return None
    return (
        AlumnusProfile.objects.select_related("country")
        .prefetch_related("languages")
        .filter(person_id=scope.person_id)
        .first()
    )


def own_person(user: Any) -> Person:
    scope = scope_of(user)
    if scope.person_id is None or scope.person_kind != PersonKind.ALUMNUS:
        raise NotFound("")
    return Person.objects.select_related("nationality").get(pk=scope.person_id)


def programme_history(user: Any, person: Person) -> dict[str, Any]:
    """A person's programme history as the user may see it: participant record, terms, returns."""
    participant = (
        visible_to(user, Participant).select_related("country", "language").filter(person=person).first()
    )
    terms = (
        list(
            visible_to(user, AppointmentTerm)
            .filter(participant=participant)
            .select_related("contracting_org", "ending")
            .order_by("fiscal_year")
        )
        if participant is not None
        else []
    )
    returns = list(visible_to(user, Return).filter(person=person).select_related("destination"))
    return {"participant": participant, "terms": terms, "returns": returns}


def memberships_of(user: Any, person: Person) -> QuerySet[ChapterMembership]:
    return (
        visible_to(user, ChapterMembership)
        .filter(person=person)
        .select_related("chapter", "chapter__country")
        .order_by("-joined_on")
    )


# --- chapters ------------------------------------------------------------------------------------------


def chapters(user: Any) -> QuerySet[Organisation]:
    return (
        visible_to(user, Organisation)
        .filter(kind=OrgKind.JETAA_CHAPTER)
        .select_related("country", "region")
        .annotate(members=Count("chapter_memberships", filter=Q(chapter_memberships__left_on__isnull=True)))
        .order_by("region__code", "country__code", "code")
    )


def access_chapter(user: Any, chapter_id: int) -> Organisation:
    return get_visible(
        user,
        Organisation.objects.filter(kind=OrgKind.JETAA_CHAPTER).select_related("country", "region"),
        pk=chapter_id,
    )


def chapter_details(chapter: Organisation) -> ChapterDetails | None:
    return ChapterDetails.objects.filter(chapter=chapter).first()


def chapter_officers(chapter: Organisation) -> list[str]:
    rows = (
        Membership.objects.filter(organisation=chapter, role=Role.OFFICER)
        .select_related("user")
        .order_by("user__last_name", "user__username")
    )
    return [m.user.get_full_name() or m.user.username for m in rows]


def chapter_members(user: Any, chapter: Organisation, *, q: str = "") -> QuerySet[ChapterMembership]:
    """The chapter's current members, with what the user may see of each (``shows_details``)."""
    scope = scope_of(user)
    full = _beyond_chapter(scope)
    qs = (
        visible_to(user, ChapterMembership)
        .filter(chapter=chapter, left_on__isnull=True)
        .select_related("person", "person__alumnus_profile", "person__alumnus_profile__country")
    )
    if q:
        qs = qs.filter(Q(person__family_name__icontains=q) | Q(person__given_name__icontains=q))
    if full is None:
        qs = qs.annotate(shows_details=Value(True, output_field=BooleanField()))
    else:
        visible = AlumnusProfile.objects.filter(full | Q(consents_to_share_with_chapter=True)).filter(
            person_id=OuterRef("person_id")
        )
        qs = qs.annotate(shows_details=Exists(visible))
    return qs.order_by("person__family_name", "person__given_name", "pk")


def access_membership(user: Any, membership_id: int) -> ChapterMembership:
    return get_visible(user, ChapterMembership.objects.select_related("person", "chapter"), pk=membership_id)


# --- returns -------------------------------------------------------------------------------------------


RETURN_AHEAD_DAYS = 90  # a serving term is offered for its return in its last three months


def returns_to_record(user: Any) -> QuerySet[AppointmentTerm]:
    """The last terms (no later term) of participants not yet returned, in the user's scope: over (not
    serving) or ending within ``RETURN_AHEAD_DAYS``; soonest first."""
    later = AppointmentTerm.objects.filter(
        participant_id=OuterRef("participant_id"), fiscal_year__gt=OuterRef("fiscal_year")
    )
    soon = timezone.localdate() + timedelta(days=RETURN_AHEAD_DAYS)
    return (
        visible_to(user, AppointmentTerm)
        .filter(participant__person__kind=PersonKind.PARTICIPANT)
        .filter(~Exists(later))
        .filter(~Q(status=TermStatus.SERVING) | Q(end_date__lte=soon))
        .select_related("participant", "participant__person", "contracting_org")
        .order_by("end_date", "participant__jet_id")
    )


def access_returning(user: Any, participant_id: int) -> tuple[Participant, AppointmentTerm | None]:
    participant = get_visible(
        user,
        Participant.objects.select_related("person", "person__nationality", "country"),
        pk=participant_id,
    )
    term = participant.terms.select_related("contracting_org", "ending").order_by("-fiscal_year").first()
    return participant, term


def pre_return_attendance(participant: Participant) -> Any:
    """The participant's attended pre-return orientation, if recorded in training."""
    from jetpm.appointments.models import TrainingInvitation
    from jetpm.appointments.states import Attendance, TrainingKind

    return (
        TrainingInvitation.objects.filter(
            participant=participant, event__kind=TrainingKind.PRE_RETURN, attendance=Attendance.ATTENDED
        )
        .select_related("event")
        .order_by("-event__starts_on")
        .first()
    )
