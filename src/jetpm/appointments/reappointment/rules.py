"""The rules of reappointment (再任用), pure: which assessment a participant needs for the year they would
serve next, and the maximum term of the programme year with its exception policy.

No Django: a broken rule is a :class:`Problem`, the English text (a ``str``) that also keeps its message id
and parameters, so the service translates it with gettext at the Django edge (``Problem.translated``)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

# The assessments (the same codes as jetpm.appointments.states.Assessment).
CAPABLE = "capable"
ESPECIALLY_EXCELLENT = "especially_excellent"
NOT_REAPPOINTED = "not_reappointed"


def _(message: str) -> str:
    """Marks a message for translation (extracted by makemessages); translated at the Django edge."""
    return message


class Problem(str):
    """A broken rule: its English text, with the message id and parameters to translate it."""

    message_id: str
    params: Mapping[str, Any]

    def __new__(cls, message_id: str, params: Mapping[str, Any] | None = None) -> Problem:
        values = dict(params or {})
        obj = super().__new__(cls, message_id % values if values else message_id)
        obj.message_id = message_id
        obj.params = values
        return obj

    def translated(self, gettext: Callable[[str], str]) -> str:
        text = gettext(self.message_id)
        return text % self.params if self.params else text


DEFAULT_MAX_TERM = 5
DEFAULT_CAPABLE_UNTIL = 3  # the seed: years 2–3 need "capable", years 4–5 "especially excellent"


def check(
    year_on_programme_next: int,
    assessment: str,
    max_term: int,
    exceptions: int | None = None,
    capable_until: int = DEFAULT_CAPABLE_UNTIL,
) -> list[Problem]:
    """The rules a reappointment into ``year_on_programme_next`` with ``assessment`` breaks (empty: none).

    ``exceptions`` is the longest term the year's exception policy allows (e.g. 7 in the COVID-era
    extensions), or None when the year has no exception. ``capable_until`` is the last year on the
    programme for which "capable" suffices; later years need "especially excellent" (the year's ladder)."""
    if assessment == NOT_REAPPOINTED:
        return []
    errors: list[Problem] = []
    if assessment not in (CAPABLE, ESPECIALLY_EXCELLENT):
        errors.append(Problem(_("An assessment is required to reappoint.")))
        return errors
    limit = max(max_term, exceptions or 0)
    if year_on_programme_next > limit:
        if exceptions is not None and exceptions > max_term:
            errors.append(
                Problem(
                    _("The exception policy of the year allows at most %(years)s years on the programme."),
                    {"years": exceptions},
                )
            )
        else:
            errors.append(
                Problem(
                    _("The maximum term of the year is %(years)s years; no exception applies."),
                    {"years": max_term},
                )
            )
    elif year_on_programme_next <= capable_until:
        pass  # capable or better
    elif assessment != ESPECIALLY_EXCELLENT:
        first = capable_until + 1
        if year_on_programme_next > max_term:
            errors.append(Problem(_("Years beyond the maximum term need “especially excellent”.")))
        elif first >= max_term:
            errors.append(Problem(_("Year %(year)s needs “especially excellent”."), {"year": max_term}))
        else:
            errors.append(
                Problem(
                    _("Years %(first)s–%(last)s need “especially excellent”."),
                    {"first": first, "last": max_term},
                )
            )
    return errors


def default_window(fiscal_year: int) -> tuple[date, date]:
    """The usual decision window of a round held in ``fiscal_year``: mid-October to early February."""
    return date(fiscal_year, 10, 15), date(fiscal_year + 1, 2, 10)
