"""Writes of departure groups and arrival. Every function: keyword-only, ``actor`` required, one transaction,
its audit events in it; a refusal names the rule and writes nothing.

- Groups (per intake year and mission: April, A, B, late) with their dates inside the intake year, the
  departure airport and flight; a change of dates or flight carries a reason and is kept in the history.
- Assignments: only placed candidates (a serving first term of the intake year, made when the placement was
  published) travel; an upgraded alternate travels with the late group; a move carries a reason.
- Arrival: the receiving CO (or CLAIR) confirms it, not before the group's departure nor in the future; the
  first term then runs from the day after (``jetpm.appointments.term_dates.first_term``).
- A no-show (on or after the group's arrival day) or a withdrawal (before the departure day) is recorded with
  its reason and reopens the seat: the appointment made at publication is removed (the term never started),
  the application is withdrawn — so placement's next correction run leaves the seat free and selection lists
  the freed place for HQ to upgrade the next alternate — and, after the upgrade cut-off (the departure of the
  mission's late group), the freed place is recorded as a vacancy left unfilled: no alternate can still
  travel.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from jetpm.applications.models import Application
from jetpm.applications.states import ApplicationStatus
from jetpm.applications.workflows import APPLICATIONS
from jetpm.appointments import term_dates
from jetpm.appointments.appointing import unappoint
from jetpm.appointments.models import AppointmentTerm
from jetpm.appointments.selectors import summer_start
from jetpm.appointments.states import TermStatus
from jetpm.core import audit, workflow
from jetpm.core.calendar import default_milestone_dates, fiscal_year_bounds, fiscal_year_label
from jetpm.core.errors import DomainError, PermissionDenied, raise_all
from jetpm.core.models import Organisation, User
from jetpm.core.scoping import get_visible, scope_of
from jetpm.core.states import MilestoneKind, OrgKind
from jetpm.predeparture.departure.permissions import can_manage_groups
from jetpm.predeparture.departure.states import ChangeKind, DepartureStatus, GroupCode
from jetpm.predeparture.departure.workflows import DEPARTURES
from jetpm.predeparture.models import DepartureAssignment, DepartureChange, DepartureGroup
from jetpm.selection.models import Offer, SelectionEntry, Vacancy
from jetpm.selection.states import OfferOrigin, VacancyStatus

ONE_DAY = timedelta(days=1)


def _day(value: date) -> str:
    return formats.date_format(value, "DATE_FORMAT")


@dataclass(frozen=True)
class GroupFields:
    departure_date: date
    arrival_date: date
    airport: str
    flight: str = ""


def group_errors(intake_year: int, fields: GroupFields) -> list[tuple[str | None, str]]:
    """Every rule the group's dates and airport break (all at once, for the form)."""
    errors: list[tuple[str | None, str]] = []
    if not fields.airport.strip():
        errors.append(("airport", _("The departure airport is required.")))
    first, last = fiscal_year_bounds(intake_year)
    for name, value in (("departure_date", fields.departure_date), ("arrival_date", fields.arrival_date)):
        if not first <= value <= last:
            errors.append(
                (
                    name,
                    _(
                        "Dates within the intake year: a group of %(year)s travels between %(first)s and "
                        "%(last)s (%(day)s is outside)."
                    )
                    % {
                        "year": fiscal_year_label(intake_year),
                        "first": _day(first),
                        "last": _day(last),
                        "day": _day(value),
                    },
                )
            )
    if fields.arrival_date < fields.departure_date:
        errors.append(
            ("arrival_date", _("Arrival after departure: the group cannot arrive before it leaves."))
        )
    return errors


def _require_manager(actor: User, mission_id: int) -> None:
    if not can_manage_groups(scope_of(actor), mission_id):
        raise PermissionDenied(_("Only the mission or CLAIR may arrange its departure groups."))


def _change(
    *,
    actor: User | None,
    group: DepartureGroup,
    kind: str,
    assignment: DepartureAssignment | None = None,
    before: str = "",
    after: str = "",
    reason: str = "",
) -> DepartureChange:
    return DepartureChange.objects.create(
        group=group,
        assignment=assignment,
        kind=kind,
        before=before[:500],
        after=after[:500],
        reason=reason[:500],
        changed_by=actor if actor is not None and actor.pk else None,
    )


