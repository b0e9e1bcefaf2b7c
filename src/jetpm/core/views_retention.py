"""Pages of the retention of personal data: the schedules (national bodies read, national administrators
edit) and the legal hold on a person's page. Thin: parse, call one selector or service, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from jetpm.core import actions, confirm, selectors, services_retention
from jetpm.core.forms_retention import HoldForm, ScheduleForm
from jetpm.core.http import AuthedRequest
from jetpm.core.models import Person
from jetpm.core.permissions import can_edit_retention, can_read_retention
from jetpm.core.scoping import scope_of
from jetpm.core.views import forbid_unless, form_errors_to_messages


@login_required
def retention_list(request: AuthedRequest) -> HttpResponse:
    scope = scope_of(request.user)
    forbid_unless(can_read_retention(scope))
    return render(
        request,
        "core/retention_list.html",
        {
            "schedules": selectors.retention_schedules(),
            "runs": selectors.recent_purges(),
            "next_run": selectors.next_scheduled_purge(),
            "can_edit": can_edit_retention(scope),
        },
    )


def _errors_on_forms(
    forms_: dict[str, ScheduleForm], request: AuthedRequest, errors: list[tuple[str | None, str]]
) -> None:
    """The rules' errors, each on its kind's field (``<kind>-<field>``), else as a message."""
    for field, message in errors:
        kind, _sep, name = (field or "").partition("-")
        if kind in forms_ and name in forms_[kind].fields:
            forms_[kind].add_error(name, message)
        else:
            messages.error(request, message)


@login_required
@require_http_methods(["GET", "POST"])
def retention_edit(request: AuthedRequest) -> HttpResponse:
    forbid_unless(can_edit_retention(scope_of(request.user)))
    data = request.POST if request.method == "POST" else None
    forms_ = {s.kind: ScheduleForm(data, schedule=s) for s in selectors.retention_schedules()}
    if request.method == "POST":
        all_valid = all([f.is_valid() for f in forms_.values()])
        # every error at once: the rules run on what parsed, also of a form with an invalid field, so that a
        # rule across kinds is checked against the values typed
        parsed = {kind: dict(f.cleaned_data) for kind, f in forms_.items()}
        problems = services_retention.schedule_errors(parsed)
        _errors_on_forms(forms_, request, problems)
        if all_valid and not problems:
            saved = actions.perform(
                request,
                lambda: services_retention.update_schedules(actor=request.user, values=parsed),
                success=_("The retention schedules were saved."),
            )
            if saved.ok:
                return redirect("core:retention_list")
    errors = [
        (f"{f.schedule.get_kind_display()} – {f.fields[name].label}" if name in f.fields else "", e)
        for f in forms_.values()
        for name, es in f.errors.items()
        for e in es
    ]
    return render(
        request,
        "core/retention_edit.html",
        {"forms": list(forms_.values()), "errors": errors},
        status=400 if request.method == "POST" else 200,
    )


def _holdable(request: AuthedRequest, person_id: int) -> Person:
    """The person, when the user may see them and hold records (404 otherwise, before the method is looked
    at: a record outside the user's scope answers 404 to every method)."""
    return selectors.access_person_by_id(request.user, person_id, action="hold")


@login_required
@require_http_methods(["GET", "POST"])
def hold_place(request: AuthedRequest, person_id: int) -> HttpResponse:
    person = _holdable(request, person_id)
    if request.method != "POST":
        return redirect("core:person_detail", person_id=person.pk)
    form = HoldForm(request.POST)
    if not form.is_valid():
        form_errors_to_messages(request, form)
    else:
        actions.perform(
            request,
            lambda: services_retention.place_hold(
                actor=request.user, person_id=person.pk, reason=form.cleaned_data["reason"]
            ),
            success=_("The legal hold was placed: the purge keeps this person's records."),
        )
    return redirect("core:person_detail", person_id=person.pk)


@login_required
@require_http_methods(["GET", "POST"])
def hold_lift(request: AuthedRequest, person_id: int) -> HttpResponse:
    person = _holdable(request, person_id)
    if request.method != "POST":
        return redirect("core:person_detail", person_id=person.pk)
    form = HoldForm(request.POST)
    if not form.is_valid():
        form_errors_to_messages(request, form)
        return redirect("core:person_detail", person_id=person.pk)
    if not confirm.confirmed(request):
        consequences: list[Any] = [
            _(
                "The records of %(person)s follow the retention schedules again: the next purge "
                "anonymises or deletes whatever is past its period."
            )
            % {"person": person},
            _("Reason: %(reason)s") % {"reason": form.cleaned_data["reason"]},
        ]
        return confirm.ask(
            request,
            title=_("Lift the legal hold?"),
            consequences=consequences,
            confirm_label=_("Lift the legal hold"),
            cancel_url=reverse("core:person_detail", kwargs={"person_id": person.pk}),
        )
    actions.perform(
        request,
        lambda: services_retention.lift_hold(
            actor=request.user, person_id=person.pk, reason=form.cleaned_data["reason"]
        ),
        success=_("The legal hold was lifted."),
    )
    return redirect("core:person_detail", person_id=person.pk)
