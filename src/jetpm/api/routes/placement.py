"""The placement area: published placements, for the contracting organisations', host organisations' and
missions' systems (scope ``placement:read``)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Schema

from jetpm.api.common import PAGE_DEFAULT, Area, Id, Limit, Offset, Year, page_of, personal_page
from jetpm.placement import selectors
from jetpm.placement.models import Placement

router = Area("placement")


class PlacementOut(Schema):
    id: int
    application_id: int
    reference: str
    person_id: int
    intake_year: int
    job_type: str
    contracting_org_id: int
    prefecture: str
    published_at: datetime | None

    @staticmethod
    def resolve_reference(obj: Placement) -> str:
        return obj.application.reference

    @staticmethod
    def resolve_person_id(obj: Placement) -> int:
        return obj.application.person_id

    @staticmethod
    def resolve_intake_year(obj: Placement) -> int:
        return obj.run.intake_year

    @staticmethod
    def resolve_job_type(obj: Placement) -> str:
        return obj.application.job_type

    @staticmethod
    def resolve_prefecture(obj: Placement) -> str:
        return obj.prefecture_code

    @staticmethod
    def resolve_published_at(obj: Placement) -> datetime | None:
        return obj.run.published_at


@router.read("/placements", response=page_of(PlacementOut))
def list_placements(
    request: HttpRequest,
    intake_year: Year | None = None,
    contracting_org_id: Id | None = None,
    limit: Limit = PAGE_DEFAULT,
    offset: Offset = 0,
) -> Any:
    """The published placements you may see: your organisation's (or area's) participants, your mission's
    applicants, or all for CLAIR, MIC and MOFA. Each call is recorded in the audit log."""
    qs = selectors.published_placements(
        request.user, intake_year=intake_year, contracting_org_id=contracting_org_id
    )
    filters = {"intake_year": intake_year, "contracting_org_id": contracting_org_id}
    return personal_page(request, qs, limit=limit, offset=offset, filters=filters)


@router.read("/placements/{placement_id}", response=PlacementOut)
def get_placement(request: HttpRequest, placement_id: Id) -> Any:
    return selectors.access_published_placement(request.user, placement_id)