def _travel(group: DepartureGroup) -> str:
    """The travel as the history keeps it, dates in ISO: the history page shows them in the reader's language
    (DepartureChange.before_shown / after_shown)."""
    dates = f"{group.departure_date.isoformat()} → {group.arrival_date.isoformat()}"
    return f"{dates}, {group.airport}, {group.flight}"


@transaction.atomic
def create_group(
    *, actor: User, intake_year: int, mission_id: int, code: str, fields: GroupFields
) -> DepartureGroup:
    mission = Organisation.objects.filter(pk=mission_id, kind=OrgKind.MISSION).first()
    if mission is None:
        raise DomainError(_("Choose a mission."), field="mission")
    _require_manager(actor, mission.pk)
    errors = group_errors(intake_year, fields)
    if code not in GroupCode.values:
        errors.insert(0, ("code", _("Choose the group: April, A, B or late.")))
    elif DepartureGroup.objects.filter(intake_year=intake_year, mission=mission, code=code).exists():
        errors.insert(
            0,
            (
                "code",
                _("One group of each kind per mission and year: %(mission)s already has the %(group)s.")
                % {"mission": mission, "group": GroupCode(code).label},
            ),
        )
    raise_all(errors)
    group = DepartureGroup.objects.create(
        intake_year=intake_year,
        mission=mission,
        code=code,
        departure_date=fields.departure_date,
        arrival_date=fields.arrival_date,
        airport=fields.airport.strip(),
        flight=fields.flight.strip(),
    )
    audit.record(
        actor=actor,
        action="departure.group.create",
        obj=group,
        organisation=mission.pk,
        changes={
            "intake_year": [None, intake_year],
            "code": [None, code],
            "departure_date": [None, group.departure_date],
            "arrival_date": [None, group.arrival_date],
            "airport": [None, group.airport],
            "flight": [None, group.flight],
        },
    )
    return group


@transaction.atomic
def update_group(*, actor: User, group_id: int, fields: GroupFields, reason: str) -> DepartureGroup:
    """Change a group's dates, airport or flight: with a reason, kept in the group's history."""
    group = get_visible(actor, DepartureGroup.objects.select_for_update(of=("self",)), pk=group_id)
    _require_manager(actor, group.mission_id)
    errors = group_errors(group.intake_year, fields)
    reason = (reason or "").strip()
    if not reason:
        errors.append(("reason", _("A change to a group's travel needs a reason.")))
    raise_all(errors)
    before = audit.snapshot(group, ["departure_date", "arrival_date", "airport", "flight"])
    was = _travel(group)
    group.departure_date = fields.departure_date
    group.arrival_date = fields.arrival_date
    group.airport = fields.airport.strip()
    group.flight = fields.flight.strip()
    group.save()
    changes = audit.diff(
        before, audit.snapshot(group, ["departure_date", "arrival_date", "airport", "flight"])
    )
    _change(actor=actor, group=group, kind=ChangeKind.TRAVEL, before=was, after=_travel(group), reason=reason)
    audit.record(
        actor=actor,
        action="departure.group.change",
        obj=group,
        organisation=group.mission_id,
        changes={**changes, "reason": [None, reason]},
    )
    return group


# --- assignments ----------------------------------------------------------------------------------------


def _first_term(person_id: int, intake_year: int) -> AppointmentTerm | None:
    """The serving first term of the intake year: the appointment made when the placement was published."""
    return (
        AppointmentTerm.objects.select_related("participant__person")
        .filter(
            participant__person_id=person_id,
            fiscal_year=intake_year,
            year_on_programme=1,
            status=TermStatus.SERVING,
        )
        .first()
    )


def _application(person_id: int, intake_year: int) -> Application | None:
    return Application.objects.filter(person_id=person_id, intake_year=intake_year).order_by("-pk").first()


