from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "jetpm.planning"
    label = "planning"
    verbose_name = _("Planning")

    def ready(self) -> None:
        from jetpm.planning import rules  # noqa: F401  (registers the scoping rules of planning's models)
