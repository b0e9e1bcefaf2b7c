"""Pages of the missions' intake: the list (filters, export, bulk eligibility check) and one application's
detail with the actions the user may take. Thin: parse a form, call one selector or service, render."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseNotAllowed
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from jetpm.applications.intake import selectors
from jetpm.applications.intake.forms import (
    BulkEligibilityForm,
    ClearProblemForm,
    DocumentProblemForm,
    ExportForm,
    IntakeFilterForm,
    StatusForm,
    UploadForm,
)
from jetpm.applications.permissions import can_manage_intake, can_view_intake
from jetpm.applications.services import documents, intake, transitions
from jetpm.applications.states import ApplicationStatus
from jetpm.core import exports
from jetpm.core.errors import DomainError
from jetpm.core.http import AuthedRequest
from jetpm.core.scoping import scope_of
from jetpm.core.views import forbid_unless, form_errors_to_messages, paginate_ids


def _filters(request: AuthedRequest) -> tuple[IntakeFilterForm, selectors.IntakeFilter]:
    form = IntakeFilterForm(request.GET or None, user=request.user)
    return form, form.to_filter()


@login_required
def intake_list(request: AuthedRequest) -> HttpResponse:
    scope = scope_of(request.user)
    forbid_unless(can_view_intake(scope))
    form, f = _filters(request)
    query = request.GET.copy()
    query.pop("page", None)
    bulk_form = (
        BulkEligibilityForm(user=request.user, years=form.years, initial={"year": f.intake_year})
        if scope.mission_ids
        else None
    )
    return render(
        request,
        "applications/intake/list.html",
        {
            "form": form,
            "filters": f,
            "page": paginate_ids(request, selectors.applications_for(request.user, f)),
            "required_count": selectors.REQUIRED_COUNT,
            "export_query": query.urlencode(),
            "bulk_form": bulk_form,
        },
    )


@login_required
def intake_export(request: AuthedRequest) -> HttpResponseBase:
    forbid_unless(can_view_intake(scope_of(request.user)))
    _form, f = _filters(request)
    fmt_form = ExportForm(request.GET)
    fmt = fmt_form.cleaned_data["format"] if fmt_form.is_valid() else ""
    try:
        content, content_type, name = intake.export_applications(actor=request.user, filters=f, fmt=fmt)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("applications:intake_list")
    return exports.download_any(content, filename=name, content_type=content_type)


@login_required
def intake_bulk_eligibility(request: AuthedRequest) -> HttpResponse:
    forbid_unless(can_view_intake(scope_of(request.user)))
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = BulkEligibilityForm(request.POST, user=request.user)
    back = reverse("applications:intake_list")
    if not form.is_valid():
        form_errors_to_messages(request, form)
        return redirect(back)
    year = form.cleaned_data["year"]
    try:
        result = intake.bulk_eligibility(
            actor=request.user, mission_id=form.cleaned_data["mission"].pk, intake_year=year
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("%(eligible)s eligible, %(ineligible)s ineligible.")
            % {"eligible": result.eligible, "ineligible": result.ineligible},
        )
    return redirect(back + "?" + urlencode({"year": year}))


@login_required
def intake_detail(request: AuthedRequest, application_id: int) -> HttpResponse:
    forbid_unless(can_view_intake(scope_of(request.user)))
    detail = selectors.application_detail(request.user, application_id)
    a = detail.application
    manage = can_manage_intake(scope_of(request.user), a)
    targets = [t for t in transitions.allowed_targets(request.user, a) if t in intake.INTAKE_TARGETS]
    labels = dict(ApplicationStatus.choices)
    return render(
        request,
        "applications/intake/detail.html",
        {
            "a": a,
            "detail": detail,
            "required_count": selectors.REQUIRED_COUNT,
            "manage": manage,
            "actions": [(t, labels[t], StatusForm(initial={"to": t})) for t in targets],
            "problem_form": DocumentProblemForm(application=a) if manage and detail.documents else None,
            "upload_form": UploadForm() if manage else None,
        },
    )


def _application_for_action(request: AuthedRequest, application_id: int) -> int:
    """The application named in the URL (404 outside the user's scope) for a POST action."""
    forbid_unless(can_view_intake(scope_of(request.user)))
    return selectors.access_application(request.user, application_id).pk


def _back(application_id: int) -> HttpResponse:
    return redirect("applications:intake_detail", application_id=application_id)


@login_required
def intake_status(request: AuthedRequest, application_id: int) -> HttpResponse:
    pk = _application_for_action(request, application_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = StatusForm(request.POST)
    if not form.is_valid():
        form_errors_to_messages(request, form)
        return _back(pk)
    to = form.cleaned_data["to"]
    try:
        intake.change_status(actor=request.user, application_id=pk, to=to, reason=form.cleaned_data["reason"])
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("The application is now “%(status)s”.") % {"status": dict(ApplicationStatus.choices)[to]},
        )
    return _back(pk)


@login_required
def intake_document_problem(request: AuthedRequest, application_id: int) -> HttpResponse:
    forbid_unless(can_view_intake(scope_of(request.user)))
    a = selectors.access_application(request.user, application_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = DocumentProblemForm(request.POST, application=a)
    if not form.is_valid():
        form_errors_to_messages(request, form)
        return _back(a.pk)
    try:
        intake.mark_document_problem(
            actor=request.user,
            document_id=form.cleaned_data["document"].pk,
            problem=form.cleaned_data["problem"],
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The problem was noted and the applicant was told."))
    return _back(a.pk)


@login_required
def intake_document_clear(request: AuthedRequest, application_id: int) -> HttpResponse:
    forbid_unless(can_view_intake(scope_of(request.user)))
    a = selectors.access_application(request.user, application_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = ClearProblemForm(request.POST, application=a)
    if not form.is_valid():
        form_errors_to_messages(request, form)
        return _back(a.pk)
    try:
        intake.clear_document_problem(actor=request.user, document_id=form.cleaned_data["document"].pk)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The problem was cleared."))
    return _back(a.pk)


@login_required
def intake_upload(request: AuthedRequest, application_id: int) -> HttpResponse:
    pk = _application_for_action(request, application_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        form_errors_to_messages(request, form)
        return _back(pk)
    try:
        documents.add_document(
            actor=request.user,
            application_id=pk,
            kind=form.cleaned_data["kind"],
            upload=form.cleaned_data["file"],
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The document was added to the application."))
    return _back(pk)
