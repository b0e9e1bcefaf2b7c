"""Throttles of the mail that anyone may cause to be sent (password reset, registration and its confirmation
link): at most ``JETPM_MAIL_LIMIT_PER_EMAIL`` requests for one e-mail address and
``JETPM_MAIL_LIMIT_PER_ADDRESS`` from one client address (jetpm.core.client_ip) per hour and kind. Every
request counts, whether or not an account exists, so the answer never tells which addresses have one.

And the requests of each API token: at most ``JETPM_API_REQUESTS_PER_MINUTE`` a minute
(:func:`count_api_request`)."""

from __future__ import annotations

import hashlib
import math
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from jetpm.core.client_ip import client_ip
from jetpm.core.errors import DomainError
from jetpm.core.models import ThrottleHit

WINDOW = timedelta(hours=1)


class Throttled(DomainError):
    status_code = 429


def _key(kind: str, what: str, value: str) -> str:
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{value}".encode()).hexdigest()[:40]
    return f"{kind}:{what}:{digest}"


def limits() -> tuple[int, int]:
    return (
        int(getattr(settings, "JETPM_MAIL_LIMIT_PER_EMAIL", 3)),
        int(getattr(settings, "JETPM_MAIL_LIMIT_PER_ADDRESS", 30)),
    )


@transaction.atomic
def count_mail_request(request: HttpRequest, *, kind: str, email: str, field: str = "email") -> None:
    """Count one request for a mail of ``kind`` to ``email`` from the request's client; raise
    :class:`Throttled` (nothing counted) when the e-mail address or the client address has reached its
    limit within the hour."""
    now = timezone.now()
    since = now - WINDOW
    ThrottleHit.objects.filter(at__lt=since).delete()
    per_email, per_address = limits()
    by_email = _key(kind, "email", email.strip().lower())
    by_address = _key(kind, "address", client_ip(request))
    if ThrottleHit.objects.filter(key=by_email, at__gte=since).count() >= per_email:
        raise Throttled(
            _(
                "Too many e-mails have been asked for this e-mail address (at most %(limit)s an hour). "
                "Please check your inbox and spam folder, or try again in an hour."
            )
            % {"limit": per_email},
            field=field,
        )
    if ThrottleHit.objects.filter(key=by_address, at__gte=since).count() >= per_address:
        raise Throttled(
            _(
                "Too many e-mails have been asked from your network address (at most %(limit)s an hour). "
                "Please try again in an hour."
            )
            % {"limit": per_address},
            field=field,
        )
    ThrottleHit.objects.bulk_create([ThrottleHit(key=by_email, at=now), ThrottleHit(key=by_address, at=now)])


# --- API tokens -------------------------------------------------------------------------------------------

API_WINDOW = timedelta(minutes=1)


class RateLimited(Throttled):
    """Too many requests with one API token; ``retry_after`` is the number of seconds until one more fits."""

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


def api_limit() -> int:
    return int(getattr(settings, "JETPM_API_REQUESTS_PER_MINUTE", 120))


@transaction.atomic
def count_api_request(token_id: int) -> None:
    """Count one request made with an API token; raise :class:`RateLimited` (nothing counted) when the token
    has made ``JETPM_API_REQUESTS_PER_MINUTE`` requests within the last minute. Counted in the database, so
    the limit holds across every application server."""
    now = timezone.now()
    since = now - API_WINDOW
    key = f"api:token:{token_id}"
    ThrottleHit.objects.filter(key=key, at__lt=since).delete()
    limit = api_limit()
    recent = ThrottleHit.objects.filter(key=key, at__gte=since)
    if recent.count() >= limit:
        oldest = recent.order_by("at").values_list("at", flat=True).first() or now
        wait = (oldest + API_WINDOW - now).total_seconds()
        raise RateLimited(
            _("Too many requests with this token (at most %(limit)s a minute). Try again in %(seconds)s s.")
            % {"limit": limit, "seconds": max(1, math.ceil(wait))},
            retry_after=max(1, math.ceil(wait)),
        )
    ThrottleHit.objects.create(key=key, at=now)
