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
from jetpm.applications.models import Application
from jetpm.applications.permissions import can_view_intake
from jetpm.applications.services import documents, intake, transitions
from jetpm.applications.states import ApplicationStatus
from jetpm.applications.workflows import APPLICATION_ACTIONS
from jetpm.core import exports
from jetpm.core.actions import perform
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
    outcome = perform(request, lambda: intake.export_applications(actor=request.user, filters=f, fmt=fmt))
    if outcome.value is None:
        return redirect("applications:intake_list")
    content, content_type, name = outcome.value
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
    outcome = perform(
        request,
        lambda: intake.bulk_eligibility(
            actor=request.user, mission_id=form.cleaned_data["mission"].pk, intake_year=year
        ),
    )
    if outcome.value is not None:
        messages.success(
            request,
            _("%(eligible)s eligible, %(ineligible)s ineligible.")
            % {"eligible": outcome.value.eligible, "ineligible": outcome.value.ineligible},
        )
    return redirect(back + "?" + urlencode({"year": year}))


@login_required
def intake_detail(request: AuthedRequest, application_id: int) -> HttpResponse:
    detail = selectors.application_detail(request.user, application_id)
    a = detail.application
    manage = APPLICATION_ACTIONS.allows(request.user, a, "manage")
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


def _managed(request: AuthedRequest, application_id: int) -> Application:
    """The application named in the URL, for one of the intake's actions (404 unless they may manage it)."""
    return selectors.access_application(request.user, application_id, action="manage")


def _back(application_id: int) -> HttpResponse:
    return redirect("applications:intake_detail", application_id=application_id)


@login_required
def intake_status(request: AuthedRequest, application_id: int) -> HttpResponse:
    pk = _managed(request, application_id).pk
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = StatusForm(request.POST)
    if not form.is_valid():
        form_errors_to_messages(request, form)
        return _back(pk)
    to = form.cleaned_data["to"]
    perform(
        request,
        lambda: intake.change_status(
            actor=request.user, application_id=pk, to=to, reason=form.cleaned_data["reason"]
        ),
        success=_("The application is now “%(status)s”.") % {"status": dict(ApplicationStatus.choices)[to]},
    )
    return _back(pk)


@login_required
def intake_document_problem(request: AuthedRequest, application_id: int) -> HttpResponse:
    a = _managed(request, application_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = DocumentProblemForm(request.POST, application=a)
    if not form.is_valid():
        form_errors_to_messages(request, form)
        return _back(a.pk)
    perform(
        request,
        lambda: intake.mark_document_problem(
            actor=request.user,
            document_id=form.cleaned_data["document"].pk,
            problem=form.cleaned_data["problem"],
        ),
        success=_("The problem was noted and the applicant was told."),
    )
    return _back(a.pk)


@login_required
def intake_document_clear(request: AuthedRequest, application_id: int) -> HttpResponse:
    a = _managed(request, application_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = ClearProblemForm(request.POST, application=a)
    if not form.is_valid():
        form_errors_to_messages(request, form)
        return _back(a.pk)
    perform(
        request,
        lambda: intake.clear_document_problem(
            actor=request.user, document_id=form.cleaned_data["document"].pk
        ),
        success=_("The problem was cleared."),
    )
    return _back(a.pk)


@login_required
def intake_upload(request: AuthedRequest, application_id: int) -> HttpResponse:
    pk = _managed(request, application_id).pk
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        form_errors_to_messages(request, form)
        return _back(pk)
    perform(
        request,
        lambda: documents.add_document(
            actor=request.user,
            application_id=pk,
            kind=form.cleaned_data["kind"],
            upload=form.cleaned_data["file"],
        ),
        success=_("The document was added to the application."),
    )
    return _back(pk)
