"""The one writer of the rules of a programme year (the page "Rules of the year"): the reappointment round
held in the year (decision window, maximum term and its exception, the assessment ladder), the summer start
of its terms, its salary table, and which countries recruit which language from its intake on.

Keyword-only, ``actor`` first, atomic, audited in the same transaction. Every value is checked first by
:func:`problems` (also used by the page's form, so that it reports every error at once) and nothing is
written when one is wrong. The eligibility rules of the year (years in Japan, the declined-placement bar,
former participants' gap and cap…) are the Council's guideline of the intake (services.guidelines), shown
on the same page.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from jetpm.core import audit
from jetpm.core.calendar import fiscal_year_bounds, fiscal_year_label
from jetpm.core.errors import DomainError, FieldErrors, PermissionDenied
from jetpm.core.models import Country, Language, User
from jetpm.core.scoping import scope_of
from jetpm.planning.models import CountryLanguage
from jetpm.planning.participants import participants
from jetpm.planning.permissions import can_edit_year_rules
from jetpm.planning.selectors.plans import country_language_pairs

FIRST_YEAR, LAST_YEAR = 1987, 2100
MAX_TERM_LIMIT = 10
MAX_SALARY_YEN = 99_999_999
# The salary table's rows: from the 1st, 2nd, 3rd and 4th year on the programme (the 4th holds after it).
SALARY_YEARS: tuple[int, ...] = (1, 2, 3, 4)


class YearRulesRefused(FieldErrors):
    """Some values are impossible: ``errors`` lists every one as (field, message); nothing was written."""

    def __init__(self, errors: list[tuple[str, str]]) -> None:
        super().__init__(list(errors))


@dataclass(frozen=True)
class YearRulesValues:
    """The year's rules as entered. ``salaries``: annual salary (yen) from each year of SALARY_YEARS."""

    decisions_open: date
    decisions_close: date
    max_term_years: int
    extension_allowed: bool
    extension_max_years: int
    capable_until_year: int
    summer_start: date
    salaries: Mapping[int, int]
    salaries_assumed: bool = False
    note: str = ""


def _require_editor(actor: User) -> None:
    if not can_edit_year_rules(scope_of(actor)):
        raise PermissionDenied(_("Only staff of MIC, MOFA or CLAIR may change the rules of the year."))


def check_year(year: int) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise DomainError(
            _("The programme year must be between %(first)s and %(last)s.")
            % {"first": FIRST_YEAR, "last": LAST_YEAR},
            field="year",
        )


def _flat(v: YearRulesValues) -> dict[str, Any]:
    """The values by the page's field names (``salary_1`` … for the salary table's rows)."""
    out: dict[str, Any] = {k: getattr(v, k) for k in YearRulesValues.__dataclass_fields__ if k != "salaries"}
    out.update({f"salary_{yop}": v.salaries.get(yop) for yop in SALARY_YEARS})
    return out


