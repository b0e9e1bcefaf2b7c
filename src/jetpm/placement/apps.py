from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacementConfig(AppConfig):
    name = "jetpm.placement"
    label = "placement"
    verbose_name = _("Placement")

    def ready(self) -> None:
        from jetpm.applications.later_stages import provide_declined_placement
        from jetpm.core.navigation import nav_item
        from jetpm.core.scoping import Scope
        from jetpm.core.states import PersonKind
        from jetpm.placement import dashboard, rules  # noqa: F401  (dashboard tasks, scoping rules)
        from jetpm.placement.permissions import can_view_my_placements, can_view_runs
        from jetpm.placement.selectors import declined_placement

        provide_declined_placement(declined_placement)  # the eligibility rule of the next year's intake

        def my_placement(scope: Scope) -> bool:
            return not can_view_runs(scope) and (
                can_view_my_placements(scope) or scope.person_kind == PersonKind.PARTICIPANT
            )

        nav_item(32, "placement:home", _("Placement"), can_view_runs)
        nav_item(33, "placement:mine", _("My placements"), my_placement)
