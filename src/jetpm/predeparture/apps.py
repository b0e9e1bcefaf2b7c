from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PredepartureConfig(AppConfig):
    name = "jetpm.predeparture"
    label = "predeparture"
    verbose_name = _("Pre-departure and arrival")
