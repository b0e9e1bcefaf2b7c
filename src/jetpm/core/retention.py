"""Retention of personal data (pure: no Django). What is due for anonymisation or deletion on a day, decided
from dates only: the purge service (``core/purge.py``) reads the facts of each person, asks :func:`decide`
and applies the decision. Contract: ``jetpm privacy purge`` in shared/formats/trust.md.

Each record kind has a schedule (staff set it as data, ``core.RetentionSchedule``): a period in months,
counted from the kind's event date, and what happens when it is over (anonymise or delete):

==========================  ============================================================  =============
kind                        the period runs from                                          unit counted
==========================  ============================================================  =============
unsuccessful_applicant      the end of the intake's selection (the "results" milestone),  applications
                            for an application that led to no appointment term in its
                            intake year (accepted or cleared but never appointed: the end
                            of the intake fiscal year)
unused_account              the registration, for an applicant who never applied          persons
applicant_documents         the end of the intake's selection, for the documents of an    documents
                            application that led to no appointment (referees' letters
                            excluded: they are the next kind)
referee_letters             the end of the intake's selection, every application          referees
reviews                     the end of the intake's selection, every application          reviews
participant                 the end of the participant's last term (the early end if it   participants
                            ended early; 31 March after the fiscal year without dates)
alumnus_withdrawn           the day an alumnus withdrew their consent                     persons
sign_in_records             the sign-in attempt (django-axes' attempts, log of sign-ins   records
                            and log of failures: usernames, addresses, browsers)
expired_sessions            the session's expiry (a session not yet expired stays)        sessions
orphan_files                the file's last change, for a file under the upload folder    files
                            that no record refers to (an upload whose transaction rolled
                            back, a replaced file); never one changed in the last day
==========================  ============================================================  =============

A person's own record (names, contacts, account) is anonymised when every reason to keep it is over: the
longest period wins (an alumnus who withdraws consent while their appointment record is still kept stays
until that period ends too; an alumnus who has not withdrawn consent stays). Parts never outlive the record
they belong to: anonymising an application removes its documents, its referees and its reviews' comments
with it, whatever their own periods. A person under a legal hold has nothing applied: what would have gone
is counted as "kept under hold".

The last three kinds belong to no person's record: a record of theirs goes when its own event is past the
period (:func:`last_event_day`), whatever else is kept. A legal hold keeps the sign-in records of the held
person's account (by its username or e-mail); expired sessions and files no record refers to name no one.
"""

from __future__ import annotations

import calendar
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

UNSUCCESSFUL_APPLICANT = "unsuccessful_applicant"
UNUSED_ACCOUNT = "unused_account"
APPLICANT_DOCUMENTS = "applicant_documents"
REFEREE_LETTERS = "referee_letters"
REVIEWS = "reviews"
PARTICIPANT = "participant"
ALUMNUS_WITHDRAWN = "alumnus_withdrawn"
SIGN_IN_RECORDS = "sign_in_records"
EXPIRED_SESSIONS = "expired_sessions"
ORPHAN_FILES = "orphan_files"
KINDS = (
    UNSUCCESSFUL_APPLICANT,
    UNUSED_ACCOUNT,
    APPLICANT_DOCUMENTS,
    REFEREE_LETTERS,
    REVIEWS,
    PARTICIPANT,
    ALUMNUS_WITHDRAWN,
    SIGN_IN_RECORDS,
    EXPIRED_SESSIONS,
    ORPHAN_FILES,
)
# Kinds decided per record by its own date (not through a person's facts).
RECORD_DATED_KINDS = (SIGN_IN_RECORDS, EXPIRED_SESSIONS, ORPHAN_FILES)

