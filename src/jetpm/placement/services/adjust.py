"""Manual adjustments of a run (draft or ready for review): move a participant to another contracting
organisation, swap two participants, unplace one — each with a reason. :func:`simulate` computes the effect
on the engine's summary (before → after) without saving; the services save it, mark the placements manual
(kept fixed when the engine runs again) and record a :class:`ManualDecision`."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from jetpm.applications.models import Application
from jetpm.core import audit
from jetpm.core.errors import DomainError
from jetpm.core.models import Organisation, User
from jetpm.placement import instance as inst
from jetpm.placement.engine import Instance, eligible
from jetpm.placement.models import ManualDecision, Placement, PlacementRun
from jetpm.placement.services.common import (
    assignment_of,
    fields_for,
    lock_run,
    require_adjustable,
    require_manager,
    unplaced_reason,
)
from jetpm.placement.states import Action, Source, UnplacedReason


@dataclass
class Simulation:
    action: str
    application: Application
    other: Application | None
    to_org: Organisation | None
    before: dict[str, Any]
    after: dict[str, Any]
    changes: dict[str, str | None]  # application number → new position (None: unplaced)
    data: dict[str, Any]  # the instance (with a participant added when one was not in it)
    instance: Instance
    assignment: dict[str, str]
    placements: dict[str, Placement] = field(default_factory=dict)

    @property
    def rows(self) -> list[tuple[str, Any, Any]]:
        keys = (
            "assigned",
            "unassigned",
            "first_choice",
            "second_choice",
            "third_choice",
            "unlisted",
            "couples_together",
            "couples_split",
            "blocking_pairs",
        )
        return [(k, self.before.get(k), self.after.get(k)) for k in keys]


def _participant_item(app: Application) -> dict[str, Any]:
    prefs = [p.code for p in (app.preference_1, app.preference_2, app.preference_3) if p is not None]
    score = inst._scores([app.pk]).get(app.pk, 0.0)
    return {
        "id": app.reference,
        "job_type": app.job_type,
        "language": app.language.code,
        "japanese_level": inst.level(app.japanese_level),
        "preferences": list(dict.fromkeys(prefs)),
        "score": score,
    }


def _application(run: PlacementRun, application_id: int | None, field_name: str) -> Application:
    if application_id is None:
        raise DomainError(
            _("Choose an accepted candidate of %(year)s.") % {"year": run.intake_year}, field=field_name
        )
    app = (
        Application.objects.select_related("language", "preference_1", "preference_2", "preference_3")
        .filter(pk=application_id, intake_year=run.intake_year, status__in=inst.PLACEABLE)
        .first()
    )
    if app is None:
        raise DomainError(
            _("Choose an accepted candidate of %(year)s.") % {"year": run.intake_year}, field=field_name
        )
    return app


def _seat_in(instance: Instance, counts: Counter[str], pid: str, org: Organisation) -> str:
    p = instance.participant(pid)
    mine = [s for s in instance.positions if s.organisation == org.code and s.capacity > 0]
    fit = [s for s in mine if eligible(p, s)]
    if not fit:
        raise DomainError(
            _("%(ref)s is not eligible for any post of %(org)s (job type, language or Japanese level).")
            % {"ref": pid, "org": org.name},
            field="to_org",
        )
    for s in fit:
        if counts[s.id] < s.capacity:
            return s.id
    raise DomainError(
        _("%(org)s has no free seat for %(ref)s: swap or unplace someone first.")
        % {"ref": pid, "org": org.name},
        field="to_org",
    )


def simulate(
    run: PlacementRun,
    *,
    action: str,
    application_id: int | None,
    to_org_id: int | None = None,
    other_id: int | None = None,
) -> Simulation:
    """The effect of one adjustment on the run's summary, nothing saved; DomainError if it is not possible."""
    if action not in Action.values:
        raise DomainError(_("Choose an action."), field="action")
    app = _application(run, application_id, "application")
    data = run.instance or {}
    if not data.get("participants"):
        raise DomainError(_("Run the engine first: the run has no instance yet."), field="run")
    if app.reference not in {p["id"] for p in data["participants"]}:
        data = {**data, "participants": [*data["participants"], _participant_item(app)]}
    instance = inst.parse(data)
    assignment, placements = assignment_of(run)
    before = inst.summary_of(instance, assignment)
    counts = Counter(assignment.values())
    changes: dict[str, str | None] = {}
    other: Application | None = None
    to_org: Organisation | None = None
    if action == Action.MOVE:
        to_org = (
            Organisation.objects.filter(pk=to_org_id, kind="contracting_org").first() if to_org_id else None
        )
        if to_org is None:
            raise DomainError(_("Choose the contracting organisation to move to."), field="to_org")
        current = assignment.get(app.reference)
        if current:
            counts[current] -= 1
        changes[app.reference] = _seat_in(instance, counts, app.reference, to_org)
        if current == changes[app.reference]:
            raise DomainError(_("%(ref)s is already there.") % {"ref": app.reference}, field="to_org")
    elif action == Action.UNPLACE:
        if not assignment.get(app.reference):
            raise DomainError(_("%(ref)s is not placed.") % {"ref": app.reference}, field="application")
        changes[app.reference] = None
    else:
        other = _application(run, other_id, "other")
        a, b = assignment.get(app.reference), assignment.get(other.reference)
        if not a or not b or other.pk == app.pk:
            raise DomainError(_("Choose two different placed participants to swap."), field="other")
        pa, pb = instance.participant(app.reference), instance.participant(other.reference)
        positions = {s.id: s for s in instance.positions}
        for p, s in ((pa, positions[b]), (pb, positions[a])):
            if not eligible(p, s):
                raise DomainError(
                    _("%(ref)s is not eligible for the post %(post)s.") % {"ref": p.id, "post": s.id},
                    field="other",
                )
        changes = {app.reference: b, other.reference: a}
    after_assignment = dict(assignment)
    for ref, pos in changes.items():
        if pos:
            after_assignment[ref] = pos
        else:
            after_assignment.pop(ref, None)
    after = inst.summary_of(instance, after_assignment)
    return Simulation(
        action=action,
        application=app,
        other=other,
        to_org=to_org,
        before=before,
        after=after,
        changes=changes,
        data=data,
        instance=instance,
        assignment=after_assignment,
        placements=placements,
    )


