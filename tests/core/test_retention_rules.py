"""The pure retention rules (jetpm.core.retention): dates in, decisions out."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jetpm.core import retention as r
from jetpm.core.states import RecordKind

RULES = {
    r.UNSUCCESSFUL_APPLICANT: r.Rule(r.UNSUCCESSFUL_APPLICANT, 36, r.ANONYMISE),
    r.UNUSED_ACCOUNT: r.Rule(r.UNUSED_ACCOUNT, 24, r.ANONYMISE),
    r.APPLICANT_DOCUMENTS: r.Rule(r.APPLICANT_DOCUMENTS, 12, r.DELETE),
    r.REFEREE_LETTERS: r.Rule(r.REFEREE_LETTERS, 12, r.DELETE),
    r.REVIEWS: r.Rule(r.REVIEWS, 36, r.DELETE),
    r.PARTICIPANT: r.Rule(r.PARTICIPANT, 60, r.ANONYMISE),
    r.ALUMNUS_WITHDRAWN: r.Rule(r.ALUMNUS_WITHDRAWN, 1, r.ANONYMISE),
}
ENDED = date(2026, 5, 31)


def app(
    id_: int = 1, *, unsuccessful: bool = True, closed: date | None = ENDED, **kw: int
) -> r.ApplicationFacts:
    return r.ApplicationFacts(
        id=id_,
        unsuccessful=unsuccessful,
        selection_ended_on=ENDED,
        closed_on=closed if unsuccessful else None,
        anonymised=bool(kw.get("anonymised", 0)),
        documents=kw.get("documents", 2),
        referees=kw.get("referees", 1),
        reviews=kw.get("reviews", 3),
    )


def test_the_kinds_are_the_choices_of_the_schedules():
    assert tuple(RecordKind.values) == r.KINDS
    assert set(r.ALLOWED_ACTIONS) == set(r.KINDS)


def test_months_are_calendar_months():
    assert r.add_months(date(2026, 5, 31), 36) == date(2029, 5, 31)
    assert r.add_months(date(2027, 1, 31), 1) == date(2027, 2, 28)
    assert r.add_months(date(2028, 1, 31), 1) == date(2028, 2, 29)
    assert r.add_months(date(2026, 12, 15), 1) == date(2027, 1, 15)
    assert r.add_months(date(2026, 3, 1), 0) == date(2026, 3, 1)


def test_an_unsuccessful_applicant_goes_in_steps():
    p = r.PersonFacts(id=1, anonymised=False, held=False, applications=(app(),), is_applicant=True)
    assert r.decide(p, RULES, date(2027, 5, 30)).empty
    d = r.decide(p, RULES, date(2027, 5, 31))  # documents and referees after 1 year
    assert (d.documents_of, d.referees_of, d.reviews_of, d.applications) == ([1], [1], [], [])
    assert d.due == {r.APPLICANT_DOCUMENTS: 2, r.REFEREE_LETTERS: 1}
    d = r.decide(p, RULES, date(2029, 5, 31))  # the application and the person after 3 years
    assert d.anonymise_person and d.person_kind == r.UNSUCCESSFUL_APPLICANT
    assert d.applications == [1] and d.reviews_of == [1]
    assert d.due == {
        r.UNSUCCESSFUL_APPLICANT: 1,
        r.APPLICANT_DOCUMENTS: 2,
        r.REFEREE_LETTERS: 1,
        r.REVIEWS: 3,
    }


def test_a_later_participant_keeps_the_person_but_not_the_old_application():
    p = r.PersonFacts(
        id=1,
        anonymised=False,
        held=False,
        applications=(app(1, documents=0, referees=0, reviews=0), app(2, unsuccessful=False)),
        participant=True,
        participation_ended_on=None,  # serving
    )
    d = r.decide(p, RULES, date(2035, 1, 1))
    assert not d.anonymise_person and not d.participant
    assert d.applications == [1]
    # the successful application's referees and reviews follow their own periods
    assert d.referees_of == [2] and d.reviews_of == [2] and d.documents_of == []


def test_a_former_participant_goes_after_the_last_term_and_an_alumnus_with_consent_keeps_their_name():
    ended = r.participation_ended_on(last_fiscal_year=2024, serving=False, end_date=None, ended_early_on=None)
    assert ended == date(2025, 3, 31)
    base = {"id": 1, "anonymised": False, "held": False, "participant": True, "participation_ended_on": ended}
    assert r.decide(r.PersonFacts(**base), RULES, date(2030, 3, 30)).empty
    d = r.decide(r.PersonFacts(**base), RULES, date(2030, 3, 31))
    assert d.participant and d.anonymise_person and d.due == {r.PARTICIPANT: 1}
    d = r.decide(r.PersonFacts(**base, alumnus=True), RULES, date(2030, 3, 31))
    assert d.participant and not d.anonymise_person
    # withdrawn consent: the longest period wins
    withdrawn = r.PersonFacts(**base, alumnus=True, consent_withdrawn_on=date(2026, 1, 1))
    assert not r.decide(withdrawn, RULES, date(2026, 3, 1)).anonymise_person
    assert r.decide(withdrawn, RULES, date(2030, 3, 31)).person_kind == r.PARTICIPANT


def test_an_alumnus_who_withdrew_consent_goes_a_month_later():
    p = r.PersonFacts(
        id=1, anonymised=False, held=False, alumnus=True, consent_withdrawn_on=date(2031, 1, 31)
    )
    assert r.decide(p, RULES, date(2031, 2, 27)).empty
    d = r.decide(p, RULES, date(2031, 2, 28))
    assert d.anonymise_person and d.due == {r.ALUMNUS_WITHDRAWN: 1}


def test_an_account_that_never_applied_goes_after_its_period():
    p = r.PersonFacts(id=1, anonymised=False, held=False, is_applicant=True, registered_on=date(2026, 10, 1))
    assert r.decide(p, RULES, date(2028, 9, 30)).empty
    assert r.decide(p, RULES, date(2028, 10, 1)).due == {r.UNUSED_ACCOUNT: 1}


def test_a_held_person_keeps_everything_and_says_what_would_go():
    p = r.PersonFacts(id=1, anonymised=False, held=True, applications=(app(),), is_applicant=True)
    d = r.decide(p, RULES, date(2040, 1, 1))
    assert d.empty and not d.due
    assert d.held == {
        r.UNSUCCESSFUL_APPLICANT: 1,
        r.APPLICANT_DOCUMENTS: 2,
        r.REFEREE_LETTERS: 1,
        r.REVIEWS: 3,
    }


def test_a_kind_without_a_schedule_never_goes():
    p = r.PersonFacts(id=1, anonymised=False, held=False, applications=(app(),), is_applicant=True)
    rules = {k: v for k, v in RULES.items() if k != r.UNSUCCESSFUL_APPLICANT}
    d = r.decide(p, rules, date(2099, 1, 1))
    assert not d.anonymise_person and not d.applications and d.documents_of == [1]


def test_the_rules_are_checked_all_at_once():
    bad = {
        **RULES,
        r.UNSUCCESSFUL_APPLICANT: r.Rule(r.UNSUCCESSFUL_APPLICANT, 6, r.DELETE),
        r.REVIEWS: r.Rule(r.REVIEWS, 5000, r.ANONYMISE),
    }
    assert sorted(r.check_rules(bad)) == [
        (r.APPLICANT_DOCUMENTS, "longer_than_applicants"),
        (r.REVIEWS, "months"),
        (r.UNSUCCESSFUL_APPLICANT, "action"),
    ]
    assert r.check_rules(RULES) == []


facts = st.builds(
    r.PersonFacts,
    id=st.just(1),
    anonymised=st.just(False),
    held=st.booleans(),
    applications=st.lists(
        st.builds(
            r.ApplicationFacts,
            id=st.integers(1, 5),
            unsuccessful=st.booleans(),
            selection_ended_on=st.dates(date(2020, 1, 1), date(2030, 1, 1)),
            closed_on=st.one_of(st.none(), st.dates(date(2020, 1, 1), date(2031, 1, 1))),
            anonymised=st.booleans(),
            documents=st.integers(0, 3),
            referees=st.integers(0, 2),
            reviews=st.integers(0, 3),
        ),
        max_size=3,
    ).map(tuple),
    registered_on=st.dates(date(2020, 1, 1), date(2030, 1, 1)),
    is_applicant=st.booleans(),
    participant=st.booleans(),
    participant_anonymised=st.booleans(),
    participation_ended_on=st.one_of(st.none(), st.dates(date(2020, 1, 1), date(2031, 1, 1))),
    alumnus=st.booleans(),
    consent_withdrawn_on=st.one_of(st.none(), st.dates(date(2020, 1, 1), date(2031, 1, 1))),
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(facts, st.dates(date(2020, 1, 1), date(2040, 1, 1)), st.integers(0, 4000))
def test_what_is_due_stays_due_as_days_pass_and_a_hold_keeps_all(p, today, later):
    d1 = r.decide(p, RULES, today)
    d2 = r.decide(p, RULES, today + timedelta(days=later))
    if p.held:
        assert d1.empty and d2.empty
        return
    assert set(d1.applications) <= set(d2.applications)
    assert set(d1.documents_of) <= set(d2.documents_of)
    assert set(d1.referees_of) <= set(d2.referees_of)
    assert set(d1.reviews_of) <= set(d2.reviews_of)
    assert d1.participant <= d2.participant and d1.anonymise_person <= d2.anonymise_person
    # a person's whole record never goes while an application or their participant record stays
    if d2.anonymise_person:
        assert {a.id for a in p.applications if not a.anonymised} <= set(d2.applications)
        assert d2.participant or not p.participant or p.participant_anonymised


def test_the_last_day_whose_records_go():
    rule = r.Rule(r.SIGN_IN_RECORDS, 1, r.DELETE)
    assert r.last_event_day(rule, date(2027, 2, 28)) == date(2027, 1, 31)  # 29–31 January go on the 28th
    assert r.last_event_day(rule, date(2027, 3, 31)) == date(2027, 2, 28)
    assert r.last_event_day(rule, date(2027, 3, 15)) == date(2027, 2, 15)
    assert r.last_event_day(r.Rule(r.EXPIRED_SESSIONS, 0, r.DELETE), date(2027, 3, 15)) == date(2027, 3, 15)
    assert r.last_event_day(None, date(2027, 3, 15)) is None


@given(today=st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)), months=st.integers(0, 240))
def test_a_record_goes_exactly_when_its_day_is_up_to_the_last_day(today: date, months: int):
    rule = r.Rule(r.SIGN_IN_RECORDS, months, r.DELETE)
    last = r.last_event_day(rule, today)
    assert last is not None
    assert r.add_months(last, months) <= today < r.add_months(last + timedelta(days=1), months)
