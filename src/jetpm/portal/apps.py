from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "jetpm.portal"
    label = "portal"
    verbose_name = _("Portal")

    def ready(self) -> None:
        from jetpm.portal import dashboard  # noqa: F401  (dashboard tasks)
