from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatsConfig(AppConfig):
    name = "jetpm.stats"
    label = "stats"
    verbose_name = _("Statistics")

    def ready(self) -> None:
        from jetpm.core.navigation import nav_item
        from jetpm.stats.permissions import can_see_figures, can_see_jetaa_support_figures

        nav_item(50, "stats:index", _("Statistics"), can_see_figures)
        nav_item(51, "stats:programme", _("The programme since 1987"), can_see_figures)
        nav_item(52, "stats:jetaa", _("JETAA chapters and members"), can_see_figures)
        nav_item(53, "stats:jetaa_support", _("JETAA support figures"), can_see_jetaa_support_figures)
