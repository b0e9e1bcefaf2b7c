"""Pages of the missions' screening reports to HQ."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from jetpm.core import workflow
from jetpm.core.actions import perform
from jetpm.core.http import AuthedRequest
from jetpm.core.scoping import scope_of
from jetpm.core.views import forbid_unless, form_errors_to_messages, paginate
from jetpm.screening.forms.reports import ReportBuildForm
from jetpm.screening.permissions import can_read_all_reports
from jetpm.screening.selectors import reports as selectors
from jetpm.screening.services import reports as services
from jetpm.screening.views._common import post_only
from jetpm.screening.workflows import REPORTS


@login_required
def report_list(request: AuthedRequest) -> HttpResponse:
    scope = scope_of(request.user)
    forbid_unless(bool(scope.mission_ids) or can_read_all_reports(scope))
    return render(
        request,
        "screening/report_list.html",
        {
            "page": paginate(request, selectors.reports_for(request.user)),
            "build_form": ReportBuildForm() if scope.mission_ids else None,
        },
    )


@login_required
def report_build(request: AuthedRequest) -> HttpResponse:
    scope = scope_of(request.user)
    forbid_unless(bool(scope.mission_ids))
    if (refused := post_only(request)) is not None:
        return refused
    form = ReportBuildForm(request.POST)
    if not form.is_valid():
        form_errors_to_messages(request, form)
        return redirect("screening:report_list")
    built = perform(
        request,
        lambda: services.build_report(
            actor=request.user,
            mission_id=min(scope.mission_ids),
            intake_year=form.cleaned_data["intake_year"],
        ),
        success=_("The report was built from the recommended candidates."),
    ).value
    if built is not None:
        return redirect("screening:report_detail", report_id=built.pk)
    return redirect("screening:report_list")


@login_required
def report_detail(request: AuthedRequest, report_id: int) -> HttpResponse:
    # reading: whoever sees the report; saving the ranking (POST): the mission's staff
    action = "reorder" if request.method == "POST" else None
    report = selectors.access_report_by_id(request.user, report_id, action=action)
    if request.method == "POST":
        ranks: dict[int, int] = {}
        for key, value in request.POST.items():
            if key.startswith("rank_"):
                try:
                    ranks[int(key[5:])] = int(str(value))
                except ValueError:
                    messages.error(request, _("Rank: enter whole numbers."))
                    return redirect("screening:report_detail", report_id=report.pk)
        perform(
            request,
            lambda: services.reorder(
                actor=request.user, report_id=report.pk, ranks=ranks, note=request.POST.get("note")
            ),
            success=_("The ranking was saved."),
        )
        return redirect("screening:report_detail", report_id=report.pk)
    steps = {t.name for t in workflow.available(REPORTS, request.user, report)}
    return render(
        request,
        "screening/report_detail.html",
        {
            "report": report,
            "entries": paginate(request, selectors.report_entries(report), per_page=200),
            # a draft is ranked and submitted, a submitted report corrected: by the mission's staff
            "editable": "submit" in steps,
            "can_correct": "supersede" in steps,
        },
    )


@login_required
def report_submit(request: AuthedRequest, report_id: int) -> HttpResponse:
    report = selectors.access_report_by_id(request.user, report_id, action="submit")
    if (refused := post_only(request)) is not None:
        return refused
    perform(
        request,
        lambda: services.submit_report(actor=request.user, report_id=report.pk),
        success=_("The report was submitted to HQ."),
    )
    return redirect("screening:report_detail", report_id=report.pk)


@login_required
def report_correct(request: AuthedRequest, report_id: int) -> HttpResponse:
    report = selectors.access_report_by_id(request.user, report_id, action="correct")
    if (refused := post_only(request)) is not None:
        return refused
    created = perform(
        request,
        lambda: services.new_version(actor=request.user, report_id=report.pk),
        success=_("A new version was drafted: it supersedes this report once submitted."),
    ).value
    if created is not None:
        return redirect("screening:report_detail", report_id=created.pk)
    return redirect("screening:report_detail", report_id=report.pk)
