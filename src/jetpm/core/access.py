"""Authorisation in one call: a record is found through the user's scope *and* checked for the action in the
same call, so a page cannot see a record and forget the role check.

Each kind of record declares its actions once (:class:`Actions`): the transitions of its workflow (their
``who``) and any other named permission (``"edit"``, ``"view"``…). A selector's ``access_<x>(user, id,
action=…)`` is then one line over :func:`access`. Not visible, or visible but not allowed → :class:`NotFound`
(a domain error; pages answer 404 through ``DomainRefusalMiddleware``, the API 404) — the same answer
either way, so a refusal never tells that the record exists."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _

from jetpm.core.errors import DomainError, NotFound
from jetpm.core.scoping import Scope, get_visible, scope_of

M = TypeVar("M", bound=Model)
Permission = Callable[[Scope, Any], bool]


class Actions:
    """The actions one kind of record offers: a workflow's transitions by name, plus named permissions."""

    def __init__(self, *, workflow: Any = None, **named: Permission) -> None:
        self.workflow = workflow
        self.named: Mapping[str, Permission] = named

    def permission(self, action: str) -> Permission:
        if action in self.named:
            return self.named[action]
        if self.workflow is not None:
            return self.workflow.get(action).who  # type: ignore[no-any-return]
        raise KeyError(f"no action {action!r}")  # a programming error: the name is not declared

    def allows(self, user: Any, obj: Any, action: str) -> bool:
        """Whether the user may take ``action`` on the record (for a page's buttons)."""
        return granted(self.permission(action), user, obj)

    def names(self) -> list[str]:
        declared = [t.name for t in self.workflow.transitions] if self.workflow is not None else []
        return [*self.named, *declared]


def granted(permission: Permission, user: Any, obj: Any) -> bool:
    """Whether the user holds the permission on the record; a predicate that explains its refusal (it raises a
    domain error: a window that closed, say) counts as a yes here — the service will say why."""
    scope = scope_of(user)
    if not scope.is_authenticated:
        return False
    try:
        return bool(permission(scope, obj))
    except NotFound:
        return False
    except DomainError:
        return True


def access(
    user: Any,
    queryset: QuerySet[M] | type[M],
    *,
    action: str | None = None,
    actions: Actions | None = None,
    **lookup: Any,
) -> M:
    """One record the user may see and, when ``action`` is given, may act on; else :class:`NotFound`."""
    obj = get_visible(user, queryset, **lookup)
    if action is not None:
        require(user, obj, action=action, actions=actions)
    return obj


def require(user: Any, obj: Any, *, action: str, actions: Actions | None) -> None:
    """:class:`NotFound` unless the user may take ``action`` on a record already found in their scope (for a
    selector whose own filter is the scope, such as the applicant's own applications)."""
    if actions is None:
        raise KeyError("access(action=…) needs the record's actions")
    if not actions.allows(user, obj, action):
        raise NotFound(_("No such record."))
