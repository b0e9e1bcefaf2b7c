"""From placement to appointment: publishing a run appoints its placed participants, a correction moves
their terms, a decline undoes the appointment. This module is the appointer that placement's services call
(``jetpm.placement.appointing``, installed by ``AppointmentsConfig.ready``: placement imports no later stage).

For each placed candidate of a published run (in the publish transaction, in bulk: a bounded number of
queries whatever the number placed):

- the person becomes a participant (``kind=participant``, ``contracting_org`` = the placed organisation);
- a :class:`~jetpm.appointments.models.Participant` is created when the person has none, its JET number in
  the history format ``J<cohort><country><5 digits>`` (e.g. ``J2025GB00001``), numbered after the highest
  number already given for that year and country;
- the first :class:`~jetpm.appointments.models.AppointmentTerm` of the intake year (year on the programme 1,
  serving) with the placed organisation, the application's job type and designated language, and its dates
  from :mod:`jetpm.appointments.term_dates`: arrival = the start of the cycle's ARRIVAL milestone, or the
  mission's own dates for it (``MilestoneOverride``).

A correction that moves someone updates the organisation of their term of the year; one that leaves someone
unplaced undoes their appointment. A decline (``services.declines``) undoes it too: a term that has not
started yet is deleted (with the participant record when it has no other term) and the person goes back to
applicant; a term that has already started is kept as *resigned* with an early end on the day of the decline
(the person then counts as an alumnus: they served). Every appointment, move and removal is audited.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.db.models import Max
from django.utils import timezone

from jetpm.applications.models import Application
from jetpm.appointments import term_dates
from jetpm.appointments.models import AppointmentTerm, Participant, TermEnding
from jetpm.appointments.states import TermStatus
from jetpm.appointments.workflows import PERSONS, TERMS
from jetpm.core import audit, workflow
from jetpm.core.calendar import default_milestone_dates
from jetpm.core.models import AuditEvent, Milestone, MilestoneOverride, Person, User
from jetpm.core.states import JobType, MilestoneKind, PersonKind
from jetpm.core.workflow import SYSTEM
from jetpm.placement.appointing import Appointed
from jetpm.placement.models import Placement

AUDIT_BATCH = 1000


def arrivals_of(intake_year: int, mission_ids: Iterable[int]) -> tuple[date, dict[int, date]]:
    """The cycle's arrival day and the missions' own arrival days (two queries)."""
    milestone = (
        Milestone.objects.filter(cycle__intake_year=intake_year, kind=MilestoneKind.ARRIVAL)
        .values_list("pk", "starts_on")
        .first()
    )
    if milestone is None:
        return default_milestone_dates(intake_year)[MilestoneKind.ARRIVAL][0], {}
    overrides = dict(
        MilestoneOverride.objects.filter(
            milestone_id=milestone[0], mission_id__in=set(mission_ids)
        ).values_list("mission_id", "starts_on")
    )
    return milestone[1], overrides


class JetNumbers:
    """Hands out JET numbers ``J<year><country><00001>``: per year and country, after the highest given."""

    def __init__(self, year: int) -> None:
        self.year = year
        self.top: dict[str, int] = {}
        prefix = f"J{year}"
        for jet_id in Participant.objects.filter(jet_id__startswith=prefix).values_list("jet_id", flat=True):
            country, digits = jet_id[len(prefix) : len(prefix) + 2], jet_id[len(prefix) + 2 :]
            if digits.isdigit():
                self.top[country] = max(self.top.get(country, 0), int(digits))

    def next(self, country: str) -> str:
        n = self.top.get(country, 0) + 1
        self.top[country] = n
        return f"J{self.year}{country}{n:05d}"


def _event(
    actor: User | None, action: str, obj: Any, changes: dict[str, Any], org: int | None, person: int
) -> AuditEvent:
    return AuditEvent(
        actor=actor if actor is not None and actor.pk else None,
        actor_label=(actor.get_username() if actor is not None and actor.pk else "system")[:200],
        action=action,
        object_type=obj._meta.label,
        object_id=str(obj.pk),
        object_label=audit.label_of(obj),
        organisation_id=org,
        person_id=person,
        changes={k: audit._plain(v) for k, v in changes.items()},
    )


def appoint(
    *,
    actor: User | None,
    intake_year: int,
    placements: Iterable[Placement],
    arrivals: Mapping[int, date] | None = None,
) -> Appointed:
    """Appoint the placed participants (``placements`` with ``application`` and ``application__country``
    loaded): participant, first term, person's kind and organisation. Idempotent: a term of the year that
    exists already only gets its organisation updated. ``arrivals`` (application id → arrival day) replaces
    the cycle's arrival day for the applications it names (the demo spreads its arrivals)."""
    placed = [p for p in placements if p.contracting_org_id is not None]
    out = Appointed()
    if not placed:
        return out
    person_ids = [p.application.person_id for p in placed]
    existing = {
        p.person_id: p for p in Participant.objects.filter(person_id__in=person_ids).only("pk", "person_id")
    }
    terms = {
        t.participant.person_id: t
        for t in AppointmentTerm.objects.filter(
            participant__person_id__in=person_ids, fiscal_year=intake_year
        ).select_related("participant")
    }
    arrival, by_mission = arrivals_of(intake_year, {p.application.mission_id for p in placed})
    summer = _summer_start(intake_year)
    numbers = JetNumbers(intake_year)
    new_participants: list[Participant] = []
    for p in placed:
        app = p.application
        if app.person_id in existing:
            continue
        participant = Participant(
            person_id=app.person_id,
            jet_id=numbers.next(app.country.code),
            cohort_year=intake_year,
            country_id=app.country_id,
            job_type=app.job_type,
            language_id=_language(app),
        )
        new_participants.append(participant)
        existing[app.person_id] = participant
    Participant.objects.bulk_create(new_participants, batch_size=1000)
    out.participants = len(new_participants)
    new_terms: list[AppointmentTerm] = []
    moved: list[AppointmentTerm] = []
    events: list[AuditEvent] = []
    for p in placed:
        app = p.application
        term = terms.get(app.person_id)
        if term is not None:
            if term.contracting_org_id != p.contracting_org_id:
                events.append(
                    _event(
                        actor,
                        "placement.appointment.move",
                        term,
                        {"contracting_org": [term.contracting_org_id, p.contracting_org_id]},
                        p.contracting_org_id,
                        app.person_id,
                    )
                )
                term.contracting_org_id = p.contracting_org_id
                moved.append(term)
            continue
        day = (arrivals or {}).get(app.pk) or by_mission.get(app.mission_id, arrival)
        dates = term_dates.first_term(day, summer_start=summer)
        new_terms.append(
            AppointmentTerm(
                participant_id=existing[app.person_id].pk,
                fiscal_year=intake_year,
                year_on_programme=1,
                contracting_org_id=p.contracting_org_id,
                job_type=app.job_type,
                language_id=_language(app),
                status=TermStatus.SERVING,
                start_date=dates.start,
                end_date=dates.end,
            )
        )
    AppointmentTerm.objects.bulk_create(new_terms, batch_size=1000)
    AppointmentTerm.objects.bulk_update(moved, ["contracting_org"], batch_size=1000)
    participant_of = {part.pk: part for part in existing.values()}
    for t in new_terms:
        part = participant_of[t.participant_id]
        events.append(
            _event(
                actor,
                "placement.appointment.create",
                t,
                {
                    "jet_id": part.jet_id,
                    "fiscal_year": intake_year,
                    "contracting_org": t.contracting_org_id,
                    "start_date": t.start_date,
                    "end_date": t.end_date,
                },
                t.contracting_org_id,
                part.person_id,
            )
        )
    # whole rows: a person's label (audit) reads more than its names
    persons = list(Person.objects.select_for_update(of=("self",)).filter(pk__in=person_ids))
    org_of = {p.application.person_id: p.contracting_org_id for p in placed}
    serving = [person for person in persons if person.kind == PersonKind.PARTICIPANT]
    for person in serving:  # already a participant (a correction moved them): only the organisation
        person.contracting_org_id = org_of[person.pk]
    Person.objects.bulk_update(serving, ["contracting_org"], batch_size=1000)
    workflow.perform_bulk(
        PERSONS,
        [person for person in persons if person.kind != PersonKind.PARTICIPANT],
        "appoint",
        actor=actor if actor is not None else SYSTEM,
        values_of=lambda person: {"contracting_org_id": org_of[person.pk]},
    )
    audit.record_many(events, batch_size=AUDIT_BATCH)
    out.created, out.moved = len(new_terms), len(moved)
    return out


