"""The mail of a broken audit chain: when a full verification (the daily task, ``jetpm audit verify``, "Verify
now" on the chain's page) finds the hash chain broken, the platform's administrators — the superusers and the
administrators of the national bodies, those who manage every organisation's users
(core/permissions.py ``manages_all_members``) — are each told once, after the commit, in their own language:
what the verification found, when, and the link to the chain's page. Nothing is sent when the chain holds.

Like the project's other system mails (jetaa/notices.py, placement/notices.py), the alert is not an audit
event of its own: the recorded verification (core.ChainVerification) is the record of what was found."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from jetpm.core.mail import absolute_url
from jetpm.core.models import ChainVerification, User
from jetpm.core.states import NATIONAL_KINDS, ChainProblem, Role

log = logging.getLogger(__name__)


def administrators() -> list[User]:
    """The active superusers and administrators of the national bodies who have an address, once each."""
    national_admin = Q(memberships__role=Role.ADMIN, memberships__organisation__kind__in=NATIONAL_KINDS)
    return list(
        User.objects.filter(Q(is_superuser=True) | national_admin, is_active=True)
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )


def _message(row: ChainVerification) -> tuple[str, str]:
    """The subject and body in the active language."""
    when = date_format(timezone.localtime(row.finished_at or row.requested_at), "DATETIME_FORMAT")
    problem = str(ChainProblem(row.problem).label) if row.problem in ChainProblem.values else row.problem
    values = {
        "when": when,
        "how": str(row.get_trigger_display()),
        "id": row.first_bad_event_id,
        "problem": problem,
        "n": f"{row.verified:,}",
        "link": absolute_url(reverse("core:audit_chain")),
    }
    subject = _("JETPM: the audit log has been changed (verification of %(when)s)") % values
    if row.first_bad_event_id:
        found = _("The first event that does not match is #%(id)s: %(problem)s.") % values
    else:
        found = problem[:1].upper() + problem[1:] + "."
    body = _(
        "The full verification of the audit log of %(when)s (started by: %(how)s) found the hash chain "
        "broken: an event has been changed, deleted or inserted since it was written.\n\n%(found)s\n"
        "Events verified before the break: %(n)s.\n\nSee the integrity of the audit log: %(link)s\n"
    ) % {**values, "found": found}
    return subject, body


def alert_if_broken(row: ChainVerification) -> None:
    """After the commit of a finished verification that found the chain broken, mail each administrator in
    their language (one mail per administrator and per verification)."""
    if row.intact is not False:
        return

    def send() -> None:
        for user in administrators():
            with translation.override(user.language or settings.LANGUAGE_CODE):
                subject, body = _message(row)
            try:
                send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
            except Exception:  # one address refused does not keep the others from being told
                log.exception("the mail of broken audit chain %s to user %s was not sent", row.pk, user.pk)

    transaction.on_commit(send)
