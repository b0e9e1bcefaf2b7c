from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppointmentsConfig(AppConfig):
    name = "jetpm.appointments"
    label = "appointments"
    verbose_name = _("Appointments")

    def ready(self) -> None:
        from jetpm.appointments import (  # noqa: F401
            appointing,
            dashboard,
            figures,
            for_planning,
            rules,
        )
        from jetpm.appointments.permissions import (
            can_manage_reappointment,
            can_see_reappointment_progress,
            can_view_costs,
            can_view_participants,
            can_view_training,
        )
        from jetpm.core.navigation import nav_item
        from jetpm.placement import appointing as placement_appointing
        from jetpm.planning import participants as planning_participants

        # (importing dashboard, figures and rules registers reminders, stats tables and scoping rules)
        placement_appointing.install(appointing)  # publishing a placement appoints (placement/appointing.py)
        planning_participants.install(for_planning)  # what planning reads of them (planning/participants.py)

        nav_item(35, "appointments:participant_list", _("Participants"), can_view_participants)
        nav_item(36, "appointments:reappointment_list", _("Reappointment"), can_manage_reappointment)
        nav_item(
            37,
            "appointments:reappointment_progress",
            _("Reappointment progress"),
            can_see_reappointment_progress,
        )
        nav_item(39, "appointments:training_list", _("Training"), can_view_training)
        nav_item(41, "appointments:cost_overview", _("Costs"), can_view_costs)
