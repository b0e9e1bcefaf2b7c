"""The retention purge: ``jetpm privacy purge`` and the daily task (shared/formats/trust.md).

The schedules are data (``core.RetentionSchedule``); what is due is decided by ``core/retention.py`` (pure)
from the facts of each person, read here. A run:

1. finishes the file removals an interrupted run left (``PendingFileRemoval``);
2. scans every person not yet anonymised (read-only) and counts what is due and what a legal hold keeps, per
   kind; a dry run stops here and has written nothing;
3. records the run (``PurgeRun``) and its one audit event ``privacy.purge`` (the day, the counts per kind: no
   personal values) in one transaction;
4. applies the decisions in batches of persons, each batch in one transaction: the persons are locked and
   their facts read and decided again inside it (a hold placed meanwhile is honoured, a record already
   anonymised is not touched twice), the records anonymised or deleted, the audit events about them redacted
   (``core/chain.py``: their personal values blanked, the chain still verifies), the files to remove listed,
   the run's counts added; after the commit the files are removed;
5. deletes the sign-in records and expired sessions past their periods and removes the uploaded files that
   no record refers to (``core/purge_dated.py``: each by its own date, in chunks adding to the run's counts).

A run killed at any point leaves every batch whole or absent; the next run (the next day's, or the
operator's) finds what is still due and does it. Nothing is ever applied twice: the marks (``anonymised_at``)
and the removed rows are the state.

Applications, participants and persons are anonymised, never deleted: the statistics count them (applicants
by intake year, participants by year, country and job type, retention by cohort) and keep the same figures.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db import transaction
from django.db.models import CharField, Count, F, Q, Value
from django.db.models.functions import Cast, Concat, ExtractYear
from django.utils import timezone

from jetpm.core import audit, purge_dated, retention
from jetpm.core.calendar import default_milestone_dates
from jetpm.core.models import (
    ApiToken,
    AuditEvent,
    LegalHold,
    Membership,
    Milestone,
    PendingFileRemoval,
    Person,
    PurgeRun,
    RetentionSchedule,
    User,
)
from jetpm.core.states import MilestoneKind, PersonKind, PurgeTrigger

SCAN_SIZE = 1000
# A required free text that the purge removes (a check constraint forbids it empty).
REMOVED = "—"

# What the purge does to each record that hangs off an application, a participant or a term, besides the
# kinds with schedules of their own (documents, referees, reviews). ``None``: deleted with the application's
# anonymisation; a dict: those fields blanked; ``KEEP``: no personal value in it. tests/core/test_purge.py
# fails when a model pointing to a person, an application, a participant or a term is missing from these
# tables, so a stage added later says what happens to its records.
KEEP: dict[str, Any] = {}
APPLICATION_PARTS: dict[str, tuple[tuple[str, ...], dict[str, Any] | None]] = {
    "applications.Notice": (("application",), None),
    "selection.Offer": (
        ("application",),
        {
            "departure_airport": "",
            "dependants": "",
            "passport_number": "",
            "passport_expires_on": None,
            "decline_reason": "",
        },
    ),
    "screening.Conflict": (("application",), {"reason": REMOVED}),
    "screening.Interview": (("application",), {"message": "", "place": ""}),
    "screening.JapaneseTest": (("application",), {"notes": ""}),
    "screening.StageResult": (("application",), {"resolution_note": ""}),
    "screening.Assignment": (("application",), KEEP),
    "screening.ReportEntry": (("application",), KEEP),
    "selection.SelectionEntry": (("application",), KEEP),
    "selection.Vacancy": (("freed_by", "filled_by"), KEEP),  # the reason is the status's label
    "placement.Placement": (("application",), {"reason": ""}),
    "placement.ManualDecision": (("application", "other"), {"reason": REMOVED}),
    "placement.PlacementDecline": (("application",), {"reason": REMOVED}),
    # pre-departure: the candidate's feedback on an orientation, the note on their visa paperwork
    "predeparture.OrientationInvitation": (("application",), {"feedback_comment": ""}),
    "predeparture.CandidateChecklist": (("application",), {"visa_note": ""}),
}
# Parts of a participant's record (by the path from the model to the participant).
PARTICIPANT_PARTS: dict[str, tuple[str, dict[str, Any]]] = {
    "appointments.AppointmentTerm": ("participant", KEEP),
    "appointments.TermEnding": ("term__participant", {"reason": REMOVED}),
    "appointments.TrainingInvitation": ("participant", {"comment": ""}),
    # the reason is required when the assessment is "not reappointed": see _anonymise_participants
    "appointments.ReappointmentDecision": ("term__participant", {}),
}
# Records about a person (path to the person; the fields blanked, or None: the record goes). The alumnus's
# profile is all personal (where they live and work, what they agreed to); chapter membership stays for
# the member counts, without the reason for leaving.
PERSON_PARTS: dict[str, tuple[str, dict[str, Any] | None]] = {
    "alumni.AlumnusProfile": ("person", None),
    "alumni.ChapterMembership": ("person", {"left_reason": ""}),
    # a person's answers to a questionnaire (the alumni status survey): all theirs, they go
    "questionnaires.Response": ("person", None),
    # bulletins received (the address) and engagement records (what they did for the programme): they go
    "alumni.BulletinDelivery": ("person", None),
    "alumni.Engagement": ("person", None),
    "predeparture.OrientationSpeaker": ("person", KEEP),  # the talk's topic is about the event
    # support desk: the cases stay for the figures (kind, category, dates), their words go
    "support.Case": ("person", {"subject": REMOVED, "body": REMOVED}),
    "support.CaseMessage": ("case__person", {"body": REMOVED}),
    # departure groups and arrival (predeparture): the journey stays for the arrival figures, without the
    # reason for a no-show or a withdrawal
    "predeparture.DepartureAssignment": ("person", {"reason": ""}),
    "predeparture.DepartureChange": ("assignment__person", {"reason": ""}),
    # the return: its date, destination country, orientation and travel cost are the programme's figures
    "alumni.Return": ("person", KEEP),
}
# Models with their own schedule or handled by name below.
HANDLED = frozenset(
    {
        "core.AuditEvent",  # redacted
        "core.LegalHold",  # the organisation's legal record; a held person is never purged
        "applications.Application",
        "applications.Document",
        "applications.Referee",
        "screening.Review",
        "appointments.Participant",
    }
)
# The fields of an application blanked by its anonymisation. Kept: the number, intake year, mission, country,
# job type, language, status, dates, sex, nationalities, degree level, language and Japanese levels, former
# participation and years in Japan, preferences (prefectures), declarations and eligibility rule codes.
APPLICATION_BLANKS: dict[str, Any] = {
    "passport_family_name": "",
    "passport_given_names": "",
    "birth_date": None,
    "email": "",
    "phone": "",
    "address": "",
    "status_reason": "",
    "degree_subject": "",
    "institution": "",
    "degree_date": None,
    "teaching_qualifications": "",
    "experience": "",
    "preference_reasons": "",
    "partner_reference": "",
    "medical_conditions": "",
    "statement": "",
    "duplicate_of": None,
}


def _model(label: str) -> Any:
    return apps.get_model(label)


def _chunks(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def load_rules() -> dict[str, retention.Rule]:
    return {
        s.kind: retention.Rule(kind=s.kind, months=s.months, action=s.action)
        for s in RetentionSchedule.objects.all()
    }


def selection_ends() -> dict[int, date]:
    """The last day of each intake's selection (its "results" milestone), by intake year."""
    return dict(
        Milestone.objects.filter(kind=MilestoneKind.RESULTS).values_list("cycle__intake_year", "ends_on")
    )


