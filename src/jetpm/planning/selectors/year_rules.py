"""Every read of the rules of a programme year for its page, in a bounded number of queries: the round held
in the year, the summer start of its terms, its salary table, which countries recruit which language from
its intake, and the eligibility rules of its intake's guideline. The readers that apply the rules (the
reappointment decision, term dates, costs, the plan proposal, eligibility) read the same records through
``appointments.reappointment.services.round_rules``, ``appointments.selectors.summer_start``, the salary
selectors, ``planning.selectors.plans.country_language_pairs`` and ``planning.services.guidelines.rules_of``.
The round, the summer start and the salaries are the appointments app's, read through
``planning.participants``."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from jetpm.core.collation import sort_key
from jetpm.core.models import Country, Language, Organisation, User
from jetpm.core.scoping import visible_to
from jetpm.core.states import OrgKind
from jetpm.planning.models import CountryLanguage, Guideline
from jetpm.planning.participants import RoundRules, participants
from jetpm.planning.selectors.plans import country_language_pairs
from jetpm.planning.services.year_rules import SALARY_YEARS
from jetpm.planning.states import GuidelineStatus


@dataclass(frozen=True)
class SalaryRow:
    year_on_programme: int
    annual_salary_yen: int | None
    assumed: bool


@dataclass(frozen=True)
class LanguageRow:
    language: Language
    countries: list[Country]


@dataclass
class YearRules:
    year: int
    round: RoundRules
    round_note: str
    round_set: bool  # False: the usual rules apply (nothing recorded for the year)
    summer_start: date
    summer_start_set: bool
    salaries: list[SalaryRow]
    salary_table_complete: bool
    salaries_assumed: bool
    languages: list[LanguageRow] = field(default_factory=list)
    languages_from_year: int | None = None  # the year whose table applies (None: no table)
    guideline: Guideline | None = None


def year_rules(user: User, year: int) -> YearRules:
    """The rules of programme year ``year`` as the page shows them."""
    appointment = participants().appointment_rules(user, year)
    rates = appointment.salaries
    salaries = [
        SalaryRow(yop, rates[yop][0] if yop in rates else None, rates[yop][1] if yop in rates else False)
        for yop in sorted(set(SALARY_YEARS) | set(rates))
    ]
    pairs = country_language_pairs(year)
    from_year = (
        CountryLanguage.objects.filter(from_year__lte=year)
        .order_by("-from_year")
        .values_list("from_year", flat=True)
        .first()
    )
    languages = {lang.code: lang for lang in Language.objects.filter(designated=True)}
    countries = {c.code: c for c in Country.objects.filter(code__in={c for c, _l in pairs})}
    by_language: dict[str, list[Country]] = {}
    for c, lang in pairs:
        by_language.setdefault(lang, []).append(countries[c])
    guideline = visible_to(user, Guideline).filter(intake_year=year, status=GuidelineStatus.APPROVED).first()
    return YearRules(
        year=year,
        round=appointment.round,
        round_note=appointment.round_note,
        round_set=appointment.round_set,
        summer_start=appointment.summer_start,
        summer_start_set=appointment.summer_start_set,
        salaries=salaries,
        salary_table_complete=all(yop in rates for yop in SALARY_YEARS),
        salaries_assumed=any(assumed for _amount, assumed in rates.values()),
        languages=[
            LanguageRow(languages[code], sorted(by_language.get(code, []), key=lambda c: sort_key(c.name)))
            for code in sorted(languages, key=lambda code: languages[code].name)
        ],
        languages_from_year=from_year,
        guideline=guideline,
    )


def recruiting_countries(year: int) -> list[Country]:
    """The countries the table may name: those recruiting in the year's table and those of a mission."""
    codes = {c for c, _l in country_language_pairs(year)}
    mission_codes = set(
        Organisation.objects.filter(kind=OrgKind.MISSION).values_list("countries__code", flat=True)
    )
    codes |= {c for c in mission_codes if c}
    return sorted(Country.objects.filter(code__in=codes), key=lambda c: sort_key(c.name))
