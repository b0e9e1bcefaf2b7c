"""Pages of reviews: an application seen by a member (scores, conflicts), the panel's score sheet, the
chair's resolutions, and the mission's stage decisions and Japanese tests."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from jetpm.applications.models import Application
from jetpm.applications.permissions import is_hq
from jetpm.core.actions import perform, perform_form
from jetpm.core.http import AuthedRequest
from jetpm.core.scoping import scope_of
from jetpm.core.states import JobType
from jetpm.core.views import form_errors_to_messages, paginate
from jetpm.screening.forms.interviews import SlotForm
from jetpm.screening.forms.review import (
    ConflictForm,
    CutoffForm,
    DecisionForm,
    JapaneseTestForm,
    ResolveForm,
    ReviewForm,
)
from jetpm.screening.models import Panel, Review
from jetpm.screening.permissions import can_decide, can_resolve, panel_of
from jetpm.screening.selectors import panels as panel_selectors
from jetpm.screening.selectors import review as selectors
from jetpm.screening.services import decisions, interviews, reviews
from jetpm.screening.states import INVITED_FROM, Stage, reviewed_stage, stage_for_status
from jetpm.screening.views._common import post_only
from jetpm.screening.workflows import review_locked


@login_required
def application(request: AuthedRequest, application_id: int) -> HttpResponse:
    """The application as a panel member sees it (read-only), with their review of the current stage."""
    app = selectors.access_application_by_id(request.user, application_id, action="view")
    panel = panel_of(app)
    is_member = selectors.sits_on(request.user, panel)
    stage = stage_for_status(app.status)
    review = selectors.my_review(request.user, app, stage) if stage else None
    if not (is_member and stage):
        if request.method == "POST":
            messages.error(request, _("There is nothing to score for you at this stage."))
            return redirect("screening:application", application_id=app.pk)
        return render(
            request,
            "screening/application.html",
            _context(request, app, panel, is_member, stage, review, None),
        )
    criteria = reviews.criteria_of(app.intake_year, stage)
    initial = {f"score_{k}": v for k, v in (review.scores if review else {}).items()}
    initial["comment"] = review.comment if review else ""
    form = ReviewForm(request.POST or None, criteria=criteria, initial=initial)
    if request.method == "POST":
        if review_locked(review):
            messages.error(request, _("This review was submitted and is locked: it cannot be changed."))
            return redirect("screening:application", application_id=app.pk)
        submit = "submit" in request.POST
        if form.is_valid():
            if perform_form(
                request,
                form,
                lambda: reviews.save_review(
                    actor=request.user,
                    application_id=app.pk,
                    stage=stage,
                    scores=form.scores(),
                    comment=form.cleaned_data["comment"],
                    submit=submit,
                ),
                success=_("Your review was submitted.") if submit else _("Your draft was saved."),
            ).ok:
                return redirect("screening:application", application_id=app.pk)
        else:  # the scale's rules too, so every error shows at once
            valid = {k: v for k, v in form.scores().items() if f"score_{k}" not in form.errors}
            for name, message in reviews.score_errors(criteria, valid, complete=submit):
                if name not in form.errors:
                    form.add_error(name if name in form.fields else None, message)
        return render(
            request,
            "screening/application.html",
            _context(request, app, panel, is_member, stage, review, form),
            status=400,
        )
    return render(
        request, "screening/application.html", _context(request, app, panel, is_member, stage, review, form)
    )


def _scores_by_name(app: Application, stage: str | None, review: Review | None) -> list[tuple[str, Any]]:
    """A review's scores by the criteria's names in the reader's language, not by their codes."""
    if review is None or not stage:
        return []
    ja = (get_language() or "ja").startswith("ja")
    names = {c.code: c.name_ja if ja else c.name_en for c in reviews.criteria_of(app.intake_year, stage)}
    return [(names.get(code, code), score) for code, score in review.scores.items()]


def _context(
    request: AuthedRequest,
    app: Application,
    panel: Panel | None,
    is_member: bool,
    stage: Stage | None,
    review: Review | None,
    form: ReviewForm | None,
) -> dict[str, Any]:
    scope = scope_of(request.user)
    decide = can_decide(scope, app.mission_id)
    # the mission's decision waits at the stage being scored
    return {
        "app": app,
        "panel": panel,
        "is_member": is_member,
        "stage": stage,
        "stage_label": stage.label if stage else "",
        "review": review,
        "locked": review_locked(review),
        "review_scores": _scores_by_name(app, stage, review),
        "form": form,
        "my_reviews": selectors.my_reviews(request.user, app),
        "documents": app.documents.order_by("kind", "pk"),
        "conflict_form": ConflictForm() if is_member else None,
        "can_decide": decide,
        "decision_form": DecisionForm(initial={"stage": stage}) if decide and stage else None,
        "waiting_stage": stage,
        "slot_form": SlotForm() if decide and app.status == INVITED_FROM else None,
        "jt_form": JapaneseTestForm() if decide and app.job_type == JobType.CIR else None,
        "japanese_test": getattr(app, "japanese_test", None) if decide or is_hq(scope) else None,
        "interview": getattr(app, "interview", None),
    }