def problems(year: int, v: Mapping[str, Any]) -> list[tuple[str, str]]:
    """Every impossible value of the year's rules, as (field, message); empty when all are possible.

    ``v`` holds the values by field name (see :func:`_flat`); a value that is None was refused already (by
    the form) and the checks that need it are skipped, so that the others are still reported."""
    out: list[tuple[str, str]] = []
    first, last = fiscal_year_bounds(year)
    label = fiscal_year_label(year)
    max_term = v.get("max_term_years")
    if max_term is not None and not 1 <= max_term <= MAX_TERM_LIMIT:
        out.append(
            (
                "max_term_years",
                _("The maximum term must be between 1 and %(max)s years.") % {"max": MAX_TERM_LIMIT},
            )
        )
        max_term = None
    extension = v.get("extension_max_years")
    extended = max_term is not None and extension is not None and bool(v.get("extension_allowed"))
    if extended and not max_term < extension <= MAX_TERM_LIMIT:  # type: ignore[operator]
        out.append(
            (
                "extension_max_years",
                _("The extended term must be longer than the maximum term and at most %(max)s years.")
                % {"max": MAX_TERM_LIMIT},
            )
        )
    capable = v.get("capable_until_year")
    if max_term is not None and capable is not None and not 1 <= capable <= max_term:
        out.append(
            (
                "capable_until_year",
                _(
                    "The last year for which “capable” suffices must be between 1 and "
                    "the maximum term (%(max)s)."
                )
                % {"max": max_term},
            )
        )
    opens, closes = v.get("decisions_open"), v.get("decisions_close")
    if opens is not None and not first <= opens <= last:
        out.append(
            (
                "decisions_open",
                _(
                    "The decisions of the round held in %(year)s open within that fiscal year "
                    "(%(first)s to %(last)s)."
                )
                % {
                    "year": label,
                    "first": date_format(first, "DATE_FORMAT"),
                    "last": date_format(last, "DATE_FORMAT"),
                },
            )
        )
        opens = None
    if closes is not None and not first <= closes <= last:
        out.append(
            (
                "decisions_close",
                _(
                    "The decisions of the round held in %(year)s close within that fiscal year "
                    "(%(first)s to %(last)s)."
                )
                % {
                    "year": label,
                    "first": date_format(first, "DATE_FORMAT"),
                    "last": date_format(last, "DATE_FORMAT"),
                },
            )
        )
    elif opens is not None and closes is not None and closes < opens:
        out.append(("decisions_close", _("The decisions cannot close before they open.")))
    summer = v.get("summer_start")
    if summer is not None and not date(year, 4, 1) <= summer <= date(year, 9, 30):
        out.append(
            (
                "summer_start",
                _(
                    "The summer start of %(year)s must fall between 1 April and "
                    "30 September %(calendar_year)s."
                )
                % {"year": label, "calendar_year": year},
            )
        )
    for yop in SALARY_YEARS:
        amount = v.get(f"salary_{yop}")
        if amount is not None and not 1 <= amount <= MAX_SALARY_YEN:
            out.append(
                (
                    f"salary_{yop}",
                    _("The annual salary must be a whole number of yen between 1 and %(max)s.")
                    % {"max": f"{MAX_SALARY_YEN:,}"},
                )
            )
    if len(v.get("note") or "") > 2000:
        out.append(("note", _("The note is too long (%(max)s characters at most).") % {"max": 2000}))
    return out


@transaction.atomic
def set_year_rules(*, actor: User, year: int, values: YearRulesValues) -> None:
    """Set the rules of programme year ``year`` (all of them, or nothing when a value is impossible)."""
    _require_editor(actor)
    check_year(year)
    missing = [
        (f"salary_{yop}", _("Give the annual salary.")) for yop in SALARY_YEARS if yop not in values.salaries
    ]
    errors = missing + problems(year, _flat(values))
    if errors:
        raise YearRulesRefused(errors)
    participants().set_appointment_rules(actor=actor, year=year, values=values)


# --- which countries recruit which language ---------------------------------------------------------------


@transaction.atomic
def set_country_languages(*, actor: User, year: int, table: Mapping[str, list[str]]) -> int:
    """Which countries recruit each designated language from intake ``year`` on (``table``: language code →
    country codes): the rows of ``year`` replace the table it inherited. Unknown or non-designated languages,
    unknown countries are refused. Answers the number of (country, language) pairs."""
    _require_editor(actor)
    check_year(year)
    languages = {lang.code: lang for lang in Language.objects.filter(designated=True)}
    wanted_codes = {c for cs in table.values() for c in cs}
    countries = {c.code: c for c in Country.objects.filter(code__in=wanted_codes)}
    errors: list[tuple[str, str]] = []
    for code in sorted(table):
        if code not in languages:
            errors.append((f"lang_{code}", _("Not a designated language of the programme.")))
    unknown = sorted(wanted_codes - set(countries))
    if unknown:
        errors.append(("__all__", _("Unknown countries: %(codes)s") % {"codes": ", ".join(unknown)}))
    if not wanted_codes:
        errors.append(("__all__", _("Give at least one country for one language.")))
    if errors:
        raise YearRulesRefused(errors)
    wanted = sorted({(c, lang) for lang, cs in table.items() for c in cs})
    before = sorted(country_language_pairs(year))
    if wanted == before:
        return len(wanted)
    CountryLanguage.objects.filter(from_year=year).delete()
    rows = CountryLanguage.objects.bulk_create(
        CountryLanguage(from_year=year, country=countries[c], language=languages[lang]) for c, lang in wanted
    )
    removed = sorted(set(before) - set(wanted))
    added = sorted(set(wanted) - set(before))
    audit.record(
        actor=actor,
        action="year_rules.country_languages",
        obj=rows[0],
        changes={
            "from_year": [None, year],
            "added": [None, [f"{c}/{lang}" for c, lang in added]],
            "removed": [[f"{c}/{lang}" for c, lang in removed], None],
        },
    )
    return len(wanted)