def is_upgraded(application: Application | None) -> bool:
    """An alternate who was given a freed place (an offer of origin "upgrade")."""
    return (
        application is not None
        and Offer.objects.filter(application=application, origin=OfferOrigin.UPGRADE).exists()
    )


def _late_rule(group: DepartureGroup, upgraded: bool) -> str | None:
    if upgraded and group.code != GroupCode.LATE:
        return _("Upgraded alternates travel with the late group.")
    return None


@transaction.atomic
def assign(*, actor: User, group_id: int, person_id: int) -> DepartureAssignment:
    """Put one placed candidate of the group's mission in the group."""
    group = get_visible(actor, DepartureGroup.objects.select_for_update(of=("self",)), pk=group_id)
    _require_manager(actor, group.mission_id)
    term = _first_term(person_id, group.intake_year)
    year = fiscal_year_label(group.intake_year)
    if term is None:
        raise DomainError(
            _(
                "Only placed candidates travel: this person has no placement for %(year)s (no first term "
                "from a published placement), so no flight can be arranged for them."
            )
            % {"year": year},
            field="person",
        )
    person = term.participant.person
    application = _application(person_id, group.intake_year)
    mission_id = application.mission_id if application is not None else person.mission_id
    if mission_id != group.mission_id:
        raise DomainError(
            _("A group takes its own mission's candidates: %(person)s was recruited by another mission.")
            % {"person": person},
            field="person",
        )
    late = _late_rule(group, is_upgraded(application))
    if late:
        raise DomainError(late, field="person")
    existing = (
        DepartureAssignment.objects.filter(person_id=person_id, intake_year=group.intake_year)
        .select_related("group")
        .first()
    )
    if existing is not None:
        raise DomainError(
            _("%(person)s is already in the %(group)s: move them with a reason instead.")
            % {"person": person, "group": existing.group.get_code_display()},
            field="person",
        )
    assignment = DepartureAssignment.objects.create(
        group=group,
        intake_year=group.intake_year,
        person=person,
        participant=term.participant,
        application=application,
        term=term,
        contracting_org_id=term.contracting_org_id,
    )
    _change(actor=actor, group=group, assignment=assignment, kind=ChangeKind.ASSIGNED, after=group.code)
    audit.record(
        actor=actor,
        action="departure.assign",
        obj=assignment,
        organisation=term.contracting_org_id,
        person=person.pk,
        changes={"group": [None, group.code], "mission": group.mission_id},
    )
    return assignment


def unassigned_placed(group: DepartureGroup) -> list[AppointmentTerm]:
    """The mission's placed candidates of the year in no group yet who may travel with ``group`` (only the
    upgraded alternates for the late group; the others for the other groups)."""
    terms = list(
        AppointmentTerm.objects.select_related("participant__person")
        .filter(
            fiscal_year=group.intake_year,
            year_on_programme=1,
            status=TermStatus.SERVING,
            participant__cohort_year=group.intake_year,
        )
        .exclude(participant__person__departures__intake_year=group.intake_year)
        .order_by("participant__jet_id")
    )
    person_ids = [t.participant.person_id for t in terms]
    apps = {
        a.person_id: a
        for a in Application.objects.filter(person_id__in=person_ids, intake_year=group.intake_year)
        .exclude(status=ApplicationStatus.DRAFT)
        .only("pk", "person_id", "mission_id")
    }
    upgraded = set(
        Offer.objects.filter(
            application__in=[a.pk for a in apps.values()], origin=OfferOrigin.UPGRADE
        ).values_list("application__person_id", flat=True)
    )
    out = []
    for t in terms:
        person = t.participant.person
        app = apps.get(person.pk)
        mission_id = app.mission_id if app is not None else person.mission_id
        if mission_id != group.mission_id:
            continue
        if (person.pk in upgraded) != (group.code == GroupCode.LATE):
            continue
        t.application = app  # type: ignore[attr-defined]
        out.append(t)
    return out


