"""Who may see the participant statistics pages."""

from jetpm.core.scoping import Scope
from jetpm.jetaa.permissions import sees_everything


def can_see_figures(scope: Scope) -> bool:
    """The national bodies (all figures) and contracting and host organisations (their own participants')."""
    return scope.is_superuser or scope.national or bool(scope.co_ids) or bool(scope.host_ids)


def can_see_jetaa_support_figures(scope: Scope) -> bool:
    """JETAA support's figures: HQ and the national bodies (every mission), a mission's staff (its own)."""
    return sees_everything(scope) or bool(scope.mission_ids)
