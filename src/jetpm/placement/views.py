"""Pages of placement. Thin: parse, call one service or selector, render.

CLAIR's staff build, run, review, adjust and publish runs (MIC and MOFA read them); a contracting
organisation sees its own published placements; a participant their own, with the PDF notice and the
decline form. A record named in the URL is looked up in the user's scope first (404 outside it)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jetpm.core import actions, audit, workflow
from jetpm.core.calendar import fiscal_year_label
from jetpm.core.confirm import ask, confirmed
from jetpm.core.http import AuthedRequest
from jetpm.core.scoping import scope_of
from jetpm.core.selectors import access_organisation_by_id
from jetpm.core.views import forbid_unless, form_errors_to_messages, paginate
from jetpm.placement import letters, selectors
from jetpm.placement.forms import AdjustForm, CreateRunForm, DeclineForm
from jetpm.placement.models import PlacementRun
from jetpm.placement.permissions import (
    can_manage_runs,
    can_view_my_placements,
    can_view_runs,
)
from jetpm.placement.services import adjust as adjust_services
from jetpm.placement.services import declines as decline_services
from jetpm.placement.services import runs as run_services
from jetpm.placement.states import DECLINABLE, RunStatus, UnplacedReason
from jetpm.placement.workflows import RUN_ACTIONS, RUNS

SUMMARY_LABELS = {
    "participants": gettext_lazy("Candidates"),
    "seats": gettext_lazy("Seats"),
    "assigned": gettext_lazy("Placed"),
    "unassigned": gettext_lazy("Unplaced"),
    "first_choice": gettext_lazy("First choice"),
    "second_choice": gettext_lazy("Second choice"),
    "third_choice": gettext_lazy("Third choice"),
    "unlisted": gettext_lazy("Unlisted prefecture"),
    "couples_together": gettext_lazy("Couples together"),
    "couples_split": gettext_lazy("Couples split"),
    "blocking_pairs": gettext_lazy("Blocking pairs"),
    "fixed": gettext_lazy("Fixed by hand"),
}


def _run(request: AuthedRequest, run_id: int, action: str = "view") -> PlacementRun:
    return selectors.access_run(request.user, run_id, action=action)


def _steps(request: AuthedRequest, run: PlacementRun) -> set[str]:
    return {t.name for t in workflow.available(RUNS, request.user, run)}


def _create_and_start(request: AuthedRequest, intake_year: int, mode: str) -> PlacementRun:
    run = run_services.create_run(actor=request.user, intake_year=intake_year, mode=mode)
    run_services.start_run(actor=request.user, run_id=run.pk)
    return run


def _summary_rows(summary: dict) -> list[tuple[str, object]]:
    return [(str(label), summary[key]) for key, label in SUMMARY_LABELS.items() if key in summary]


@login_required
def home(request: AuthedRequest) -> HttpResponse:
    scope = scope_of(request.user)
    forbid_unless(can_view_runs(scope))
    year = selectors.default_year()
    if request.method == "POST":
        forbid_unless(can_manage_runs(scope))
        form = CreateRunForm(request.POST)
        if not form.is_valid():
            form_errors_to_messages(request, form)
            return redirect("placement:home")
        created = actions.perform(
            request,
            lambda: _create_and_start(request, form.cleaned_data["intake_year"], form.cleaned_data["mode"]),
            success=_("The run was created and queued for the engine."),
        )
        if not created.ok or created.value is None:
            return redirect("placement:home")
        return redirect("placement:run", run_id=created.value.pk)
    return render(
        request,
        "placement/home.html",
        {
            "page": paginate(request, selectors.runs(request.user)),
            "form": CreateRunForm(initial={"intake_year": year}),
            "can_manage": can_manage_runs(scope),
        },
    )


@login_required
def run_detail(request: AuthedRequest, run_id: int) -> HttpResponse:
    run = _run(request, run_id)
    manage = can_manage_runs(scope_of(request.user))
    stalled = run_services.is_stalled(run)
    steps = _steps(request, run)
    problem = run_services.publishable_problem(run)
    if problem and "publish" in steps:
        messages.warning(request, problem)
    return render(
        request,
        "placement/run_detail.html",
        {
            "run": run,
            "summary": _summary_rows(run.summary or {}),
            "regions": selectors.by_prefecture(run) if run.instance else [],
            "counts": selectors.year_counts(run),
            "declines": list(selectors.declines(run)[:200]),
            "decisions": list(selectors.decisions(run)[:20]),
            "can_start": "start" in steps or (manage and stalled),
            "first_start": run.status == RunStatus.DRAFT,
            "can_publish": "publish" in steps and problem is None,
            "can_correct": "supersede" in steps,
            "can_adjust": RUN_ACTIONS.allows(request.user, run, "adjust") and bool(run.instance),
            **_progress_flags(run, stalled),
        },
    )


@login_required
def run_progress(request: AuthedRequest, run_id: int) -> HttpResponse:
    """The progress fragment, polled by htmx every 2 s while the run is running (not once it stalled)."""
    run = _run(request, run_id)
    stalled = run_services.is_stalled(run)
    response = render(request, "placement/_progress.html", {"run": run, **_progress_flags(run, stalled)})
    if request.headers.get("HX-Request") and run.status not in (RunStatus.RUNNING, RunStatus.FAILED):
        response["HX-Refresh"] = "true"
    return response


def _progress_flags(run: PlacementRun, stalled: bool) -> dict[str, bool]:
    return {
        "running": run.status == RunStatus.RUNNING and not stalled,
        "stalled": stalled,
        "failed": run.status == RunStatus.FAILED,
    }


def _action(request: AuthedRequest, run_id: int, fn: object, success: str) -> HttpResponse:
    run = _run(request, run_id, "manage")
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    done = actions.perform(request, lambda: fn(actor=request.user, run_id=run.pk), success=success)  # type: ignore[operator]
    return redirect("placement:run", run_id=done.value.pk if done.ok and done.value is not None else run.pk)


@login_required
def run_start(request: AuthedRequest, run_id: int) -> HttpResponse:
    return _action(request, run_id, run_services.start_run, _("The engine is running on this run."))


@login_required
def run_publish(request: AuthedRequest, run_id: int) -> HttpResponse:
    run = _run(request, run_id, "publish")
    if request.method == "POST" and "publish" in _steps(request, run) and not confirmed(request):
        problem = run_services.publishable_problem(run)
        if problem:
            messages.error(request, problem)
            return redirect("placement:run", run_id=run.pk)
        people, orgs = run_services.publication_effect(run)
        values = {
            "year": fiscal_year_label(run.intake_year),
            "v": run.version,
            "people": people,
            "orgs": orgs,
        }
        return ask(
            request,
            title=_("Publish the placement of %(year)s, version %(v)s") % values,
            consequences=[
                _(
                    "Publishing sends %(people)s placement notices to participants and %(orgs)s to "
                    "contracting organisations; it cannot be undone."
                )
                % values,
                _(
                    "Each placed participant is appointed to their organisation. Later changes are made in a "
                    "correction run, which notifies only those whose placement changes."
                ),
            ],
            confirm_label=_("Publish and notify"),
            cancel_url=reverse("placement:run", kwargs={"run_id": run.pk}),
        )
    return _action(
        request,
        run_id,
        run_services.publish_run,
        _("The run was published; the participants and the contracting organisations have been notified."),
    )


@login_required
def run_correct(request: AuthedRequest, run_id: int) -> HttpResponse:
    return _action(
        request,
        run_id,
        run_services.create_correction,
        _("A correction run was created from the published run."),
    )


def _row_actions(request: AuthedRequest, run: PlacementRun, page: Any) -> dict[str, bool]:
    """Which row buttons the run's page shows; each row says whether its placement may be declined now."""
    for p in page:
        p.declinable = p.application.status in DECLINABLE
    return {
        "adjust": RUN_ACTIONS.allows(request.user, run, "adjust") and bool(run.instance),
        "decline": can_manage_runs(scope_of(request.user)) and run.status == RunStatus.PUBLISHED,
    }