def _selection_end(ends: dict[int, date], intake_year: int) -> date:
    if intake_year not in ends:
        ends[intake_year] = default_milestone_dates(intake_year)[MilestoneKind.RESULTS][1]
    return ends[intake_year]


# --- the facts --------------------------------------------------------------------------------------------


class Facts:
    """Reads the facts of persons for ``retention.decide`` (a few aggregate queries per chunk of persons)."""

    def __init__(self, rules: dict[str, retention.Rule]) -> None:
        self.rules = rules
        self.ends = selection_ends()

    def _counts(self, qs: Any) -> dict[int, int]:
        return dict(
            qs.order_by().values("application_id").annotate(n=Count("id")).values_list("application_id", "n")
        )

    def referees(self, person_ids: Iterable[int] | None = None, app_ids: Iterable[int] | None = None) -> Any:
        qs = _model("applications.Referee").objects.all()
        qs = qs.filter(application__person_id__in=person_ids) if person_ids is not None else qs
        qs = qs.filter(application_id__in=app_ids) if app_ids is not None else qs
        if self.action(retention.REFEREE_LETTERS) == retention.ANONYMISE:
            qs = qs.filter(~Q(name="") | Q(letter__isnull=False))  # not yet anonymised
        return qs

    def reviews(self, person_ids: Iterable[int] | None = None, app_ids: Iterable[int] | None = None) -> Any:
        qs = _model("screening.Review").objects.all()
        qs = qs.filter(application__person_id__in=person_ids) if person_ids is not None else qs
        qs = qs.filter(application_id__in=app_ids) if app_ids is not None else qs
        if self.action(retention.REVIEWS) == retention.ANONYMISE:
            qs = qs.exclude(comment="")
        return qs

    def documents(self, person_ids: Iterable[int] | None = None, app_ids: Iterable[int] | None = None) -> Any:
        """Documents other than referees' letters."""
        qs = _model("applications.Document").objects.filter(referee__isnull=True)
        qs = qs.filter(application__person_id__in=person_ids) if person_ids is not None else qs
        return qs.filter(application_id__in=app_ids) if app_ids is not None else qs

    def action(self, kind: str) -> str:
        rule = self.rules.get(kind)
        return rule.action if rule is not None else retention.DELETE

    def of(self, person_ids: Sequence[int]) -> list[retention.PersonFacts]:
        Application = _model("applications.Application")
        AppointmentTerm = _model("appointments.AppointmentTerm")
        Participant = _model("appointments.Participant")
        ids = list(person_ids)
        held = set(
            LegalHold.objects.filter(person_id__in=ids, lifted_at__isnull=True).values_list(
                "person_id", flat=True
            )
        )
        # participants and the end of their last term
        participants: dict[int, tuple[bool, date | None]] = {}
        for person_id, anonymised in Participant.objects.filter(person_id__in=ids).values_list(
            "person_id", "anonymised_at"
        ):
            participants[person_id] = (anonymised is not None, None)
        appointed: set[tuple[int, int]] = set()
        last: dict[int, tuple[int, bool, date | None, date | None]] = {}
        serving: set[int] = set()
        for person_id, fy, status, end_date, ended_on in AppointmentTerm.objects.filter(
            participant__person_id__in=ids
        ).values_list("participant__person_id", "fiscal_year", "status", "end_date", "ending__ended_on"):
            appointed.add((person_id, fy))
            if status == "serving":
                serving.add(person_id)
            if person_id not in last or fy > last[person_id][0]:
                last[person_id] = (fy, status == "serving", end_date, ended_on)
        # applications and the parts still held
        docs = self._counts(self.documents(person_ids=ids))
        refs = self._counts(self.referees(person_ids=ids))
        revs = self._counts(self.reviews(person_ids=ids))
        applications: dict[int, list[retention.ApplicationFacts]] = {}
        for app_id, person_id, year, status, anonymised in Application.objects.filter(
            person_id__in=ids
        ).values_list("id", "person_id", "intake_year", "status", "anonymised_at"):
            ended = _selection_end(self.ends, year)
            unsuccessful = (person_id, year) not in appointed
            # an accepted or cleared candidate never appointed: by the end of the intake's fiscal year
            closed = date(year + 1, 3, 31) if status in ("accepted", "cleared") else ended
            applications.setdefault(person_id, []).append(
                retention.ApplicationFacts(
                    id=app_id,
                    unsuccessful=unsuccessful,
                    selection_ended_on=ended,
                    closed_on=closed if unsuccessful else None,
                    anonymised=anonymised is not None,
                    documents=docs.get(app_id, 0),
                    referees=refs.get(app_id, 0),
                    reviews=revs.get(app_id, 0),
                )
            )
        out = []
        for pk, kind, anonymised, created, withdrawn in (
            Person.objects.filter(pk__in=ids)
            .order_by("pk")
            .values_list("pk", "kind", "anonymised_at", "created_at", "contact_consent_withdrawn_on")
        ):
            ended_on = None
            if pk in last and pk not in serving:
                fy, _serving, end_date, early = last[pk]
                ended_on = retention.participation_ended_on(
                    last_fiscal_year=fy, serving=False, end_date=end_date, ended_early_on=early
                )
            out.append(
                retention.PersonFacts(
                    id=pk,
                    anonymised=anonymised is not None,
                    held=pk in held,
                    applications=tuple(sorted(applications.get(pk, []), key=lambda a: a.id)),
                    registered_on=timezone.localdate(created),
                    is_applicant=kind == PersonKind.APPLICANT,
                    participant=pk in participants,
                    participant_anonymised=participants.get(pk, (False, None))[0],
                    participation_ended_on=ended_on,
                    alumnus=kind == PersonKind.ALUMNUS,
                    consent_withdrawn_on=withdrawn,
                )
            )
        return out


