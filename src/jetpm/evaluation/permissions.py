"""Who may see the evaluation of the entrance (outcomes and fairness): the national bodies only — an
organisation's share of the funnel would be nobody's figure."""

from jetpm.core.scoping import Scope


def can_see_outcomes(scope: Scope) -> bool:
    return scope.is_superuser or scope.national
