"""Alumni: the return, the alumni registry, JETAA chapters and membership, surveys, bulletins and
engagement."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlumniConfig(AppConfig):
    name = "jetpm.alumni"
    label = "alumni"
    verbose_name = _("Alumni")

    def ready(self) -> None:
        from jetpm.alumni import (
            figures,  # noqa: F401  (registers the stats tables programme and jetaa)
            outreach_ready,
        )

        outreach_ready.ready()  # surveys, bulletins and engagement
