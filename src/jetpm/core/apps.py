from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "jetpm.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from jetpm.core import checks, rules  # noqa: F401  (registers system checks and core's scoping rules)
