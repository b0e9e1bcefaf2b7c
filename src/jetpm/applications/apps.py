from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    name = "jetpm.applications"
    label = "applications"
    verbose_name = _("Applications")

    def ready(self) -> None:
        from jetpm.applications import dashboard, rules  # noqa: F401  (dashboard tasks, scoping rules)
        from jetpm.applications.permissions import can_apply, can_view_intake
        from jetpm.core.navigation import nav_item

        nav_item(22, "applications:portal", _("My application"), can_apply)
        nav_item(26, "applications:intake_list", _("Applications"), can_view_intake)
