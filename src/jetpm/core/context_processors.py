from typing import Any

from django.http import HttpRequest

from jetpm.core.navigation import groups_for, items_for
from jetpm.core.scoping import scope_of
from jetpm.core.time_zones import utc_offset_label


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The main menu, by what the user may open (entries registered by the apps: jetpm.core.navigation)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "nav_top": [], "nav_groups": []}
    scope = scope_of(user)
    top, groups = groups_for(scope)
    return {
        "nav_items": items_for(scope),
        "nav_top": top,
        "nav_groups": groups,
        "scope": scope,
        # the mission's local time the page's times are in (core/time_zones.py); none for Japan time
        "local_time_offset": utc_offset_label(scope.time_zone) if scope.time_zone else "",
    }
