"""Writes of the retention of personal data: the schedules, legal holds, an alumnus's withdrawn consent.
Keyword-only, ``actor`` first, atomic, audited in the same transaction. The purge itself is core/purge.py."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jetpm.core import audit, retention
from jetpm.core.errors import DomainError, NotFound, PermissionDenied, raise_all
from jetpm.core.models import (
    ApiToken,
    LegalHold,
    Person,
    PurgeRun,
    RetentionSchedule,
    User,
    period_label,
)
from jetpm.core.permissions import can_edit_retention, can_hold
from jetpm.core.scoping import scope_of, visible_to
from jetpm.core.states import PersonKind, RecordKind, RetentionAction

SCHEDULE_FIELDS = ["months", "action", "basis_ja", "basis_en", "note"]
# An API token that has expired stays on its person's tokens page this many days (they see that it stopped and
# can create its replacement from it), then the daily purge task deletes it.
EXPIRED_TOKEN_DAYS = 30


def schedule_errors(
    values: Mapping[str, Mapping[str, Any]], schedules: Mapping[str, RetentionSchedule] | None = None
) -> list[tuple[str | None, str]]:
    """Every problem of the proposed values (``{kind: {months, action, basis_ja, basis_en, note}}``) with the
    other schedules as they stand, on its field (``<kind>-<field>``), all at once. Reads only.

    A kind's values may be partial (a page whose other fields did not parse): what is missing stands as it
    is, so the rules across kinds (a part kept longer than its application) are still checked against what
    was typed. A kind without a schedule is reported with the rest."""
    if schedules is None:
        schedules = {s.kind: s for s in RetentionSchedule.objects.all()}
    labels = dict(RecordKind.choices)
    errors: list[tuple[str | None, str]] = []
    for kind in values:
        if kind not in schedules:
            errors.append((None, _("There is no retention schedule for “%(kind)s”.") % {"kind": kind}))
    proposed = {
        kind: retention.Rule(kind=kind, months=s.months, action=s.action) for kind, s in schedules.items()
    }
    for kind, v in values.items():
        if kind not in schedules:
            continue
        current = proposed[kind]
        months = int(v["months"]) if v.get("months") is not None else current.months
        action = str(v["action"]) if v.get("action") else current.action
        proposed[kind] = retention.Rule(kind=kind, months=months, action=action)
        for name, language in (("basis_ja", _("Japanese")), ("basis_en", _("English"))):
            if name in v and not str(v.get(name, "")).strip():
                errors.append(
                    (
                        f"{kind}-{name}",
                        _("%(kind)s: give the reason and legal basis in %(language)s.")
                        % {"kind": labels[kind], "language": language},
                    )
                )
    actions = dict(RetentionAction.choices)
    for kind, problem in retention.check_rules(proposed):
        if problem == "action":
            allowed = " / ".join(str(actions[a]) for a in retention.ALLOWED_ACTIONS[kind])
            errors.append(
                (
                    f"{kind}-action",
                    _("%(kind)s can only be: %(allowed)s.") % {"kind": labels[kind], "allowed": allowed},
                )
            )
        elif problem == "months":
            errors.append(
                (
                    f"{kind}-months",
                    _("%(kind)s: the period is from 0 to %(max)s months.")
                    % {"kind": labels[kind], "max": retention.MAX_MONTHS},
                )
            )
        elif problem == "longer_than_applicants":
            errors.append(
                (
                    f"{kind}-months",
                    _(
                        "%(kind)s are kept at most as long as the unsuccessful applicants' records "
                        "(%(period)s): they go with them."
                    )
                    % {
                        "kind": labels[kind],
                        "period": period_label(proposed[retention.UNSUCCESSFUL_APPLICANT].months),
                    },
                )
            )
    return list(dict.fromkeys(errors))  # one report of each problem


@transaction.atomic
def update_schedules(*, actor: User, values: Mapping[str, Mapping[str, Any]]) -> list[RetentionSchedule]:
    """Change the schedules of the kinds in ``values`` (``{kind: {months, action, basis_ja, basis_en,
    note}}``), all or none: every problem is reported at once, on its field (``<kind>-<field>``). One audit
    event per schedule changed."""
    if not can_edit_retention(scope_of(actor)):
        raise PermissionDenied(_("Only the national administrators may change the retention schedules."))
    schedules = {s.kind: s for s in RetentionSchedule.objects.select_for_update().order_by("id")}
    raise_all(schedule_errors(values, schedules))
    changed = []
    for kind, v in values.items():
        s = schedules[kind]
        before = audit.snapshot(s, SCHEDULE_FIELDS)
        s.months = int(v["months"])
        s.action = str(v["action"])
        s.basis_ja = str(v["basis_ja"]).strip()
        s.basis_en = str(v["basis_en"]).strip()
        s.note = str(v.get("note", "")).strip()
        changes = audit.diff(before, audit.snapshot(s, SCHEDULE_FIELDS))
        if not changes:
            continue
        s.updated_by = actor
        s.save()
        audit.record(actor=actor, action="privacy.schedule.update", obj=s, changes=changes)
        changed.append(s)
    return changed


def _lock_person(actor: User, person_id: int) -> Person:
    if not visible_to(actor, Person.objects.filter(pk=person_id)).exists():
        raise NotFound(_("There is no such person."))  # outside the actor's scope, as everywhere
    return Person.objects.select_for_update().get(pk=person_id)


@transaction.atomic
def place_hold(*, actor: User, person_id: int, reason: str) -> LegalHold:
    """Keep every record of a person from the purge until the hold is lifted."""
    if not can_hold(scope_of(actor)):
        raise PermissionDenied(_("Only the national bodies' staff may place a legal hold."))
    person = _lock_person(actor, person_id)
    reason = reason.strip()
    if not reason:
        raise DomainError(_("Give the reason for the legal hold."), field="reason")
    if person.anonymised_at is not None:
        raise DomainError(_("This person's data was already anonymised: there is nothing left to hold."))
    if LegalHold.objects.filter(person=person, lifted_at__isnull=True).exists():
        raise DomainError(_("A legal hold already stands on this person."))
    hold = LegalHold.objects.create(person=person, reason=reason, placed_by=actor)
    audit.record(
        actor=actor, action="privacy.hold.place", obj=hold, changes={"reason": reason}, person=person
    )
    return hold


@transaction.atomic
def lift_hold(*, actor: User, person_id: int, reason: str) -> LegalHold:
    """Lift the standing hold: the person's records follow the schedules again from the next purge."""
    if not can_hold(scope_of(actor)):
        raise PermissionDenied(_("Only the national bodies' staff may lift a legal hold."))
    person = _lock_person(actor, person_id)
    reason = reason.strip()
    if not reason:
        raise DomainError(_("Give the reason for lifting the legal hold."), field="reason")
    hold = LegalHold.objects.filter(person=person, lifted_at__isnull=True).first()
    if hold is None:
        raise DomainError(_("No legal hold stands on this person."))
    hold.lifted_at = timezone.now()
    hold.lifted_by = actor
    hold.lift_reason = reason
    hold.save(update_fields=["lifted_at", "lifted_by", "lift_reason"])
    audit.record(
        actor=actor, action="privacy.hold.lift", obj=hold, changes={"lift_reason": reason}, person=person
    )
    return hold


