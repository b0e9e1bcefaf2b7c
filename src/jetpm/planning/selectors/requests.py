"""Every read of requests (配置要望), scoped through jetpm.core.scoping."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum

from jetpm.appointments.reappointment.selectors import reappointed_in_round
from jetpm.appointments.selectors import terms_for
from jetpm.appointments.states import DecisionStatus, TermStatus
from jetpm.core.models import AuditEvent, Language, Milestone, Organisation, User
from jetpm.core.scoping import get_visible_or_404, scope_of, visible_to
from jetpm.core.states import MilestoneKind, OrgKind
from jetpm.planning.models import PlacementRequest, RequestLine
from jetpm.planning.states import REQUEST_EDITABLE


@dataclass(frozen=True)
class RequestsWindow:
    intake_year: int
    starts_on: date
    ends_on: date

    def is_open(self, on: date) -> bool:
        return self.starts_on <= on <= self.ends_on


def requests_window(intake_year: int) -> RequestsWindow | None:
    """The requests milestone of the intake's recruitment cycle (None when the cycle does not exist)."""
    row = (
        Milestone.objects.filter(cycle__intake_year=intake_year, kind=MilestoneKind.REQUESTS)
        .values_list("starts_on", "ends_on")
        .first()
    )
    return RequestsWindow(intake_year, row[0], row[1]) if row else None


def window_is_open(intake_year: int, on: date) -> bool:
    window = requests_window(intake_year)
    return window is not None and window.is_open(on)


def open_request_years(on: date) -> list[int]:
    """The intake years whose requests window is open on a day, latest first."""
    return list(
        Milestone.objects.filter(kind=MilestoneKind.REQUESTS, starts_on__lte=on, ends_on__gte=on)
        .order_by("-cycle__intake_year")
        .values_list("cycle__intake_year", flat=True)
    )


def request_years() -> list[int]:
    """Intake years that have a cycle or a request, latest first (for filters)."""
    years = set(
        Milestone.objects.filter(kind=MilestoneKind.REQUESTS).values_list("cycle__intake_year", flat=True)
    )
    years |= set(PlacementRequest.objects.order_by().values_list("intake_year", flat=True).distinct())
    return sorted(years, reverse=True)


@dataclass(frozen=True)
class RequestFilter:
    intake_year: int | None = None
    status: str = ""
    prefecture: str = ""  # JIS code
    co_kind: str = ""
    job_type: str = ""
    language: str = ""  # ISO code
    host_id: int | None = None


def requests_for(user: User, f: RequestFilter | None = None) -> QuerySet[PlacementRequest]:
    """The requests the user may see, with their totals (of the lines matching the job type/language)."""
    f = f or RequestFilter()
    qs = visible_to(user, PlacementRequest).select_related(
        "organisation", "organisation__prefecture", "organisation__host_org"
    )
    if f.intake_year:
        qs = qs.filter(intake_year=f.intake_year)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.prefecture:
        qs = qs.filter(organisation__prefecture__code=f.prefecture)
    if f.co_kind:
        qs = qs.filter(organisation__co_kind=f.co_kind)
    if f.host_id:
        qs = qs.filter(organisation__host_org_id=f.host_id)
    line_q = Q()
    if f.job_type:
        line_q &= Q(lines__job_type=f.job_type)
    if f.language:
        line_q &= Q(lines__language__code=f.language)
    if f.job_type or f.language:
        matching = RequestLine.objects.filter(request=OuterRef("pk"))
        if f.job_type:
            matching = matching.filter(job_type=f.job_type)
        if f.language:
            matching = matching.filter(language__code=f.language)
        qs = qs.filter(Exists(matching))
    return qs.annotate(
        total_new=Sum("lines__new_participants", filter=line_q),
        total_continuing=Sum("lines__continuing", filter=line_q),
        n_lines=Count("lines", filter=line_q),
    ).order_by("-intake_year", "organisation__prefecture__code", "organisation__code")


def access_request_by_id(user: User, request_id: int) -> PlacementRequest:
    return get_visible_or_404(
        user,
        PlacementRequest.objects.select_related(
            "organisation", "organisation__prefecture", "organisation__host_org"
        ),
        pk=request_id,
    )


def request_lines(req: PlacementRequest) -> list[RequestLine]:
    """The lines of a request the caller already holds (from :func:`access_request_by_id`)."""
    return list(req.lines.select_related("language").order_by("job_type", "language__code"))


def request_line(req: PlacementRequest, line_id: int) -> RequestLine | None:
    return req.lines.select_related("language").filter(pk=line_id).first()


