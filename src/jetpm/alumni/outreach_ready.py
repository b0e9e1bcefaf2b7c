"""Wiring of the alumni's surveys, bulletins and engagement, called from AlumniConfig.ready: scoping rules,
dashboard reminders, menu entries."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


def ready() -> None:
    from jetpm.alumni import outreach_rules  # noqa: F401  (scoping rules of bulletins and engagement)
    from jetpm.alumni.outreach_permissions import can_see_bulletins, can_see_engagement, can_see_surveys
    from jetpm.alumni.surveys import dashboard  # noqa: F401  (survey reminders)
    from jetpm.core.navigation import nav_item

    nav_item(60, "alumni:surveys:index", _("Alumni surveys"), can_see_surveys)
    nav_item(61, "alumni:bulletins:index", _("Bulletins"), can_see_bulletins)
    nav_item(62, "alumni:engagement:index", _("Alumni in the programme"), can_see_engagement)
