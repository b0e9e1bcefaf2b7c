"""Choices of placement (the runs' workflow: placement/workflows.py)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from jetpm.applications.states import ApplicationStatus


class RunStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    RUNNING = "running", _("Running")
    READY = "ready", _("Ready for review")
    PUBLISHED = "published", _("Published")
    FAILED = "failed", _("Failed")
    SUPERSEDED = "superseded", _("Superseded")


# Runs whose placements may still be adjusted by hand.
ADJUSTABLE = frozenset({RunStatus.DRAFT, RunStatus.READY})
# The application statuses in which a published placement may be declined (the row shows the form).
DECLINABLE = frozenset({ApplicationStatus.ACCEPTED, ApplicationStatus.CLEARED})


class RunMode(models.TextChoices):
    OPTIMAL = "optimal", _("Optimal (most placed, best preferences)")
    STABLE = "stable", _("Stable (no blocking pairs)")


class Source(models.TextChoices):
    ENGINE = "engine", _("Engine")
    MANUAL = "manual", _("Manual")


class Action(models.TextChoices):
    MOVE = "move", _("Move")
    SWAP = "swap", _("Swap")
    UNPLACE = "unplace", _("Unplace")


class UnplacedReason(models.TextChoices):
    NO_ELIGIBLE_SEAT = "no_eligible_seat", _("No eligible seat (job type, language or conditions)")
    NO_SEAT_LEFT = "no_seat_left", _("Eligible seats were all taken")
    COUPLE = "couple", _("Could not be placed in the partner's prefecture")
    MANUAL = "manual", _("Unplaced by hand")
