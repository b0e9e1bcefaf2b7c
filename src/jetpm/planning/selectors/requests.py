"""Every read of requests (配置要望), scoped through jetpm.core.scoping."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from jetpm.core import workflow
from jetpm.core.access import access
from jetpm.core.errors import NotFound
from jetpm.core.models import AuditEvent, Language, Milestone, Organisation, User
from jetpm.core.scoping import scope_of, visible_to
from jetpm.core.states import JobType, MilestoneKind, OrgKind
from jetpm.planning import permissions as perms
from jetpm.planning.models import PlacementRequest, RequestLine
from jetpm.planning.participants import ContinuingFigures, participants
from jetpm.planning.selectors.windows import RequestsWindow, requests_window, window_is_open
from jetpm.planning.states import REQUEST_EDITABLE
from jetpm.planning.workflows import HOST_ORG_ACTIONS, REQUEST_ACTIONS, REQUESTS, window_refusal

__all__ = ["RequestsWindow", "requests_window", "window_is_open"]  # read here too, by the pages and tests


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


def access_request_by_id(user: User, request_id: int, *, action: str | None = None) -> PlacementRequest:
    """A request the user may see and, with ``action`` (``"edit"`` or a step of the workflow), may act on;
    else :class:`NotFound`."""
    return access(
        user,
        PlacementRequest.objects.select_related(
            "organisation", "organisation__prefecture", "organisation__host_org"
        ),
        action=action,
        actions=REQUEST_ACTIONS,
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


def access_host_org_by_id(user: User, host_id: int, *, action: str | None = None) -> Organisation:
    """A host organisation the user may see and, with ``action="upload"``, whose area's requests they enter
    in bulk; else :class:`NotFound`."""
    return access(
        user,
        Organisation.objects.filter(kind=OrgKind.HOST_ORG),
        action=action,
        actions=HOST_ORG_ACTIONS,
        pk=host_id,
    )


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


def continuing_figures(user: User, *, organisation_id: int, intake_year: int) -> ContinuingFigures:
    """The "continuing" figures of an organisation's request for ``intake_year``: the reappointments its
    round of ``intake_year`` - 1 confirmed (jetpm.appointments, through ``planning.participants``), as the
    user may see them. Two queries."""
    return participants().continuing_figures(user, organisation_id=organisation_id, intake_year=intake_year)


# --- the request's pages: plain data, the views only dispatch -------------------------------------------


@dataclass(frozen=True)
class RequestLines:
    """A request's lines and their totals (the lines table of the detail and lines pages)."""

    lines: list[RequestLine]
    total_new: int
    total_continuing: int


def lines_with_totals(req: PlacementRequest) -> RequestLines:
    lines = request_lines(req)
    return RequestLines(
        lines=lines,
        total_new=sum(x.new_participants for x in lines),
        total_continuing=sum(x.continuing for x in lines),
    )


def request_abilities(user: User, req: PlacementRequest) -> dict[str, bool]:
    """What the user may do with the request now (the detail page's buttons): from the workflow's steps
    available to them, and whether its lines may be changed."""
    window_open = window_is_open(req.intake_year, timezone.localdate())
    steps = {t.name for t in workflow.available(REQUESTS, user, req)}
    return {
        "can_edit": perms.can_edit_request(scope_of(user), req, window_open=window_open),
        "can_submit": "submit" in steps,
        "can_forward": "forward" in steps,
        "can_accept": "accept" in steps,
        "can_return": "return" in steps,
        "window_open": window_open,
    }


def edit_refusal(user: User, req: PlacementRequest) -> str:
    """Why the user, who may edit the organisation's requests, cannot change this one now ("" when they
    can): it was submitted, or the window is not open (MIC/CLAIR staff are not held by the window)."""
    if req.status not in REQUEST_EDITABLE:
        return _("The request is %(status)s and can no longer be changed.") % {
            "status": req.get_status_display().lower()
        }
    if perms.is_request_agency(scope_of(user)):
        return ""
    return window_refusal(req.intake_year)


@dataclass(frozen=True)
class FigureRow:
    """A job type and language the reappointment round confirmed participants in, with the request's line."""

    job_type: str
    language: Language | None
    code: str
    count: int
    line: RequestLine | None
    addable: bool  # a line may be added with this figure (a designated language; SEA lines need a sport)


@dataclass(frozen=True)
class LinesPage:
    """The lines page of a request: its lines, the line being changed, the round's figures, and what the
    form offers (the "continuing" figure of the line it shows, and its job type and language)."""

    lines: RequestLines
    editing: RequestLine | None
    figures: ContinuingFigures
    figure_rows: list[FigureRow]
    offer: bool = False  # the form says where "continuing" comes from
    offer_figure: int | None = None
    offer_initial: dict[str, Any] = field(default_factory=dict)


def lines_page(
    user: User, req: PlacementRequest, *, line: str | None = None, job_type: str = "", language: str = ""
) -> LinesPage:
    """The lines page of a request the user may edit. ``line``: the id of the line being changed (as typed
    in the address; another request's or an unknown one is :class:`NotFound`); ``job_type`` and
    ``language``: a line to offer with the round's figure."""
    editing = None
    if line:
        try:
            editing = request_line(req, int(line))
        except ValueError:
            editing = None
        if editing is None:
            raise NotFound(_("No such line in this request."))
    lines = lines_with_totals(req)
    figures = continuing_figures(user, organisation_id=req.organisation_id, intake_year=req.intake_year)
    offer, figure, initial = False, None, {}
    if editing is not None:
        offer, figure = True, figures.figure(editing.job_type, editing.language.code)
    elif job_type and language:
        offer, figure = True, figures.figure(job_type, language)
        initial = {"job_type": job_type, "language": language}
    return LinesPage(
        lines=lines,
        editing=editing,
        figures=figures,
        figure_rows=figure_rows(figures, lines.lines),
        offer=offer,
        offer_figure=figure,
        offer_initial=initial,
    )


def figure_rows(figures: ContinuingFigures, lines: list[RequestLine]) -> list[FigureRow]:
    """The round's confirmed reappointments by job type and language, with the request's line for each."""
    have = {(x.job_type, x.language.code): x for x in lines}
    languages = {lang.code: lang for lang in designated_languages()}
    rows = []
    for (job, lang), n in sorted(figures.counts.items()):
        language = languages.get(lang)
        rows.append(
            FigureRow(
                job_type=job,
                language=language,
                code=lang,
                count=n,
                line=have.get((job, lang)),
                addable=language is not None and job != JobType.SEA,
            )
        )
    return rows
