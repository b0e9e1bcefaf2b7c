from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScreeningConfig(AppConfig):
    name = "jetpm.screening"
    label = "screening"
    verbose_name = _("Screening")

    def ready(self) -> None:
        from jetpm.screening import rules  # noqa: F401  (scoping rules)
