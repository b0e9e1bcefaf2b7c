"""Pages of requests (配置要望) and the national demand view. Thin: parse, call one selector or service,
render."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from jetpm.core import actions, workflow
from jetpm.core.calendar import fiscal_year_label
from jetpm.core.errors import DomainError, PermissionDenied
from jetpm.core.http import AuthedRequest
from jetpm.core.scoping import scope_of
from jetpm.core.views import forbid_unless, form_errors_to_messages, paginate
from jetpm.planning import permissions as perms
from jetpm.planning import xlsx
from jetpm.planning.forms.requests import (
    AreaYearForm,
    DemandForm,
    LineChoiceForm,
    NewRequestForm,
    NoteForm,
    RequestFilterForm,
    RequestLineForm,
    ReturnForm,
    UploadForm,
)
from jetpm.planning.models import PlacementRequest
from jetpm.planning.selectors import demand as demand_selectors
from jetpm.planning.selectors import requests as selectors
from jetpm.planning.services import requests as services
from jetpm.planning.states import REQUEST_EDITABLE
from jetpm.planning.workflows import REQUESTS, require_window


def _call(request: AuthedRequest, fn: Callable[..., Any], **kwargs: Any) -> Any:
    """Run a service (core/actions.py): a refused permission is a 404, any other refusal a message."""
    return actions.perform(request, lambda: fn(actor=request.user, **kwargs)).value


def _detail(req: PlacementRequest) -> HttpResponse:
    return redirect("planning:request_detail", request_id=req.pk)


# --- list, start, detail ----------------------------------------------------------------------------


@login_required
@require_GET
def request_list(request: AuthedRequest) -> HttpResponse:
    scope = scope_of(request.user)
    forbid_unless(perms.can_view_requests(scope))
    form = RequestFilterForm(request.GET or None, years=selectors.request_years())
    d = form.cleaned_data if form.is_valid() else {}
    f = selectors.RequestFilter(
        intake_year=d.get("year"),
        status=d.get("status") or "",
        prefecture=d["prefecture"].code if d.get("prefecture") else "",
        co_kind=d.get("co_kind") or "",
        job_type=d.get("job_type") or "",
        language=d["language"].code if d.get("language") else "",
    )
    today = timezone.localdate()
    open_years = selectors.open_request_years(today)
    my_orgs = list(selectors.user_contracting_orgs(request.user)) if scope.co_ids else []
    my_requests = selectors.my_request_ids(request.user, open_years[0]) if open_years and my_orgs else {}
    hosts = list(selectors.user_host_orgs(request.user)) if scope.host_ids else []
    return render(
        request,
        "planning/requests/list.html",
        {
            "form": form,
            "page": paginate(request, selectors.requests_for(request.user, f)),
            "open_year": open_years[0] if open_years else None,
            "startable": [o for o in my_orgs if o.pk not in my_requests],
            "hosts": hosts,
            "today": today,
        },
    )


@login_required
@require_POST
def request_new(request: AuthedRequest) -> HttpResponse:
    scope = scope_of(request.user)
    forbid_unless(bool(scope.co_ids) or perms.is_request_agency(scope))
    form = NewRequestForm(request.POST, organisations=selectors.user_contracting_orgs(request.user))
    if not form.is_valid():
        form_errors_to_messages(request, form)
        return redirect("planning:request_list")
    req = _call(
        request,
        services.start_request,
        organisation_id=form.cleaned_data["organisation"].pk,
        intake_year=form.cleaned_data["year"],
    )
    if req is None:
        return redirect("planning:request_list")
    return redirect("planning:request_lines", request_id=req.pk)


def _abilities(request: AuthedRequest, req: PlacementRequest) -> dict[str, bool]:
    scope = scope_of(request.user)
    window_open = selectors.window_is_open(req.intake_year, timezone.localdate())
    steps = {t.name for t in workflow.available(REQUESTS, request.user, req)}
    return {
        "can_edit": perms.can_edit_request(scope, req, window_open=window_open),
        "can_submit": "submit" in steps,
        "can_forward": "forward" in steps,
        "can_accept": "accept" in steps,
        "can_return": "return" in steps,
        "window_open": window_open,
    }


def _lines(req: PlacementRequest) -> dict[str, Any]:
    """The request's lines and their totals, for the lines table (detail and lines pages)."""
    lines = selectors.request_lines(req)
    return {
        "lines": lines,
        "total_new": sum(x.new_participants for x in lines),
        "total_continuing": sum(x.continuing for x in lines),
    }


