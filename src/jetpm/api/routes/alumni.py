"""The alumni area (scope ``alumni:read``): JETAA chapters, the alumni on record, and MOFA's support of JETAA
through the missions, year by year (the figures of ``jetpm stats jetaa-support``, as the user may see
them)."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Schema

from jetpm.api.common import (
    PAGE_DEFAULT,
    Area,
    Id,
    Limit,
    Offset,
    Search,
    Year,
    page,
    page_of,
    personal_page,
)
from jetpm.core import selectors
from jetpm.core.calendar import fiscal_year_of
from jetpm.core.models import Organisation, Person
from jetpm.core.states import OrgKind, PersonKind
from jetpm.jetaa import budget
from jetpm.jetaa.selectors_figures import support_rows

router = Area("alumni")


class ChapterOut(Schema):
    id: int
    code: str
    name_ja: str
    name_en: str
    country: str | None
    region: str | None

    @staticmethod
    def resolve_country(obj: Organisation) -> str | None:
        return obj.country.code if obj.country is not None else None

    @staticmethod
    def resolve_region(obj: Organisation) -> str | None:
        return obj.region.code if obj.region is not None else None


class AlumnusOut(Schema):
    id: int
    family_name: str
    given_name: str
    nationality: str
    chapter_id: int | None

    @staticmethod
    def resolve_nationality(obj: Person) -> str:
        return obj.nationality.code


@router.read("/alumni/chapters", response=page_of(ChapterOut))
def list_chapters(
    request: HttpRequest, q: Search = "", limit: Limit = PAGE_DEFAULT, offset: Offset = 0
) -> Any:
    """The JETAA chapters you may see."""
    qs = selectors.organisations_for(request.user, kind=OrgKind.JETAA_CHAPTER, q=q.strip())  # type: ignore[arg-type]
    return page(qs, limit=limit, offset=offset)


@router.read("/alumni/chapters/{chapter_id}", response=ChapterOut)
def get_chapter(request: HttpRequest, chapter_id: Id) -> Any:
    org = selectors.access_organisation_by_id(request.user, chapter_id)  # type: ignore[arg-type]
    if org.kind != OrgKind.JETAA_CHAPTER:
        raise Http404
    return org


@router.read("/alumni/people", response=page_of(AlumnusOut))
def list_alumni(
    request: HttpRequest,
    chapter_id: Id | None = None,
    q: Search = "",
    limit: Limit = PAGE_DEFAULT,
    offset: Offset = 0,
) -> Any:
    """The alumni you may see (a chapter's officers: the chapter's), by chapter and name. Each call is
    recorded in the audit log."""
    qs = selectors.persons_for(request.user, kind=PersonKind.ALUMNUS, q=q.strip())  # type: ignore[arg-type]
    if chapter_id is not None:
        qs = qs.filter(chapter_id=chapter_id)
    return personal_page(request, qs, limit=limit, offset=offset, filters={"chapter_id": chapter_id, "q": q})


@router.read("/alumni/people/{alumnus_id}", response=AlumnusOut)
def get_alumnus(request: HttpRequest, alumnus_id: Id) -> Any:
    person = selectors.access_person_by_id(request.user, alumnus_id)  # type: ignore[arg-type]
    if person.kind != PersonKind.ALUMNUS:
        raise Http404
    return person


class SupportRowOut(Schema):
    mission: str
    chapters: int
    projects: int
    requested_yen: int
    approved_yen: int
    spent_yen: int
    reported: int
    evaluated: int


class SupportOut(Schema):
    fiscal_year: int
    missions: list[SupportRowOut]
    total: SupportRowOut


@router.read("/alumni/jetaa-support", response=SupportOut)
def jetaa_support(request: HttpRequest, fy: Year | None = None) -> Any:
    """MOFA's support of JETAA in fiscal year ``fy`` (the current one when not given): per mission supporting
    a chapter (by mission code) its chapters, projects, yen requested, approved and spent, projects reported
    and evaluated, and the total — the rows of ``jetpm stats jetaa-support`` that the user may see (HQ all,
    a mission its own)."""
    fy = fy or fiscal_year_of(timezone.localdate())
    table = budget.support_table(fy, support_rows(fy, user=request.user))
    fields = list(SupportRowOut.model_fields)
    rows = [dict(zip(fields, row[1:], strict=True)) for row in table]
    return {"fiscal_year": fy, "missions": rows[:-1], "total": rows[-1]}
