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
        self._ready_departure()

    def _ready_departure(self) -> None:
        """Departure groups and arrival: scoping rules, the arrivals table of ``jetpm stats``, the menu."""
        from jetpm.core.navigation import nav_item
        from jetpm.predeparture import figures  # noqa: F401
        from jetpm.predeparture.departure import rules  # noqa: F401
        from jetpm.predeparture.departure.permissions import (
            can_see_arrival_figures,
            can_view_arrivals,
            can_view_groups,
            has_own_departure,
        )

        nav_item(42, "predeparture:group_list", _("Departure groups"), can_view_groups)
        nav_item(43, "predeparture:arrival_list", _("Arrivals"), can_view_arrivals)
        nav_item(44, "predeparture:arrival_figures", _("Arrival figures"), can_see_arrival_figures)
        nav_item(45, "predeparture:my_departure", _("My departure"), has_own_departure)