@login_required
@require_GET
def request_detail(request: AuthedRequest, request_id: int) -> HttpResponse:
    req = selectors.access_request_by_id(request.user, request_id)
    return render(
        request,
        "planning/requests/detail.html",
        {
            "req": req,
            **_lines(req),
            "window": selectors.requests_window(req.intake_year),
            "history": paginate(request, selectors.request_history(req), per_page=20),
            "return_form": ReturnForm(),
            **_abilities(request, req),
        },
    )


# --- lines and note ---------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def request_lines(request: AuthedRequest, request_id: int) -> HttpResponse:
    """The request's lines with a form to add one (or, with ``?line=<id>``, to change one)."""
    req = selectors.access_request_by_id(request.user, request_id)
    abilities = _abilities(request, req)
    if not abilities["can_edit"]:
        scope = scope_of(request.user)
        forbid_unless(perms.is_request_writer(scope, req.organisation_id) or perms.is_request_agency(scope))
        if req.status not in REQUEST_EDITABLE:
            messages.error(
                request,
                _("The request is %(status)s and can no longer be changed.")
                % {"status": req.get_status_display().lower()},
            )
        else:
            try:
                require_window(req.intake_year)
            except DomainError as exc:
                messages.error(request, exc.message)
        return _detail(req)
    instance = None
    line_param = request.POST.get("line") if request.method == "POST" else request.GET.get("line")
    if line_param:
        try:
            instance = selectors.request_line(req, int(line_param))
        except ValueError:
            instance = None
        if instance is None:
            raise Http404
    form = RequestLineForm(request.POST or None, instance=instance if request.method == "GET" else None)
    figures = selectors.continuing_figures(
        request.user, organisation_id=req.organisation_id, intake_year=req.intake_year
    )
    if request.method == "GET":
        if instance is not None:
            form.prefill_continuing(
                figures.figure(instance.job_type, instance.language.code), figures.round_year
            )
        elif request.GET.get("job_type") and request.GET.get("language"):
            job, lang = request.GET["job_type"], request.GET["language"]
            form.initial.update({"job_type": job, "language": lang})
            form.prefill_continuing(figures.figure(job, lang), figures.round_year)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.save_line(
                    actor=request.user,
                    request_id=req.pk,
                    line_id=instance.pk if instance is not None else None,
                    data=form.line_data(),
                )
            except PermissionDenied as exc:
                raise Http404 from exc
            except DomainError as exc:
                if exc.field and exc.field in form.fields:
                    form.add_error(exc.field, exc.message)
                else:
                    form.add_error(None, exc.message)
            else:
                messages.success(request, _("The line was saved."))
                return redirect("planning:request_lines", request_id=req.pk)
        status = 400
    return render(
        request,
        "planning/requests/lines.html",
        {
            "req": req,
            **_lines(req),
            "form": form,
            "editing": instance,
            "note_form": NoteForm(initial={"note": req.note}),
            "figures": figures,
            "figure_rows": _figure_rows(figures, selectors.request_lines(req)),
            **abilities,
        },
        status=status,
    )


