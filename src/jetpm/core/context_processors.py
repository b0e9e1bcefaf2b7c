from typing import Any

from django.http import HttpRequest

from jetpm.core.navigation import items_for
from jetpm.core.scoping import scope_of


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The main menu, by what the user may open (entries registered by the apps: jetpm.core.navigation)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    scope = scope_of(user)
    return {"nav_items": items_for(scope), "scope": scope}