@login_required
def run_organisations(request: AuthedRequest, run_id: int) -> HttpResponse:
    run = _run(request, run_id)
    return render(
        request,
        "placement/run_organisations.html",
        {"run": run, "page": paginate(request, selectors.organisations(run))},  # type: ignore[arg-type]
    )


@login_required
def run_organisation(request: AuthedRequest, run_id: int, organisation_id: int) -> HttpResponse:
    run = _run(request, run_id)
    org = access_organisation_by_id(request.user, organisation_id)
    page = paginate(request, selectors.placed(run, org.pk))
    return render(
        request,
        "placement/run_organisation.html",
        {"run": run, "org": org, "page": page, **_row_actions(request, run, page)},
    )


@login_required
def run_placed(request: AuthedRequest, run_id: int) -> HttpResponse:
    run = _run(request, run_id)
    page = paginate(request, selectors.placed(run))
    return render(
        request, "placement/run_placed.html", {"run": run, "page": page, **_row_actions(request, run, page)}
    )


@login_required
def run_unplaced(request: AuthedRequest, run_id: int) -> HttpResponse:
    run = _run(request, run_id)
    return render(
        request,
        "placement/run_unplaced.html",
        {"run": run, "page": paginate(request, selectors.unplaced(run)), "reasons": UnplacedReason},
    )


