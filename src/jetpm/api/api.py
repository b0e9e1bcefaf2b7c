"""The HTTP API (OpenAPI 3 at /api/docs). Every endpoint reads through the scoping selectors."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest
from ninja import NinjaAPI, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from jetpm.api.auth import session_or_token
from jetpm.core import selectors
from jetpm.core.errors import DomainError

api = NinjaAPI(title="JETPM API", version="1", auth=session_or_token(), urls_namespace="api")


@api.exception_handler(DomainError)
def domain_error(request: HttpRequest, exc: DomainError):  # type: ignore[no-untyped-def]
    return api.create_response(request, {"detail": exc.message, "field": exc.field}, status=exc.status_code)


class OrganisationOut(Schema):
    id: int
    kind: str
    code: str
    name_ja: str
    name_en: str
    prefecture: str | None = None
    lg_code: str = ""
    co_kind: str = ""

    @staticmethod
    def resolve_prefecture(obj) -> str | None:  # type: ignore[no-untyped-def]
        return obj.prefecture.code if obj.prefecture_id else None


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
    def resolve_nationality(obj) -> str:  # type: ignore[no-untyped-def]
        return obj.nationality.code


class WindowOut(Schema):
    intake_year: int
    kind: str
    starts_on: date
    ends_on: date
    overridden: bool


@api.get("/organisations", response=list[OrganisationOut], tags=["core"])
@paginate(LimitOffsetPagination)
def list_organisations(request: HttpRequest, kind: str = "", q: str = ""):  # type: ignore[no-untyped-def]
    return selectors.organisations_for(request.user, kind=kind, q=q)  # type: ignore[arg-type]


@api.get("/organisations/{organisation_id}", response=OrganisationOut, tags=["core"])
def get_organisation(request: HttpRequest, organisation_id: int):  # type: ignore[no-untyped-def]
    return selectors.access_organisation_by_id(request.user, organisation_id)  # type: ignore[arg-type]


@api.get("/people", response=list[PersonOut], tags=["core"])
@paginate(LimitOffsetPagination)
def list_people(request: HttpRequest, kind: str = "", q: str = ""):  # type: ignore[no-untyped-def]
    return selectors.persons_for(request.user, kind=kind, q=q)  # type: ignore[arg-type]


@api.get("/people/{person_id}", response=PersonOut, tags=["core"])
def get_person(request: HttpRequest, person_id: int):  # type: ignore[no-untyped-def]
    return selectors.access_person_by_id(request.user, person_id)  # type: ignore[arg-type]


@api.get("/calendar/open-windows", response=list[WindowOut], tags=["core"])
def open_windows(request: HttpRequest, on: date | None = None, mission_id: int | None = None):  # type: ignore[no-untyped-def]
    from django.utils import timezone

    if mission_id is not None:
        selectors.access_mission_by_id(request.user, mission_id)  # type: ignore[arg-type]
    return selectors.windows_on(request.user, on or timezone.localdate(), mission_id=mission_id)  # type: ignore[arg-type]
