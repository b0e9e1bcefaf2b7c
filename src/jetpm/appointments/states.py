"""Choices of appointments: the status of an appointment term."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TermStatus(models.TextChoices):
    SERVING = "serving", _("Serving")
    COMPLETED = "completed", _("Completed")
    RESIGNED = "resigned", _("Resigned")
    DISMISSED = "dismissed", _("Dismissed")
