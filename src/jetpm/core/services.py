"""Every write of core. Keyword-only, typed, ``actor`` first, atomic, audited in the same transaction."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from jetpm.core import audit
from jetpm.core.calendar import default_milestone_dates
from jetpm.core.errors import DomainError, PermissionDenied
from jetpm.core.models import (
    Membership,
    Milestone,
    MilestoneOverride,
    Organisation,
    Person,
    RecruitmentCycle,
    User,
)
from jetpm.core.permissions import can_edit_calendar, can_set_mission_dates, can_set_time_zone
from jetpm.core.scoping import scope_of
from jetpm.core.states import ROLES_BY_KIND, MilestoneKind, OrgKind, Role
from jetpm.core.time_zones import validate_time_zone

# The year's rules (maximum term, eligibility, salaries…) are the rules of the year (planning), not the
# calendar's: a cycle keeps only its notes.
CYCLE_RULE_FIELDS = ["notes"]


def _require_agency_staff(actor: User) -> None:
    if not can_edit_calendar(scope_of(actor)):
        raise PermissionDenied(_("Only staff of MIC, MOFA or CLAIR may change the programme calendar."))


@transaction.atomic
def set_user_language(*, actor: User, language: str) -> User:
    if language not in dict(settings.LANGUAGES):
        raise DomainError(_("Unknown language: %(code)s") % {"code": language}, field="language")
    user = User.objects.select_for_update(of=("self",)).get(pk=actor.pk)
    if user.language != language:
        audit.record(
            actor=actor, action="user.language", obj=user, changes={"language": [user.language, language]}
        )
        user.language = language
        user.save(update_fields=["language"])
    return user


@transaction.atomic
def create_cycle(*, actor: User, intake_year: int) -> RecruitmentCycle:
    """Open the recruitment cycle of an intake year with the seed's default dates; the rules are copied
    from the previous cycle when there is one."""
    _require_agency_staff(actor)
    if RecruitmentCycle.objects.filter(intake_year=intake_year).exists():
        raise DomainError(_("The recruitment cycle for %(year)s already exists.") % {"year": intake_year})
    previous = RecruitmentCycle.objects.filter(intake_year__lt=intake_year).order_by("-intake_year").first()
    rules = audit.snapshot(previous, CYCLE_RULE_FIELDS) if previous else {}
    cycle = RecruitmentCycle.objects.create(intake_year=intake_year, **rules)
    Milestone.objects.bulk_create(
        Milestone(cycle=cycle, kind=kind, starts_on=start, ends_on=end)
        for kind, (start, end) in default_milestone_dates(intake_year).items()
    )
    audit.record(
        actor=actor,
        action="cycle.create",
        obj=cycle,
        changes={"intake_year": [None, intake_year], **{k: [None, v] for k, v in rules.items()}},
    )
    return cycle


@transaction.atomic
def update_cycle(
    *,
    actor: User,
    cycle_id: int,
    rules: dict[str, Any],
    milestones: dict[str, tuple[date, date]],
) -> RecruitmentCycle:
    """Change a cycle's rules and its milestones' default dates in one step; every change is audited."""
    _require_agency_staff(actor)
    cycle = RecruitmentCycle.objects.select_for_update(of=("self",)).get(pk=cycle_id)
    for kind, (start, end) in milestones.items():
        if kind not in MilestoneKind.values:
            raise DomainError(_("Unknown milestone: %(kind)s") % {"kind": kind})
        if end < start:
            raise DomainError(
                _("%(milestone)s: the end date is before the start date.")
                % {"milestone": MilestoneKind(kind).label},
                field=kind,
            )
    before = audit.snapshot(cycle, CYCLE_RULE_FIELDS)
    for name in CYCLE_RULE_FIELDS:
        if name in rules:
            setattr(cycle, name, rules[name])
    changes = audit.diff(before, audit.snapshot(cycle, CYCLE_RULE_FIELDS))
    if changes:
        cycle.save()
        audit.record(actor=actor, action="cycle.update", obj=cycle, changes=changes)
    existing = {m.kind: m for m in Milestone.objects.select_for_update(of=("self",)).filter(cycle=cycle)}
    for kind, (start, end) in milestones.items():
        m = existing.get(kind)
        if m is None:
            m = Milestone.objects.create(cycle=cycle, kind=kind, starts_on=start, ends_on=end)
            audit.record(
                actor=actor,
                action="milestone.create",
                obj=m,
                changes={"starts_on": [None, start], "ends_on": [None, end]},
            )
            continue
        change = audit.diff(
            {"starts_on": m.starts_on, "ends_on": m.ends_on}, {"starts_on": start, "ends_on": end}
        )
        if change:
            m.starts_on, m.ends_on = start, end
            m.save(update_fields=["starts_on", "ends_on"])
            audit.record(actor=actor, action="milestone.update", obj=m, changes=change)
    return cycle


def _require_mission_staff(actor: User, mission: Organisation) -> None:
    if not can_set_mission_dates(scope_of(actor), mission.pk):
        raise PermissionDenied(_("Only the mission's staff or MOFA may set the mission's dates."))


@transaction.atomic
def set_mission_dates(
    *, actor: User, milestone_id: int, mission_id: int, starts_on: date | None, ends_on: date | None
) -> MilestoneOverride | None:
    """Set (or, with no dates, remove) a mission's own dates for one milestone."""
    mission = Organisation.objects.get(pk=mission_id, kind=OrgKind.MISSION)
    _require_mission_staff(actor, mission)
    milestone = Milestone.objects.select_related("cycle").get(pk=milestone_id)
    current = (
        MilestoneOverride.objects.select_for_update(of=("self",))
        .filter(milestone=milestone, mission=mission)
        .first()
    )
    before = {"starts_on": current.starts_on, "ends_on": current.ends_on} if current else {}
    if starts_on is None and ends_on is None:
        if current is not None:
            audit.record(
                actor=actor,
                action="milestone_override.delete",
                obj=current,
                organisation=mission,
                changes=audit.diff(audit.snapshot(current, ["starts_on", "ends_on"]), {}),
            )
            current.delete()
        return None
    if starts_on is None or ends_on is None:
        raise DomainError(_("Give both dates, or neither to use the programme's dates."), field="starts_on")
    if ends_on < starts_on:
        raise DomainError(_("The end date is before the start date."), field="ends_on")
    if current is None:
        current = MilestoneOverride(milestone=milestone, mission=mission)
    current.starts_on, current.ends_on = starts_on, ends_on
    current.save()
    after = {"starts_on": starts_on, "ends_on": ends_on}
    audit.record(
        actor=actor,
        action="milestone_override.set",
        obj=current,
        organisation=mission,
        changes=audit.diff(before, after),
    )
    return current


