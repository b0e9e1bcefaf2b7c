from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScreeningConfig(AppConfig):
    name = "jetpm.screening"
    label = "screening"
    verbose_name = _("Screening")

    def ready(self) -> None:
        from jetpm.core.navigation import nav_item
        from jetpm.screening import dashboard, rules  # noqa: F401  (scoping rules, dashboard tasks)
        from jetpm.screening.permissions import can_use_screening

        nav_item(27, "screening:home", _("Screening"), can_use_screening)
