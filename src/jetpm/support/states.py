"""Choices of the support desk: the two faces of one case system and the cases' status."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseKind(models.TextChoices):
    QUESTION = "question", _("Question to the mission")  # the missions' Q&A desk for candidates
    ADVICE = "advice", _("Advice")  # CLAIR's consultations for participants and contracting organisations
    COUNSELLING = "counselling", _("Counselling")  # confidential: the participant and CLAIR's counsellors


CONSULTATION_KINDS = (CaseKind.ADVICE, CaseKind.COUNSELLING)


class CaseStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ANSWERED = "answered", _("Answered")
    FOLLOW_UP = "follow_up", _("Follow-up")
    CLOSED = "closed", _("Closed")


class Category(models.TextChoices):
    DEPARTURE = "departure", _("Departure, visa and travel")
    CONTRACT = "contract", _("Contract and pay")
    WORK = "work", _("Work")
    LIVING = "living", _("Living in Japan")
    HEALTH = "health", _("Health")
    RELATIONSHIPS = "relationships", _("Relationships")
    OTHER = "other", _("Other")


class MessageKind(models.TextChoices):
    ANSWER = "answer", _("Answer")
    FOLLOW_UP = "follow_up", _("Follow-up")