# --- the plan (a dry run) ---------------------------------------------------------------------------------


@dataclass
class Outcome:
    today: date
    dry_run: bool
    due: Counter[str] = field(default_factory=Counter)
    held: Counter[str] = field(default_factory=Counter)
    persons: int = 0  # persons whose own record is anonymised
    held_persons: int = 0
    files: int = 0
    run_id: int | None = None
    person_ids: list[int] = field(default_factory=list)  # persons with something due

    def add(self, d: retention.Decision) -> None:
        self.due.update(d.due)
        self.held.update(d.held)
        self.persons += int(d.anonymise_person)
        self.held_persons += int(bool(d.held))


def _open_person_ids() -> list[int]:
    """The persons the purge scans: those not yet anonymised."""
    return list(Person.objects.filter(anonymised_at__isnull=True).order_by("pk").values_list("pk", flat=True))


def plan(*, today: date) -> Outcome:
    """What a purge on ``today`` would do, per kind: reads only."""
    rules = load_rules()
    facts = Facts(rules)
    out = Outcome(today=today, dry_run=True)
    ids = _open_person_ids()
    for chunk in _chunks(ids, SCAN_SIZE):
        for f in facts.of(chunk):
            d = retention.decide(f, rules, today)
            out.add(d)
            if not d.empty:
                out.person_ids.append(f.id)
    dated = purge_dated.count(rules, today)
    out.due.update(dated.due)
    out.held.update(dated.held)
    return out


