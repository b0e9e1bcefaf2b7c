"""National demand: what the contracting organisations requested, counted from their request lines."""

from __future__ import annotations

from django.db.models import Sum

from jetpm.planning.models import RequestLine
from jetpm.planning.states import RequestStatus

# Requests that count as demand: everything the contracting organisation has sent (not drafts or returns).
COUNTED = [RequestStatus.SUBMITTED, RequestStatus.FORWARDED, RequestStatus.ACCEPTED]


def demand_by_job_and_language(intake_year: int) -> dict[tuple[str, str], int]:
    """New participants requested for an intake, by (job type, language code). National figures: callers
    check that the user may see national views."""
    rows = (
        RequestLine.objects.filter(request__intake_year=intake_year, request__status__in=COUNTED)
        .order_by()
        .values_list("job_type", "language__code")
        .annotate(n=Sum("new_participants"))
    )
    return {(job, lang): int(n or 0) for job, lang, n in rows}
