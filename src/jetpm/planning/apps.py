from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "jetpm.planning"
    label = "planning"
    verbose_name = _("Planning")

    def ready(self) -> None:
        from jetpm.core.navigation import nav_item
        from jetpm.planning import dashboard, rules  # noqa: F401  (dashboard tasks, scoping rules)
        from jetpm.planning.permissions import (
            can_read_plans,
            can_view_demand,
            can_view_requests,
            can_view_year_rules,
        )

        nav_item(20, "planning:request_list", _("Requests"), can_view_requests)
        nav_item(21, "planning:demand", _("Demand"), can_view_demand)
        nav_item(25, "planning:plan_list", _("Country plan"), can_read_plans)
        nav_item(30, "planning:guideline_list", _("Guidelines"), lambda scope: True)
        nav_item(31, "planning:year_rules", _("Rules of the year"), can_view_year_rules)
