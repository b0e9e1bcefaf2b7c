"""Notices to applicants: a message in the portal, and the same by e-mail after the transaction commits.

Callers build the subject and body in the applicant's language (``language_of``) with gettext."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction

from jetpm.applications.models import Application, Notice


def language_of(application: Application) -> str:
    """The language the applicant chose in the portal (English when they have no account)."""
    user = application.person.user
    return user.language if user is not None else "en"


def notify(*, application: Application, kind: str, subject: str, body: str, email: bool = True) -> Notice:
    """Create the portal notice now and send the e-mail after commit (inside the caller's transaction)."""
    address = application.email or application.person.email
    notice = Notice.objects.create(
        application=application, kind=kind, subject=subject[:300], body=body, emailed=bool(email and address)
    )
    if email and address:
        transaction.on_commit(
            lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [address], fail_silently=False)
        )
    return notice
