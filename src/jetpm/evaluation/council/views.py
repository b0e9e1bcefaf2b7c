"""Pages of the Council's findings and the examination rules. Thin: parse, call a service or selector,
render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from jetpm.core import actions
from jetpm.core.calendar import fiscal_year_label, fiscal_year_of
from jetpm.core.confirm import ask, confirmed
from jetpm.core.http import AuthedRequest
from jetpm.core.scoping import scope_of
from jetpm.core.views import forbid_unless, form_errors_to_messages, paginate
from jetpm.evaluation.council import selectors, services
from jetpm.evaluation.council.forms import (
    FindingFilterForm,
    FindingForm,
    LinkForm,
    NewRulesForm,
    RulesForm,
    UnlinkForm,
    WithdrawForm,
)
from jetpm.evaluation.models import ExaminationRules, Finding
from jetpm.evaluation.permissions import (
    can_read_findings,
    can_read_rule_drafts,
    is_council_member,
    is_drafter,
)
from jetpm.evaluation.states import ChangeTarget

# --- the examination rules ----------------------------------------------------------------------------------


def _rules_detail(rules: ExaminationRules) -> HttpResponse:
    return redirect("evaluation:examination_rules_detail", examination_rules_id=rules.pk)


@login_required
def examination_rules_list(request: AuthedRequest) -> HttpResponse:
    scope = scope_of(request.user)
    return render(
        request,
        "evaluation/council/rules_list.html",
        {
            "page": paginate(request, selectors.examination_rules_for(request.user)),
            "can_draft": is_drafter(scope),
            "sees_drafts": can_read_rule_drafts(scope),
            "new_form": NewRulesForm(initial={"intake_year": fiscal_year_of(timezone.localdate()) + 1}),
        },
    )


@login_required
@require_POST
def examination_rules_create(request: AuthedRequest) -> HttpResponse:
    forbid_unless(is_drafter(scope_of(request.user)))
    form = NewRulesForm(request.POST)
    if not form.is_valid():
        form_errors_to_messages(request, form)
        return redirect("evaluation:examination_rules_list")
    outcome = actions.perform(
        request,
        lambda: services.create_examination_rules(
            actor=request.user, intake_year=form.cleaned_data["intake_year"]
        ),
        success=_("A draft of the examination rules was made from the latest earlier year's."),
    )
    if outcome.value is None:
        return redirect("evaluation:examination_rules_list")
    return redirect("evaluation:examination_rules_edit", examination_rules_id=outcome.value.pk)


@login_required
def examination_rules_detail(request: AuthedRequest, examination_rules_id: int) -> HttpResponse:
    rules = selectors.access_examination_rules(request.user, examination_rules_id)
    return render(
        request,
        "evaluation/council/rules_detail.html",
        {
            "rules": rules,
            "text": selectors.rules_text(rules, get_language()),
            "findings": selectors.by_finding(selectors.changes_to_examination_rules(request.user, rules)),
            **selectors.examination_rules_abilities(request.user, rules),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def examination_rules_edit(request: AuthedRequest, examination_rules_id: int) -> HttpResponse:
    rules = selectors.access_examination_rules(request.user, examination_rules_id, action="edit")
    if not selectors.is_editable(rules):
        messages.error(
            request, _("Approved examination rules cannot be changed; make a new version to correct them.")
        )
        return _rules_detail(rules)
    form = RulesForm(request.POST or None, instance=rules)
    if request.method == "POST" and form.is_valid():
        outcome = actions.perform_form(
            request,
            form,
            lambda: services.update_examination_rules(
                actor=request.user, examination_rules_id=rules.pk, values=form.values()
            ),
            success=_("The examination rules were saved."),
        )
        if outcome.ok:
            return _rules_detail(rules)
    return render(
        request,
        "evaluation/council/rules_edit.html",
        {"rules": rules, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def examination_rules_approve(request: AuthedRequest, examination_rules_id: int) -> HttpResponse:
    rules = selectors.access_examination_rules(request.user, examination_rules_id, action="approve")
    if not confirmed(request):
        if actions.perform(request, lambda: services.check_rules_approvable(rules)).ok:
            values = {"year": fiscal_year_label(rules.intake_year), "v": rules.version}
            return ask(
                request,
                title=_("Approve the examination rules of %(year)s, version %(v)s") % values,
                consequences=[
                    _(
                        "Approving puts the examination rules of %(year)s in force: every mission runs its "
                        "document screening, interviews and Japanese tests by them."
                    )
                    % values,
                    _(
                        "Approved examination rules cannot be changed; a correction is a new version that "
                        "replaces them when approved."
                    ),
                ],
                confirm_label=_("Approve"),
                cancel_url=reverse(
                    "evaluation:examination_rules_detail", kwargs={"examination_rules_id": rules.pk}
                ),
            )
        return _rules_detail(rules)
    actions.perform(
        request,
        lambda: services.approve_examination_rules(actor=request.user, examination_rules_id=rules.pk),
        success=_("The examination rules were approved."),
    )
    return _rules_detail(rules)


@login_required
@require_POST
def examination_rules_new_version(request: AuthedRequest, examination_rules_id: int) -> HttpResponse:
    rules = selectors.access_examination_rules(request.user, examination_rules_id, action="new_version")
    outcome = actions.perform(
        request,
        lambda: services.new_examination_rules_version(actor=request.user, examination_rules_id=rules.pk),
        success=_("A new draft version was made; it replaces this one when approved."),
    )
    if outcome.value is None:
        return _rules_detail(rules)
    return redirect("evaluation:examination_rules_edit", examination_rules_id=outcome.value.pk)


# --- findings ---------------------------------------------------------------------------------------------


def _finding_detail(finding: Finding) -> HttpResponse:
    return redirect("evaluation:finding_detail", finding_id=finding.pk)


@login_required
@require_http_methods(["GET", "POST"])
def finding_list(request: AuthedRequest) -> HttpResponse:
    """The findings by year (filters), and for the Council's members the form that records one."""
    scope = scope_of(request.user)
    forbid_unless(can_read_findings(scope))
    may_record = is_council_member(scope)
    form = FindingForm(initial={"fiscal_year": fiscal_year_of(timezone.localdate())})
    status = 200
    if request.method == "POST":
        forbid_unless(may_record)
        form = FindingForm(request.POST)
        if form.is_valid():
            outcome = actions.perform_form(
                request,
                form,
                lambda: services.record_finding(actor=request.user, **form.values()),
                success=_("The finding was recorded."),
            )
            if outcome.value is not None:
                return _finding_detail(outcome.value)
        status = 400
    filters = FindingFilterForm(request.GET or None)
    data = filters.cleaned_data if filters.is_valid() else {}
    qs = selectors.findings_for(
        request.user, year=data.get("year"), status=data.get("status") or "", source=data.get("source") or ""
    )
    return render(
        request,
        "evaluation/council/finding_list.html",
        {"page": paginate(request, qs), "filters": filters, "form": form, "may_record": may_record},
        status=status,
    )


