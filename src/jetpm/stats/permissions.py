"""Who may see the participant statistics pages."""

from jetpm.core.scoping import Scope


def can_see_figures(scope: Scope) -> bool:
    """The national bodies (all figures) and contracting and host organisations (their own participants')."""
    return scope.is_superuser or scope.national or bool(scope.co_ids) or bool(scope.host_ids)
