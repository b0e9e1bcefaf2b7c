"""The Act of the entrance: the Council's findings and the examination rules (試験実施要領) of the year."""


def ready() -> None:
    """Scoping rules, the findings' section on the guideline's page and the menu entries."""
    from django.utils.translation import gettext_lazy as _

    from jetpm.core.navigation import nav_item
    from jetpm.evaluation import rules  # noqa: F401  (registers the scoping rules of evaluation's models)
    from jetpm.evaluation.council import panels  # noqa: F401  (the findings on the guideline's page)
    from jetpm.evaluation.permissions import can_read_findings

    nav_item(
        32, "evaluation:examination_rules_list", _("Examination rules"), lambda scope: scope.is_authenticated
    )
    nav_item(33, "evaluation:finding_list", _("Council findings"), can_read_findings)