@login_required
def finding_detail(request: AuthedRequest, finding_id: int) -> HttpResponse:
    finding = selectors.access_finding(request.user, finding_id)
    abilities = selectors.finding_abilities(request.user, finding)
    drafts = selectors.next_year_drafts(request.user, finding) if abilities["can_link"] else None
    return render(
        request,
        "evaluation/council/finding_detail.html",
        {
            "finding": finding,
            "changes": selectors.changes_of(request.user, finding),
            "drafts": drafts,
            "link_form": LinkForm(criteria=drafts.criteria) if drafts else None,
            "withdraw_form": WithdrawForm(),
            **abilities,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def finding_edit(request: AuthedRequest, finding_id: int) -> HttpResponse:
    finding = selectors.access_finding(request.user, finding_id, action="edit")
    form = FindingForm(request.POST) if request.method == "POST" else FindingForm.of(finding)
    if request.method == "POST" and form.is_valid():
        outcome = actions.perform_form(
            request,
            form,
            lambda: services.update_finding(actor=request.user, finding_id=finding.pk, values=form.values()),
            success=_("The finding was saved."),
        )
        if outcome.ok:
            return _finding_detail(finding)
    return render(
        request,
        "evaluation/council/finding_edit.html",
        {"finding": finding, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def finding_link(request: AuthedRequest, finding_id: int) -> HttpResponse:
    finding = selectors.access_finding(request.user, finding_id, action="link")
    drafts = selectors.next_year_drafts(request.user, finding)
    form = LinkForm(request.POST, criteria=drafts.criteria)
    if not form.is_valid():
        form_errors_to_messages(request, form)
        return _finding_detail(finding)
    target = form.cleaned_data["target"]
    to_rules = target == ChangeTarget.EXAMINATION_RULES
    actions.perform(
        request,
        lambda: services.link_change(
            actor=request.user,
            finding_id=finding.pk,
            target=target,
            change=form.cleaned_data["change"],
            guideline_id=None if to_rules or drafts.guideline is None else drafts.guideline.pk,
            criterion_id=form.cleaned_data["criterion"],
            examination_rules_id=(
                drafts.examination_rules.pk if to_rules and drafts.examination_rules else None
            ),
        ),
        success=_("The change was linked to the finding."),
    )
    return _finding_detail(finding)


@login_required
@require_POST
def finding_unlink(request: AuthedRequest, finding_id: int) -> HttpResponse:
    finding = selectors.access_finding(request.user, finding_id, action="link")
    form = UnlinkForm(request.POST)
    if not form.is_valid():
        raise Http404
    actions.perform(
        request,
        lambda: services.unlink_change(
            actor=request.user, finding_id=finding.pk, change_id=form.cleaned_data["change"]
        ),
        success=_("The change was removed from the finding."),
    )
    return _finding_detail(finding)


@login_required
@require_POST
def finding_adopt(request: AuthedRequest, finding_id: int) -> HttpResponse:
    finding = selectors.access_finding(request.user, finding_id, action="adopt")
    if not confirmed(request):
        return ask(
            request,
            title=_("Adopt the finding “%(title)s”") % {"title": finding.title},
            consequences=[
                _(
                    "Adopting records the Council's decision: the finding and the changes it leads to in the "
                    "documents of %(year)s can no longer be changed."
                )
                % {"year": fiscal_year_label(finding.target_year)},
            ],
            confirm_label=_("Adopt"),
            cancel_url=reverse("evaluation:finding_detail", kwargs={"finding_id": finding.pk}),
        )
    actions.perform(
        request,
        lambda: services.adopt_finding(actor=request.user, finding_id=finding.pk),
        success=_("The finding was adopted."),
    )
    return _finding_detail(finding)


@login_required
@require_POST
def finding_withdraw(request: AuthedRequest, finding_id: int) -> HttpResponse:
    finding = selectors.access_finding(request.user, finding_id, action="withdraw")
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        form_errors_to_messages(request, form)
        return _finding_detail(finding)
    actions.perform(
        request,
        lambda: services.withdraw_finding(
            actor=request.user, finding_id=finding.pk, reason=form.cleaned_data["reason"]
        ),
        success=_("The finding was withdrawn."),
    )
    return _finding_detail(finding)
