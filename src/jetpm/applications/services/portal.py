"""Writes of the applicant's form: start a draft, save a step, submit, change contact details, withdraw.

Each write locks the application, checks that it is the actor's own and still editable, writes the audit
event in the same transaction and leaves mail to after the commit."""

from __future__ import annotations

import base64
import secrets
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from jetpm.applications.models import Application, Notice
from jetpm.applications.permissions import is_own
from jetpm.applications.portal import selectors as sel
from jetpm.applications.services import notices, transitions
from jetpm.applications.states import EDITABLE, ApplicationStatus
from jetpm.core import audit
from jetpm.core.calendar import fiscal_year_label
from jetpm.core.errors import DomainError, PermissionDenied, raise_all
from jetpm.core.models import Language, Prefecture, User
from jetpm.core.scoping import scope_of
from jetpm.core.states import JobType

CONTACT_FIELDS = ("email", "phone", "address")


def new_reference(intake_year: int, country_code: str) -> str:
    """``2027-GB-K3M9QZ``: the year, the country and six random base32 characters."""
    while True:
        tail = base64.b32encode(secrets.token_bytes(5)).decode()[:6]
        reference = f"{intake_year}-{country_code}-{tail}"
        if not Application.objects.filter(reference=reference).exists():
            return reference


# What a submission reads of the application's related records (the eligibility facts, the notice): in the
# locking query rather than one query each.
SUBMIT_RELATED = ("nationality", "country", "language", "mission", "person__user")


def _own_locked(actor: User, application_id: int, *, related: tuple[str, ...] = ()) -> Application:
    application = transitions.lock(application_id, related=related)
    if not is_own(scope_of(actor), application):
        raise PermissionDenied(_("This is not your application."))
    return application


def _require_editable(application: Application) -> None:
    if application.status not in EDITABLE:  # a state, not a permission: the page says it
        raise DomainError(
            _("Application %(ref)s has been submitted: only the contact details can still be changed.")
            % {"ref": application.reference}
        )


def _default_language() -> Language:
    found = (
        Language.objects.filter(designated=True, code="en").first()
        or Language.objects.filter(designated=True).order_by("code").first()
        or Language.objects.order_by("code").first()
    )
    if found is None:
        raise DomainError(_("No designated language is configured."))
    return found


@transaction.atomic
def start_application(*, actor: User, intake_year: int, mission_id: int | None, today: date) -> Application:
    """Open a draft for the intake year through a mission of the applicant's nationality."""
    person = sel.person_of(actor)
    if person is None:
        raise PermissionDenied(_("Only applicants may start an application."))
    opening = next((o for o in sel.openings_for(person, today) if o.intake_year == intake_year), None)
    if opening is None:
        raise DomainError(
            _("Applications for %(year)s are not open.") % {"year": fiscal_year_label(intake_year)},
            field="intake_year",
        )
    if mission_id is None and len(opening.missions) == 1:
        mission_id = opening.missions[0].pk
    mission = next((m for m in opening.missions if m.pk == mission_id), None)
    if mission is None:
        raise DomainError(_("Choose the mission you apply through."), field="mission")
    if Application.objects.filter(person=person, intake_year=intake_year).exists():
        raise DomainError(
            _("You already have an application for %(year)s: one application per person and year.")
            % {"year": fiscal_year_label(intake_year)},
            field="intake_year",
        )
    try:
        with transaction.atomic():
            application = Application.objects.create(
                reference=new_reference(intake_year, person.nationality.code),
                person=person,
                intake_year=intake_year,
                mission=mission,
                country=person.nationality,
                job_type=JobType.ALT,
                language=_default_language(),
                nationality=person.nationality,
                passport_family_name=person.family_name,
                passport_given_names=person.given_name,
                birth_date=person.birth_date,
                email=person.email,
            )
    except IntegrityError as exc:  # a second tab raced the check above
        raise DomainError(
            _("You already have an application for %(year)s: one application per person and year.")
            % {"year": fiscal_year_label(intake_year)},
            field="intake_year",
        ) from exc
    if person.mission_id is None:
        type(person).objects.filter(pk=person.pk).update(mission=mission)
    audit.record(
        actor=actor,
        action="application.create",
        obj=application,
        changes={"reference": application.reference, "intake_year": intake_year, "mission": mission.pk},
        organisation=mission.pk,
        person=person.pk,
    )
    return application


def _check_step(application: Application, step: str, values: dict[str, Any]) -> None:
    """The rules of a step that need more than the field itself: every refused field at once (DomainError
    or FieldErrors naming the fields)."""
    raise_all(step_errors(application, step, values))