@dataclass
class Difference:
    """What a purge on ``today`` would remove under new schedules that it keeps under the current ones: units
    per kind, the persons they belong to, and what a legal hold keeps of it (not counted in ``due``)."""

    today: date
    due: Counter[str] = field(default_factory=Counter)  # units per kind newly due
    persons: Counter[str] = field(default_factory=Counter)  # persons per kind with units newly due
    held: Counter[str] = field(default_factory=Counter)  # units per kind newly due but kept under a hold
    all_persons: int = 0  # persons with anything newly due
    held_persons: int = 0  # persons under a hold with anything newly due


def _facts_actions(rules: dict[str, retention.Rule]) -> tuple[str | None, ...]:
    """The actions that change what ``Facts`` reads (an anonymised referee or review is not held any more)."""
    return tuple(
        rule.action if (rule := rules.get(kind)) is not None else None
        for kind in (retention.REFEREE_LETTERS, retention.REVIEWS)
    )


def compare(old: dict[str, retention.Rule], new: dict[str, retention.Rule], *, today: date) -> Difference:
    """What a purge on ``today`` would remove under the rules ``new`` and keep under ``old`` (the schedules
    as they stand): the same facts and the same decisions (``retention.decide``, ``purge_dated.count``) as
    :func:`plan`, under both. Reads only."""
    out = Difference(today=today)
    facts_old = Facts(old)
    facts_new = facts_old if _facts_actions(old) == _facts_actions(new) else Facts(new)
    for chunk in _chunks(_open_person_ids(), SCAN_SIZE):
        before = {f.id: f for f in facts_old.of(chunk)}
        after = list(before.values()) if facts_new is facts_old else facts_new.of(chunk)
        for f in after:
            d_old = retention.decide(before[f.id], old, today)
            d_new = retention.decide(f, new, today)
            due = d_new.due - d_old.due  # the positive counts only
            held = d_new.held - d_old.held
            out.due.update(due)
            out.persons.update(due.keys())
            out.held.update(held)
            out.all_persons += int(bool(due))
            out.held_persons += int(bool(held))
    # the kinds dated by their own records: only those whose schedule changes (the files are walked)
    dated = [k for k in retention.RECORD_DATED_KINDS if old.get(k) != new.get(k)]
    if dated:
        c_old = purge_dated.count({k: old[k] for k in dated if k in old}, today)
        c_new = purge_dated.count({k: new[k] for k in dated if k in new}, today)
        out.due.update(c_new.due - c_old.due)
        out.held.update(c_new.held - c_old.held)
    return out


