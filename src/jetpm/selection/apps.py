from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SelectionConfig(AppConfig):
    name = "jetpm.selection"
    label = "selection"
    verbose_name = _("Selection")

    def ready(self) -> None:
        from jetpm.core.navigation import nav_item
        from jetpm.selection import dashboard, rules  # noqa: F401  (scoping rules, dashboard tasks)
        from jetpm.selection.permissions import can_view_selection

        nav_item(28, "selection:home", _("Selection"), can_view_selection)
