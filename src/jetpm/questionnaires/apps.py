"""Questionnaires as data: a survey of a year (questions, who answers), one answer per respondent, progress
and results. Used by the alumni surveys and the local governments' evaluation of the programme."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuestionnairesConfig(AppConfig):
    name = "jetpm.questionnaires"
    label = "questionnaires"
    verbose_name = _("Questionnaires")

    def ready(self) -> None:
        from jetpm.questionnaires import rules  # noqa: F401  (registers the scoping rules)
