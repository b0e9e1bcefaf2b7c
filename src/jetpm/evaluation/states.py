"""Choices of evaluation: the examination rules' versions, the Council's findings and where they come from
(their workflows: evaluation/workflows.py)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

# The examination rules (試験実施要領) are versioned like the guideline: draft → approved → superseded.
from jetpm.planning.states import GuidelineStatus as DocumentStatus

DOCUMENT_EDITABLE = {DocumentStatus.DRAFT}  # an approved document is corrected by a new version


class FindingStatus(models.TextChoices):
    OPEN = "open", _("Under discussion")
    ADOPTED = "adopted", _("Adopted by the Council")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class FindingSource(models.TextChoices):
    PR_REVIEW = "pr_review", _("Review of the missions' PR")
    OUTCOMES = "outcomes", _("Outcomes of the entrance")
    FAIRNESS = "fairness", _("Fairness of selection")
    CO_EVALUATION = "co_evaluation", _("Local governments' evaluations")
    OTHER = "other", _("Other")


class ChangeTarget(models.TextChoices):
    GUIDELINE = "guideline", _("Guideline")
    CRITERION = "criterion", _("Screening criterion")
    EXAMINATION_RULES = "examination_rules", _("Examination rules")


__all__ = ["DOCUMENT_EDITABLE", "ChangeTarget", "DocumentStatus", "FindingSource", "FindingStatus"]
