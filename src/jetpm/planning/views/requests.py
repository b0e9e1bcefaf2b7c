"""Pages of requests (配置要望) and the national demand view. Thin: parse, call one selector or service,
render."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from jetpm.core import actions
from jetpm.core.calendar import fiscal_year_label
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


def _call(request: AuthedRequest, fn: Callable[..., Any], **kwargs: Any) -> Any:
    """Run a service as the user (core/actions.py): its value, or None when refused (the page was told)."""
    return actions.perform(request, lambda: fn(actor=request.user, **kwargs)).value


def _detail(req: PlacementRequest) -> HttpResponse:
    return redirect("planning:request_detail", request_id=req.pk)


def _refused(request: AuthedRequest, req: PlacementRequest) -> bool:
    """A change posted from a lines page left open after the request moved on (or its window closed): the
    reason, once, and back to the request (not to the lines page, which would say it again)."""
    refusal = selectors.edit_refusal(request.user, req)
    if refusal:
        messages.error(request, refusal)
    return bool(refusal)


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


@login_required
@require_GET
def request_detail(request: AuthedRequest, request_id: int) -> HttpResponse:
    req = selectors.access_request_by_id(request.user, request_id)
    lines = selectors.lines_with_totals(req)
    return render(
        request,
        "planning/requests/detail.html",
        {
            "req": req,
            "lines": lines.lines,
            "total_new": lines.total_new,
            "total_continuing": lines.total_continuing,
            "window": selectors.requests_window(req.intake_year),
            "history": paginate(request, selectors.request_history(req), per_page=20),
            "return_form": ReturnForm(),
            **selectors.request_abilities(request.user, req),
        },
    )


# --- lines and note ---------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def request_lines(request: AuthedRequest, request_id: int) -> HttpResponse:
    """The request's lines with a form to add one (or, with ``?line=<id>``, to change one)."""
    req = selectors.access_request_by_id(request.user, request_id, action="edit")
    if _refused(request, req):
        return _detail(req)
    posted = request.method == "POST"
    page = selectors.lines_page(
        request.user,
        req,
        line=(request.POST if posted else request.GET).get("line"),
        job_type="" if posted else request.GET.get("job_type", ""),
        language="" if posted else request.GET.get("language", ""),
    )
    form = RequestLineForm(request.POST or None, instance=None if posted else page.editing)
    if page.offer and not posted:
        form.initial.update(page.offer_initial)
        form.prefill_continuing(page.offer_figure, page.figures.round_year)
    if posted and form.is_valid():
        editing = page.editing
        outcome = actions.perform_form(
            request,
            form,
            lambda: services.save_line(
                actor=request.user,
                request_id=req.pk,
                line_id=editing.pk if editing is not None else None,
                data=form.line_data(),
            ),
            success=_("The line was saved."),
        )
        if outcome.ok:
            return redirect("planning:request_lines", request_id=req.pk)
    return render(
        request,
        "planning/requests/lines.html",
        {
            "req": req,
            "lines": page.lines.lines,
            "total_new": page.lines.total_new,
            "total_continuing": page.lines.total_continuing,
            "form": form,
            "editing": page.editing,
            "note_form": NoteForm(initial={"note": req.note}),
            "figures": page.figures,
            "figure_rows": page.figure_rows,
        },
        status=400 if posted else 200,
    )


@login_required
@require_POST
def request_line_delete(request: AuthedRequest, request_id: int) -> HttpResponse:
    req = selectors.access_request_by_id(request.user, request_id, action="edit")
    if _refused(request, req):
        return _detail(req)
    form = LineChoiceForm(request.POST)
    if not form.is_valid():
        form_errors_to_messages(request, form)
    elif _call(request, services.delete_line, request_id=req.pk, line_id=form.cleaned_data["line"]):
        messages.success(request, _("The line was removed."))
    return redirect("planning:request_lines", request_id=req.pk)


@login_required
@require_POST
def request_note(request: AuthedRequest, request_id: int) -> HttpResponse:
    req = selectors.access_request_by_id(request.user, request_id, action="edit")
    if _refused(request, req):
        return _detail(req)
    form = NoteForm(request.POST)
    if not form.is_valid():
        form_errors_to_messages(request, form)
    elif _call(request, services.update_request_note, request_id=req.pk, note=form.cleaned_data["note"]):
        messages.success(request, _("The note was saved."))
    return redirect("planning:request_lines", request_id=req.pk)


# --- transitions ------------------------------------------------------------------------------------


def _transition(
    request: AuthedRequest, request_id: int, step: str, fn: Callable[..., Any], done: str
) -> HttpResponse:
    req = selectors.access_request_by_id(request.user, request_id, action=step)
    if _call(request, fn, request_id=req.pk) is not None:
        messages.success(request, done)
    return _detail(req)


@login_required
@require_POST
def request_submit(request: AuthedRequest, request_id: int) -> HttpResponse:
    return _transition(
        request, request_id, "submit", services.submit_request, _("The request was submitted.")
    )


@login_required
@require_POST
def request_forward(request: AuthedRequest, request_id: int) -> HttpResponse:
    return _transition(
        request, request_id, "forward", services.forward_request, _("The request was forwarded to MIC/CLAIR.")
    )


@login_required
@require_POST
def request_accept(request: AuthedRequest, request_id: int) -> HttpResponse:
    return _transition(request, request_id, "accept", services.accept_request, _("The request was accepted."))


@login_required
@require_POST
def request_return(request: AuthedRequest, request_id: int) -> HttpResponse:
    req = selectors.access_request_by_id(request.user, request_id, action="return")
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
            request,
            ngettext(
                "%(count)s submitted request was forwarded to MIC/CLAIR.",
                "%(count)s submitted requests were forwarded to MIC/CLAIR.",
                n,
            )
            % {"count": n},
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
            outcome = actions.perform_form(request, form, lambda: _import(request, form))
            if isinstance(outcome.error, services.RowErrors):
                row_errors = outcome.error.errors
            if outcome.ok and outcome.value is not None:
                result = outcome.value
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


def _import(request: AuthedRequest, form: UploadForm) -> services.ImportResult:
    """Read the uploaded workbook and write its lines (refused as a whole: the file, its rows, the window)."""
    upload = form.cleaned_data["file"]
    xlsx.check_xlsx(upload, upload.size)
    rows, read_errors = xlsx.parse_request_rows(upload)
    return services.import_area_lines(
        actor=request.user,
        host_id=form.cleaned_data["host"].pk,
        intake_year=form.cleaned_data["year"],
        rows=rows,
        read_errors=read_errors,
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
