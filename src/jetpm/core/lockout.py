"""Login lockout (django-axes): five failures for one username from one address lock that pair for the cool-
off time; besides, one address that has failed for ``JETPM_LOGIN_ADDRESS_USERNAME_LIMIT`` different
usernames within the cool-off time (password spraying: one guess for many accounts) is locked for every
username."""

from __future__ import annotations

from typing import Any

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.http import HttpRequest


def address_username_limit() -> int:
    return int(getattr(settings, "JETPM_LOGIN_ADDRESS_USERNAME_LIMIT", 10))


def usernames_failed_from(request: HttpRequest) -> int:
    """How many different usernames failed to log in from the request's address within the cool-off time."""
    address = getattr(request, "axes_ip_address", None)
    if not address:
        return 0
    return (
        AccessAttempt.objects.filter(ip_address=address, attempt_time__gte=get_cool_off_threshold(request))
        .values("username")
        .distinct()
        .count()
    )


class LoginAttemptHandler(AxesDatabaseHandler):
    """Axes' database handler, with the address-wide limit on top of the per username and address one."""

    def get_failures(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
        failures: int = super().get_failures(request, credentials)
        if usernames_failed_from(request) >= address_username_limit():
            return max(failures, get_failure_limit(request, credentials))
        return failures
