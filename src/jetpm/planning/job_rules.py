"""The job types' rules as messages (the Django edge of :mod:`jetpm.planning.job_types`): every form,
import and service where a job type meets a designated language or a fiscal year asks here."""

from __future__ import annotations

from django.utils.translation import gettext as _

from jetpm.core.calendar import fiscal_year_label
from jetpm.planning import job_types


def alt_language_message() -> str:
    return _(
        "ALT posts teach English, German, French, Chinese or Korean only: choose one of these languages "
        "or another job type."
    )


def job_year_message(job_type: str, fiscal_year: int) -> str:
    first = job_types.FIRST_FISCAL_YEAR.get(job_type, fiscal_year)
    return _(
        "The Sports Exchange Advisor (SEA) job type exists from %(first)s: it cannot be used for %(year)s."
    ) % {"first": fiscal_year_label(first), "year": fiscal_year_label(fiscal_year)}


def problems(job_type: str, language_code: str | None, fiscal_year: int | None) -> list[tuple[str, str]]:
    """``(field, message)`` for each rule of the job type broken: ``language`` when an ALT post names a
    language ALT does not teach, ``job_type`` when the job type did not exist in ``fiscal_year``."""
    out: list[tuple[str, str]] = []
    if fiscal_year is not None and not job_types.job_type_exists(job_type, fiscal_year):
        out.append(("job_type", job_year_message(job_type, fiscal_year)))
    if not job_types.language_allowed(job_type, language_code):
        out.append(("language", alt_language_message()))
    return out