@transaction.atomic
def assign_all(*, actor: User, group_id: int) -> int:
    """Put every placed candidate of the mission who is in no group yet in this group (the upgraded
    alternates in the late group, the others in any other). In bulk: a bounded number of queries."""
    group = get_visible(actor, DepartureGroup.objects.select_for_update(of=("self",)), pk=group_id)
    _require_manager(actor, group.mission_id)
    terms = unassigned_placed(group)
    rows = [
        DepartureAssignment(
            group=group,
            intake_year=group.intake_year,
            person_id=t.participant.person_id,
            participant_id=t.participant_id,
            application=getattr(t, "application", None),
            term=t,
            contracting_org_id=t.contracting_org_id,
        )
        for t in terms
    ]
    DepartureAssignment.objects.bulk_create(rows, batch_size=1000)
    who = actor if actor is not None and actor.pk else None
    DepartureChange.objects.bulk_create(
        [
            DepartureChange(
                group=group, assignment=a, kind=ChangeKind.ASSIGNED, after=group.code, changed_by=who
            )
            for a in rows
        ],
        batch_size=1000,
    )
    audit.record_many(
        [
            audit.event(
                actor=actor,
                action="departure.assign",
                obj=a,
                organisation=a.contracting_org_id,
                person=a.person_id,
                changes={"group": [None, group.code], "mission": group.mission_id},
            )
            for a in rows
        ]
    )
    return len(rows)


@transaction.atomic
def move(*, actor: User, departure_id: int, group_id: int, reason: str) -> DepartureAssignment:
    """Move a travelling participant to another group of the same mission and year, with a reason."""
    assignment = get_visible(
        actor,
        DepartureAssignment.objects.select_for_update(of=("self",)).select_related("group"),
        pk=departure_id,
    )
    _require_manager(actor, assignment.group.mission_id)
    target = DepartureGroup.objects.filter(pk=group_id).first()
    errors: list[tuple[str | None, str]] = []
    reason = (reason or "").strip()
    if (
        target is None
        or target.mission_id != assignment.group.mission_id
        or (target.intake_year != assignment.intake_year)
    ):
        errors.append(("group", _("A participant moves only to another group of their mission and year.")))
    elif target.pk == assignment.group_id:
        errors.append(("group", _("The participant is in this group already.")))
    else:
        late = _late_rule(target, is_upgraded(assignment.application))
        if late:
            errors.append(("group", late))
    if assignment.status != DepartureStatus.ASSIGNED:
        errors.append((None, _("Only a participant still travelling can change group.")))
    if not reason:
        errors.append(("reason", _("A change of group needs a reason.")))
    raise_all(errors)
    assert target is not None
    old = assignment.group
    assignment.group = target
    assignment.save(update_fields=["group"])
    for g in (old, target):
        _change(
            actor=actor,
            group=g,
            assignment=assignment,
            kind=ChangeKind.MOVED,
            before=old.code,
            after=target.code,
            reason=reason,
        )
    audit.record(
        actor=actor,
        action="departure.move",
        obj=assignment,
        organisation=assignment.contracting_org_id,
        person=assignment.person_id,
        changes={"group": [old.code, target.code], "reason": [None, reason]},
    )
    return assignment


# --- arrival, no-show, withdrawal -----------------------------------------------------------------------


def _locked_assignment(actor: User, departure_id: int) -> DepartureAssignment:
    return get_visible(
        actor,
        DepartureAssignment.objects.select_for_update(of=("self",)).select_related("group"),
        pk=departure_id,
    )


def arrival_errors(
    assignment: DepartureAssignment, arrived_on: date | None, today: date
) -> list[tuple[str | None, str]]:
    if arrived_on is None:
        return [("arrived_on", _("The arrival date is required."))]
    errors: list[tuple[str | None, str]] = []
    if arrived_on < assignment.group.departure_date:
        errors.append(
            (
                "arrived_on",
                _("Arrival after departure: %(arrived)s is before the group's departure on %(departed)s.")
                % {"arrived": _day(arrived_on), "departed": _day(assignment.group.departure_date)},
            )
        )
    if arrived_on > today:
        errors.append(
            (
                "arrived_on",
                _("An arrival is confirmed once it happened: %(day)s is in the future.")
                % {"day": _day(arrived_on)},
            )
        )
    return errors


