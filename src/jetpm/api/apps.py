from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "jetpm.api"
    label = "api"

    def ready(self) -> None:
        from jetpm.api import rules  # noqa: F401  (the scoping rule of tokens, the API's URL parameters)
        from jetpm.api.permissions import may_hold_tokens
        from jetpm.core.navigation import nav_item

        nav_item(95, "api:openapi-view", _("API documentation"), may_hold_tokens)
        nav_item(96, "api_tokens", _("API tokens"), may_hold_tokens)
