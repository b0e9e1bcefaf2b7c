"""Pages of the missions' screening reports to HQ."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from jetpm.core.errors import DomainError
from jetpm.core.http import AuthedRequest
from jetpm.core.scoping import scope_of
from jetpm.core.views import forbid_unless, form_errors_to_messages, paginate
from jetpm.screening.forms.reports import ReportBuildForm
from jetpm.screening.models import MissionReport
from jetpm.screening.permissions import can_decide, can_read_all_reports
from jetpm.screening.selectors import reports as selectors
from jetpm.screening.services import reports as services
from jetpm.screening.states import ReportStatus
from jetpm.screening.views._common import post_only, run


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
    built: list[MissionReport] = []
    if run(
        request,
        lambda: built.append(
            services.build_report(
                actor=request.user,
                mission_id=min(scope.mission_ids),
                intake_year=form.cleaned_data["intake_year"],
            )
        ),
        _("The report was built from the recommended candidates."),
    ):
        return redirect("screening:report_detail", report_id=built[0].pk)
    return redirect("screening:report_list")


@login_required
def report_detail(request: AuthedRequest, report_id: int) -> HttpResponse:
    report = selectors.access_report_by_id(request.user, report_id)
    scope = scope_of(request.user)
    editable = report.status == ReportStatus.DRAFT and can_decide(scope, report.mission_id)
    if request.method == "POST":
        forbid_unless(can_decide(scope, report.mission_id))
        ranks: dict[int, int] = {}
        for key, value in request.POST.items():
            if key.startswith("rank_"):
                try:
                    ranks[int(key[5:])] = int(str(value))
                except ValueError:
                    messages.error(request, _("Rank: enter whole numbers."))
                    return redirect("screening:report_detail", report_id=report.pk)
        try:
            services.reorder(
                actor=request.user, report_id=report.pk, ranks=ranks, note=request.POST.get("note")
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The ranking was saved."))
        return redirect("screening:report_detail", report_id=report.pk)
    return render(
        request,
        "screening/report_detail.html",
        {
            "report": report,
            "entries": paginate(request, selectors.report_entries(report), per_page=200),
            "editable": editable,
            "can_correct": report.status == ReportStatus.SUBMITTED and can_decide(scope, report.mission_id),
        },
    )


@login_required
def report_submit(request: AuthedRequest, report_id: int) -> HttpResponse:
    report = selectors.access_report_by_id(request.user, report_id)
    forbid_unless(can_decide(scope_of(request.user), report.mission_id))
    if (refused := post_only(request)) is not None:
        return refused
    run(
        request,
        lambda: services.submit_report(actor=request.user, report_id=report.pk),
        _("The report was submitted to HQ."),
    )
    return redirect("screening:report_detail", report_id=report.pk)


@login_required
def report_correct(request: AuthedRequest, report_id: int) -> HttpResponse:
    report = selectors.access_report_by_id(request.user, report_id)
    forbid_unless(can_decide(scope_of(request.user), report.mission_id))
    if (refused := post_only(request)) is not None:
        return refused
    created: list[MissionReport] = []
    if run(
        request,
        lambda: created.append(services.new_version(actor=request.user, report_id=report.pk)),
        _("A new version was drafted: it supersedes this report once submitted."),
    ):
        return redirect("screening:report_detail", report_id=created[0].pk)
    return redirect("screening:report_detail", report_id=report.pk)