def _language(app: Application) -> int | None:
    return None if app.job_type == JobType.SEA else app.language_id


def _summer_start(fiscal_year: int) -> date:
    from jetpm.appointments.selectors import summer_start

    return summer_start(fiscal_year)


def unappoint(
    *, actor: User | None, application: Application, reason: str, today: date | None = None
) -> str | None:
    """Undo the appointment made for ``application``'s placement (its term of the intake year): a term
    not started yet is deleted (with the participant record when it has no other term) and the person goes
    back to applicant; a started one ends as resigned on ``today``. Returns what was done ("removed",
    "resigned") or None when there was no such term."""
    today = today or timezone.localdate()
    term = (
        AppointmentTerm.objects.select_for_update(of=("self",))
        .select_related("participant")
        .filter(participant__person_id=application.person_id, fiscal_year=application.intake_year)
        .first()
    )
    if term is None or term.status != TermStatus.SERVING:
        return None
    person = Person.objects.select_for_update(of=("self",)).get(pk=application.person_id)
    participant = term.participant
    if term.start_date is not None and term.start_date <= today:
        workflow.perform(
            TERMS,
            term,
            "resign",
            actor=actor if actor is not None else SYSTEM,
            reason=reason,
            action="placement.appointment.resign",
            changes={"ended_on": today.isoformat()},
        )
        TermEnding.objects.create(term=term, ended_on=today, reason=reason[:2000] or "-", recorded_by=actor)
        done, step = "resigned", "leave"
    else:
        others = participant.terms.exclude(pk=term.pk)
        last = others.aggregate(fy=Max("fiscal_year"))["fy"]
        audit.record(
            actor=actor,
            action="placement.appointment.remove",
            obj=term,
            changes={"contracting_org": [term.contracting_org_id, None], "reason": reason},
            organisation=term.contracting_org_id,
            person=person.pk,
        )
        term.delete()
        if last is None:
            participant.delete()
            step = "unappoint"
        else:
            step = "leave"
        done = "removed"
    if person.kind == PersonKind.PARTICIPANT:
        workflow.perform(
            PERSONS,
            person,
            step,
            actor=actor if actor is not None else SYSTEM,
            reason=reason,
            values={"contracting_org": None},
        )
    else:
        person.contracting_org = None
        person.save(update_fields=["contracting_org"])
    return done


def undo_unplaced(*, actor: User | None, applications: Iterable[Application], reason: str) -> int:
    """Undo the appointments of applications a correction left unplaced (each: a few queries; corrections
    unplace a handful)."""
    n = 0
    for app in applications:
        if unappoint(actor=actor, application=app, reason=reason):
            n += 1
    return n
