"""Pages of the year's guidelines and screening criteria. Thin: parse, call a service or selector, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from jetpm.core import actions
from jetpm.core.calendar import fiscal_year_label
from jetpm.core.confirm import ask, confirmed
from jetpm.core.http import AuthedRequest
from jetpm.core.scoping import scope_of
from jetpm.core.views import forbid_unless, form_errors_to_messages, paginate
from jetpm.planning.forms.guidelines import (
    CriterionForm,
    CriterionRemoveForm,
    GuidelineForm,
    NewGuidelineForm,
    YearForm,
)
from jetpm.planning.models import Guideline
from jetpm.planning.permissions import can_read_guideline_drafts, is_drafter
from jetpm.planning.selectors import guidelines as selectors
from jetpm.planning.services import guidelines as services


def _detail(guideline: Guideline) -> HttpResponse:
    return redirect("planning:guideline_detail", guideline_id=guideline.pk)


@login_required
def guideline_list(request: AuthedRequest) -> HttpResponse:
    scope = scope_of(request.user)
    return render(
        request,
        "planning/guidelines/list.html",
        {
            "page": paginate(request, selectors.guidelines_for(request.user)),
            "can_draft": is_drafter(scope),
            "sees_drafts": can_read_guideline_drafts(scope),
            "new_form": NewGuidelineForm(),
        },
    )


@login_required
@require_POST
def guideline_create(request: AuthedRequest) -> HttpResponse:
    forbid_unless(is_drafter(scope_of(request.user)))
    form = NewGuidelineForm(request.POST)
    if not form.is_valid():
        form_errors_to_messages(request, form)
        return redirect("planning:guideline_list")
    outcome = actions.perform(
        request,
        lambda: services.create_guideline(actor=request.user, intake_year=form.cleaned_data["intake_year"]),
        success=_("A draft guideline was created with the default rules."),
    )
    if outcome.value is None:
        return redirect("planning:guideline_list")
    return redirect("planning:guideline_edit", guideline_id=outcome.value.pk)


@login_required
def guideline_detail(request: AuthedRequest, guideline_id: int) -> HttpResponse:
    guideline = selectors.access_guideline_by_id(request.user, guideline_id)
    return render(
        request,
        "planning/guidelines/detail.html",
        {
            "guideline": guideline,
            "stages": selectors.criteria_by_stage(request.user, guideline),
            "text": selectors.text_in_language(guideline, get_language()),
            **selectors.guideline_abilities(request.user, guideline),
        },
    )


def _draft(request: AuthedRequest, guideline_id: int) -> Guideline | None:
    """A guideline the user may edit, when it is still a draft (else None: the page was told why)."""
    guideline = selectors.access_guideline_by_id(request.user, guideline_id, action="edit")
    if not selectors.is_editable(guideline):
        messages.error(
            request, _("An approved guideline cannot be changed; make a new version to correct it.")
        )
        return None
    return guideline


@login_required
@require_http_methods(["GET", "POST"])
def guideline_edit(request: AuthedRequest, guideline_id: int) -> HttpResponse:
    guideline = _draft(request, guideline_id)
    if guideline is None:
        return redirect("planning:guideline_detail", guideline_id=guideline_id)
    form = GuidelineForm(request.POST or None, instance=guideline)
    if request.method == "POST" and form.is_valid():
        outcome = actions.perform_form(
            request,
            form,
            lambda: services.update_guideline(
                actor=request.user, guideline_id=guideline.pk, values=form.values()
            ),
            success=_("The guideline was saved."),
        )
        if outcome.ok:
            return _detail(guideline)
    return render(
        request,
        "planning/guidelines/edit.html",
        {"guideline": guideline, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def guideline_criteria(request: AuthedRequest, guideline_id: int) -> HttpResponse:
    """The criteria of a draft: the list by stage, and a form that adds one or (``?criterion=<id>``, or the
    form's hidden ``criterion``) changes one."""
    guideline = _draft(request, guideline_id)
    if guideline is None:
        return redirect("planning:guideline_detail", guideline_id=guideline_id)
    editing = None
    if request.method == "POST":
        form = CriterionForm(request.POST)
        if form.is_valid():
            criterion_id = form.cleaned_data["criterion"]
            if criterion_id:
                selectors.access_criterion_by_id(request.user, guideline, criterion_id, action="edit")
                outcome = actions.perform_form(
                    request,
                    form,
                    lambda: services.update_criterion(
                        actor=request.user,
                        guideline_id=guideline.pk,
                        criterion_id=criterion_id,
                        values=form.values(),
                    ),
                    success=_("The criterion was saved."),
                )
            else:
                outcome = actions.perform_form(
                    request,
                    form,
                    lambda: services.add_criterion(
                        actor=request.user, guideline_id=guideline.pk, values=form.values()
                    ),
                    success=_("The criterion was saved."),
                )
            if outcome.ok:
                return redirect("planning:guideline_criteria", guideline_id=guideline.pk)
        status = 400
    else:
        wanted = request.GET.get("criterion")
        if wanted:
            editing = selectors.access_criterion_by_id(request.user, guideline, wanted, action="edit")
            form = CriterionForm(
                initial={
                    "criterion": editing.pk,
                    **{k: getattr(editing, k) for k in services.CRITERION_FIELDS},
                }
            )
        else:
            form = CriterionForm(initial={"scale_min": 1, "scale_max": 5})
        status = 200
    return render(
        request,
        "planning/guidelines/criteria.html",
        {
            "guideline": guideline,
            "stages": selectors.criteria_by_stage(request.user, guideline),
            "form": form,
            "editing": editing or (request.method == "POST" and bool(request.POST.get("criterion"))),
        },
        status=status,
    )


@login_required
@require_POST
def criterion_remove(request: AuthedRequest, guideline_id: int) -> HttpResponse:
    guideline = selectors.access_guideline_by_id(request.user, guideline_id, action="edit")
    form = CriterionRemoveForm(request.POST)
    if not form.is_valid():
        raise Http404
    criterion = selectors.access_criterion_by_id(
        request.user, guideline, form.cleaned_data["criterion"], action="edit"
    )
    outcome = actions.perform(
        request,
        lambda: services.remove_criterion(
            actor=request.user, guideline_id=guideline.pk, criterion_id=criterion.pk
        ),
        success=_("The criterion was removed."),
    )
    if not outcome.ok:
        return _detail(guideline)
    return redirect("planning:guideline_criteria", guideline_id=guideline.pk)


def _ask_approve(request: AuthedRequest, guideline: Guideline) -> HttpResponse:
    values = {"year": fiscal_year_label(guideline.intake_year), "v": guideline.version}
    return ask(
        request,
        title=_("Approve the guideline of %(year)s, version %(v)s") % values,
        consequences=[
            _(
                "Approving publishes the guideline and its screening criteria of %(year)s: applicants "
                "read it, and every mission's panel scores against its criteria."
            )
            % values,
            _(
                "An approved guideline cannot be changed; a correction is a new version that replaces it "
                "when approved."
            ),
        ],
        confirm_label=_("Approve"),
        cancel_url=reverse("planning:guideline_detail", kwargs={"guideline_id": guideline.pk}),
    )


@login_required
@require_POST
def guideline_approve(request: AuthedRequest, guideline_id: int) -> HttpResponse:
    guideline = selectors.access_guideline_by_id(request.user, guideline_id, action="approve")
    if not confirmed(request):
        if actions.perform(request, lambda: services.check_approvable(guideline)).ok:
            return _ask_approve(request, guideline)
        return _detail(guideline)
    actions.perform(
        request,
        lambda: services.approve_guideline(actor=request.user, guideline_id=guideline.pk),
        success=_("The guideline was approved."),
    )
    return _detail(guideline)


@login_required
@require_POST
def guideline_copy(request: AuthedRequest, guideline_id: int) -> HttpResponse:
    guideline = selectors.access_guideline_by_id(request.user, guideline_id, action="copy")
    outcome = actions.perform(
        request,
        lambda: services.copy_to_next_year(actor=request.user, guideline_id=guideline.pk),
        success=_("Next year's draft was made as a copy of this guideline."),
    )
    return _detail(outcome.value or guideline)


@login_required
@require_POST
def guideline_new_version(request: AuthedRequest, guideline_id: int) -> HttpResponse:
    guideline = selectors.access_guideline_by_id(request.user, guideline_id, action="new_version")
    outcome = actions.perform(
        request,
        lambda: services.new_version(actor=request.user, guideline_id=guideline.pk),
        success=_("A new draft version was made; it replaces this one when approved."),
    )
    if outcome.value is None:
        return _detail(guideline)
    return redirect("planning:guideline_edit", guideline_id=outcome.value.pk)


@login_required
def guideline_current(request: AuthedRequest) -> HttpResponse:
    """The approved guideline text of an intake year (``?year=Y``; the latest approved year without it), in
    the reader's language with the other language available. Every signed-in user may read it."""
    form = YearForm(request.GET or None)
    if request.GET and not form.is_valid():
        raise Http404
    years = selectors.approved_years(request.user)
    year = form.cleaned_data.get("year") if form.is_bound else None
    if year is None:
        if not years:
            raise Http404
        year = years[0]
    guideline = selectors.current_guideline(request.user, year)
    return render(
        request,
        "planning/guidelines/current.html",
        {
            "guideline": guideline,
            "text": selectors.text_in_language(guideline, get_language()),
            "years": years,
        },
    )
