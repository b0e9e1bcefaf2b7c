"""Pages of the retention of personal data: the schedules (national bodies read, national administrators
edit) and the legal hold on a person's page. Thin: parse, call one selector or service, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from jetpm.core import actions, confirm, retention, selectors, services_retention
from jetpm.core.forms_retention import HoldForm, ScheduleForm
from jetpm.core.http import AuthedRequest
from jetpm.core.models import Person, period_label
from jetpm.core.permissions import can_edit_retention, can_read_retention
from jetpm.core.scoping import scope_of
from jetpm.core.states import RecordKind
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


# The confirmation of shorter periods carries the schedules it was counted against, and its way back.
SEEN_FIELD = "schedules_seen"
BACK_FIELD = "back"


def _units(kind: str, n: int) -> str:
    """``n`` records of ``kind`` as the purge counts them, in words."""
    units = {
        retention.UNSUCCESSFUL_APPLICANT: ngettext("%(n)s application", "%(n)s applications", n),
        retention.UNUSED_ACCOUNT: ngettext("%(n)s registration", "%(n)s registrations", n),
        retention.APPLICANT_DOCUMENTS: ngettext("%(n)s document", "%(n)s documents", n),
        retention.REFEREE_LETTERS: ngettext("%(n)s referee", "%(n)s referees", n),
        retention.REVIEWS: ngettext("%(n)s review", "%(n)s reviews", n),
        retention.PARTICIPANT: ngettext("%(n)s participant record", "%(n)s participant records", n),
        retention.ALUMNUS_WITHDRAWN: ngettext("%(n)s alumnus record", "%(n)s alumni records", n),
        retention.SIGN_IN_RECORDS: ngettext("%(n)s sign-in record", "%(n)s sign-in records", n),
        retention.EXPIRED_SESSIONS: ngettext("%(n)s expired session", "%(n)s expired sessions", n),
        retention.ORPHAN_FILES: ngettext("%(n)s file", "%(n)s files", n),
    }
    return units[kind] % {"n": number_format(n, force_grouping=True)}


def _people(n: int) -> str:
    return ngettext("%(n)s person", "%(n)s people", n) % {"n": number_format(n, force_grouping=True)}


def _what_happens(kind: str, action: str) -> str:
    """What the purge does to a kind's records, in words."""
    if kind == retention.REFEREE_LETTERS and action == retention.ANONYMISE:
        return _("anonymised: the referee's name, e-mail and relationship removed, the letter deleted")
    if kind == retention.REVIEWS and action == retention.ANONYMISE:
        return _("anonymised: the comment removed, the scores kept")
    if action == retention.ANONYMISE:
        return _(
            "anonymised: names, contacts, dates of birth and free texts removed; what the statistics count "
            "is kept"
        )
    if kind == retention.ORPHAN_FILES:
        return _("deleted from the upload folder")
    return _("deleted for good")


def _confirm_shorter(request: AuthedRequest, short: services_retention.Shortening) -> HttpResponse:
    """The confirmation page of shorter periods: per kind shortened, its periods, what the next purge would
    newly remove and what happens to it; the values carried in hidden fields (validated again on confirm)."""
    labels = dict(RecordKind.choices)
    rows = []
    for k in short.kinds:
        if not k.due:
            removed = _("none at the next purge; later records go sooner")
        elif k.persons and k.kind not in (retention.UNUSED_ACCOUNT, retention.ALUMNUS_WITHDRAWN):
            removed = _("%(records)s, of %(people)s") % {
                "records": _units(k.kind, k.due),
                "people": _people(k.persons),
            }
        else:
            removed = _units(k.kind, k.due)
        rows.append(
            {
                "kind": k.kind,
                "label": labels[k.kind],
                "old": period_label(k.old_months),
                "new": period_label(k.new_months),
                "removed": removed,
                "what": _what_happens(k.kind, k.action),
                "until_now": _what_happens(k.kind, k.old_action) if k.old_action != k.action else "",
            }
        )
    also = [
        _("%(records)s (%(label)s): %(what)s")
        % {"records": _units(kind, n), "label": labels[kind], "what": _what_happens(kind, action)}
        for kind, n, action in short.also
    ]
    fields = [
        (name, value)
        for name in request.POST
        if name not in ("csrfmiddlewaretoken", confirm.CONFIRM_FIELD, SEEN_FIELD, BACK_FIELD)
        for value in request.POST.getlist(name)
    ]
    return render(
        request,
        "core/retention_confirm.html",
        {
            "short": short,
            "rows": rows,
            "also": also,
            "people": _people(short.persons),
            "held_people": _people(short.held_persons),
            "fields": fields,
            "seen_field": SEEN_FIELD,
            "back_field": BACK_FIELD,
            "confirm_field": confirm.CONFIRM_FIELD,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def retention_edit(request: AuthedRequest) -> HttpResponse:
    """Save the schedules; a save that shortens a period first shows what the next purge would newly remove
    and saves only when confirmed from that page (its values checked again). Longer or the same: saved."""
    forbid_unless(can_edit_retention(scope_of(request.user)))
    data = request.POST if request.method == "POST" else None
    forms_ = {s.kind: ScheduleForm(data, schedule=s) for s in selectors.retention_schedules()}
    back = request.method == "POST" and bool(request.POST.get(BACK_FIELD))
    if request.method == "POST" and not back:
        all_valid = all([f.is_valid() for f in forms_.values()])
        # every error at once: the rules run on what parsed, also of a form with an invalid field, so that a
        # rule across kinds is checked against the values typed
        parsed = {kind: dict(f.cleaned_data) for kind, f in forms_.items()}
        problems = services_retention.schedule_errors(parsed)
        _errors_on_forms(forms_, request, problems)
        if all_valid and not problems:
            short = services_retention.shortening(parsed)
            if short is not None and not (
                confirm.confirmed(request) and request.POST.get(SEEN_FIELD) == short.seen
            ):
                if confirm.confirmed(request):
                    messages.warning(
                        request,
                        _(
                            "The schedules were changed meanwhile: check again what your change removes, "
                            "then confirm."
                        ),
                    )
                return _confirm_shorter(request, short)
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
        status=400 if request.method == "POST" and not back else 200,
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