def refresh_summary(run: PlacementRun) -> None:
    """Recompute the stored summary of the run's current placements (after manual changes)."""
    if not run.instance:
        return
    instance = inst.parse(run.instance)
    assignment, _rows = assignment_of(run)
    known = {p.id for p in instance.participants}
    summary = inst.summary_of(instance, {k: v for k, v in assignment.items() if k in known})
    summary["seconds"] = (run.summary or {}).get("seconds")
    summary["fixed"] = run.placements.filter(source=Source.MANUAL).count()
    run.summary = summary
    run.save(update_fields=["summary"])


@transaction.atomic
def adjust(
    *,
    actor: User,
    run_id: int,
    action: str,
    application_id: int | None,
    reason: str,
    to_org_id: int | None = None,
    other_id: int | None = None,
) -> Simulation:
    """Save one adjustment (move, swap or unplace) with its reason."""
    require_manager(actor)
    run = lock_run(run_id)
    require_adjustable(run)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("A reason is required."), field="reason")
    sim = simulate(run, action=action, application_id=application_id, to_org_id=to_org_id, other_id=other_id)
    positions = {s.id: s for s in sim.instance.positions}
    orgs = dict(
        Organisation.objects.filter(
            code__in={positions[p].organisation for p in sim.changes.values() if p}
        ).values_list("code", "pk")
    )
    apps = {sim.application.reference: sim.application}
    if sim.other is not None:
        apps[sim.other.reference] = sim.other
    for ref, pos in sim.changes.items():
        values = {
            "contracting_org_id": orgs[positions[pos].organisation] if pos else None,
            "source": Source.MANUAL,
            "reason": reason[:500],
            "unplaced_reason": "" if pos else UnplacedReason.MANUAL,
            **fields_for(sim.instance, ref, pos, positions),
        }
        Placement.objects.update_or_create(run=run, application=apps[ref], defaults=values)
    # participants whose partner moved may now be unplaced for another reason: keep reasons current
    for ref, row in sim.placements.items():
        if ref not in sim.changes and not row.position and row.source == Source.ENGINE:
            reason_now = unplaced_reason(sim.instance, ref, sim.assignment)
            if reason_now != row.unplaced_reason:
                Placement.objects.filter(pk=row.pk).update(unplaced_reason=reason_now)
    if sim.data is not run.instance:
        run.instance = sim.data
        run.save(update_fields=["instance"])
    ManualDecision.objects.create(
        run=run,
        application=sim.application,
        other=sim.other,
        action=action,
        to_org=sim.to_org,
        reason=reason[:500],
        by=actor,
    )
    refresh_summary(run)
    audit.record(
        actor=actor,
        action=f"placement.run.{action}",
        obj=run,
        changes={"changes": sim.changes, "reason": reason},
        person=sim.application.person_id,
    )
    return sim
