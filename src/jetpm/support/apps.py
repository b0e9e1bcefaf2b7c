"""The support desk: the missions' Q&A desk for candidates and CLAIR's consultations for participants
and contracting organisations."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportConfig(AppConfig):
    name = "jetpm.support"
    label = "support"
    verbose_name = _("Support desk")

    def ready(self) -> None:
        from jetpm.core.desk_figures import register_desk_figures
        from jetpm.core.navigation import nav_item
        from jetpm.support import figures, rules  # noqa: F401  (scoping rules, confidential audit, stats tables)
        from jetpm.support.permissions import (
            can_see_consultation_figures,
            can_see_consultations,
            can_see_desk,
            can_see_desk_figures,
            questions_in_menu,
        )
        from jetpm.support.selectors import candidates_desk_figures

        register_desk_figures(candidates_desk_figures)  # the send-off evaluation reads them through core
        nav_item(42, "support:desk", _("Q&A desk"), can_see_desk)
        nav_item(43, "support:ask", _("Questions to your mission"), questions_in_menu)
        nav_item(44, "support:consultations", _("Consultations"), can_see_consultations)
        nav_item(
            52,
            "support:figures",
            _("Support desk figures"),
            lambda scope: can_see_desk_figures(scope) or can_see_consultation_figures(scope),
        )