def _figure_rows(figures: selectors.ContinuingFigures, lines: list[Any]) -> list[dict[str, Any]]:
    """The round's confirmed reappointments by job type and language, with the request's line for each."""
    have = {(x.job_type, x.language.code): x for x in lines}
    languages = {lang.code: lang for lang in selectors.designated_languages()}
    return [
        {
            "job_type": job,
            "language": languages.get(lang),
            "code": lang,
            "count": n,
            "line": have.get((job, lang)),
        }
        for (job, lang), n in sorted(figures.counts.items())
    ]


@login_required
@require_POST
def request_line_delete(request: AuthedRequest, request_id: int) -> HttpResponse:
    req = selectors.access_request_by_id(request.user, request_id)
    form = LineChoiceForm(request.POST)
    if not form.is_valid():
        form_errors_to_messages(request, form)
    elif _call(request, services.delete_line, request_id=req.pk, line_id=form.cleaned_data["line"]):
        messages.success(request, _("The line was removed."))
    return redirect("planning:request_lines", request_id=req.pk)


@login_required
@require_POST
def request_note(request: AuthedRequest, request_id: int) -> HttpResponse:
    req = selectors.access_request_by_id(request.user, request_id)
    form = NoteForm(request.POST)
    if not form.is_valid():
        form_errors_to_messages(request, form)
    elif _call(request, services.update_request_note, request_id=req.pk, note=form.cleaned_data["note"]):
        messages.success(request, _("The note was saved."))
    return redirect("planning:request_lines", request_id=req.pk)


# --- transitions ------------------------------------------------------------------------------------


def _transition(request: AuthedRequest, request_id: int, fn: Callable[..., Any], done: str) -> HttpResponse:
    req = selectors.access_request_by_id(request.user, request_id)
    if _call(request, fn, request_id=req.pk) is not None:
        messages.success(request, done)
    return _detail(req)


@login_required
@require_POST
def request_submit(request: AuthedRequest, request_id: int) -> HttpResponse:
    return _transition(request, request_id, services.submit_request, _("The request was submitted."))


@login_required
@require_POST
def request_forward(request: AuthedRequest, request_id: int) -> HttpResponse:
    return _transition(
        request, request_id, services.forward_request, _("The request was forwarded to MIC/CLAIR.")
    )


@login_required
@require_POST
def request_accept(request: AuthedRequest, request_id: int) -> HttpResponse:
    return _transition(request, request_id, services.accept_request, _("The request was accepted."))


@login_required
@require_POST
def request_return(request: AuthedRequest, request_id: int) -> HttpResponse:
    req = selectors.access_request_by_id(request.user, request_id)
    form = ReturnForm(request.POST)
    if not form.is_valid():
        form_errors_to_messages(request, form)
    elif _call(request, services.return_request, request_id=req.pk, reason=form.cleaned_data["reason"]):
        messages.success(request, _("The request was returned to the contracting organisation."))
    return _detail(req)


@login_required
@require_POST
def request_forward_all(request: AuthedRequest) -> HttpResponse:
    scope = scope_of(request.user)
    forbid_unless(bool(scope.host_ids))
    form = AreaYearForm(request.POST, hosts=selectors.user_host_orgs(request.user))
    if not form.is_valid():
        form_errors_to_messages(request, form)
        return redirect("planning:request_list")
    n = _call(
        request,
        services.forward_all_submitted,
        host_id=form.cleaned_data["host"].pk,
        intake_year=form.cleaned_data["year"],
    )
    if n is not None:
        messages.success(
            request, _("%(count)s submitted request(s) were forwarded to MIC/CLAIR.") % {"count": n}
        )
    return redirect(reverse("planning:request_list") + f"?year={form.cleaned_data['year']}&status=forwarded")


# --- bulk entry -------------------------------------------------------------------------------------


