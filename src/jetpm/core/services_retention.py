"""Writes of the retention of personal data: the schedules, legal holds, an alumnus's withdrawn consent.
Keyword-only, ``actor`` first, atomic, audited in the same transaction. The purge itself is core/purge.py."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from jetpm.core import audit, purge, retention
from jetpm.core.errors import DomainError, NotFound, PermissionDenied, raise_all
from jetpm.core.mail import absolute_url
from jetpm.core.models import (
    ApiToken,
    LegalHold,
    Person,
    PurgeRun,
    RetentionSchedule,
    ScheduledPurge,
    User,
    period_label,
)
from jetpm.core.permissions import can_edit_retention, can_hold
from jetpm.core.scoping import scope_of, visible_to
from jetpm.core.states import PersonKind, RecordKind, RetentionAction
from jetpm.core.time_zones import in_zone, zone_for_user

SCHEDULE_FIELDS = ["months", "action", "basis_ja", "basis_en", "note"]
# An API token that has expired stays on its person's tokens page this many days (they see that it stopped and
# can create its replacement from it), then the daily purge task deletes it.
EXPIRED_TOKEN_DAYS = 30
# A working API token this close to its expiry: its person is told by mail (once), its page marks it.
TOKEN_EXPIRY_NOTICE = timedelta(days=14)


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


def proposed_rules(
    values: Mapping[str, Mapping[str, Any]], schedules: Mapping[str, RetentionSchedule]
) -> dict[str, retention.Rule]:
    """The rules of the schedules as they stand with the valid ``values`` applied."""
    rules = {
        kind: retention.Rule(kind=kind, months=s.months, action=s.action) for kind, s in schedules.items()
    }
    for kind, v in values.items():
        if kind in schedules:
            rules[kind] = retention.Rule(kind=kind, months=int(v["months"]), action=str(v["action"]))
    return rules


def schedules_seen(schedules: Mapping[str, RetentionSchedule] | None = None) -> str:
    """The periods and actions of the schedules as they stand, as one text: a confirmation counted against
    them still holds only while this is the same (another administrator may save meanwhile)."""
    if schedules is None:
        schedules = {s.kind: s for s in RetentionSchedule.objects.all()}
    return ";".join(f"{kind}:{schedules[kind].months}:{schedules[kind].action}" for kind in sorted(schedules))


@dataclass(frozen=True)
class ShortenedKind:
    """One kind whose period the values shorten, and what the next purge would remove because of it."""

    kind: str
    old_months: int
    new_months: int
    action: str  # what happens to its records after the new period
    old_action: str  # what happened to them until now (anonymised records are deleted when it becomes delete)
    due: int  # records (units of the kind, as the purge counts them) newly removed
    persons: int  # the people they belong to (0 for the kinds that are no person's file)


@dataclass(frozen=True)
class Shortening:
    """What saving shorter periods does at the next purge: the records it would remove under the new
    periods and keep under the current ones, counted as the purge counts (``purge.compare``)."""

    day: date  # the day of the next purge, as of which it is counted
    kinds: list[ShortenedKind]
    # kinds not shortened whose records go with those above (an application's reviews): (kind, count, action)
    also: list[tuple[str, int, str]]
    persons: int  # people with anything removed
    held_persons: int  # people under a legal hold whose records would go but for it: not counted
    held_records: int  # sign-in records of people under a legal hold: not counted
    seen: str  # schedules_seen() of the schedules it was counted against


def next_purge_day() -> date:
    """The day the next purge applies the schedules as of: the booked daily run's, today at the earliest."""
    today = timezone.localdate()
    booked = ScheduledPurge.objects.filter(done_at__isnull=True).order_by("run_on").first()
    return max(today, booked.run_on) if booked is not None else today


def stricter(schedule: RetentionSchedule, rule: retention.Rule) -> bool:
    """Whether ``rule`` removes more than the schedule as it stands: a shorter period, or deleting what was
    anonymised (both cannot be undone for what the next purge removes)."""
    return rule.months < schedule.months or (
        schedule.action == retention.ANONYMISE and rule.action == retention.DELETE
    )