@transaction.atomic
def confirm_arrival(
    *, actor: User, departure_id: int, arrived_on: date | None, today: date | None = None
) -> DepartureAssignment:
    """The participant arrived on ``arrived_on``: their first term starts the day after (and ends as the
    term-date rules say: a year later, or before the summer start for an April–June arrival)."""
    today = today or timezone.localdate()
    assignment = _locked_assignment(actor, departure_id)
    workflow.check(DEPARTURES, assignment, "confirm_arrival", actor=actor)
    raise_all(arrival_errors(assignment, arrived_on, today))
    assert arrived_on is not None
    term = (
        AppointmentTerm.objects.select_for_update(of=("self",)).filter(pk=assignment.term_id).first()
        if assignment.term_id
        else None
    )
    if term is None or term.status != TermStatus.SERVING:
        raise DomainError(_("Arrival starts the first term: this participant has no appointment to start."))
    workflow.perform(
        DEPARTURES, assignment, "confirm_arrival", actor=actor, values={"arrived_on": arrived_on}
    )
    dates = term_dates.first_term(arrived_on, summer_start=summer_start(term.fiscal_year))
    before = {"start_date": term.start_date, "end_date": term.end_date}
    term.start_date, term.end_date = dates.start, dates.end
    term.save(update_fields=["start_date", "end_date"])
    audit.record(
        actor=actor,
        action="appointment_term.start",
        obj=term,
        organisation=term.contracting_org_id,
        person=assignment.person_id,
        changes={
            "start_date": [before["start_date"], dates.start],
            "end_date": [before["end_date"], dates.end],
            "arrived_on": arrived_on,
        },
    )
    _change(
        actor=actor,
        group=assignment.group,
        assignment=assignment,
        kind=ChangeKind.ARRIVED,
        after=arrived_on.isoformat(),
    )
    return assignment


def upgrade_cutoff(intake_year: int, mission_id: int) -> date:
    """The last day a freed place can still go to the next alternate: the departure of the mission's late
    group, or — without one — the end of the summer arrivals in the default calendar."""
    late = (
        DepartureGroup.objects.filter(intake_year=intake_year, mission_id=mission_id, code=GroupCode.LATE)
        .values_list("departure_date", flat=True)
        .first()
    )
    return late or default_milestone_dates(intake_year)[MilestoneKind.ARRIVAL][1]


@dataclass(frozen=True)
class Reopened:
    appointment: str | None  # "removed", "resigned" or None (no appointment)
    withdrawn: bool  # the application was withdrawn: placement's correction frees the seat
    alternate: bool  # before the cut-off: selection may upgrade the next alternate
    vacancy: Vacancy | None = None  # after the cut-off: the freed place, recorded as left unfilled