@transaction.atomic
def withdraw_contact_consent(*, actor: User | None, person_id: int, on: date | None = None) -> Person:
    """An alumnus withdraws their consent to be kept in touch with: their personal data goes after the
    schedule of "alumni who withdrew consent" (issue 12's alumni pages will call this; until then the admin
    or a script does)."""
    person = Person.objects.select_for_update().get(pk=person_id)
    if person.kind != PersonKind.ALUMNUS:
        raise DomainError(_("Only an alumnus gives or withdraws consent to be kept in touch with."))
    if person.contact_consent_withdrawn_on is not None:
        return person
    on = on or timezone.localdate()
    person.contact_consent_withdrawn_on = on
    person.save(update_fields=["contact_consent_withdrawn_on"])
    audit.record(
        actor=actor,
        action="privacy.consent.withdraw",
        obj=person,
        changes={"contact_consent_withdrawn_on": [None, on]},
        person=person,
    )
    return person


def raise_schedule_errors(values: Mapping[str, Mapping[str, Any]]) -> None:
    """Raise every problem of the proposed values (the page reports them with the form's own errors)."""
    raise_all(schedule_errors(values))


@transaction.atomic
def delete_expired_tokens(*, run: PurgeRun, now: datetime | None = None) -> int:
    """Delete the API tokens that expired more than ``EXPIRED_TOKEN_DAYS`` ago (revoked or not): a step of the
    daily purge task, after the purge ``run``. One audit event about the run, with the count only (no
    token's name, no person)."""
    before = (now or timezone.now()) - timedelta(days=EXPIRED_TOKEN_DAYS)
    _total, per_model = ApiToken.objects.filter(expires_at__lt=before).delete()
    deleted = per_model.get(ApiToken._meta.label, 0)
    audit.record(
        actor=None,
        action="api_token.delete_expired",
        obj=run,
        changes={"api_tokens_deleted": deleted, "expired_before": before},
    )
    return deleted