# --- applying ---------------------------------------------------------------------------------------------


def purge(
    *,
    actor: User | None,
    today: date,
    trigger: str = PurgeTrigger.COMMAND,
    batch_size: int | None = None,
) -> Outcome:
    """Apply the schedules as of ``today``: see the module's docstring."""
    finish_file_removals()
    outcome = plan(today=today)
    outcome.dry_run = False
    with transaction.atomic():
        run = PurgeRun.objects.create(
            today=today,
            trigger=trigger,
            actor=actor if actor is not None and actor.pk else None,
            due=dict(outcome.due),
            held=dict(outcome.held),
        )
        audit.record(
            actor=actor,
            action="privacy.purge",
            obj=run,
            changes={
                "today": today,
                "due": dict(sorted(outcome.due.items())),
                "kept_under_hold": dict(sorted(outcome.held.items())),
                "persons": outcome.persons,
            },
        )
    outcome.run_id = run.pk
    rules = load_rules()
    size = batch_size or settings.JETPM_PURGE_BATCH_SIZE
    # what was applied (a hold placed while the run goes keeps its person: counted as held)
    done = Outcome(today=today, dry_run=False, run_id=run.pk, held=outcome.held.copy())
    done.held_persons = outcome.held_persons
    for number, batch in enumerate(_chunks(outcome.person_ids, size), start=1):
        with transaction.atomic():
            applied = _apply_batch(run.pk, list(batch), rules, today)
            _stall_if_asked(number, batch)
        done.due.update(applied.due)
        done.held.update(applied.held)
        done.persons += applied.persons
    # the sign-in records, sessions and files without a record: after the persons (whose files are gone)
    done.due.update(purge_dated.apply(run.pk, rules, today))
    PurgeRun.objects.filter(pk=run.pk).update(finished_at=timezone.now())
    done.files = PurgeRun.objects.values_list("files", flat=True).get(pk=run.pk)
    done.person_ids = outcome.person_ids
    return done


def _stall_if_asked(number: int, batch: Sequence[int]) -> None:
    """The kill test (tests/core/test_purge_site.py) stops a purge inside a batch's transaction: with
    JETPM_PURGE_TEST_STALL_BATCH=N the N-th batch waits before its commit, after naming its persons on
    stderr."""
    if number == settings.JETPM_PURGE_TEST_STALL_BATCH:
        ids = ",".join(str(i) for i in batch)
        sys.stderr.write(f"purge: batch {number} applied, not committed: persons {ids}\n")
        sys.stderr.flush()
        time.sleep(600)


@dataclass
class _Applied:
    due: Counter[str] = field(default_factory=Counter)
    held: Counter[str] = field(default_factory=Counter)
    persons: int = 0


