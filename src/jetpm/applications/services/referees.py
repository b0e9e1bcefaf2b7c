"""Referees: the applicant names two, invites each by e-mail with a one-time link, and the referee uploads
one letter through it without an account. Only the SHA-256 digest of a link's token is stored."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from jetpm.applications.models import Application, Referee
from jetpm.applications.permissions import is_own
from jetpm.applications.portal import selectors as sel
from jetpm.applications.services import documents
from jetpm.applications.services.notices import language_of
from jetpm.applications.states import EDITABLE, DocumentKind
from jetpm.core import audit
from jetpm.core.errors import DomainError, NotFound, PermissionDenied
from jetpm.core.mail import absolute_url
from jetpm.core.models import User
from jetpm.core.scoping import scope_of
from jetpm.core.uploads import check_upload

REFEREE_FIELDS = ("name", "email", "relationship")
EXPIRES_AFTER_CLOSE = timedelta(days=14)


class LinkUsed(DomainError):
    """The referee's link was used already (HTTP 410)."""

    status_code = 410


class LinkExpired(DomainError):
    status_code = 410


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _own_editable(actor: User, application_id: int) -> Application:
    application = Application.objects.select_for_update(of=("self",)).get(pk=application_id)
    if not is_own(scope_of(actor), application):
        raise PermissionDenied(_("This is not your application."))
    if application.status not in EDITABLE:  # a state, not a permission: the page says it
        raise DomainError(
            _("Application %(ref)s has been submitted: only the contact details can still be changed.")
            % {"ref": application.reference}
        )
    return application


@transaction.atomic
def save_referee(*, actor: User, application_id: int, order: int, values: dict[str, Any]) -> Referee:
    """Name (or correct) referee 1 or 2. A changed e-mail address invalidates an earlier invitation."""
    if order not in (1, 2):
        raise DomainError(_("Unknown referee."), field="order")
    application = _own_editable(actor, application_id)
    for name in REFEREE_FIELDS:
        if not (values.get(name) or "").strip():
            label = Referee._meta.get_field(name).verbose_name  # type: ignore[union-attr]
            raise DomainError(_("“%(field)s” is required.") % {"field": label}, field=name)
    referee = (
        Referee.objects.select_for_update(of=("self",)).filter(application=application, order=order).first()
    )
    if referee is None:
        referee = Referee(application=application, order=order)
    other = (
        Referee.objects.filter(application=application).exclude(order=order).values_list("email", flat=True)
    )
    email = values["email"].strip().lower()
    if email in {e.lower() for e in other}:
        raise DomainError(_("The two referees need different e-mail addresses."), field="email")
    own = {e.strip().lower() for e in (application.email, application.person.email) if e}
    if actor.email:
        own.add(actor.email.strip().lower())
    if email in own:
        raise DomainError(
            _("A referee cannot be yourself: give your referee's own e-mail address, not yours."),
            field="email",
        )
    before = audit.snapshot(referee, list(REFEREE_FIELDS))
    for name in REFEREE_FIELDS:
        setattr(referee, name, values[name].strip())
    changes = audit.diff(before, audit.snapshot(referee, list(REFEREE_FIELDS)))
    if "email" in changes and referee.letter_id is None:
        referee.token_digest = None
        referee.invited_at = None
        referee.expires_at = None
    referee.save()
    audit.record(
        actor=actor,
        action="application.referee.save",
        obj=referee,
        changes={"order": order, **changes},
        organisation=application.mission_id,
        person=application.person_id,
    )
    return referee


def _expiry(application: Application) -> datetime:
    window = sel.intake_window(application)
    closes = window[1] if window is not None else timezone.localdate()
    end_of_day = datetime.combine(closes, time.max, tzinfo=timezone.get_current_timezone())
    return end_of_day + EXPIRES_AFTER_CLOSE


@transaction.atomic
def invite(*, actor: User, application_id: int, order: int) -> Referee:
    """Send the referee a new one-time link (a re-invitation invalidates the previous link)."""
    application = _own_editable(actor, application_id)
    referee = (
        Referee.objects.select_for_update(of=("self",)).filter(application=application, order=order).first()
    )
    if referee is None:
        raise DomainError(_("Name the referee before inviting them."), field="order")
    if referee.letter_id is not None:
        raise DomainError(_("This referee has already sent their letter."), field="order")
    token = secrets.token_urlsafe(32)
    referee.token_digest = digest(token)
    referee.invited_at = timezone.now()
    referee.expires_at = _expiry(application)
    referee.save(update_fields=["token_digest", "invited_at", "expires_at"])
    audit.record(
        actor=actor,
        action="application.referee.invite",
        obj=referee,
        changes={"order": order, "email": referee.email, "expires_at": referee.expires_at},
        organisation=application.mission_id,
        person=application.person_id,
    )
    link = absolute_url(reverse("applications:reference_upload", kwargs={"token": token}))
    with translation.override(language_of(application)):
        subject = _("Reference request for %(name)s (JET Programme)") % {"name": application.display_name}
        body = _(
            "Dear %(referee)s,\n\n%(name)s has applied to the JET Programme and named you as a referee. "
            "Please upload your letter of reference (PDF, JPEG or PNG) through this link, which works once, "
            "until %(expires)s:\n\n%(link)s\n\nThe page is available in English and Japanese.\n"
        ) % {
            "referee": referee.name,
            "name": application.display_name,
            "expires": date_format(timezone.localtime(referee.expires_at).date(), "DATE_FORMAT"),
            "link": link,
        }
    address = referee.email
    transaction.on_commit(lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [address]))
    return referee


def referee_for_token(token: str, *, now: datetime | None = None, lock: bool = False) -> Referee:
    """The referee whose link this is; NotFound (unknown), LinkUsed or LinkExpired otherwise."""
    qs = Referee.objects.select_related("application", "application__person")
    if lock:
        qs = qs.select_for_update(of=("self",))
    referee = qs.filter(token_digest=digest(token)).first() if token else None
    if referee is None:
        raise NotFound(_("This link is not valid. It may have been replaced by a newer invitation."))
    if referee.letter_id is not None or referee.received_at is not None:
        raise LinkUsed(_("This link has already been used: the letter was received. Thank you."))
    if referee.expires_at is not None and (now or timezone.now()) > referee.expires_at:
        raise LinkExpired(_("This link has expired."))
    return referee


@transaction.atomic
def upload_letter(*, token: str, upload: UploadedFile | None) -> Referee:
    """The referee's one upload: checked by content, stored as a reference document, the link used up."""
    referee = referee_for_token(token, lock=True)
    checked = check_upload(upload)
    doc = documents.store(
        application=referee.application, kind=DocumentKind.REFERENCE, checked=checked, uploaded_by=None
    )
    referee.letter = doc
    referee.received_at = timezone.now()
    referee.save(update_fields=["letter", "received_at"])
    audit.record(
        actor=None,
        action="application.referee.letter",
        obj=referee,
        changes={"order": referee.order, "document": doc.pk, "sha256": doc.sha256, "size": doc.size},
        organisation=referee.application.mission_id,
        person=referee.application.person_id,
    )
    return referee
