"""How long API tokens work: the lifetimes a person chooses from when issuing one (never more than
``settings.JETPM_API_TOKEN_MAX_DAYS``), and where a token stands at a moment (working, expiring soon,
expired).

A token's expiry never moves: it is renewed by issuing a new token (a new secret) for the same system, which
then stops using the old one; an extension would keep one secret working for ever."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import ngettext

from jetpm.core.models import ApiToken
from jetpm.core.services_retention import TOKEN_EXPIRY_NOTICE

# The lifetimes offered, in days (the site's maximum is offered too, and none beyond it).
LIFETIMES = (30, 90, 365)
# A working token this close to its expiry is marked on its page (and its person was told by mail).
EXPIRING_SOON = TOKEN_EXPIRY_NOTICE


def max_days() -> int:
    return int(settings.JETPM_API_TOKEN_MAX_DAYS)


def offered() -> list[int]:
    """The lifetimes a person may choose from: the usual ones up to the site's maximum, and the maximum."""
    cap = max_days()
    return sorted({days for days in LIFETIMES if days <= cap} | {cap})


def lifetime_label(days: int) -> str:
    return ngettext("%(days)s day", "%(days)s days", days) % {"days": days}


def expires_at(days: int, *, now: datetime | None = None) -> datetime:
    return (now or timezone.now()) + timedelta(days=days)


def is_expired(token: ApiToken, *, now: datetime | None = None) -> bool:
    """Expired from the moment of its expiry on (a request at that very moment is refused)."""
    return (now or timezone.now()) >= token.expires_at


def days_left(token: ApiToken, *, now: datetime | None = None) -> int | None:
    """Whole days until a working token expires when it expires within ``EXPIRING_SOON`` (0: within the day);
    None for a token that is not expiring soon (or has expired)."""
    left = token.expires_at - (now or timezone.now())
    if left <= timedelta(0) or left > EXPIRING_SOON:
        return None
    return left.days


def moment(value: datetime) -> str:
    """A moment as a person reads it in their language and the site's time zone, e.g. 2027年1月5日 / 5 January
    2027, with the time."""
    return date_format(timezone.localtime(value), "DATETIME_FORMAT")


def utc(value: datetime) -> str:
    """The same moment for a machine: ISO 8601 in UTC, to the second."""
    return value.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