def _apply_batch(
    run_id: int, person_ids: list[int], rules: dict[str, retention.Rule], today: date
) -> _Applied:
    """One batch, inside the caller's transaction: lock, decide again, apply, redact, count."""
    list(Person.objects.select_for_update().filter(pk__in=person_ids).values_list("pk", flat=True))
    run = PurgeRun.objects.select_for_update().get(pk=run_id)
    facts = Facts(rules)
    decisions = [retention.decide(f, rules, today) for f in facts.of(person_ids)]
    applied = _Applied()
    for d in decisions:
        applied.due.update(d.due)
        applied.held.update(d.held)
        applied.persons += int(d.anonymise_person)
    todo = [d for d in decisions if not d.empty]
    redact = _Redaction()
    pending: list[int] = []
    documents_of = sorted({a for d in todo for a in d.documents_of})
    referees_of = sorted({a for d in todo for a in d.referees_of})
    reviews_of = sorted({a for d in todo for a in d.reviews_of})
    applications = sorted({a for d in todo for a in d.applications})
    if documents_of:
        pending += _delete_documents(facts.documents(app_ids=documents_of), redact)
    if referees_of:
        pending += _remove_referees(facts, referees_of, redact)
    if reviews_of:
        _remove_reviews(facts, reviews_of, redact)
    if applications:
        _anonymise_applications(applications, redact)
    participants = [d.person_id for d in todo if d.participant]
    if participants:
        _anonymise_participants(participants, redact)
    persons = [d.person_id for d in todo if d.anonymise_person]
    if persons:
        _anonymise_persons(persons, redact)
    redact.apply()
    for kind, n in applied.due.items():
        run.done[kind] = run.done.get(kind, 0) + n
    for kind, n in applied.held.items():  # held since the scan
        run.held[kind] = run.held.get(kind, 0) + n
    run.persons += applied.persons
    run.save(update_fields=["done", "held", "persons"])
    transaction.on_commit(lambda: _remove_files(pending, run_id))
    return applied


class _Redaction:
    """The audit events whose personal values go: about these records, about these persons, or done by
    these persons' accounts (those lose the actor's label too)."""

    def __init__(self) -> None:
        self.objects: dict[str, set[str]] = {}
        self.persons: set[int] = set()
        self.actors: set[int] = set()

    def about(self, label: str, ids: Iterable[Any]) -> None:
        self.objects.setdefault(label, set()).update(str(i) for i in ids)

    def apply(self) -> None:
        blank = {"object_label": "", "changes": {}, "redacted": True}
        for label, ids in self.objects.items():
            for chunk in _chunks(sorted(ids), 500):
                AuditEvent.objects.filter(object_type=label, object_id__in=chunk, redacted=False).update(
                    **blank
                )
        for chunk in _chunks(sorted(self.persons), 500):
            AuditEvent.objects.filter(person_id__in=chunk, redacted=False).update(**blank)
        for chunk in _chunks(sorted(self.actors), 500):
            AuditEvent.objects.filter(actor_id__in=chunk).exclude(actor_label="").update(
                actor_label="", **blank
            )


def _file_rows(model: str, field_name: str, names: Iterable[str]) -> list[int]:
    rows = [PendingFileRemoval(model=model, field=field_name, name=n) for n in names if n]
    return [r.pk for r in PendingFileRemoval.objects.bulk_create(rows)] if rows else []


def _delete_documents(qs: Any, redact: _Redaction) -> list[int]:
    rows = list(qs.values_list("pk", "file"))
    if not rows:
        return []
    redact.about("applications.Document", [pk for pk, _f in rows])
    pending = _file_rows("applications.Document", "file", [f for _pk, f in rows])
    _model("applications.Document").objects.filter(pk__in=[pk for pk, _f in rows]).delete()
    return pending


def _remove_referees(facts: Facts, app_ids: list[int], redact: _Redaction) -> list[int]:
    Referee = _model("applications.Referee")
    Document = _model("applications.Document")
    rows = list(facts.referees(app_ids=app_ids).values_list("pk", "letter_id"))
    if not rows:
        return []
    ids = [pk for pk, _l in rows]
    letters = [letter for _pk, letter in rows if letter is not None]
    redact.about("applications.Referee", ids)
    if facts.action(retention.REFEREE_LETTERS) == retention.ANONYMISE:
        Referee.objects.filter(pk__in=ids).update(
            name="", email="", relationship="", token_digest=None, letter=None
        )
    else:
        Referee.objects.filter(pk__in=ids).delete()
    return _delete_documents(Document.objects.filter(pk__in=letters), redact) if letters else []


def _remove_reviews(facts: Facts, app_ids: list[int], redact: _Redaction) -> None:
    qs = facts.reviews(app_ids=app_ids)
    ids = list(qs.values_list("pk", flat=True))
    redact.about("screening.Review", ids)
    Review = _model("screening.Review")
    if facts.action(retention.REVIEWS) == retention.ANONYMISE:
        Review.objects.filter(pk__in=ids).update(comment="")
    else:
        Review.objects.filter(pk__in=ids).delete()


