"""The core area: organisations, people and the recruitment calendar (scope ``core:read``)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Schema

from jetpm.api.common import PAGE_DEFAULT, Area, Id, Limit, Offset, Search, page, page_of, personal_page
from jetpm.core import selectors
from jetpm.core.models import Organisation, Person
from jetpm.core.states import OrgKind, PersonKind

router = Area("core")


class OrganisationOut(Schema):
    id: int
    kind: str
    code: str
    name_ja: str
    name_en: str
    prefecture: str | None = None
    lg_code: str = ""
    co_kind: str = ""
    host_org_id: int | None = None

    @staticmethod
    def resolve_prefecture(obj: Organisation) -> str | None:
        return obj.prefecture.code if obj.prefecture is not None else None


class PersonOut(Schema):
    id: int
    kind: str
    family_name: str
    given_name: str
    nationality: str
    mission_id: int | None
    contracting_org_id: int | None
    chapter_id: int | None

    @staticmethod
    def resolve_nationality(obj: Person) -> str:
        return obj.nationality.code


class WindowOut(Schema):
    intake_year: int
    kind: str
    starts_on: date
    ends_on: date
    overridden: bool


@router.read("/organisations", response=page_of(OrganisationOut))
def list_organisations(
    request: HttpRequest,
    kind: OrgKind | None = None,
    q: Search = "",
    limit: Limit = PAGE_DEFAULT,
    offset: Offset = 0,
) -> Any:
    """The organisations you may see, by kind and name or code."""
    qs = selectors.organisations_for(request.user, kind=kind or "", q=q.strip())  # type: ignore[arg-type]
    return page(qs, limit=limit, offset=offset)


@router.read("/organisations/{organisation_id}", response=OrganisationOut)
def get_organisation(request: HttpRequest, organisation_id: Id) -> Any:
    return selectors.access_organisation_by_id(request.user, organisation_id)  # type: ignore[arg-type]


@router.read("/people", response=page_of(PersonOut))
def list_people(
    request: HttpRequest,
    kind: PersonKind | None = None,
    q: Search = "",
    limit: Limit = PAGE_DEFAULT,
    offset: Offset = 0,
) -> Any:
    """The people you may see (applicants, participants, alumni), by kind and name. Each call is recorded in
    the audit log (who, the filters, how many records)."""
    qs = selectors.persons_for(request.user, kind=kind or "", q=q.strip())  # type: ignore[arg-type]
    return personal_page(request, qs, limit=limit, offset=offset, filters={"kind": kind, "q": q})


@router.read("/people/{person_id}", response=PersonOut)
def get_person(request: HttpRequest, person_id: Id) -> Any:
    return selectors.access_person_by_id(request.user, person_id)  # type: ignore[arg-type]


@router.read("/calendar/open-windows", response=list[WindowOut])
def open_windows(request: HttpRequest, on: date | None = None, mission_id: Id | None = None) -> Any:
    """The recruitment calendar's windows open on a day (today by default), with the dates of your mission or
    of the given mission."""
    if mission_id is not None:
        selectors.access_mission_by_id(request.user, mission_id)  # type: ignore[arg-type]
    return selectors.windows_on(request.user, on or timezone.localdate(), mission_id=mission_id)  # type: ignore[arg-type]
