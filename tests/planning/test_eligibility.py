"""The pure eligibility check of a year's guideline (jetpm.planning.eligibility): no database."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from jetpm.planning.eligibility import (
    JAPANESE_LEVELS,
    MESSAGES,
    Applicant,
    FormerTerm,
    Rules,
    age_on,
    check,
)

ARRIVAL = date(2027, 7, 28)
GOOD = Applicant(
    nationality="GB",
    recruiting_country="GB",
    job_type="ALT",
    arrival_date=ARRIVAL,
    degree_date=date(2027, 6, 30),
    designated_language_ability=True,
    japanese_level="none",
    years_in_japan_last_10=0,
    former_terms=(),
    birth_date=date(1999, 4, 1),
)
RULES = Rules(age_limit=40)


def codes(rules: Rules, applicant: Applicant) -> list[str]:
    return [f.code for f in check(rules, applicant, intake_year=2027)]


def test_a_good_applicant_passes():
    assert check(RULES, GOOD, intake_year=2027) == []


def test_degree_by_arrival():
    late = replace(GOOD, degree_date=date(2027, 8, 1))
    [failure] = check(RULES, late, intake_year=2027)
    assert (failure.code, failure.field) == ("degree", "degree_date")
    assert failure.params == {"date": ARRIVAL}
    assert failure.english() == "A bachelor's degree is required by the arrival date (2027-07-28)."
    assert codes(RULES, replace(GOOD, degree_date=None)) == ["degree"]
    assert codes(RULES, replace(GOOD, degree_date=ARRIVAL)) == []  # on the day is in time
    assert codes(replace(RULES, degree_by_arrival=False), replace(GOOD, degree_date=None)) == []


def test_nationality_and_language():
    assert codes(RULES, replace(GOOD, nationality="IE")) == ["nationality"]
    assert (
        codes(replace(RULES, nationality_of_recruiting_country=False), replace(GOOD, nationality="IE")) == []
    )
    assert codes(RULES, replace(GOOD, designated_language_ability=False)) == ["designated_language"]
    assert (
        codes(
            replace(RULES, designated_language_required=False),
            replace(GOOD, designated_language_ability=False),
        )
        == []
    )


def test_former_participants_gap_and_cap():
    # FY2020 for 3 years: the last term ended with FY2022, 4 years before the FY2027 intake (2027 - 2023).
    four_years_ago = replace(GOOD, former_terms=(FormerTerm(2020, 3),))
    assert codes(replace(RULES, former_participant_gap_years=4), four_years_ago) == []
    failures = check(replace(RULES, former_participant_gap_years=5), four_years_ago, intake_year=2027)
    assert [(f.code, f.params) for f in failures] == [("former_gap", {"gap": 5, "years": 4})]
    # two terms: 2 + 3 = 5 years reach the lifetime cap of 5
    capped = replace(GOOD, former_terms=(FormerTerm(2010, 2), FormerTerm(2014, 3)))
    assert codes(RULES, capped) == ["lifetime_cap"]
    assert codes(replace(RULES, lifetime_cap_years=6), capped) == []


def test_years_in_japan():
    # the bar: 6 or more years lived in Japan in the last 10 make an applicant ineligible (6 itself too)
    assert codes(RULES, replace(GOOD, years_in_japan_last_10=5)) == []
    assert codes(RULES, replace(GOOD, years_in_japan_last_10=6)) == ["years_in_japan"]
    assert codes(RULES, replace(GOOD, years_in_japan_last_10=7)) == ["years_in_japan"]
    failure = check(RULES, replace(GOOD, years_in_japan_last_10=6), intake_year=2027)[0]
    assert failure.english() == (
        "Applicants who have lived in Japan for 6 years or more in the last 10 years are not eligible; "
        "you have lived there for 6 years."
    )


def test_alt_takes_only_its_five_languages():
    for code in ("en", "de", "fr", "zh", "ko"):
        assert codes(RULES, replace(GOOD, designated_language=code)) == []
    failures = check(RULES, replace(GOOD, designated_language="es"), intake_year=2027)
    assert [(f.code, f.field) for f in failures] == [("alt_language", "language")]
    assert "English, German, French, Chinese or Korean" in failures[0].english()
    cir = replace(GOOD, job_type="CIR", japanese_level="N1", designated_language="es")
    assert codes(RULES, cir) == []  # CIR may work in Spanish


def test_sea_exists_from_fy1995():
    sea = replace(GOOD, job_type="SEA")
    failures = check(RULES, sea, intake_year=1994)
    assert [(f.code, f.field) for f in failures] == [("job_type_year", "job_type")]
    assert "FY1995" in failures[0].english() and "FY1994" in failures[0].english()
    assert check(RULES, sea, intake_year=1995) == []
    assert check(RULES, replace(GOOD, job_type="ALT"), intake_year=1994) == []


def test_the_declined_placement_bar_is_a_rule_of_the_year():
    declined = replace(GOOD, declined_placement_last_year=True)
    assert codes(RULES, declined) == ["declined_placement"]
    assert codes(replace(RULES, declined_placement_bar=False), declined) == []


def test_cir_japanese_level():
    cir = replace(GOOD, job_type="CIR", japanese_level="N3")
    assert codes(RULES, cir) == ["cir_japanese"]
    assert codes(RULES, replace(cir, japanese_level="N2")) == []
    assert codes(RULES, replace(cir, japanese_level="N1")) == []
    assert codes(RULES, replace(cir, job_type="ALT")) == []  # ALTs need no Japanese
    assert codes(replace(RULES, cir_japanese_level="none"), replace(cir, japanese_level="none")) == []


def test_age_limit():
    assert age_on(date(1987, 7, 29), ARRIVAL) == 39
    assert age_on(date(1987, 7, 28), ARRIVAL) == 40
    assert codes(RULES, replace(GOOD, birth_date=date(1987, 7, 28))) == []  # 40 on arrival: allowed
    assert codes(RULES, replace(GOOD, birth_date=date(1986, 7, 28))) == ["age_limit"]
    assert codes(RULES, replace(GOOD, birth_date=None)) == ["birth_date_missing"]
    assert codes(replace(RULES, age_limit=None), replace(GOOD, birth_date=date(1950, 1, 1))) == []


def test_every_message_has_named_placeholders_only():
    for code, message in MESSAGES.items():
        assert "%s" not in message and "%d" not in message, code


def test_failures_list_every_rule_not_met():
    bad = Applicant(
        nationality="US",
        recruiting_country="GB",
        job_type="CIR",
        arrival_date=ARRIVAL,
        degree_date=None,
        designated_language_ability=False,
        japanese_level="N5",
        years_in_japan_last_10=9,
        former_terms=(FormerTerm(2024, 5),),
        birth_date=date(1970, 1, 1),
    )
    assert codes(RULES, bad) == [
        "degree",
        "nationality",
        "designated_language",
        "former_gap",
        "lifetime_cap",
        "years_in_japan",
        "cir_japanese",
        "age_limit",
    ]


# --- properties ---------------------------------------------------------------------------------------

rules_st = st.builds(
    Rules,
    degree_by_arrival=st.booleans(),
    nationality_of_recruiting_country=st.booleans(),
    designated_language_required=st.booleans(),
    former_participant_gap_years=st.integers(0, 30),
    lifetime_cap_years=st.integers(1, 10),
    max_years_in_japan=st.integers(1, 10),
    declined_placement_bar=st.booleans(),
    cir_japanese_level=st.sampled_from(JAPANESE_LEVELS),
    age_limit=st.none() | st.integers(18, 99),
)
applicant_st = st.builds(
    Applicant,
    nationality=st.sampled_from(["GB", "IE", "US"]),
    recruiting_country=st.sampled_from(["GB", "IE", "US"]),
    job_type=st.sampled_from(["ALT", "CIR", "SEA"]),
    arrival_date=st.just(ARRIVAL),
    degree_date=st.none() | st.dates(date(2015, 1, 1), date(2028, 12, 31)),
    designated_language_ability=st.booleans(),
    japanese_level=st.sampled_from(JAPANESE_LEVELS),
    years_in_japan_last_10=st.integers(0, 10),
    former_terms=st.lists(st.builds(FormerTerm, st.integers(1990, 2026), st.integers(1, 5)), max_size=3).map(
        tuple
    ),
    birth_date=st.none() | st.dates(date(1950, 1, 1), date(2008, 12, 31)),
)


def _fit(rules: Rules) -> Applicant:
    """An applicant made to satisfy every rule."""
    return replace(
        GOOD,
        job_type="CIR",
        japanese_level="N1",
        years_in_japan_last_10=min(rules.max_years_in_japan - 1, 3),
        former_terms=(),
        birth_date=date(ARRIVAL.year - 18, 1, 1),
    )


@given(rules_st)
def test_an_applicant_who_meets_every_rule_has_no_failure(rules: Rules):
    assert check(rules, _fit(rules), intake_year=2027) == []


@given(
    rules_st,
    applicant_st,
    st.integers(0, 5),
    st.integers(0, 5),
    st.integers(0, 5),
    st.integers(0, 3),
    st.integers(0, 20),
    st.booleans(),
)
def test_tightening_a_rule_never_removes_a_failure(
    rules: Rules,
    applicant: Applicant,
    more_gap: int,
    less_cap: int,
    less_japan: int,
    more_level: int,
    less_age: int,
    switch_on: bool,
):
    current_level = JAPANESE_LEVELS.index(rules.cir_japanese_level)
    tighter = replace(
        rules,
        former_participant_gap_years=rules.former_participant_gap_years + more_gap,
        lifetime_cap_years=max(1, rules.lifetime_cap_years - less_cap),
        max_years_in_japan=max(1, rules.max_years_in_japan - less_japan),
        cir_japanese_level=JAPANESE_LEVELS[min(len(JAPANESE_LEVELS) - 1, current_level + more_level)],
        age_limit=max(18, (rules.age_limit if rules.age_limit is not None else 99) - less_age),
        degree_by_arrival=rules.degree_by_arrival or switch_on,
        nationality_of_recruiting_country=rules.nationality_of_recruiting_country or switch_on,
        designated_language_required=rules.designated_language_required or switch_on,
        declined_placement_bar=rules.declined_placement_bar or switch_on,
    )
    loose = {f.code for f in check(rules, applicant, intake_year=2027)}
    tight = {f.code for f in check(tighter, applicant, intake_year=2027)}
    assert loose <= tight
