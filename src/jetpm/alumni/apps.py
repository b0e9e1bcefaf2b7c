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
        from jetpm.alumni import rules  # noqa: F401  (registers the scoping rules)
        from jetpm.alumni.permissions import (
            can_record_returns,
            can_see_notable_list,
            can_view_alumni,
            can_view_chapters,
            is_alumnus,
        )
        from jetpm.core.navigation import nav_item

        nav_item(70, "alumni:me", _("My alumni page"), is_alumnus)
        nav_item(71, "alumni:return_list", _("Returns"), can_record_returns)
        nav_item(72, "alumni:alumnus_list", _("Alumni"), can_view_alumni)
        nav_item(73, "alumni:notable_list", _("Notable alumni"), can_see_notable_list)
        nav_item(
            74, "alumni:chapter_list", _("JETAA chapters"), lambda s: can_view_chapters(s) or is_alumnus(s)
        )
