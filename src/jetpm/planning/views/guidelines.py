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

from jetpm.core.calendar import fiscal_year_label
from jetpm.core.confirm import ask, confirmed
from jetpm.core.errors import DomainError
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
from jetpm.planning.permissions import (
    can_read_guideline_drafts,
    is_council_approver,
    is_drafter,
)
from jetpm.planning.selectors import guidelines as selectors
from jetpm.planning.services import guidelines as services
from jetpm.planning.states import GuidelineStatus


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
    try:
        guideline = services.create_guideline(
            actor=request.user, intake_year=form.cleaned_data["intake_year"]
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("planning:guideline_list")
    messages.success(request, _("A draft guideline was created with the default rules."))
    return redirect("planning:guideline_edit", guideline_id=guideline.pk)


def _detail_context(request: AuthedRequest, guideline: Guideline) -> dict[str, object]:
    scope = scope_of(request.user)
    is_draft = guideline.status == GuidelineStatus.DRAFT
    return {
        "guideline": guideline,
        "stages": selectors.criteria_by_stage(request.user, guideline),
        "text": selectors.text_in_language(guideline, get_language()),
        "can_edit": is_draft and is_drafter(scope),
        "can_approve": is_draft and is_council_approver(scope),
        "can_copy": is_drafter(scope),
        "can_correct": guideline.status == GuidelineStatus.APPROVED and is_drafter(scope),
        "sees_history": can_read_guideline_drafts(scope),
    }


@login_required
def guideline_detail(request: AuthedRequest, guideline_id: int) -> HttpResponse:
    guideline = selectors.access_guideline_by_id(request.user, guideline_id)
    return render(request, "planning/guidelines/detail.html", _detail_context(request, guideline))


def _editable(request: AuthedRequest, guideline_id: int) -> Guideline:
    """A draft the user may edit; a page they have no business with answers 404."""
    guideline = selectors.access_guideline_by_id(request.user, guideline_id)
    forbid_unless(is_drafter(scope_of(request.user)))
    return guideline


@login_required
@require_http_methods(["GET", "POST"])
def guideline_edit(request: AuthedRequest, guideline_id: int) -> HttpResponse:
    guideline = _editable(request, guideline_id)
    if guideline.status != GuidelineStatus.DRAFT:
        messages.error(
            request, _("An approved guideline cannot be changed; make a new version to correct it.")
        )
        return redirect("planning:guideline_detail", guideline_id=guideline.pk)
    form = GuidelineForm(request.POST or None, instance=guideline)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_guideline(actor=request.user, guideline_id=guideline.pk, values=form.values())
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("The guideline was saved."))
            return redirect("planning:guideline_detail", guideline_id=guideline.pk)
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
    guideline = _editable(request, guideline_id)
    if guideline.status != GuidelineStatus.DRAFT:
        messages.error(
            request, _("An approved guideline cannot be changed; make a new version to correct it.")
        )
        return redirect("planning:guideline_detail", guideline_id=guideline.pk)
    editing = None
    if request.method == "POST":
        form = CriterionForm(request.POST)
        if form.is_valid():
            criterion_id = form.cleaned_data["criterion"]
            try:
                if criterion_id:
                    selectors.access_criterion_by_id(request.user, guideline, criterion_id)
                    services.update_criterion(
                        actor=request.user,
                        guideline_id=guideline.pk,
                        criterion_id=criterion_id,
                        values=form.values(),
                    )
                else:
                    services.add_criterion(
                        actor=request.user, guideline_id=guideline.pk, values=form.values()
                    )
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.success(request, _("The criterion was saved."))
                return redirect("planning:guideline_criteria", guideline_id=guideline.pk)
        status = 400
    else:
        wanted = request.GET.get("criterion")
        if wanted:
            editing = selectors.access_criterion_by_id(request.user, guideline, wanted)
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
    guideline = _editable(request, guideline_id)
    form = CriterionRemoveForm(request.POST)
    if not form.is_valid():
        raise Http404
    selectors.access_criterion_by_id(request.user, guideline, form.cleaned_data["criterion"])
    try:
        services.remove_criterion(
            actor=request.user, guideline_id=guideline.pk, criterion_id=form.cleaned_data["criterion"]
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("planning:guideline_detail", guideline_id=guideline.pk)
    messages.success(request, _("The criterion was removed."))
    return redirect("planning:guideline_criteria", guideline_id=guideline.pk)


@login_required
@require_POST
def guideline_approve(request: AuthedRequest, guideline_id: int) -> HttpResponse:
    guideline = selectors.access_guideline_by_id(request.user, guideline_id)
    forbid_unless(is_council_approver(scope_of(request.user)))
    if not confirmed(request):
        try:
            services.check_approvable(guideline)
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect("planning:guideline_detail", guideline_id=guideline.pk)
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
    try:
        services.approve_guideline(actor=request.user, guideline_id=guideline.pk)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The guideline was approved."))
    return redirect("planning:guideline_detail", guideline_id=guideline.pk)


@login_required
@require_POST
def guideline_copy(request: AuthedRequest, guideline_id: int) -> HttpResponse:
    guideline = selectors.access_guideline_by_id(request.user, guideline_id)
    forbid_unless(is_drafter(scope_of(request.user)))
    try:
        new = services.copy_to_next_year(actor=request.user, guideline_id=guideline.pk)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("planning:guideline_detail", guideline_id=guideline.pk)
    messages.success(request, _("Next year's draft was made as a copy of this guideline."))
    return redirect("planning:guideline_detail", guideline_id=new.pk)


@login_required
@require_POST
def guideline_new_version(request: AuthedRequest, guideline_id: int) -> HttpResponse:
    guideline = selectors.access_guideline_by_id(request.user, guideline_id)
    forbid_unless(is_drafter(scope_of(request.user)))
    try:
        new = services.new_version(actor=request.user, guideline_id=guideline.pk)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("planning:guideline_detail", guideline_id=guideline.pk)
    messages.success(request, _("A new draft version was made; it replaces this one when approved."))
    return redirect("planning:guideline_edit", guideline_id=new.pk)


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