@login_required
def run_adjust(request: AuthedRequest, run_id: int) -> HttpResponse:
    """Move, swap or unplace: first a preview of the effect on the summary, then save with a reason."""
    run = _run(request, run_id, "adjust")
    orgs = selectors.organisation_choices(
        run, request.POST.get("application") or request.GET.get("application", "")
    )
    preview = None
    if request.method == "POST":
        form = AdjustForm(request.POST, organisations=orgs)
        if form.is_valid():
            d = form.cleaned_data
            args = {
                "action": d["action"],
                "application_id": selectors.application_id_by_reference(request.user, run, d["application"]),
                "to_org_id": int(d["to_org"]) if d["to_org"] else None,
                "other_id": selectors.application_id_by_reference(request.user, run, d["other"]),
            }
            if "save" in request.POST:
                saved = actions.perform(
                    request,
                    lambda: adjust_services.adjust(
                        actor=request.user, run_id=run.pk, reason=d["reason"], **args
                    ),
                    success=_("The adjustment was saved."),
                )
                if saved.ok:
                    return redirect("placement:run", run_id=run.pk)
            else:
                preview = actions.perform(request, lambda: adjust_services.simulate(run, **args)).value
        else:
            form_errors_to_messages(request, form)
    else:
        form = AdjustForm(
            initial={
                "application": request.GET.get("application", ""),
                "action": request.GET.get("action", "move"),
            },
            organisations=orgs,
        )
    rows = (
        [(str(SUMMARY_LABELS.get(k, k)), before, after) for k, before, after in preview.rows]
        if preview
        else []
    )
    return render(
        request,
        "placement/adjust.html",
        {"run": run, "form": form, "preview": preview, "rows": rows},
    )


@login_required
def mine(request: AuthedRequest) -> HttpResponse:
    """Published placements: a contracting (or host) organisation's participants, or one's own."""
    scope = scope_of(request.user)
    forbid_unless(can_view_my_placements(scope) or scope.person_id is not None)
    page = paginate(request, selectors.my_placements(request.user))
    own = [p for p in page if scope.person_id is not None and p.application.person_id == scope.person_id]
    return render(
        request,
        "placement/mine.html",
        {
            "page": page,
            "own": own,
            "decline_form": DeclineForm(),
            "declined": selectors.declined_ids([p.application_id for p in own]),
        },
    )


@login_required
def decline(request: AuthedRequest, application_id: int) -> HttpResponse:
    placement = selectors.published_placement(request.user, application_id, action="decline")
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = DeclineForm(request.POST)
    if not form.is_valid():
        form_errors_to_messages(request, form)
    elif (
        not confirmed(request)
        and not actions.perform(
            request,
            lambda: decline_services.check_decline(actor=request.user, application=placement.application),
        ).ok
    ):
        pass  # not available now: the message says why, at once, without asking
    elif not confirmed(request):
        app = placement.application
        values = {"person": app.display_name, "ref": app.reference, "org": placement.contracting_org}
        return ask(
            request,
            title=_("Decline the placement of %(ref)s") % values,
            consequences=[
                _("%(person)s (%(ref)s) gives up the placement at %(org)s; the seat is reopened for others.")
                % values,
                _(
                    "The application is withdrawn and the appointment made at publication is undone; a "
                    "declined placement bars applying next year."
                ),
            ],
            confirm_label=_("Decline the placement"),
            cancel_url=reverse("placement:run", kwargs={"run_id": placement.run_id})
            if can_view_runs(scope_of(request.user))
            else reverse("placement:mine"),
        )
    else:
        actions.perform(
            request,
            lambda: decline_services.decline(
                actor=request.user, application_id=application_id, reason=form.cleaned_data["reason"]
            ),
            success=_("The placement was declined; the seat has been reopened."),
        )
    if can_view_runs(scope_of(request.user)):
        return redirect("placement:run", run_id=placement.run_id)
    return redirect(reverse("placement:mine"))


@login_required
def notice(request: AuthedRequest, application_id: int) -> HttpResponse:
    """The PDF placement notice: the participant, their mission, CLAIR/MIC, the organisation."""
    placement = selectors.published_placement(request.user, application_id, action="notice")
    pdf = letters.notice_pdf(placement)
    audit.record(
        actor=request.user,
        action="placement.notice.download",
        obj=placement,
        person=placement.application.person_id,
        organisation=placement.contracting_org_id,
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="placement-{placement.application.reference}.pdf"'
    return response
