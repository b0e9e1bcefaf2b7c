"""JETAA support's entries of the main menu (under "Alumni and JETAA"), registered from the app's ready()."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from jetpm.core.navigation import nav_item
from jetpm.core.scoping import Scope
from jetpm.jetaa.permissions import can_use_jetaa_support, sees_everything


def sees_evaluations(scope: Scope) -> bool:
    """The evaluations side by side: HQ and the national bodies (every mission), a mission (its own)."""
    return sees_everything(scope) or bool(scope.mission_ids)


def register() -> None:
    nav_item(75, "jetaa:home", _("JETAA support"), can_use_jetaa_support)
    nav_item(76, "jetaa:evaluations", _("JETAA support evaluations"), sees_evaluations)
    nav_item(77, "jetaa:policy", _("JETAA support policy"), can_use_jetaa_support)
