from django.apps import AppConfig
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "jetpm.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from jetpm.core import calendar, checks, rules  # noqa: F401  (system checks, core's scoping rules)
        from jetpm.core.navigation import nav_item
        from jetpm.core.permissions import (
            can_read_audit,
            can_read_retention,
            can_see_directory,
            manages_any_members,
        )

        calendar.active_language = get_language  # the pure calendar's labels in the active language

        nav_item(0, "home", _("Home"), lambda scope: True)
        nav_item(
            10, "core:organisation_list", _("Organisations"), lambda s: bool(s.org_ids) or s.is_superuser
        )
        nav_item(11, "core:person_list", _("People"), can_see_directory)
        nav_item(12, "core:cycle_list", _("Calendar"), lambda scope: True)
        nav_item(89, "core:member_home", _("Users"), manages_any_members)
        nav_item(90, "core:audit_list", _("Audit log"), can_read_audit)
        nav_item(91, "core:retention_list", _("Retention of personal data"), can_read_retention)
        nav_item(95, "core:my_data", _("My data"), lambda scope: scope.person_id is not None)
