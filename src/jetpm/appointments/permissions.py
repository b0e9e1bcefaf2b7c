"""Who may do what in appointments: one predicate per permission."""

from jetpm.core.scoping import Scope
from jetpm.core.states import NATIONAL_KINDS, OrgKind, Role

HISTORY_IMPORTERS = frozenset({OrgKind.CLAIR, OrgKind.MIC, OrgKind.MOFA})


def can_import_history(scope: Scope) -> bool:
    """CLAIR, MIC and MOFA staff (and superusers) import participant history."""
    return scope.is_superuser or scope.has_role(Role.STAFF, Role.ADMIN, kinds=HISTORY_IMPORTERS)


def can_see_statistics(scope: Scope) -> bool:
    """The programme's statistics: the national bodies."""
    return scope.is_superuser or scope.has_role(Role.STAFF, Role.APPROVER, Role.ADMIN, kinds=NATIONAL_KINDS)
