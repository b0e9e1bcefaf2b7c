"""The scopes of API tokens: ``<area>:read`` and ``<area>:write``, one area per stage of the programme whose
records the API exchanges. Every endpoint declares the one scope it needs; a token holds a set of them. A
browser session is not limited by scopes: it keeps its roles' access, like the pages."""

from __future__ import annotations

from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _

READ = "read"
WRITE = "write"

# area -> its label (what a person sees on the token page)
AREAS = {
    "core": _("Organisations, people and the calendar"),
    "planning": _("Requests and country plans"),
    "applications": _("Applications (status and dates)"),
    "screening": _("Interviews and their results"),
    "placement": _("Placements"),
    "appointments": _("Participants and their appointment terms"),
    "alumni": _("Alumni and JETAA chapters"),
}
# The areas in which the API writes (the other areas are read-only).
WRITABLE = frozenset({"planning", "screening"})

ALL: tuple[str, ...] = tuple(
    f"{area}:{access}" for area in AREAS for access in (READ, WRITE) if access == READ or area in WRITABLE
)


def label(scope: str) -> str:
    """“Requests and country plans: read”, in the user's language."""
    area, _sep, access = scope.partition(":")
    what = pgettext("API scope", "read") if access == READ else pgettext("API scope", "write")
    return gettext("%(area)s: %(access)s") % {"area": AREAS.get(area, area), "access": what}


def choices() -> list[tuple[str, str]]:
    return [(s, label(s)) for s in ALL]


def normalise(scopes: list[str] | tuple[str, ...] | set[str]) -> list[str]:
    """The known scopes among ``scopes`` in the canonical order (unknown ones dropped)."""
    given = set(scopes)
    return [s for s in ALL if s in given]