def step_errors(application: Application, step: str, values: dict[str, Any]) -> list[tuple[str | None, str]]:
    """Every rule of a step its values break, as ``(field, message)``; the form shows them with its own
    field errors, all at once. Normalises ``values["partner_reference"]``."""
    errors: list[tuple[str | None, str]] = []
    today = timezone.localdate()
    if step == "personal":
        language = values.get("language")
        if language is not None and not language.designated:
            errors.append(("language", _("Choose one of the programme's designated languages.")))
        born = values.get("birth_date")
        if born is not None and born >= today:
            errors.append(("birth_date", _("The date of birth cannot be today or in the future.")))
    if step == "education" and (
        values.get("degree_date") and values["degree_date"] > today and not values.get("degree_expected")
    ):
        errors.append(
            (
                "degree_date",
                _("The date of the degree is in the future: tick “the degree is still expected”."),
            )
        )
    if step == "history":
        if values.get("former_participant"):
            for name in ("former_start_year", "former_years"):
                if not values.get(name):
                    errors.append(
                        (name, _("Former participants give the first year and the number of years."))
                    )
        years = values.get("years_in_japan_last_10")
        if years is not None and not 0 <= years <= 10:
            errors.append(
                ("years_in_japan_last_10", _("Years lived in Japan in the last 10 years: from 0 to 10."))
            )
    if step == "preferences":
        chosen = [values.get(f"preference_{i}") for i in (1, 2, 3)]
        seen: set[int] = set()
        for i, pref in enumerate(chosen, start=1):
            if pref is None:
                continue
            if not isinstance(pref, Prefecture):
                errors.append((f"preference_{i}", _("Choose a prefecture.")))
                continue
            if pref.pk in seen:
                errors.append(
                    (
                        f"preference_{i}",
                        _("%(prefecture)s is chosen twice: choose different prefectures.")
                        % {"prefecture": pref.name},
                    )
                )
            seen.add(pref.pk)
    if step == "partner":
        ref = (values.get("partner_reference") or "").strip().upper()
        values["partner_reference"] = ref
        if ref == application.reference:
            errors.append(("partner_reference", _("Give your partner's application number, not your own.")))
        elif (
            ref
            and not Application.objects.filter(reference=ref, intake_year=application.intake_year).exists()
        ):
            errors.append(
                ("partner_reference", _("No application %(ref)s exists for the same year.") % {"ref": ref})
            )
    if step == "statement":
        guideline = sel.guideline_of(application)
        count = sel.word_count(values.get("statement") or "")
        if guideline is not None and count > guideline.statement_max_words:
            errors.append(
                (
                    "statement",
                    _("The statement of purpose has %(count)s words; the limit is %(max)s.")
                    % {"count": count, "max": guideline.statement_max_words},
                )
            )
    return errors


def _apply_values(
    application: Application, fields: tuple[str, ...], values: dict[str, Any]
) -> dict[str, list[Any]]:
    """Set the step's fields; the changes for the audit event ({field: [old, new]})."""
    plain = [f for f in fields if f != "other_nationalities" and f in values]
    before = audit.snapshot(application, plain)
    for name in plain:
        setattr(application, name, values[name])
    changes = audit.diff(before, audit.snapshot(application, plain))
    if "other_nationalities" in fields and "other_nationalities" in values:
        old = sorted(application.other_nationalities.values_list("pk", flat=True))
        new = sorted(c.pk for c in values["other_nationalities"])
        if old != new:
            application.other_nationalities.set(new)
            changes["other_nationalities"] = [old, new]
    return changes


def _refresh_eligibility(application: Application) -> list[str]:
    codes = [f.code for f in sel.eligibility_failures(application)]
    application.eligibility_failures = codes
    return codes


@transaction.atomic
def save_step(*, actor: User, application_id: int, step: str, values: dict[str, Any]) -> Application:
    """Save one step of a draft and re-check the year's eligibility rules on the steps saved so far."""
    if step not in sel.FORM_STEPS:
        raise DomainError(_("Unknown step."), field="step")
    application = _own_locked(actor, application_id)
    _require_editable(application)
    values = dict(values)
    _check_step(application, step, values)
    changes = _apply_values(application, sel.STEP_BY_SLUG[step].fields, values)
    if step not in application.steps_done:
        application.steps_done = [*application.steps_done, step]
    before = list(application.eligibility_failures or [])
    after = _refresh_eligibility(application)
    if before != after:
        changes["eligibility_failures"] = [before, after]
    application.save()
    audit.record(
        actor=actor,
        action="application.step.save",
        obj=application,
        changes={"step": step, **changes},
        organisation=application.mission_id,
        person=application.person_id,
    )
    return application


