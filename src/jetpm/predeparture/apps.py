"""Pre-departure and arrival: departure groups, orientations and receptions, the candidates' checklist,
arrival."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PredepartureConfig(AppConfig):
    name = "jetpm.predeparture"
    label = "predeparture"
    verbose_name = _("Pre-departure and arrival")

    def ready(self) -> None:
        from jetpm.predeparture.orientations.apps import ready as orientations_ready

        orientations_ready()
