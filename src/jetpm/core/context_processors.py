from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from jetpm.core.permissions import can_read_audit
from jetpm.core.scoping import scope_of


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The main menu, by what the user may open."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    scope = scope_of(user)
    items = [("home", _("Home"))]
    if scope.org_ids or scope.is_superuser:
        items.append(("core:organisation_list", _("Organisations")))
        items.append(("core:person_list", _("People")))
    items.append(("core:cycle_list", _("Calendar")))
    if can_read_audit(scope):
        items.append(("core:audit_list", _("Audit log")))
    return {"nav_items": items, "scope": scope}