def _duplicate_of(application: Application) -> Application | None:
    same = Q()
    if application.passport_family_name and application.birth_date:
        same |= Q(
            passport_family_name__iexact=application.passport_family_name, birth_date=application.birth_date
        )
    if application.email:
        same |= Q(email__iexact=application.email)
    if not same:
        return None
    return (
        Application.objects.filter(same, intake_year=application.intake_year)
        .exclude(pk=application.pk)
        .order_by("pk")
        .first()
    )


@transaction.atomic
def submit(*, actor: User, application_id: int, today: date) -> Application:
    """Submit a complete, eligible draft inside the mission's intake window."""
    application = _own_locked(actor, application_id, related=SUBMIT_RELATED)
    _require_editable(application)
    if not sel.intake_is_open(application, today):
        window = sel.intake_window(application)
        if window is not None and today > window[1]:
            raise DomainError(
                _("Applications for %(year)s closed on %(date)s: the application can no longer be submitted.")
                % {"year": fiscal_year_label(application.intake_year), "date": date_format(window[1])}
            )
        raise DomainError(
            _("Applications for %(year)s are not open yet%(opens)s.")
            % {
                "year": fiscal_year_label(application.intake_year),
                "opens": (" (" + date_format(window[0]) + ")") if window is not None else "",
            }
        )
    missing = sel.missing_items(application, sel.documents_of(application), sel.referees_of(application))
    if missing:
        raise DomainError(
            _("The application is not complete: %(items)s")
            % {"items": " ".join(m["message"] for m in missing)}
        )
    failures = sel.eligibility_failures(application, all_steps=True)
    application.eligibility_failures = [f.code for f in failures]
    if failures:
        from jetpm.planning.services.guidelines import failure_message

        raise DomainError(
            _("The application does not meet the year's eligibility rules: %(items)s")
            % {"items": " ".join(failure_message(f) for f in failures)}
        )
    transitions.move(application, ApplicationStatus.SUBMITTED, actor=actor, action="application.submit")
    application.submitted_at = timezone.now()
    application.duplicate_of = _duplicate_of(application)
    application.save(update_fields=["submitted_at", "duplicate_of", "eligibility_failures", "updated_at"])
    if application.duplicate_of is not None:
        audit.record(
            actor=None,
            action="application.duplicate.flag",
            obj=application,
            changes={"duplicate_of": application.duplicate_of.reference},
            organisation=application.mission_id,
            person=application.person_id,
        )
    with translation.override(notices.language_of(application)):
        notices.notify(
            application=application,
            kind="received",
            subject=_("We received your application %(ref)s") % {"ref": application.reference},
            body=_(
                "Thank you for applying to the JET Programme. We received your application %(ref)s for "
                "%(year)s through %(mission)s. The mission will tell you the next steps."
            )
            % {
                "ref": application.reference,
                "year": fiscal_year_label(application.intake_year),
                "mission": application.mission.name,
            },
        )
    return application


@transaction.atomic
def update_contact(*, actor: User, application_id: int, values: dict[str, Any]) -> Application:
    """The contact details, which the applicant may change at any stage."""
    application = _own_locked(actor, application_id)
    if application.status in {ApplicationStatus.WITHDRAWN, ApplicationStatus.DISQUALIFIED}:
        raise DomainError(_("This application is closed."))
    if not (values.get("email") or "").strip():
        raise DomainError(_("The e-mail address is required."), field="email")
    changes = _apply_values(application, CONTACT_FIELDS, values)
    application.save(update_fields=[*CONTACT_FIELDS, "updated_at"])
    audit.record(
        actor=actor,
        action="application.contact.update",
        obj=application,
        changes=changes,
        organisation=application.mission_id,
        person=application.person_id,
    )
    return application


@transaction.atomic
def withdraw(*, actor: User, application_id: int, reason: str) -> Application:
    application = _own_locked(actor, application_id)
    return transitions.move(application, ApplicationStatus.WITHDRAWN, actor=actor, reason=reason)


@transaction.atomic
def mark_notices_read(*, actor: User, application_id: int) -> int:
    application = _own_locked(actor, application_id)
    return Notice.objects.filter(application=application, read_at__isnull=True).update(read_at=timezone.now())


def record_receipt(*, actor: User, application: Application) -> None:
    """The receipt carries personal data: its download is audited as an export."""
    audit.record(
        actor=actor,
        action="application.receipt.export",
        obj=application,
        changes={"format": "pdf"},
        organisation=application.mission_id,
        person=application.person_id,
    )
