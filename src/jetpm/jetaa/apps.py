"""MOFA's support of JETAA through the missions: the yearly PDCA cycle (chapters' plans, the missions'
execution plans, HQ's assessment within the budget, support given, reports, evaluations, next year's
policy)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JetaaConfig(AppConfig):
    name = "jetpm.jetaa"
    label = "jetaa"
    verbose_name = _("JETAA support")

    def ready(self) -> None:
        from jetpm.jetaa import (
            dashboard,  # noqa: F401  (registers the reminders on the home dashboard)
            figures,  # noqa: F401  (registers the stats table jetaa-support)
            menu,
            rules,  # noqa: F401  (registers the scoping rules)
        )

        menu.register()  # the pages' menu entries
