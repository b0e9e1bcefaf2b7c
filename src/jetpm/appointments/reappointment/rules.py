"""The rules of reappointment (再任用), pure: which assessment a participant needs for the year they would
serve next, and the maximum term of the programme year with its exception policy."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from jetpm.appointments.states import Assessment

DEFAULT_MAX_TERM = 5
DEFAULT_CAPABLE_UNTIL = 3  # the seed: years 2–3 need "capable", years 4–5 "especially excellent"


def check(
    year_on_programme_next: int,
    assessment: str,
    max_term: int,
    exceptions: int | None = None,
    capable_until: int = DEFAULT_CAPABLE_UNTIL,
) -> list[str]:
    """The rules a reappointment into ``year_on_programme_next`` with ``assessment`` breaks (empty: none).

    ``exceptions`` is the longest term the year's exception policy allows (e.g. 7 in the COVID-era
    extensions), or None when the year has no exception. ``capable_until`` is the last year on the
    programme for which "capable" suffices; later years need "especially excellent" (the year's ladder)."""
    if assessment == Assessment.NOT_REAPPOINTED:
        return []
    errors: list[str] = []
    if assessment not in (Assessment.CAPABLE, Assessment.ESPECIALLY_EXCELLENT):
        errors.append(_("An assessment is required to reappoint."))
        return errors
    limit = max(max_term, exceptions or 0)
    if year_on_programme_next > limit:
        if exceptions is not None and exceptions > max_term:
            errors.append(
                _("The exception policy of the year allows at most %(years)s years on the programme.")
                % {"years": exceptions}
            )
        else:
            errors.append(
                _("The maximum term of the year is %(years)s years; no exception applies.")
                % {"years": max_term}
            )
    elif year_on_programme_next <= capable_until:
        pass  # capable or better
    elif assessment != Assessment.ESPECIALLY_EXCELLENT:
        first = capable_until + 1
        if year_on_programme_next > max_term:
            errors.append(_("Years beyond the maximum term need “especially excellent”."))
        elif first >= max_term:
            errors.append(_("Year %(year)s needs “especially excellent”.") % {"year": max_term})
        else:
            errors.append(
                _("Years %(first)s–%(last)s need “especially excellent”.")
                % {"first": first, "last": max_term}
            )
    return errors


def default_window(fiscal_year: int) -> tuple[date, date]:
    """The usual decision window of a round held in ``fiscal_year``: mid-October to early February."""
    return date(fiscal_year, 10, 15), date(fiscal_year + 1, 2, 10)