@login_required
def conflict(request: AuthedRequest, application_id: int) -> HttpResponse:
    app = selectors.access_application_by_id(request.user, application_id)
    if (refused := post_only(request)) is not None:
        return refused
    form = ConflictForm(request.POST)
    if not form.is_valid():
        form_errors_to_messages(request, form)
        return redirect("screening:application", application_id=app.pk)
    if perform(
        request,
        lambda: reviews.declare_conflict(
            actor=request.user, application_id=app.pk, reason=form.cleaned_data["reason"]
        ),
        success=_("Your conflict of interest was recorded: the application is no longer shown to you."),
    ).ok:
        return redirect("screening:queue")
    return redirect("screening:application", application_id=app.pk)


@login_required
def score_sheet(request: AuthedRequest, panel_id: int) -> HttpResponse:
    panel = panel_selectors.access_panel_by_id(request.user, panel_id, action="read_sheet")
    scope = scope_of(request.user)
    stage = reviewed_stage(request.GET.get("stage"))
    members = panel_selectors.panel_members(panel)
    page = paginate(request, selectors.score_sheet_applications(request.user, panel, stage))
    return render(
        request,
        "screening/score_sheet.html",
        {
            "panel": panel,
            "stage": stage,
            "stage_label": stage.label,
            "other_stage": Stage.INTERVIEW if stage == Stage.DOCUMENTS else Stage.DOCUMENTS,
            "members": members,
            "page": page,
            "rows": selectors.sheet_rows(page.object_list, members, panel),
            "can_resolve": can_resolve(scope, panel),
            "can_decide": can_decide(scope, panel.mission_id),
            "cutoff_form": CutoffForm(initial={"stage": stage}),
        },
    )


def _sheet_url(panel_id: int, stage: str) -> str:
    return f"{reverse('screening:score_sheet', kwargs={'panel_id': panel_id})}?stage={stage}"


@login_required
def resolve(request: AuthedRequest, application_id: int) -> HttpResponse:
    app = selectors.access_application_by_id(request.user, application_id, action="resolve")
    if (refused := post_only(request)) is not None:
        return refused
    panel = panel_of(app)
    assert panel is not None  # the "resolve" action needs a panel
    form = ResolveForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        perform(
            request,
            lambda: reviews.resolve(
                actor=request.user, application_id=app.pk, stage=d["stage"], score=d["score"], note=d["note"]
            ),
            success=_("The resolution was saved."),
        )
        stage = d["stage"]
    else:
        form_errors_to_messages(request, form)
        stage = Stage.DOCUMENTS
    return redirect(_sheet_url(panel.pk, stage))


@login_required
def decide(request: AuthedRequest, application_id: int) -> HttpResponse:
    app = selectors.access_application_by_id(request.user, application_id, action="decide")
    if (refused := post_only(request)) is not None:
        return refused
    form = DecisionForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        perform(
            request,
            lambda: decisions.decide(
                actor=request.user,
                application_id=app.pk,
                stage=d["stage"],
                passed=d["passed"],
                reason=d["reason"],
            ),
            success=_("The decision was recorded."),
        )
    else:
        form_errors_to_messages(request, form)
    return redirect("screening:application", application_id=app.pk)


@login_required
def cutoff(request: AuthedRequest, panel_id: int) -> HttpResponse:
    panel = panel_selectors.access_panel_by_id(request.user, panel_id, action="decide")
    if (refused := post_only(request)) is not None:
        return refused
    form = CutoffForm(request.POST)
    stage = reviewed_stage(request.POST.get("stage"))
    if form.is_valid():
        d = form.cleaned_data
        outcome = perform(
            request,
            lambda: decisions.decide_by_cutoff(
                actor=request.user,
                panel_id=panel.pk,
                stage=d["stage"],
                cutoff=d["cutoff"],
                reason=d["reason"],
            ),
            success=_("The decisions were recorded."),
        )
        if outcome.value is not None:
            passed, failed = outcome.value
            messages.info(
                request,
                _("%(passed)s passed, %(failed)s not recommended.") % {"passed": passed, "failed": failed},
            )
    else:
        form_errors_to_messages(request, form)
    return redirect(_sheet_url(panel.pk, stage))


@login_required
def japanese_test(request: AuthedRequest, application_id: int) -> HttpResponse:
    app = selectors.access_application_by_id(request.user, application_id, action="decide")
    if (refused := post_only(request)) is not None:
        return refused
    form = JapaneseTestForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        perform(
            request,
            lambda: interviews.record_japanese_test(
                actor=request.user,
                application_id=app.pk,
                tested_on=d["tested_on"],
                score=d["score"],
                passed=d["passed"],
                notes=d["notes"],
            ),
            success=_("The Japanese test was recorded."),
        )
    else:
        form_errors_to_messages(request, form)
    return redirect("screening:application", application_id=app.pk)
