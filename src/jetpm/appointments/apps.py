from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppointmentsConfig(AppConfig):
    name = "jetpm.appointments"
    label = "appointments"
    verbose_name = _("Appointments")

    def ready(self) -> None:
        from jetpm.appointments import rules  # noqa: F401  (registers the scoping rules of appointments)
