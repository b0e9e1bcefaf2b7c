"""Eligibility of an applicant under a year's guideline (応募資格). Pure Python: no Django.

The application form builds an :class:`Applicant` from what the applicant entered, the year's approved
guideline gives the :class:`Rules`, and :func:`check` returns one :class:`Failure` per rule not met. A
failure carries an English message with named placeholders (``message_id``) and its parameters; the
Django edge (``jetpm.planning.services.guidelines.failure_messages``) translates it with gettext.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import date
from typing import Any

from jetpm.planning import job_types


def _(message: str) -> str:
    """Marks a message for translation (extracted by makemessages); translated at the Django edge."""
    return message


# Japanese ability from none to N1 (the same codes as jetpm.core.states.JapaneseLevel).
JAPANESE_LEVELS: tuple[str, ...] = ("none", "N5", "N4", "N3", "N2", "N1")
CIR = "CIR"

MESSAGES: dict[str, str] = {
    "degree": _("A bachelor's degree is required by the arrival date (%(date)s)."),
    "nationality": _(
        "Applicants must hold the nationality of the country they apply in (%(country)s); "
        "the nationality given is %(nationality)s."
    ),
    "designated_language": _("An excellent command of the designated language is required."),
    "former_gap": _(
        "Former participants may apply again %(gap)s years after their last term; "
        "your last term ended %(years)s years before this intake."
    ),
    "lifetime_cap": _(
        "Former participants may take part for at most %(cap)s years in total; you have taken part for "
        "%(years)s years."
    ),
    "years_in_japan": _(
        "Applicants who have lived in Japan for %(max)s years or more in the last 10 years are not eligible; "
        "you have lived there for %(years)s years."
    ),
    "cir_japanese": _(
        "Coordinators for International Relations need Japanese at level %(level)s or above; "
        "the level given is %(given)s."
    ),
    "age_limit": _("Applicants must be %(limit)s years old or younger on the arrival date (%(date)s)."),
    "birth_date_missing": _("The date of birth is needed to check the age limit."),
    "declined_placement": _("Applicants who declined a placement last year cannot apply this year."),
    "alt_language": _(
        "ALT posts teach English, German, French, Chinese or Korean only: choose one of these languages "
        "or another job type."
    ),
    "job_type_year": _(
        "The Sports Exchange Advisor (SEA) job type exists from FY%(first)s: it is not open for the intake "
        "of FY%(year)s."
    ),
}


@dataclass(frozen=True)
class Rules:
    """The eligibility rules of a guideline (the fields of ``planning.Guideline`` of the same names)."""

    degree_by_arrival: bool = True
    nationality_of_recruiting_country: bool = True
    designated_language_required: bool = True
    former_participant_gap_years: int = 3
    lifetime_cap_years: int = 5
    max_years_in_japan: int = 6  # the bar: this many years or more lived in Japan in the last 10 years
    cir_japanese_level: str = "N2"
    age_limit: int | None = None
    declined_placement_bar: bool = True  # declining a placement last year bars applying this year


@dataclass(frozen=True)
class FormerTerm:
    """A former participation: it started in fiscal year ``start`` and lasted ``years`` years."""

    start: int
    years: int

    @property
    def end(self) -> int:
        """The first fiscal year after the term (a term from FY2020 for 3 years ends with FY2022: 2023)."""
        return self.start + self.years


@dataclass(frozen=True)
class Applicant:
    """The facts of an applicant that the rules look at."""

    nationality: str  # ISO code
    recruiting_country: str  # ISO code of the country applied in
    job_type: str  # "ALT", "CIR", "SEA"
    arrival_date: date
    degree_date: date | None = None  # bachelor's degree obtained or expected; None when none
    designated_language_ability: bool = True
    japanese_level: str = "none"  # JLPT: "none", "N5" … "N1"
    years_in_japan_last_10: int = 0
    former_terms: tuple[FormerTerm, ...] = ()
    birth_date: date | None = None
    # declined a placement of the previous intake (data/README: it bars applying the next year, when the
    # year's rules keep that bar)
    declined_placement_last_year: bool = False
    designated_language: str = ""  # ISO code of the designated language applied for ("" when none yet)


@dataclass(frozen=True)
class Failure:
    """One rule not met: a stable ``code``, the form ``field`` it concerns, the message and its parameters."""

    code: str
    field: str
    message_id: str
    params: dict[str, Any] = dataclass_field(default_factory=dict)

    def english(self) -> str:
        return self.message_id % self.params


def _fail(code: str, field_name: str, **params: Any) -> Failure:
    return Failure(code=code, field=field_name, message_id=MESSAGES[code], params=params)


def level_rank(level: str) -> int:
    """0 for none … 5 for N1; an unknown code counts as none."""
    return JAPANESE_LEVELS.index(level) if level in JAPANESE_LEVELS else 0


def age_on(birth: date, on: date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def check(rules: Rules, applicant: Applicant, *, intake_year: int) -> list[Failure]:
    """Every rule the applicant does not meet for the intake arriving in fiscal year ``intake_year``."""
    out: list[Failure] = []
    a = applicant
    if not job_types.job_type_exists(a.job_type, intake_year):
        first = job_types.FIRST_FISCAL_YEAR[a.job_type]
        out.append(_fail("job_type_year", "job_type", first=first, year=intake_year))
    if not job_types.language_allowed(a.job_type, a.designated_language):
        out.append(_fail("alt_language", "language"))
    if rules.degree_by_arrival and (a.degree_date is None or a.degree_date > a.arrival_date):
        out.append(_fail("degree", "degree_date", date=a.arrival_date))
    if rules.nationality_of_recruiting_country and a.nationality != a.recruiting_country:
        out.append(
            _fail("nationality", "nationality", country=a.recruiting_country, nationality=a.nationality)
        )
    if rules.designated_language_required and not a.designated_language_ability:
        out.append(_fail("designated_language", "designated_language_ability"))
    if a.former_terms:
        since = intake_year - max(t.end for t in a.former_terms)
        if since < rules.former_participant_gap_years:
            out.append(
                _fail("former_gap", "former_terms", gap=rules.former_participant_gap_years, years=since)
            )
        total = sum(t.years for t in a.former_terms)
        if total >= rules.lifetime_cap_years:
            out.append(_fail("lifetime_cap", "former_terms", cap=rules.lifetime_cap_years, years=total))
    if a.years_in_japan_last_10 >= rules.max_years_in_japan:
        out.append(
            _fail(
                "years_in_japan",
                "years_in_japan_last_10",
                max=rules.max_years_in_japan,
                years=a.years_in_japan_last_10,
            )
        )
    if a.job_type == CIR and level_rank(a.japanese_level) < level_rank(rules.cir_japanese_level):
        out.append(
            _fail("cir_japanese", "japanese_level", level=rules.cir_japanese_level, given=a.japanese_level)
        )
    if rules.age_limit is not None:
        if a.birth_date is None:
            out.append(_fail("birth_date_missing", "birth_date"))
        elif age_on(a.birth_date, a.arrival_date) > rules.age_limit:
            out.append(_fail("age_limit", "birth_date", limit=rules.age_limit, date=a.arrival_date))
    if rules.declined_placement_bar and a.declined_placement_last_year:
        out.append(_fail("declined_placement", "declined_placement"))
    return out
