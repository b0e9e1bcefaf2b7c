"""Helpers shared by the placement services."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from jetpm.core.errors import IllegalTransition, PermissionDenied
from jetpm.core.models import User
from jetpm.core.scoping import scope_of
from jetpm.placement.engine import Instance
from jetpm.placement.models import Placement, PlacementRun
from jetpm.placement.permissions import can_manage_runs
from jetpm.placement.states import ADJUSTABLE, UnplacedReason


def require_manager(actor: User) -> None:
    if not can_manage_runs(scope_of(actor)):
        raise PermissionDenied(_("Only CLAIR's staff may build, adjust and publish placement runs."))


def lock_run(run_id: int) -> PlacementRun:
    return PlacementRun.objects.select_for_update(of=("self",)).get(pk=run_id)


def require_adjustable(run: PlacementRun) -> None:
    if run.status not in ADJUSTABLE:
        raise IllegalTransition(
            _("Run %(run)s is “%(status)s”: only a draft or a run ready for review can be adjusted.")
            % {"run": run, "status": run.get_status_display()}
        )


def choice_of(prefs: tuple[str, ...] | list[str], prefecture: str) -> int | None:
    return list(prefs).index(prefecture) + 1 if prefecture in prefs else None


def unplaced_reason(instance: Instance, pid: str, assignment: dict[str, str]) -> str:
    """Why a participant stayed unplaced: no eligible seat at all, the partner rule, or no seat left."""
    from jetpm.placement.engine import eligible

    p = instance.participant(pid)
    if not any(s.capacity > 0 and eligible(p, s) for s in instance.positions):
        return UnplacedReason.NO_ELIGIBLE_SEAT
    if p.partner and p.partner in assignment:
        return UnplacedReason.COUPLE
    return UnplacedReason.NO_SEAT_LEFT


def assignment_of(run: PlacementRun) -> tuple[dict[str, str], dict[str, Placement]]:
    """The run's current assignment (application number → position id) and its placements by number."""
    rows = list(Placement.objects.filter(run=run).select_related("application"))
    by_ref = {p.application.reference: p for p in rows}
    return {ref: p.position for ref, p in by_ref.items() if p.position}, by_ref


def fields_for(
    instance: Instance, pid: str, position: str | None, positions: dict[str, Any]
) -> dict[str, Any]:
    """Placement fields (prefecture, choice) of ``pid`` at ``position`` (None: unplaced)."""
    if not position:
        return {"position": "", "prefecture_code": "", "choice": None}
    s = positions[position]
    return {
        "position": position,
        "prefecture_code": s.prefecture,
        "choice": choice_of(instance.participant(pid).preferences, s.prefecture),
    }
