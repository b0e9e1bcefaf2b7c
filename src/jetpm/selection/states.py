"""Choices of the final selection (its workflows: selection/workflows.py; a vacancy is recorded
once decided, filled or unfilled)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ListStatus(models.TextChoices):
    DRAFT = "draft", _("Draft (HQ)")
    PROPOSED = "proposed", _("Proposed to the Council")
    APPROVED = "approved", _("Approved by the Council (not yet published)")
    PUBLISHED = "published", _("Published")


class Result(models.TextChoices):
    SHORTLISTED = "shortlisted", _("Short-listed")
    ALTERNATE = "alternate", _("Alternate")
    NOT_SELECTED = "not_selected", _("Not selected")


class OfferStatus(models.TextChoices):
    OPEN = "open", _("Awaiting the reply")
    ACCEPTED = "accepted", pgettext_lazy("offer", "Accepted")
    DECLINED = "declined", _("Declined")
    LAPSED = "lapsed", _("Deadline missed")
    WITHDRAWN = "withdrawn", _("Withdrawn or disqualified")


class OfferOrigin(models.TextChoices):
    SHORTLIST = "shortlist", _("Short-list")
    UPGRADE = "upgrade", _("Upgraded from the alternates")


class VacancyStatus(models.TextChoices):
    OPEN = "open", _("Open: next alternate proposed")
    FILLED = "filled", _("Filled by an alternate")
    UNFILLED = "unfilled", _("No alternate left")