def request_history(req: PlacementRequest) -> QuerySet[AuditEvent]:
    """The audit events of a request the caller already holds: its own history is part of the record."""
    return AuditEvent.objects.filter(
        object_type=PlacementRequest._meta.label, object_id=str(req.pk)
    ).order_by("-at", "-id")


def designated_languages() -> QuerySet[Language]:
    return Language.objects.filter(designated=True).order_by("code")


def user_host_orgs(user: User) -> QuerySet[Organisation]:
    """The host organisations the user coordinates (for bulk entry)."""
    return (
        visible_to(user, Organisation)
        .filter(kind=OrgKind.HOST_ORG, pk__in=scope_of(user).host_ids)
        .order_by("code")
    )


def user_contracting_orgs(user: User) -> QuerySet[Organisation]:
    """The contracting organisations the user acts for directly (whose requests they write)."""
    return (
        visible_to(user, Organisation)
        .filter(kind=OrgKind.CONTRACTING_ORG, pk__in=scope_of(user).co_ids)
        .order_by("code")
    )


def access_host_org_by_id(user: User, host_id: int) -> Organisation:
    return get_visible_or_404(user, Organisation.objects.filter(kind=OrgKind.HOST_ORG), pk=host_id)


def area_orgs(host: Organisation) -> list[Organisation]:
    """The contracting organisations of a host organisation's area (the caller holds the host)."""
    return list(
        Organisation.objects.filter(kind=OrgKind.CONTRACTING_ORG, host_org=host, is_active=True).order_by(
            "code"
        )
    )


def area_lines(host: Organisation, intake_year: int) -> dict[int, list[RequestLine]]:
    """The lines of the area's requests of a year, by contracting organisation id (for the template)."""
    out: dict[int, list[RequestLine]] = {}
    rows = (
        RequestLine.objects.filter(request__organisation__host_org=host, request__intake_year=intake_year)
        .select_related("language", "request")
        .order_by("request__organisation__code", "job_type", "language__code")
    )
    for line in rows:
        out.setdefault(line.request.organisation_id, []).append(line)
    return out


def area_locked_org_ids(host: Organisation, intake_year: int) -> set[int]:
    """The contracting organisations of the area whose request of the year can no longer be changed."""
    return set(
        PlacementRequest.objects.filter(organisation__host_org=host, intake_year=intake_year)
        .exclude(status__in=REQUEST_EDITABLE)
        .values_list("organisation_id", flat=True)
    )


def my_request_ids(user: User, intake_year: int) -> dict[int, int]:
    """Contracting organisation id → request id of the year, for the organisations the user writes for."""
    return dict(
        visible_to(user, PlacementRequest)
        .filter(intake_year=intake_year, organisation_id__in=scope_of(user).co_ids)
        .values_list("organisation_id", "id")
    )


@dataclass(frozen=True)
class ContinuingFigures:
    """What the reappointment round held in ``round_year`` says about an organisation's participants
    continuing into the intake year ``round_year`` + 1: the confirmed reappointments by (job type, language
    code; "" for none) and how many of the round's decisions are still pending."""

    round_year: int
    counts: dict[tuple[str, str], int]
    serving: int
    pending: int

    def figure(self, job_type: str, language: str) -> int | None:
        """The confirmed reappointments of a line (SEA: of every language), None when the round has none."""
        if job_type == "SEA":
            n = sum(v for (job, _lang), v in self.counts.items() if job == job_type)
        else:
            n = self.counts.get((job_type, language), 0)
        return n or None


def continuing_figures(user: User, *, organisation_id: int, intake_year: int) -> ContinuingFigures:
    """The "continuing" figures of an organisation's request for ``intake_year``: the reappointments its
    round of ``intake_year`` - 1 confirmed (jetpm.appointments), as the user may see them. Two queries."""
    round_year = intake_year - 1
    rows = (
        reappointed_in_round(user, round_year)
        .filter(term__contracting_org_id=organisation_id)
        .order_by()
        .values_list("term__job_type", "term__language__code")
        .annotate(n=Count("id"))
    )
    counts = {(job, lang or ""): n for job, lang, n in rows}
    serving = (
        terms_for(user)
        .filter(contracting_org_id=organisation_id, fiscal_year=round_year)
        .exclude(status__in=[TermStatus.RESIGNED, TermStatus.DISMISSED])
        .aggregate(
            n=Count("id"),
            decided=Count("id", filter=Q(reappointment__status=DecisionStatus.DECIDED)),
        )
    )
    return ContinuingFigures(
        round_year=round_year,
        counts=counts,
        serving=serving["n"],
        pending=serving["n"] - serving["decided"],
    )