@transaction.atomic
def set_mission_time_zone(*, actor: User, mission_id: int, time_zone: str) -> Organisation:
    """Set a mission's local time zone (an IANA name; blank is Japan time): its staff and its applicants
    read and enter times in it from their next page on."""
    mission = Organisation.objects.select_for_update().get(pk=mission_id, kind=OrgKind.MISSION)
    if not can_set_time_zone(scope_of(actor), mission.pk):
        raise PermissionDenied(
            _("Only the national bodies or the mission's administrators may set its time zone.")
        )
    time_zone = time_zone.strip()
    try:
        validate_time_zone(time_zone)
    except ValidationError as exc:
        raise DomainError(" ".join(exc.messages), field="time_zone") from exc
    change = audit.diff({"time_zone": mission.time_zone}, {"time_zone": time_zone})
    if change:
        mission.time_zone = time_zone
        mission.save(update_fields=["time_zone"])
        audit.record(
            actor=actor, action="organisation.update", obj=mission, organisation=mission, changes=change
        )
    return mission


@transaction.atomic
def add_membership(*, actor: User | None, user: User, organisation: Organisation, role: str) -> Membership:
    allowed = ROLES_BY_KIND.get(organisation.kind, frozenset())
    if role not in allowed:
        raise DomainError(
            _("The role %(role)s does not exist in an organisation of kind %(kind)s.")
            % {
                "role": Role(role).label if role in Role.values else role,
                "kind": OrgKind(organisation.kind).label,
            },
            field="role",
        )
    membership, created = Membership.objects.get_or_create(user=user, organisation=organisation, role=role)
    if created:
        audit.record(
            actor=actor,
            action="membership.create",
            obj=membership,
            organisation=organisation,
            changes={"user": [None, user.pk], "role": [None, role]},
        )
    return membership


@transaction.atomic
def create_person(*, actor: User | None, **fields: Any) -> Person:
    person = Person.objects.create(**fields)
    audit.record(
        actor=actor,
        action="person.create",
        obj=person,
        person=person,
        organisation=person.mission_id or person.contracting_org_id or person.chapter_id,
        changes={
            k: [None, v] for k, v in audit.snapshot(person, [k.removesuffix("_id") for k in fields]).items()
        },
    )
    return person
