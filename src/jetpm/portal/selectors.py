"""Reads of the portal: one page's data from each stage's ``for_person()`` selector, as plain data."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from jetpm.applications.portal import selectors as applications
from jetpm.predeparture.departure import selectors as departure
from jetpm.predeparture.orientations import selectors as predeparture
from jetpm.screening.selectors import person as screening
from jetpm.selection import selectors as selection
from jetpm.support import selectors as support


@dataclass(frozen=True)
class NextSteps:
    """What the later stages have for the applicant: their interview, their offer, their result letter."""

    interview: screening.InterviewInvite | None = None
    offer: selection.OfferForPerson | None = None
    letter: bool = False
    departure: departure.OwnDeparture | None = None  # their departure group and flight (predeparture)


@dataclass(frozen=True)
class ApplicationPage:
    """The applicant's application page: the application (applications) and the next steps (later stages,
    read only once it is submitted)."""

    own: applications.ApplicationForPerson
    next_steps: NextSteps
    predeparture: predeparture.PredepartureForPerson = field(
        default_factory=predeparture.PredepartureForPerson
    )
    desk: support.DeskForPerson | None = None  # the mission's Q&A desk (support)


def application_page(user: Any, application_id: int) -> ApplicationPage:
    """The page of one of the user's own applications (:class:`NotFound` for any other)."""
    own = applications.for_person(user, application_id=application_id)
    if own.editable:
        return ApplicationPage(own, NextSteps())
    screened = screening.for_person(user, application_id=application_id)
    selected = selection.for_person(user, application_id=application_id)
    travel = departure.for_person(user, intake_year=own.application.intake_year)
    return ApplicationPage(
        own,
        NextSteps(
            interview=screened.interview, offer=selected.offer, letter=selected.letter, departure=travel
        ),
        predeparture.for_person(user, application_id=application_id),
        desk=support.for_person(user),
    )