def _anonymise_applications(app_ids: list[int], redact: _Redaction) -> None:
    Application = _model("applications.Application")
    redact.about("applications.Application", app_ids)
    for label, (paths, blanks) in APPLICATION_PARTS.items():
        if blanks is KEEP:
            continue
        model = _model(label)
        where = Q()
        for path in paths:
            where |= Q(**{f"{path}_id__in": app_ids})
        qs = model.objects.filter(where)
        redact.about(label, qs.values_list("pk", flat=True))
        if blanks is None:
            qs.delete()
        else:
            qs.update(**blanks)
    Application.objects.filter(pk__in=app_ids, anonymised_at__isnull=True).update(
        anonymised_at=timezone.now(), **APPLICATION_BLANKS
    )


def _anonymise_participants(person_ids: list[int], redact: _Redaction) -> None:
    Participant = _model("appointments.Participant")
    ids = list(Participant.objects.filter(person_id__in=person_ids).values_list("pk", flat=True))
    redact.about("appointments.Participant", ids)
    for label, (path, blanks) in PARTICIPANT_PARTS.items():
        qs = _model(label).objects.filter(**{f"{path}_id__in": ids})
        redact.about(label, qs.values_list("pk", flat=True))
        if blanks:
            qs.update(**blanks)
    decisions = _model("appointments.ReappointmentDecision").objects.filter(term__participant_id__in=ids)
    decisions.filter(assessment="not_reappointed").update(reason=REMOVED)
    decisions.exclude(assessment="not_reappointed").update(reason="")
    Participant.objects.filter(pk__in=ids).update(anonymised_at=timezone.now())


def _anonymise_persons(person_ids: list[int], redact: _Redaction) -> None:
    user_ids = [u for u in Person.objects.filter(pk__in=person_ids).values_list("user_id", flat=True) if u]
    redact.persons.update(person_ids)
    redact.about("core.Person", person_ids)
    redact.about("core.User", user_ids)
    redact.actors.update(user_ids)
    for label, (path, blanks) in PERSON_PARTS.items():
        qs = _model(label).objects.filter(**{f"{path}_id__in": person_ids})
        redact.about(label, qs.values_list("pk", flat=True))
        if blanks is None:
            qs.delete()
        else:
            qs.update(**blanks)
    Person.objects.filter(pk__in=person_ids).update(
        family_name="",
        given_name="",
        email="",
        birth_year=ExtractYear("birth_date"),
        birth_date=None,
        user=None,
        anonymised_at=timezone.now(),
    )
    # the person's own account goes (an account that also acts for an organisation only loses the link)
    staff = set(Membership.objects.filter(user_id__in=user_ids).values_list("user_id", flat=True))
    accounts = [u for u in user_ids if u not in staff]
    if accounts:
        User.objects.filter(pk__in=accounts).update(
            username=Concat(Value("anonymised-"), Cast("id", CharField())),
            email="",
            first_name="",
            last_name="",
            password=UNUSABLE_PASSWORD_PREFIX,
            is_active=False,
        )
        ApiToken.objects.filter(user_id__in=accounts).delete()
        _model("otp_totp.TOTPDevice").objects.filter(user_id__in=accounts).delete()


# --- files ------------------------------------------------------------------------------------------------


def _remove_files(pending: list[int], run_id: int | None) -> int:
    """Remove the listed files from storage (after the commit of the records that held them), unless another
    record still holds the same stored file; then their rows."""
    removed = 0
    for row in PendingFileRemoval.objects.filter(pk__in=pending).order_by("pk"):
        model = _model(row.model)
        f = model._meta.get_field(row.field)
        if not model.objects.filter(**{row.field: row.name}).exists() and f.storage.exists(row.name):
            f.storage.delete(row.name)
            removed += 1
        row.delete()
    if run_id is not None and removed:
        PurgeRun.objects.filter(pk=run_id).update(files=F("files") + removed)
    return removed


def finish_file_removals() -> int:
    """The removals an interrupted purge listed but did not do."""
    return _remove_files(list(PendingFileRemoval.objects.values_list("pk", flat=True)), None)
