from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SelectionConfig(AppConfig):
    name = "jetpm.selection"
    label = "selection"
    verbose_name = _("Selection")

    def ready(self) -> None:
        from jetpm.selection import rules  # noqa: F401  (scoping rules)
