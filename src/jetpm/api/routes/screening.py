"""The screening area, for missions' systems: the interviews, and the results a mission records after them
(scopes ``screening:read`` and ``screening:write``), through the same services as the screening pages."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Field, Schema

from jetpm.api.common import PAGE_DEFAULT, Area, Id, Limit, Offset, Text, Year, page_of, personal_page
from jetpm.api.routes.applications import ApplicationOut
from jetpm.applications.intake import selectors as selectors_intake
from jetpm.screening.models import Interview
from jetpm.screening.selectors import interviews as interview_selectors
from jetpm.screening.selectors import review as review_selectors
from jetpm.screening.services import decisions, interviews
from jetpm.screening.states import Stage

router = Area("screening")


class InterviewOut(Schema):
    id: int
    application_id: int
    reference: str
    panel_id: int
    starts_at: datetime
    minutes: int
    mode: str

    @staticmethod
    def resolve_reference(obj: Interview) -> str:
        return obj.application.reference


class InterviewResultIn(Schema):
    passed: bool = Field(..., description="true: recommended by the mission; false: not recommended.")
    reason: Annotated[Text, Field(max_length=500)] = Field("", description="Required when not passed.")


class JapaneseTestIn(Schema):
    tested_on: date
    score: int = Field(..., ge=0, le=100)
    passed: bool
    notes: Annotated[Text, Field(max_length=500)] = ""


class JapaneseTestOut(Schema):
    application_id: int
    tested_on: date
    score: int
    passed: bool


@router.read("/screening/interviews", response=page_of(InterviewOut))
def list_interviews(
    request: HttpRequest,
    intake_year: Year | None = None,
    panel_id: Id | None = None,
    limit: Limit = PAGE_DEFAULT,
    offset: Offset = 0,
) -> Any:
    """The interviews of the applications you may see, by time. Each call is recorded in the audit log."""
    qs = interview_selectors.interviews_of(request.user, intake_year=intake_year, panel_id=panel_id)  # type: ignore[arg-type]
    filters = {"intake_year": intake_year, "panel_id": panel_id}
    return personal_page(request, qs, limit=limit, offset=offset, filters=filters)


@router.endpoint(
    "POST",
    "/screening/applications/{application_id}/interview-result",
    response=ApplicationOut,
    write=True,
    conflicts=("decision",),  # not waiting for this decision: a conflict with its state
)
def record_interview_result(request: HttpRequest, application_id: Id, payload: InterviewResultIn) -> Any:
    """Record the mission's decision after the interview: recommended, or not recommended with a reason. The
    application must be at the interview stage (409 otherwise); the mission's staff decide."""
    app = review_selectors.access_application_by_id(request.user, application_id)  # type: ignore[arg-type]
    decisions.decide(
        actor=request.user,  # type: ignore[arg-type]
        application_id=app.pk,
        stage=Stage.INTERVIEW,
        passed=payload.passed,
        reason=payload.reason,
    )
    return selectors_intake.access_application_status(request.user, app.pk)  # type: ignore[arg-type]


@router.endpoint(
    "PUT",
    "/screening/applications/{application_id}/japanese-test",
    response=JapaneseTestOut,
    write=True,
    conflicts=("application",),  # not a CIR candidate
)
def record_japanese_test(request: HttpRequest, application_id: Id, payload: JapaneseTestIn) -> Any:
    """Record (or correct) the Japanese test of a CIR candidate."""
    app = review_selectors.access_application_by_id(request.user, application_id)  # type: ignore[arg-type]
    return interviews.record_japanese_test(
        actor=request.user,  # type: ignore[arg-type]
        application_id=app.pk,
        tested_on=payload.tested_on,
        score=payload.score,
        passed=payload.passed,
        notes=payload.notes,
    )
