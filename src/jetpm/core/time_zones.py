"""Local time of the missions abroad.

A mission's staff and its applicants read and enter times (interviews above all) in the mission's own time
zone, not Japan's: an embassy in London that types 15:00 into an interview slot means 15:00 in London.
Each mission keeps its zone (``Organisation.time_zone``, an IANA name; blank is Japan time, the setting
``TIME_ZONE``), and ``core.middleware.UserTimeZoneMiddleware`` activates the zone of the signed-in user's
mission for the request (``Scope.time_zone``): Django then shows every time in it and reads every typed time
in it.

``zone_for_mission_code`` gives the zone of a mission from its code (``mission-<country>-<city>``): the
country's zone, or the city's in the countries that span several. It sets the zones of the missions created
before the field existed (migration 0013) and of the demo's.

``zone_for_user`` is the one rule of whose zone a user reads in (``Scope.time_zone``): the middleware applies
it to the signed-in user's requests, and the mails written outside them (the background worker's, a national
user's action that writes to an applicant abroad) apply it to their recipient with ``in_zone``.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from functools import lru_cache
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Countries whose missions are all in one zone (the JET countries with a mission): ISO 3166 alpha-2 → IANA.
COUNTRY_ZONES: dict[str, str] = {
    "AR": "America/Argentina/Buenos_Aires",
    "AT": "Europe/Vienna",
    "BE": "Europe/Brussels",
    "CH": "Europe/Zurich",
    "CL": "America/Santiago",
    "CN": "Asia/Shanghai",
    "DE": "Europe/Berlin",
    "DK": "Europe/Copenhagen",
    "EG": "Africa/Cairo",
    "ES": "Europe/Madrid",
    "FI": "Europe/Helsinki",
    "FJ": "Pacific/Fiji",
    "FR": "Europe/Paris",
    "GB": "Europe/London",
    "GH": "Africa/Accra",
    "ID": "Asia/Jakarta",
    "IE": "Europe/Dublin",
    "IL": "Asia/Jerusalem",
    "IN": "Asia/Kolkata",
    "IS": "Atlantic/Reykjavik",
    "IT": "Europe/Rome",
    "JM": "America/Jamaica",
    "KE": "Africa/Nairobi",
    "KR": "Asia/Seoul",
    "LT": "Europe/Vilnius",
    "MN": "Asia/Ulaanbaatar",
    "MX": "America/Mexico_City",
    "MY": "Asia/Kuala_Lumpur",
    "NG": "Africa/Lagos",
    "NL": "Europe/Amsterdam",
    "NO": "Europe/Oslo",
    "NZ": "Pacific/Auckland",
    "PE": "America/Lima",
    "PG": "Pacific/Port_Moresby",
    "PH": "Asia/Manila",
    "PL": "Europe/Warsaw",
    "PT": "Europe/Lisbon",
    "RU": "Europe/Moscow",
    "SE": "Europe/Stockholm",
    "SG": "Asia/Singapore",
    "TH": "Asia/Bangkok",
    "TO": "Pacific/Tongatapu",
    "TT": "America/Port_of_Spain",
    "VN": "Asia/Ho_Chi_Minh",
    "WS": "Pacific/Apia",
    "ZA": "Africa/Johannesburg",
}
# Countries that span several zones: the mission's city (the code's last part) → IANA.
CITY_ZONES: dict[str, dict[str, str]] = {
    "US": {
        "washington": "America/New_York",
        "new-york": "America/New_York",
        "boston": "America/New_York",
        "atlanta": "America/New_York",
        "miami": "America/New_York",
        "detroit": "America/Detroit",
        "chicago": "America/Chicago",
        "houston": "America/Chicago",
        "nashville": "America/Chicago",
        "denver": "America/Denver",
        "los-angeles": "America/Los_Angeles",
        "san-francisco": "America/Los_Angeles",
        "seattle": "America/Los_Angeles",
        "portland": "America/Los_Angeles",
        "anchorage": "America/Anchorage",
        "honolulu": "Pacific/Honolulu",
        "hagatna": "Pacific/Guam",
    },
    "CA": {
        "ottawa": "America/Toronto",
        "toronto": "America/Toronto",
        "montreal": "America/Toronto",
        "calgary": "America/Edmonton",
        "vancouver": "America/Vancouver",
    },
    "AU": {
        "canberra": "Australia/Sydney",
        "sydney": "Australia/Sydney",
        "melbourne": "Australia/Melbourne",
        "brisbane": "Australia/Brisbane",
        "perth": "Australia/Perth",
    },
    "BR": {
        "brasilia": "America/Sao_Paulo",
        "sao-paulo": "America/Sao_Paulo",
        "rio-de-janeiro": "America/Sao_Paulo",
        "curitiba": "America/Sao_Paulo",
        "porto-alegre": "America/Sao_Paulo",
        "recife": "America/Recife",
        "manaus": "America/Manaus",
    },
}


def zone_for_mission_code(code: str) -> str:
    """The zone of a mission coded ``mission-<country>-<city>``; blank (Japan time) when not known."""
    parts = code.split("-", 2)
    if len(parts) != 3 or parts[0] != "mission":
        return ""
    country, city = parts[1].upper(), parts[2]
    if country in CITY_ZONES:
        return CITY_ZONES[country].get(city, "")
    return COUNTRY_ZONES.get(country, "")


@lru_cache(maxsize=1)
def known_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def validate_time_zone(value: str) -> None:
    if value and value not in known_zones():
        raise ValidationError(
            _("“%(value)s” is not a time zone: give its IANA name, such as Europe/London."),
            params={"value": value},
        )


def utc_offset_label(zone: str, at: datetime | None = None) -> str:
    """The zone's offset from UTC now (or at ``at``), as people read it: "+0", "−5", "+5:30", "+10"."""
    moment = (at or timezone.now()).astimezone(zoneinfo.ZoneInfo(zone))
    offset = moment.utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset is not None else 0
    sign = "+" if minutes >= 0 else "−"
    hours, rest = divmod(abs(minutes), 60)
    return f"{sign}{hours}" + (f":{rest:02d}" if rest else "")


def zone_for_user(user: Any) -> str:
    """The zone ``user`` reads times in (``Scope.time_zone``: an applicant's mission's, or the one mission's a
    user works for); blank is Japan time."""
    from jetpm.core.scoping import scope_of

    return scope_of(user).time_zone if user is not None else ""


@contextmanager
def in_zone(zone: str) -> Iterator[None]:
    """Times shown in ``zone`` (blank: Japan time) inside the block, whatever the request's zone."""
    with timezone.override(zoneinfo.ZoneInfo(zone) if zone else None):
        yield
