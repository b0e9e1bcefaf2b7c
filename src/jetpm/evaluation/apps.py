"""Evaluation of the entrance: the local governments' voice and the Council's findings carried into
next year's rules."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "jetpm.evaluation"
    label = "evaluation"
    verbose_name = _("Evaluation")

    def ready(self) -> None:
        from jetpm.evaluation import council, voice

        council.ready()
        voice.ready()

        # outcomes and fairness of the entrance (evaluation/outcomes, evaluation/fairness)
        from jetpm.core.navigation import nav_item
        from jetpm.evaluation import figures  # noqa: F401  (registers `jetpm stats outcomes`)
        from jetpm.evaluation.permissions import can_see_outcomes

        nav_item(52, "evaluation:outcomes", _("Outcomes of the entrance"), can_see_outcomes)
        nav_item(53, "evaluation:fairness", _("Fairness of selection"), can_see_outcomes)