ANONYMISE = "anonymise"
DELETE = "delete"
# What may happen to each kind. Applications, participants and persons are never deleted: the statistics
# count them (applicants by intake year, participants by year, country and job type), so they are
# anonymised and keep what the statistics need.
ALLOWED_ACTIONS: dict[str, tuple[str, ...]] = {
    UNSUCCESSFUL_APPLICANT: (ANONYMISE,),
    UNUSED_ACCOUNT: (ANONYMISE,),
    APPLICANT_DOCUMENTS: (DELETE,),
    REFEREE_LETTERS: (DELETE, ANONYMISE),
    REVIEWS: (DELETE, ANONYMISE),
    PARTICIPANT: (ANONYMISE,),
    ALUMNUS_WITHDRAWN: (ANONYMISE,),
    # nothing in them to keep once anonymised: they go
    SIGN_IN_RECORDS: (DELETE,),
    EXPIRED_SESSIONS: (DELETE,),
    ORPHAN_FILES: (DELETE,),
}
# Kinds that are parts of an application: kept at most as long as the application itself (a longer period
# could never apply), so a schedule longer than the applicants' is refused.
PARTS_OF_APPLICATIONS = (APPLICANT_DOCUMENTS,)
MAX_MONTHS = 1200  # 100 years


@dataclass(frozen=True)
class Rule:
    kind: str
    months: int
    action: str


def add_months(day: date, months: int) -> date:
    """``day`` moved ``months`` calendar months on (31 January + 1 month = 28/29 February)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def released_on(event: date | None, rule: Rule | None) -> date | None:
    """The first day on which a record whose period ran from ``event`` may go (None: never, or not yet
    known because the event has not happened)."""
    if event is None or rule is None:
        return None
    return add_months(event, rule.months)


def last_event_day(rule: Rule | None, today: date) -> date | None:
    """The last day whose records are past their period on ``today``: a record whose period ran from a day
    up to it goes (None: no schedule, nothing goes). 31 March with 1 month: 28 February's and every day's
    before it (add_months of 29, 30 and 31 January is 28 February too)."""
    if rule is None:
        return None
    day = add_months(today, -rule.months)
    while add_months(day + timedelta(days=1), rule.months) <= today:
        day += timedelta(days=1)
    return day


def participation_ended_on(
    *, last_fiscal_year: int, serving: bool, end_date: date | None, ended_early_on: date | None
) -> date | None:
    """The end of a participant's last term: None while they serve."""
    if serving:
        return None
    if ended_early_on is not None:
        return ended_early_on
    if end_date is not None:
        return end_date
    return date(last_fiscal_year + 1, 3, 31)


@dataclass(frozen=True)
class ApplicationFacts:
    id: int
    unsuccessful: bool  # it led to no appointment term in its intake year
    selection_ended_on: date  # the end of its intake's selection
    closed_on: date | None  # when it became unsuccessful (None: it has not, or it succeeded)
    anonymised: bool
    documents: int  # documents still held other than referees' letters
    referees: int  # referees still held (not yet removed by the referees' action)
    reviews: int  # reviews still held (not yet removed by the reviews' action)


@dataclass(frozen=True)
class PersonFacts:
    id: int
    anonymised: bool
    held: bool
    applications: tuple[ApplicationFacts, ...] = ()
    registered_on: date | None = None
    is_applicant: bool = False  # the person's kind is "applicant"
    participant: bool = False  # has a participant record
    participant_anonymised: bool = False
    participation_ended_on: date | None = None  # None while serving
    alumnus: bool = False
    consent_withdrawn_on: date | None = None


@dataclass
class Decision:
    """What goes for one person (empty when nothing is due or the person is held: see ``held``)."""

    person_id: int
    anonymise_person: bool = False
    person_kind: str = ""  # the kind whose period ended last (what kept the person longest)
    applications: list[int] = field(default_factory=list)  # applications to anonymise
    documents_of: list[int] = field(default_factory=list)  # applications whose documents go
    referees_of: list[int] = field(default_factory=list)  # applications whose referees go
    reviews_of: list[int] = field(default_factory=list)  # applications whose reviews go
    participant: bool = False  # the participant record's personal data goes
    due: Counter[str] = field(default_factory=Counter)  # units per kind that go
    held: Counter[str] = field(default_factory=Counter)  # units per kind kept under a legal hold

    @property
    def empty(self) -> bool:
        return not (
            self.anonymise_person
            or self.applications
            or self.documents_of
            or self.referees_of
            or self.reviews_of
            or self.participant
        )


def _due(event: date | None, rule: Rule | None, today: date) -> bool:
    release = released_on(event, rule)
    return release is not None and release <= today