def _reopen(actor: User, assignment: DepartureAssignment, reason: str, today: date) -> Reopened:
    """Undo the appointment (the term never started), withdraw the application, and — after the cut-off —
    record the freed place as a vacancy no alternate can fill any more."""
    application = (
        Application.objects.select_for_update(of=("self",)).filter(pk=assignment.application_id).first()
        if assignment.application_id
        else None
    )
    term = AppointmentTerm.objects.filter(pk=assignment.term_id).first() if assignment.term_id else None
    # the term never started: it is removed as one not started (the day before its planned start)
    before_start = min(today, term.start_date - ONE_DAY) if term is not None and term.start_date else today
    target = application or Application(person_id=assignment.person_id, intake_year=assignment.intake_year)
    # undone by the platform as the consequence of the step just recorded (whose audit event names the actor:
    # a CO or a mission may not undo an appointment by itself)
    done = unappoint(actor=None, application=target, reason=reason, today=before_start)
    withdrawn = False
    if application is not None and workflow.may_go(
        APPLICATIONS, application.status, ApplicationStatus.WITHDRAWN
    ):
        workflow.perform(
            APPLICATIONS,
            application,
            workflow.step_to(APPLICATIONS, application, ApplicationStatus.WITHDRAWN),
            actor=workflow.SYSTEM,
            audit_actor=actor,
            reason=reason,
            action="departure.application.withdraw",
        )
        withdrawn = True
    vacancy = None
    before_cutoff = today <= upgrade_cutoff(assignment.intake_year, assignment.group.mission_id)
    if withdrawn and not before_cutoff and application is not None:
        entry = SelectionEntry.objects.filter(application=application).select_related("selection").first()
        if entry is not None and not Vacancy.objects.filter(freed_by=application).exists():
            vacancy = Vacancy.objects.create(
                selection=entry.selection,
                freed_by=application,
                reason=reason[:300],  # as recorded (stored in no one language)
                status=VacancyStatus.UNFILLED,
                confirmed_by=actor if actor is not None and actor.pk else None,
            )
            audit.record(
                actor=actor,
                action="selection.vacancy.unfilled",
                obj=vacancy,
                changes={"freed_by": application.reference, "status": vacancy.status, "cutoff": True},
                organisation=application.mission_id,
            )
    if (
        assignment.participant_id
        and not AppointmentTerm.objects.filter(participant_id=assignment.participant_id).exists()
    ):
        assignment.participant = None
    assignment.term = None
    assignment.save(update_fields=["participant", "term"])
    return Reopened(done, withdrawn, withdrawn and before_cutoff, vacancy)


@transaction.atomic
def record_no_show(*, actor: User, departure_id: int, reason: str, today: date | None = None) -> Reopened:
    """The participant did not arrive with their group (recorded on or after its arrival day)."""
    today = today or timezone.localdate()
    assignment = _locked_assignment(actor, departure_id)
    workflow.check(DEPARTURES, assignment, "no_show", actor=actor)
    errors: list[tuple[str | None, str]] = []
    if today < assignment.group.arrival_date:
        errors.append(
            (
                None,
                _(
                    "A no-show is recorded once the group has arrived (on %(day)s); before departure, "
                    "record a withdrawal."
                )
                % {"day": _day(assignment.group.arrival_date)},
            )
        )
    if not (reason or "").strip():
        errors.append(("reason", _("Say why the participant did not arrive.")))
    raise_all(errors)
    workflow.perform(DEPARTURES, assignment, "no_show", actor=actor, reason=reason)
    _change(
        actor=actor, group=assignment.group, assignment=assignment, kind=ChangeKind.NO_SHOW, reason=reason
    )
    return _reopen(actor, assignment, f"no-show: {reason.strip()}", today)


@transaction.atomic
def record_withdrawal(*, actor: User, departure_id: int, reason: str, today: date | None = None) -> Reopened:
    """The participant withdrew before their group's departure."""
    today = today or timezone.localdate()
    assignment = _locked_assignment(actor, departure_id)
    workflow.check(DEPARTURES, assignment, "withdraw", actor=actor)
    errors: list[tuple[str | None, str]] = []
    if today >= assignment.group.departure_date:
        errors.append(
            (
                None,
                _("A withdrawal is recorded before departure (%(day)s); after it, record a no-show.")
                % {"day": _day(assignment.group.departure_date)},
            )
        )
    if not (reason or "").strip():
        errors.append(("reason", _("Say why the participant withdrew.")))
    raise_all(errors)
    workflow.perform(DEPARTURES, assignment, "withdraw", actor=actor, reason=reason)
    _change(
        actor=actor, group=assignment.group, assignment=assignment, kind=ChangeKind.WITHDRAWN, reason=reason
    )
    return _reopen(actor, assignment, f"withdrew before departure: {reason.strip()}", today)


def describe(reopened: Reopened) -> str:
    """What happened to the seat, for the page's message."""
    parts = [_("The seat is reopened for placement's next correction run.")] if reopened.withdrawn else []
    if reopened.alternate:
        parts.append(_("Before the cut-off: HQ can give the place to the next alternate (selection)."))
    elif reopened.vacancy is not None:
        parts.append(_("After the upgrade cut-off: the place stays unfilled."))
    return " ".join(parts)
