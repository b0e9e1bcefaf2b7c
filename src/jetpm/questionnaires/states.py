"""Choices of the questionnaire engine: the kinds of question and the two workflows' statuses."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class QuestionKind(models.TextChoices):
    NUMBER = "number", _("Number")
    TEXT = "text", _("Text")
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    YES_NO = "yes_no", _("Yes / no")
    SCALE = "scale", _("Scale of 1 to 5")


CHOICE_KINDS = frozenset({QuestionKind.SINGLE, QuestionKind.MULTIPLE})


class QuestionnaireStatus(models.TextChoices):
    DRAFT = "draft", _("Being prepared")
    OPEN = "open", _("Open for answers")
    CLOSED = "closed", _("Closed")


class ResponseStatus(models.TextChoices):
    OPEN = "open", _("Not yet submitted")
    SUBMITTED = "submitted", _("Submitted")
