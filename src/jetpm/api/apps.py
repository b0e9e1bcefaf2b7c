from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "jetpm.api"
    label = "api"

    def ready(self) -> None:
        from jetpm.core.navigation import nav_item
        from jetpm.core.scoping import Scope

        def reads_api_docs(scope: Scope) -> bool:
            """Who acts for an organisation (the integrations are theirs), not applicants or panelists."""
            return scope.is_superuser or bool(scope.org_ids)

        nav_item(95, "api:openapi-view", _("API documentation"), reads_api_docs)
