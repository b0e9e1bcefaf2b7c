"""The applications area, for missions' systems: each submitted application's status and key dates (scope
``applications:read``). No documents, no free text, no personal details (those are the person's, under
``core:read``)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Schema

from jetpm.api.common import PAGE_DEFAULT, Area, Id, Limit, Offset, Year, page_of, personal_page
from jetpm.applications.intake import selectors as selectors
from jetpm.applications.models import Application
from jetpm.applications.states import ApplicationStatus
from jetpm.core.states import JobType

router = Area("applications")


class ApplicationOut(Schema):
    id: int
    reference: str
    person_id: int
    intake_year: int
    mission_id: int
    country: str
    job_type: str
    language: str
    status: str
    submitted_at: datetime | None
    status_changed_at: datetime

    @staticmethod
    def resolve_country(obj: Application) -> str:
        return obj.country.code

    @staticmethod
    def resolve_language(obj: Application) -> str:
        return obj.language.code


@router.read("/applications", response=page_of(ApplicationOut))
def list_applications(
    request: HttpRequest,
    intake_year: Year | None = None,
    status: ApplicationStatus | None = None,
    job_type: JobType | None = None,
    mission_id: Id | None = None,
    changed_since: datetime | None = None,
    limit: Limit = PAGE_DEFAULT,
    offset: Offset = 0,
) -> Any:
    """The submitted applications you may see, with their status (``changed_since``: only those whose status
    changed since then, to follow changes). Each call is recorded in the audit log."""
    qs = selectors.application_statuses(
        request.user,  # type: ignore[arg-type]
        intake_year=intake_year,
        statuses=(status,) if status else (),
        job_type=job_type or "",
        mission_id=mission_id,
        changed_since=changed_since,
    )
    filters = {
        "intake_year": intake_year,
        "status": status,
        "job_type": job_type,
        "mission_id": mission_id,
        "changed_since": changed_since.isoformat() if changed_since else None,
    }
    return personal_page(request, qs, limit=limit, offset=offset, filters=filters)


@router.read("/applications/{application_id}", response=ApplicationOut)
def get_application(request: HttpRequest, application_id: Id) -> Any:
    return selectors.access_application_status(request.user, application_id)  # type: ignore[arg-type]
