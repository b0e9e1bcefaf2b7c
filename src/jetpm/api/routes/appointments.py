"""The appointments area: participants and their yearly appointment terms (scope ``appointments:read``)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Field, Schema

from jetpm.api.common import PAGE_DEFAULT, Area, Id, Limit, Offset, Text, Year, page_of, personal_page
from jetpm.appointments import selectors
from jetpm.appointments.models import AppointmentTerm, Participant
from jetpm.appointments.states import TermStatus
from jetpm.core.states import JobType

router = Area("appointments")


class ParticipantOut(Schema):
    id: int
    person_id: int
    jet_id: str
    cohort_year: int
    country: str
    job_type: str
    language: str | None

    @staticmethod
    def resolve_country(obj: Participant) -> str:
        return obj.country.code

    @staticmethod
    def resolve_language(obj: Participant) -> str | None:
        return obj.language.code if obj.language is not None else None


class TermOut(Schema):
    id: int
    participant_id: int
    jet_id: str
    fiscal_year: int
    year_on_programme: int
    contracting_org_id: int | None
    job_type: str
    language: str | None
    status: str
    start_date: date | None
    end_date: date | None

    @staticmethod
    def resolve_jet_id(obj: AppointmentTerm) -> str:
        return obj.participant.jet_id

    @staticmethod
    def resolve_language(obj: AppointmentTerm) -> str | None:
        return obj.language.code if obj.language is not None else None


class ParticipantDetailOut(ParticipantOut):
    terms: list[TermOut]

    @staticmethod
    def resolve_terms(obj: Participant) -> list[AppointmentTerm]:
        return obj.api_terms  # type: ignore[attr-defined, no-any-return]


@router.read("/appointments/participants", response=page_of(ParticipantOut))
def list_participants(
    request: HttpRequest,
    fiscal_year: Year | None = None,
    job_type: JobType | None = None,
    country: Annotated[Text, Field(max_length=2)] = "",
    status: TermStatus | None = None,
    limit: Limit = PAGE_DEFAULT,
    offset: Offset = 0,
) -> Any:
    """The participants you may see (with a term at your organisation or in your area; all for the national
    bodies), by the fiscal year, job type and status of a term and by recruiting country (ISO code). Each
    call is recorded in the audit log."""
    qs = selectors.participant_list(
        request.user,  # type: ignore[arg-type]
        fiscal_year=fiscal_year,
        job_type=job_type or "",
        country=country.upper(),
        status=status or "",
    ).select_related("language")
    filters = {"fiscal_year": fiscal_year, "job_type": job_type, "country": country, "status": status}
    return personal_page(request, qs, limit=limit, offset=offset, filters=filters)


@router.read("/appointments/participants/{participant_id}", response=ParticipantDetailOut)
def get_participant(request: HttpRequest, participant_id: Id) -> Any:
    """One participant with the terms you may see."""
    participant = selectors.access_participant_by_id(request.user, participant_id)  # type: ignore[arg-type]
    participant.api_terms = list(  # type: ignore[attr-defined]
        selectors.participant_terms(request.user, participant).select_related("participant")  # type: ignore[arg-type]
    )
    return participant


@router.read("/appointments/terms", response=page_of(TermOut))
def list_terms(
    request: HttpRequest,
    fiscal_year: Year | None = None,
    contracting_org_id: Id | None = None,
    status: TermStatus | None = None,
    limit: Limit = PAGE_DEFAULT,
    offset: Offset = 0,
) -> Any:
    """The appointment terms you may see, by fiscal year, contracting organisation and status. Each call is
    recorded in the audit log."""
    qs = selectors.term_list(
        request.user,  # type: ignore[arg-type]
        fiscal_year=fiscal_year,
        contracting_org_id=contracting_org_id,
        status=status or "",
    )
    filters = {"fiscal_year": fiscal_year, "contracting_org_id": contracting_org_id, "status": status}
    return personal_page(request, qs, limit=limit, offset=offset, filters=filters)


@router.read("/appointments/terms/{term_id}", response=TermOut)
def get_term(request: HttpRequest, term_id: Id) -> Any:
    return selectors.access_term_by_id(request.user, term_id)  # type: ignore[arg-type]
