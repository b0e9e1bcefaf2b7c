"""Choices of departure groups and arrival (the assignment's workflow: departure/workflows.py)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class GroupCode(models.TextChoices):
    """The departure groups of an intake year: April (early arrivals), the summer groups A and B, and the
    late group of upgraded alternates."""

    APRIL = "april", _("April group")
    A = "a", _("Group A")
    B = "b", _("Group B")
    LATE = "late", _("Late group")


GROUP_ORDER = [c.value for c in GroupCode]


class DepartureStatus(models.TextChoices):
    ASSIGNED = "assigned", _("Travelling")
    ARRIVED = "arrived", _("Arrived")
    NO_SHOW = "no_show", _("Did not arrive")
    WITHDRAWN = "withdrawn", _("Withdrew before departure")


# The statuses counted as the group's participants in the figures (a withdrawal is no longer placed).
COUNTED = frozenset({DepartureStatus.ASSIGNED, DepartureStatus.ARRIVED, DepartureStatus.NO_SHOW})


class ChangeKind(models.TextChoices):
    ASSIGNED = "assigned", _("Assigned to the group")
    MOVED = "moved", _("Moved to another group")
    TRAVEL = "travel", _("Dates, airport or flight changed")
    ARRIVED = "arrived", _("Arrival confirmed")
    NO_SHOW = "no_show", _("Did not arrive")
    WITHDRAWN = "withdrawn", _("Withdrew before departure")
