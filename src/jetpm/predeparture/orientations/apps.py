"""What the orientations register when the app is ready: scoping rules, menu entries."""

from django.utils.translation import gettext_lazy as _


def ready() -> None:
    from jetpm.core.navigation import nav_item
    from jetpm.predeparture.orientations import rules  # noqa: F401  (registers the scoping rules)
    from jetpm.predeparture.orientations.permissions import (
        can_see_checklists,
        can_see_orientations,
        can_see_sendoff,
    )

    nav_item(30, "predeparture:orientation_list", _("Orientations"), can_see_orientations)
    nav_item(31, "predeparture:checklist_list", _("Pre-departure checklists"), can_see_checklists)
    nav_item(32, "predeparture:sendoff_list", _("Send-off evaluations"), can_see_sendoff)
