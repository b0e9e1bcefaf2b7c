"""Notices to applicants: a message in the portal, and the same by e-mail after the transaction commits.

Callers build the subject and body in the applicant's language (``language_of``) with gettext, and its times
in the applicant's mission's local time (``zone_of``; ``written_for`` sets both)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import translation

from jetpm.applications.models import Application, Notice
from jetpm.core.time_zones import in_zone, zone_for_user


def language_of(application: Application) -> str:
    """The language the applicant chose in the portal (English when they have no account)."""
    user = application.person.user
    return user.language if user is not None else "en"


def zone_of(application: Application) -> str:
    """The zone the applicant reads times in (``core.time_zones.zone_for_user``); without an account, their
    mission's."""
    person = application.person
    if person.user is not None:
        return zone_for_user(person.user)
    return person.mission.time_zone if person.mission is not None else ""


@contextmanager
def written_for(application: Application) -> Iterator[None]:
    """Texts and times inside the block in the applicant's language and local time, whoever sends them."""
    with translation.override(language_of(application)), in_zone(zone_of(application)):
        yield


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
