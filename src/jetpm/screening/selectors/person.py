"""The applicant's own screening records, for the portal (``jetpm.portal`` reads each stage through its
``for_person``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from jetpm.applications.states import ApplicationStatus
from jetpm.core.models import User
from jetpm.core.scoping import scope_of
from jetpm.screening.models import Interview


@dataclass(frozen=True)
class InterviewInvite:
    """An interview the applicant was invited to: when and where (and its id, for the calendar file)."""

    pk: int
    starts_at: Any
    place: str
    application_id: int = 0
    reference: str = ""


@dataclass(frozen=True)
class ScreeningForPerson:
    """What screening has for the applicant on one of their applications."""

    interview: InterviewInvite | None = None


def for_person(user: User, *, application_id: int) -> ScreeningForPerson:
    """Screening's part of the applicant's own application page (nothing for someone else's application)."""
    person_id = scope_of(user).person_id
    interview = (
        Interview.objects.filter(
            application_id=application_id, application__person_id=person_id or 0, invited_at__isnull=False
        )
        .only("pk", "starts_at", "place")
        .first()
    )
    if interview is None:
        return ScreeningForPerson()
    return ScreeningForPerson(
        InterviewInvite(interview.pk, interview.starts_at, interview.place, application_id)
    )


def interviews_for_person(user: User) -> list[InterviewInvite]:
    """The interviews the user was invited to, on their applications still at the interview stage."""
    person_id = scope_of(user).person_id
    rows = Interview.objects.filter(
        application__person_id=person_id or 0,
        application__status=ApplicationStatus.INTERVIEW,
        invited_at__isnull=False,
    ).select_related("application")
    return [
        InterviewInvite(i.pk, i.starts_at, i.place, i.application_id, i.application.reference) for i in rows
    ]
