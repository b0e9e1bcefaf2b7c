"""Choices of the alumni's engagement in the programme."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EngagementKind(models.TextChoices):
    PR_HELP = "pr_help", _("Help with a PR event")
    SCREENING_PANEL = "screening_panel", _("Member of a screening panel")
    PREDEPARTURE_SPEAKER = "predeparture_speaker", _("Speaker at a pre-departure orientation")
    CAREER_SEMINAR = "career_seminar", _("Career seminar")