def _person_release(p: PersonFacts, rules: Mapping[str, Rule]) -> tuple[date | None, str]:
    """When the person's own record may go and the kind that keeps it longest; (None, kind) when some
    reason keeps it with no end (serving, an alumnus with consent, a schedule missing) and (None, "") when
    no schedule applies to the person at all."""
    reasons: list[tuple[str, date | None]] = []
    for a in p.applications:
        if a.unsuccessful:
            reasons.append(
                (UNSUCCESSFUL_APPLICANT, released_on(a.closed_on, rules.get(UNSUCCESSFUL_APPLICANT)))
            )
        # a successful application is kept as long as the participant record (below)
    if p.participant:
        reasons.append((PARTICIPANT, released_on(p.participation_ended_on, rules.get(PARTICIPANT))))
    if p.alumnus:
        reasons.append((ALUMNUS_WITHDRAWN, released_on(p.consent_withdrawn_on, rules.get(ALUMNUS_WITHDRAWN))))
    if not reasons and p.is_applicant:
        reasons.append((UNUSED_ACCOUNT, released_on(p.registered_on, rules.get(UNUSED_ACCOUNT))))
    if not reasons:
        return None, ""
    open_ = [kind for kind, release in reasons if release is None]
    if open_:
        return None, open_[0]
    latest = max(release for _kind, release in reasons if release is not None)
    kind = next(kind for kind, release in reasons if release == latest)
    return latest, kind


def decide(p: PersonFacts, rules: Mapping[str, Rule], today: date) -> Decision:
    """What of ``p`` is past its period on ``today``. A held person's decision is empty and its ``held``
    counts what would have gone; an anonymised person has nothing left to decide."""
    d = Decision(person_id=p.id)
    if p.anonymised:
        return d
    release, kind = _person_release(p, rules)
    whole = release is not None and release <= today
    if whole:
        d.anonymise_person = True
        d.person_kind = kind
        if kind in (UNUSED_ACCOUNT, ALUMNUS_WITHDRAWN):
            d.due[kind] += 1
    participant_due = (
        p.participant
        and not p.participant_anonymised
        and (whole or _due(p.participation_ended_on, rules.get(PARTICIPANT), today))
    )
    if participant_due:
        d.participant = True
        d.due[PARTICIPANT] += 1
    referees_rule, reviews_rule = rules.get(REFEREE_LETTERS), rules.get(REVIEWS)
    for a in p.applications:
        goes = not a.anonymised and (
            whole
            or (a.unsuccessful and _due(a.closed_on, rules.get(UNSUCCESSFUL_APPLICANT), today))
            or (not a.unsuccessful and participant_due)
        )
        if goes:
            d.applications.append(a.id)
            if a.unsuccessful:
                d.due[UNSUCCESSFUL_APPLICANT] += 1
        documents = a.documents and (
            goes or (a.unsuccessful and _due(a.closed_on, rules.get(APPLICANT_DOCUMENTS), today))
        )
        if documents:
            d.documents_of.append(a.id)
            d.due[APPLICANT_DOCUMENTS] += a.documents
        if a.referees and (goes or _due(a.selection_ended_on, referees_rule, today)):
            d.referees_of.append(a.id)
            d.due[REFEREE_LETTERS] += a.referees
        if a.reviews and (goes or _due(a.selection_ended_on, reviews_rule, today)):
            d.reviews_of.append(a.id)
            d.due[REVIEWS] += a.reviews
    if p.held and not d.empty:
        return Decision(person_id=p.id, held=d.due)
    return d


def check_rules(rules: Mapping[str, Rule]) -> list[tuple[str, str]]:
    """Every problem of a set of schedules as (kind, problem code): ``action`` (not allowed for the kind),
    ``months`` (out of range), ``longer_than_applicants`` (a part kept longer than its application)."""
    problems: list[tuple[str, str]] = []
    for kind, rule in rules.items():
        if rule.action not in ALLOWED_ACTIONS.get(kind, ()):
            problems.append((kind, "action"))
        if not 0 <= rule.months <= MAX_MONTHS:
            problems.append((kind, "months"))
    applicants = rules.get(UNSUCCESSFUL_APPLICANT)
    for kind in PARTS_OF_APPLICATIONS:
        part = rules.get(kind)
        if part is not None and applicants is not None and part.months > applicants.months:
            problems.append((kind, "longer_than_applicants"))
    return problems
