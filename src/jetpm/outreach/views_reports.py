"""The pages every yearly mission report shares (the outreach self-evaluation, the send-off evaluation):
open a draft, edit it, submit it, record MOFA's review. The report's own views check access (404 out of
scope) and call these with its services and messages; the template partial
``outreach/_report_review.html`` draws the submit button, MOFA's comment and the review form."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import redirect, render

from jetpm.core import actions
from jetpm.core.http import AuthedRequest
from jetpm.core.views import form_errors_to_messages
from jetpm.outreach.forms import ReviewForm
from jetpm.outreach.services_reports import ReportKind
from jetpm.outreach.states import EvaluationStatus


def create(
    request: AuthedRequest,
    form: forms.Form,
    *,
    open_draft: Callable[[int, int], Any],
    success: str,
    back: str,
    edit: Callable[[Any], HttpResponseRedirect],
) -> HttpResponse:
    """Open the draft of the year and go on to edit it; a refusal goes ``back`` with its message.
    ``open_draft(mission id, fiscal year)``."""
    if not form.is_valid():
        form_errors_to_messages(request, form)
        return redirect(back)
    opened = actions.perform(
        request,
        lambda: open_draft(form.cleaned_data["mission"].pk, form.cleaned_data["fiscal_year"]),
        success=success,
    )
    if opened.value is None:
        return redirect(back)
    return edit(opened.value)


def edit(
    request: AuthedRequest,
    report: Any,
    form: forms.ModelForm,  # type: ignore[type-arg]
    *,
    kind: ReportKind,
    save: Callable[[], Any],
    success: str,
    detail: str,
    template: str,
) -> HttpResponse:
    """Edit a draft's texts: a submitted report goes back to its page with the message that says so."""
    if report.status != EvaluationStatus.DRAFT:
        messages.error(request, str(kind.not_editable))
        return redirect(detail)
    if (
        request.method == "POST"
        and form.is_valid()
        and actions.perform_form(request, form, save, success=success).ok
    ):
        return redirect(detail)
    return render(
        request,
        template,
        {"form": form, "evaluation": report},
        status=400 if request.method == "POST" else 200,
    )


def submit(request: AuthedRequest, *, submit: Callable[[], Any], success: str, detail: str) -> HttpResponse:
    """Submit to MOFA (POST only; the caller has checked access first: 404 before 405)."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    actions.perform(request, submit, success=success)
    return redirect(detail)


def review(
    request: AuthedRequest,
    *,
    review: Callable[[str], Any],
    missing: str,
    success: str,
    detail: str,
) -> HttpResponse:
    """Record MOFA's review with its comment (POST only; access checked by the caller first).
    ``review(comment)``."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, missing)
    else:
        actions.perform(request, lambda: review(form.cleaned_data["review_comment"]), success=success)
    return redirect(detail)
