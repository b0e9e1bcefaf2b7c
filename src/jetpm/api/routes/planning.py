"""The planning area: contracting organisations' requests (配置要望) with their lines, and the country
recruitment plan's versions. A contracting organisation's system starts, fills and submits its request
through the same services, with the same rules, as the request pages (scope ``planning:write``)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Field, Schema
from ninja.responses import Status

from jetpm.api.common import PAGE_DEFAULT, Area, Id, Limit, Offset, Text, Year, page, page_of
from jetpm.core import selectors as core_selectors
from jetpm.core.states import JapaneseLevel, JobType
from jetpm.planning.models import CountryPlan, PlacementRequest, PlanLine, RequestLine
from jetpm.planning.selectors import plans as plan_selectors
from jetpm.planning.selectors import requests as selectors
from jetpm.planning.services import requests as services
from jetpm.planning.states import PlanStatus, RequestStatus, SchoolLevel, Setting

router = Area("planning")


# --- requests -----------------------------------------------------------------------------------------------


class LineOut(Schema):
    id: int
    job_type: str
    language: str
    new_participants: int
    continuing: int
    school_levels: list[str]
    japanese_level: str
    driving_licence: bool
    sport: str
    setting: str
    note: str

    @staticmethod
    def resolve_language(obj: RequestLine) -> str:
        return obj.language.code


class LineIn(Schema):
    """One line of a request: new participants wanted and current ones expected to stay, for a job type and
    designated language (ISO 639-1 code, e.g. ``en``)."""

    job_type: JobType
    language: Annotated[Text, Field(max_length=3)]
    new_participants: int = Field(0, ge=0, le=services.MAX_PARTICIPANTS)
    continuing: int = Field(0, ge=0, le=services.MAX_PARTICIPANTS)
    school_levels: list[SchoolLevel] = Field(default_factory=list, max_length=len(SchoolLevel.values))
    japanese_level: JapaneseLevel = JapaneseLevel.NONE
    driving_licence: bool = False
    sport: Annotated[Text, Field(max_length=100)] = ""
    setting: Setting = Setting.EITHER
    note: Annotated[Text, Field(max_length=500)] = ""

    def data(self) -> services.LineData:
        return services.LineData(
            job_type=self.job_type,
            language=self.language,
            new_participants=self.new_participants,
            continuing=self.continuing,
            school_levels=list(self.school_levels),
            japanese_level=self.japanese_level,
            driving_licence=self.driving_licence,
            sport=self.sport,
            setting=self.setting,
            note=self.note,
        )


class RequestOut(Schema):
    id: int
    organisation_id: int
    organisation_code: str
    intake_year: int
    status: str
    submitted_at: datetime | None
    forwarded_at: datetime | None
    decided_at: datetime | None
    updated_at: datetime
    total_new: int
    total_continuing: int

    @staticmethod
    def resolve_organisation_code(obj: PlacementRequest) -> str:
        return obj.organisation.code

    @staticmethod
    def resolve_total_new(obj: PlacementRequest) -> int:
        return int(getattr(obj, "total_new", None) or 0)

    @staticmethod
    def resolve_total_continuing(obj: PlacementRequest) -> int:
        return int(getattr(obj, "total_continuing", None) or 0)


class RequestDetailOut(RequestOut):
    note: str
    return_reason: str
    lines: list[LineOut]

    @staticmethod
    def resolve_lines(obj: PlacementRequest) -> list[RequestLine]:
        return obj.api_lines  # type: ignore[attr-defined, no-any-return]


class RequestIn(Schema):
    organisation_id: int = Field(..., ge=1, le=2_147_483_647, description="Your contracting organisation.")
    intake_year: int = Field(..., ge=1987, le=2100, description="The intake (fiscal year of arrival).")


class RequestPatch(Schema):
    note: Annotated[Text, Field(max_length=2000)]


def _detail(request: HttpRequest, request_id: int) -> PlacementRequest:
    """The request as the user may see it, with its lines and their totals."""
    req = selectors.access_request_by_id(request.user, request_id)  # type: ignore[arg-type]
    lines = selectors.request_lines(req)
    req.api_lines = lines  # type: ignore[attr-defined]
    req.total_new = sum(x.new_participants for x in lines)  # type: ignore[attr-defined]
    req.total_continuing = sum(x.continuing for x in lines)  # type: ignore[attr-defined]
    return req


@router.read("/planning/requests", response=page_of(RequestOut))
def list_requests(
    request: HttpRequest,
    intake_year: Year | None = None,
    status: RequestStatus | None = None,
    limit: Limit = PAGE_DEFAULT,
    offset: Offset = 0,
) -> Any:
    """The requests you may see (your organisation's, your area's, or all for MIC, CLAIR and the Council),
    with the totals of their lines."""
    f = selectors.RequestFilter(intake_year=intake_year, status=status or "")
    return page(selectors.requests_for(request.user, f), limit=limit, offset=offset)  # type: ignore[arg-type]


@router.read("/planning/requests/{request_id}", response=RequestDetailOut)
def get_request(request: HttpRequest, request_id: Id) -> Any:
    return _detail(request, request_id)


@router.endpoint(
    "POST",
    "/planning/requests",
    response={200: RequestDetailOut, 201: RequestDetailOut},
    write=True,
    fields={"organisation": "organisation_id"},  # not a contracting organisation: the body's field
)
def start_request(request: HttpRequest, payload: RequestIn) -> Any:
    """Start your contracting organisation's request for an intake while the requests window is open (201),
    or get the one already started (200). A new request gets a line for each job type and language in which
    the last reappointment round confirmed participants."""
    core_selectors.access_organisation_by_id(request.user, payload.organisation_id)  # type: ignore[arg-type]
    existed = (
        selectors.requests_for(request.user, selectors.RequestFilter(intake_year=payload.intake_year))  # type: ignore[arg-type]
        .filter(organisation_id=payload.organisation_id)
        .exists()
    )
    req = services.start_request(
        actor=request.user,  # type: ignore[arg-type]
        organisation_id=payload.organisation_id,
        intake_year=payload.intake_year,
    )
    return Status(200 if existed else 201, _detail(request, req.pk))


@router.endpoint("PATCH", "/planning/requests/{request_id}", response=RequestDetailOut, write=True)
def update_request(request: HttpRequest, request_id: Id, payload: RequestPatch) -> Any:
    """Change the note of a draft or returned request."""
    req = selectors.access_request_by_id(request.user, request_id)  # type: ignore[arg-type]
    services.update_request_note(actor=request.user, request_id=req.pk, note=payload.note)  # type: ignore[arg-type]
    return _detail(request, req.pk)


@router.endpoint("POST", "/planning/requests/{request_id}/lines", response=LineOut, status=201, write=True)
def add_line(request: HttpRequest, request_id: Id, payload: LineIn) -> Any:
    """Add a line to a draft or returned request (one line per job type and language)."""
    req = selectors.access_request_by_id(request.user, request_id)  # type: ignore[arg-type]
    line = services.save_line(actor=request.user, request_id=req.pk, data=payload.data())  # type: ignore[arg-type]
    return Status(201, line)


@router.endpoint("PUT", "/planning/requests/{request_id}/lines/{line_id}", response=LineOut, write=True)
def change_line(request: HttpRequest, request_id: Id, line_id: Id, payload: LineIn) -> Any:
    """Replace a line of a draft or returned request."""
    req, line = _line(request, request_id, line_id)
    return services.save_line(
        actor=request.user,  # type: ignore[arg-type]
        request_id=req.pk,
        data=payload.data(),
        line_id=line.pk,
    )


@router.endpoint(
    "DELETE", "/planning/requests/{request_id}/lines/{line_id}", response={204: None}, write=True
)
def delete_line(request: HttpRequest, request_id: Id, line_id: Id) -> Any:
    """Remove a line of a draft or returned request."""
    req, line = _line(request, request_id, line_id)
    services.delete_line(actor=request.user, request_id=req.pk, line_id=line.pk)  # type: ignore[arg-type]
    return Status(204, None)


@router.endpoint("POST", "/planning/requests/{request_id}/submit", response=RequestDetailOut, write=True)
def submit_request(request: HttpRequest, request_id: Id) -> Any:
    """Submit a draft or returned request to your host organisation (it needs at least one line)."""
    req = selectors.access_request_by_id(request.user, request_id)  # type: ignore[arg-type]
    services.submit_request(actor=request.user, request_id=req.pk)  # type: ignore[arg-type]
    return _detail(request, req.pk)


def _line(request: HttpRequest, request_id: int, line_id: int) -> tuple[PlacementRequest, RequestLine]:
    from django.http import Http404

    req = selectors.access_request_by_id(request.user, request_id)  # type: ignore[arg-type]
    line = selectors.request_line(req, line_id)
    if line is None:
        raise Http404
    return req, line


# --- the country recruitment plan --------------------------------------------------------------------------


class PlanLineOut(Schema):
    country: str
    job_type: str
    language: str
    proposed: int
    seats: int

    @staticmethod
    def resolve_country(obj: PlanLine) -> str:
        return obj.country.code

    @staticmethod
    def resolve_language(obj: PlanLine) -> str:
        return obj.language.code


class PlanOut(Schema):
    id: int
    intake_year: int
    version: int
    status: str
    supersedes_id: int | None
    method: str
    weight_source: str
    min_per_country: int
    max_per_country: int | None
    proposed_at: datetime | None
    approved_at: datetime | None
    seats: int

    @staticmethod
    def resolve_seats(obj: CountryPlan) -> int:
        return int(getattr(obj, "n_seats", None) or 0)


class PlanDetailOut(PlanOut):
    note: str
    lines: list[PlanLineOut]

    @staticmethod
    def resolve_lines(obj: CountryPlan) -> list[PlanLine]:
        return obj.api_lines  # type: ignore[attr-defined, no-any-return]


@router.read("/planning/plans", response=page_of(PlanOut))
def list_plans(
    request: HttpRequest,
    intake_year: Year | None = None,
    status: PlanStatus | None = None,
    limit: Limit = PAGE_DEFAULT,
    offset: Offset = 0,
) -> Any:
    """The versions of the country recruitment plan you may see (missions: the approved and superseded
    ones), newest first, with their total of new participants."""
    qs = plan_selectors.plans_for(request.user, intake_year=intake_year)  # type: ignore[arg-type]
    if status:
        qs = qs.filter(status=status)
    return page(qs, limit=limit, offset=offset)


@router.read("/planning/plans/{plan_id}", response=PlanDetailOut)
def get_plan(request: HttpRequest, plan_id: Id) -> Any:
    """One version of the plan with its lines (new participants by country, job type and language)."""
    plan = plan_selectors.access_plan_by_id(request.user, plan_id)  # type: ignore[arg-type]
    lines = plan_selectors.plan_lines(plan)
    plan.api_lines = lines  # type: ignore[attr-defined]
    plan.n_seats = sum(x.seats for x in lines)  # type: ignore[attr-defined]
    return plan
