"""Helpers shared by the screening services."""

from __future__ import annotations

from django.utils.translation import gettext as _

from jetpm.core.errors import PermissionDenied
from jetpm.core.models import User
from jetpm.core.scoping import scope_of
from jetpm.screening.models import Panel
from jetpm.screening.permissions import can_decide, can_manage_panels


def require_panel_manager(actor: User, mission_id: int) -> None:
    if not can_manage_panels(scope_of(actor), mission_id):
        raise PermissionDenied(_("Only the mission's staff may manage its screening panels."))


def require_decider(actor: User, mission_id: int) -> None:
    if not can_decide(scope_of(actor), mission_id):
        raise PermissionDenied(_("Only the mission's staff may do this."))


def locked_panel(panel_id: int) -> Panel:
    return Panel.objects.select_for_update(of=("self",)).get(pk=panel_id)