@login_required
@require_GET
def request_template(request: AuthedRequest) -> HttpResponse:
    scope = scope_of(request.user)
    forbid_unless(bool(scope.host_ids))
    form = AreaYearForm(request.GET, hosts=selectors.user_host_orgs(request.user))
    if not form.is_valid():
        form_errors_to_messages(request, form)
        return redirect("planning:request_upload")
    host, year = form.cleaned_data["host"], form.cleaned_data["year"]
    orgs = selectors.area_orgs(host)
    locked = selectors.area_locked_org_ids(host, year)
    content = xlsx.request_template(host, year, orgs, selectors.area_lines(host, year), locked)
    _call(
        request,
        services.record_export,
        action="request_template.export",
        obj=host,
        details={"intake_year": year, "organisations": len(orgs)},
    )
    response = HttpResponse(content, content_type=xlsx.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="requests-{host.code}-{year}.xlsx"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def request_upload(request: AuthedRequest) -> HttpResponse:
    scope = scope_of(request.user)
    forbid_unless(bool(scope.host_ids))
    hosts = selectors.user_host_orgs(request.user)
    open_years = selectors.open_request_years(timezone.localdate())
    initial = {"host": hosts.first(), "year": open_years[0] if open_years else None}
    form = UploadForm(request.POST or None, request.FILES or None, hosts=hosts, initial=initial)
    row_errors: list[str] = []
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                xlsx.check_xlsx(upload, upload.size)
                rows, read_errors = xlsx.parse_request_rows(upload)
                result = services.import_area_lines(
                    actor=request.user,
                    host_id=form.cleaned_data["host"].pk,
                    intake_year=form.cleaned_data["year"],
                    rows=rows,
                    read_errors=read_errors,
                )
            except PermissionDenied as exc:
                raise Http404 from exc
            except services.RowErrors as exc:
                form.add_error("file", exc.message)
                row_errors = exc.errors
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.success(
                    request,
                    _(
                        "Saved %(lines)s line(s) for %(orgs)s organisation(s) as drafts "
                        "(%(created)s new request(s))."
                    )
                    % {
                        "lines": result.lines,
                        "orgs": result.organisations,
                        "created": result.created_requests,
                    },
                )
                year = form.cleaned_data["year"]
                return redirect(reverse("planning:request_list") + f"?year={year}")
    return render(
        request,
        "planning/requests/upload.html",
        {
            "form": form,
            "template_form": AreaYearForm(initial=initial, hosts=hosts),
            "row_errors": row_errors,
            "open_year": open_years[0] if open_years else None,
        },
        status=status,
    )


# --- the national demand view -----------------------------------------------------------------------


@login_required
@require_GET
def demand(request: AuthedRequest) -> HttpResponse:
    scope = scope_of(request.user)
    forbid_unless(perms.can_view_demand(scope))
    form = DemandForm(request.GET or None)
    d = form.cleaned_data if form.is_valid() else {}
    year = d.get("year") or demand_selectors.default_demand_year(timezone.localdate())
    summary = demand_selectors.demand_summary(year)
    fmt = d.get("format") or ""
    if fmt in ("xlsx", "csv"):
        if fmt == "csv":
            content = xlsx.demand_csv(summary)
            content_type = "text/csv; charset=utf-8"
        else:
            content = xlsx.demand_xlsx(summary, demand_selectors.demand_lines(year))
            content_type = xlsx.XLSX_CONTENT_TYPE
        _call(
            request,
            services.record_export,
            action="demand.export",
            obj=demand_selectors.cycle_of(year),
            details={"intake_year": year, "format": fmt},
        )
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="demand-{year}.{fmt}"'
        return response
    return render(
        request,
        "planning/demand.html",
        {
            "form": form,
            "summary": summary,
            "year": year,
            "year_label": fiscal_year_label(year),
            "years": demand_selectors.demand_years(),
            "sections": [
                ("job_type", _("By job type"), summary.by_job_type),
                ("language", _("By language"), summary.by_language),
                ("prefecture", _("By prefecture"), summary.by_prefecture),
                ("co_kind", _("By kind of organisation"), summary.by_co_kind),
            ],
        },
    )
