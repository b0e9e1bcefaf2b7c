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
