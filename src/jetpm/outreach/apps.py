from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    name = "jetpm.outreach"
    label = "outreach"
    verbose_name = _("Outreach")

    def ready(self) -> None:
        from jetpm.core.navigation import nav_item
        from jetpm.outreach import rules  # noqa: F401  (registers the scoping rules of outreach's models)
        from jetpm.outreach.permissions import can_see_outreach

        nav_item(40, "outreach:activity_list", _("Outreach"), can_see_outreach)