def shortening(values: Mapping[str, Mapping[str, Any]], *, day: date | None = None) -> Shortening | None:
    """What saving the valid ``values`` would newly remove at the next purge (or on ``day``), when they
    shorten at least one period; None when none is shorter. Reads only (it scans every person, as a dry
    run)."""
    schedules = {s.kind: s for s in RetentionSchedule.objects.all()}
    new = proposed_rules(values, schedules)
    shorter = [
        kind
        for kind in retention.KINDS
        if kind in values and kind in schedules and stricter(schedules[kind], new[kind])
    ]
    if not shorter:
        return None
    old = proposed_rules({}, schedules)
    day = day or next_purge_day()
    diff = purge.compare(old, new, today=day)
    kinds = [
        ShortenedKind(
            kind=kind,
            old_months=schedules[kind].months,
            new_months=new[kind].months,
            action=new[kind].action,
            old_action=schedules[kind].action,
            due=diff.due.get(kind, 0),
            persons=0 if kind in retention.RECORD_DATED_KINDS else diff.persons.get(kind, 0),
        )
        for kind in shorter
    ]
    also = [
        (kind, diff.due[kind], new[kind].action if kind in new else retention.DELETE)
        for kind in retention.KINDS
        if kind not in shorter and diff.due.get(kind)
    ]
    return Shortening(
        day=day,
        kinds=kinds,
        also=also,
        persons=diff.all_persons,
        held_persons=diff.held_persons,
        held_records=diff.held.get(retention.SIGN_IN_RECORDS, 0),
        seen=schedules_seen(schedules),
    )


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


def _expiry_mail(token: ApiToken) -> tuple[str, str]:
    """The subject and body of a token's expiry notice, in the active language and time zone."""
    values = {
        "name": token.name,
        "prefix": token.prefix,
        "when": date_format(timezone.localtime(token.expires_at), "DATETIME_FORMAT"),
        "link": absolute_url(reverse("api_tokens")),
    }
    subject = _("JETPM: your API token “%(name)s” stops working on %(when)s") % values
    body = _(
        "Your API token “%(name)s” (%(prefix)s…) stops working on %(when)s: the system that uses it "
        "will then be refused.\n\nA token's expiry cannot be extended. To keep the system connected, "
        "issue a new token for it on your API tokens page, give it to the system, then revoke this "
        "one:\n%(link)s\n"
    )
    return subject, body % values


def _send_later(subject: str, body: str, address: str) -> None:
    transaction.on_commit(lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [address]))


def remind_expiring_tokens(*, now: datetime | None = None) -> int:
    """Tell each token's person by mail, once, that a working token of theirs stops working within
    ``TOKEN_EXPIRY_NOTICE`` (in their language and time zone, after the commit); the notice is recorded on
    the token and in the audit log. Returns the number of tokens notified. Run by the daily task."""
    now = now or timezone.now()
    due = (
        ApiToken.objects.filter(
            revoked_at__isnull=True,
            expiry_notice_sent_at__isnull=True,
            expires_at__gt=now,
            expires_at__lte=now + TOKEN_EXPIRY_NOTICE,
            user__is_active=True,
        )
        .exclude(user__email="")
        .values_list("pk", flat=True)
        .order_by("pk")
    )
    notified = 0
    for token_id in list(due):
        with transaction.atomic():
            row = (
                ApiToken.objects.select_for_update(of=("self",))
                .select_related("user")
                .filter(pk=token_id, expiry_notice_sent_at__isnull=True)
                .first()
            )
            if row is None:  # told meanwhile by another run
                continue
            row.expiry_notice_sent_at = now
            row.save(update_fields=["expiry_notice_sent_at"])
            audit.record(
                actor=None,
                action="api_token.expiry_notice",
                obj=row,
                changes={"expiry_notice_sent_at": [None, now], "expires_at": row.expires_at},
            )
            with (
                translation.override(row.user.language or settings.LANGUAGE_CODE),
                in_zone(zone_for_user(row.user)),
            ):
                subject, body = _expiry_mail(row)
            _send_later(subject, body, row.user.email)
        notified += 1
    return notified
