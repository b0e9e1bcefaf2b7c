"""Offers: the applicant's reply (accept with the reply form, or decline), the missed deadlines (lapsed as
the platform), the clearance once both certificates are in, and the audited download of result letters."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from jetpm.applications.models import Application
from jetpm.applications.services.transitions import lock, move
from jetpm.applications.states import AFTER_ACCEPTANCE_UPLOADS, ApplicationStatus, DocumentKind
from jetpm.core import audit, workflow
from jetpm.core.errors import DomainError, IllegalTransition, PermissionDenied, raise_all
from jetpm.core.models import User
from jetpm.core.scoping import scope_of
from jetpm.core.selectors import arrival_date
from jetpm.core.workflow import SYSTEM
from jetpm.selection.models import Offer
from jetpm.selection.permissions import can_clear
from jetpm.selection.states import OfferStatus
from jetpm.selection.workflows import OFFERS


@dataclass(frozen=True)
class Acceptance:
    departure_airport: str
    passport_number: str
    passport_expires_on: date | None
    dependants: str = ""
    renounces_other_nationality: bool = False


def _lock_offer(offer_id: int) -> tuple[Offer, Application]:
    offer = Offer.objects.select_for_update(of=("self",)).get(pk=offer_id)
    return offer, lock(offer.application_id)


def _check_open(offer: Offer, step: str, today: date, actor: User) -> None:
    if offer.status != OfferStatus.OPEN:
        raise IllegalTransition(
            _("The offer is “%(status)s”: it cannot be answered any more.")
            % {"status": offer.get_status_display()}
        )
    workflow.check(OFFERS, offer, step, actor=actor)
    if today > offer.deadline:
        raise DomainError(
            _("The reply deadline was %(date)s: the offer can no longer be answered here.")
            % {"date": date_format(offer.deadline)}
        )


def reply_errors(app: Application, reply: Acceptance) -> list[tuple[str | None, str]]:
    """Every problem of an acceptance's reply, as ``(field, message)``: the form shows them together."""
    errors: list[tuple[str | None, str]] = []
    if not reply.departure_airport.strip():
        errors.append(("departure_airport", _("Give your departure airport.")))
    if not reply.passport_number.strip():
        errors.append(("passport_number", _("Give your passport number.")))
    arrival = arrival_date(app.intake_year)
    if reply.passport_expires_on is None:
        errors.append(("passport_expires_on", _("Give the expiry date of your passport.")))
    elif reply.passport_expires_on <= arrival:
        errors.append(
            (
                "passport_expires_on",
                _("Your passport must be valid after your arrival in Japan (%(date)s).")
                % {"date": date_format(arrival)},
            )
        )
    if app.other_nationalities.exists() and not reply.renounces_other_nationality:
        errors.append(
            (
                "renounces_other_nationality",
                _("You hold another nationality: confirm that you will renounce it or not use it in Japan."),
            )
        )
    return errors


@transaction.atomic
def accept(*, actor: User, offer_id: int, reply: Acceptance, today: date | None = None) -> Offer:
    today = today or timezone.localdate()
    offer, app = _lock_offer(offer_id)
    _check_open(offer, "accept", today, actor)
    raise_all(reply_errors(app, reply))
    move(app, ApplicationStatus.ACCEPTED, actor=actor, action="selection.offer.accept.status")
    return workflow.perform(
        OFFERS,
        offer,
        "accept",
        actor=actor,
        values={
            "departure_airport": reply.departure_airport.strip(),
            "passport_number": reply.passport_number.strip(),
            "passport_expires_on": reply.passport_expires_on,
            "dependants": reply.dependants.strip(),
            "renounces_other_nationality": reply.renounces_other_nationality,
        },
    )


@transaction.atomic
def decline(*, actor: User, offer_id: int, reason: str, today: date | None = None) -> Offer:
    today = today or timezone.localdate()
    offer, app = _lock_offer(offer_id)
    _check_open(offer, "decline", today, actor)
    reason = reason.strip()
    if not reason:
        raise DomainError(_("Tell us why you decline."), field="decline_reason")
    move(app, ApplicationStatus.DECLINED, actor=actor, reason=reason, action="selection.offer.decline.status")
    return workflow.perform(OFFERS, offer, "decline", actor=actor, reason=reason)


@transaction.atomic
def lapse_offers(*, actor: User | None, today: date | None = None) -> list[str]:
    """Lapse every open offer whose deadline has passed: the application moves ``shortlisted → declined``
    as the platform (``actor`` is who pressed the button, None at the command line). Returns the
    application numbers."""
    today = today or timezone.localdate()
    ids = list(
        Offer.objects.filter(status=OfferStatus.OPEN, deadline__lt=today)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    done = []
    for offer_id in ids:
        offer, app = _lock_offer(offer_id)
        if offer.status != OfferStatus.OPEN:
            continue
        if app.status == ApplicationStatus.SHORTLISTED:
            move(
                app,
                ApplicationStatus.DECLINED,
                actor=None,
                system=True,
                reason=_("The reply deadline passed."),
                action="selection.offer.lapse.status",
            )
        workflow.perform(
            OFFERS,
            offer,
            "lapse",
            actor=SYSTEM,
            audit_actor=actor,
            changes={"deadline": offer.deadline.isoformat(), "today": today.isoformat()},
        )
        done.append(app.reference)
    return done


def missing_certificates(application: Application) -> list[str]:
    have = set(application.documents.filter(kind__in=AFTER_ACCEPTANCE_UPLOADS).values_list("kind", flat=True))
    return [k for k in AFTER_ACCEPTANCE_UPLOADS if k not in have]


@transaction.atomic
def clear(*, actor: User, application_id: int) -> Application:
    """Mark an accepted candidate cleared for placement once both certificates are in."""
    app = lock(application_id)
    if not can_clear(scope_of(actor), app):
        raise PermissionDenied(_("Only the mission or HQ may clear a candidate."))
    if app.status != ApplicationStatus.ACCEPTED:
        raise IllegalTransition(
            _("Application %(ref)s has not accepted an offer: it cannot be cleared.") % {"ref": app.reference}
        )
    missing = missing_certificates(app)
    if missing:
        labels = dict(DocumentKind.choices)
        raise DomainError(
            _("Application %(ref)s cannot be cleared yet; missing: %(missing)s.")
            % {"ref": app.reference, "missing": ", ".join(str(labels[k]) for k in missing)}
        )
    move(app, ApplicationStatus.CLEARED, actor=actor, action="selection.cleared")
    return app


def record_letter_download(*, actor: User, application: Application, language: str) -> None:
    """A result letter is personal data leaving the platform: audited."""
    audit.record(
        actor=actor,
        action="selection.letter.download",
        obj=application,
        changes={"language": language},
        organisation=application.mission_id,
        person=application.person_id,
    )
