"""Models of pre-departure and arrival.

Departure groups and arrival (departure/): the groups of an intake year per mission, the participants in
them and what changed. The orientations, the checklist and the send-off self-evaluation live in their own
models module, imported below.
"""

from __future__ import annotations

import re
from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from jetpm.applications.models import Application
from jetpm.appointments.models import AppointmentTerm, Participant
from jetpm.core.models import Organisation, Person
from jetpm.core.states import OrgKind
from jetpm.predeparture.departure.states import ChangeKind, DepartureStatus, GroupCode

# --- departure groups and arrival ---------------------------------------------------------------------------

# The dates a history keeps in ISO: a group's travel (departure.services._travel: "2027-07-28 → 2027-07-29,
# airport, flight") and the day of an arrival.
_ISO_DAY = r"\d{4}-\d{2}-\d{2}"
_TRAVEL = re.compile(rf"^({_ISO_DAY}) → ({_ISO_DAY})(.*)$", re.DOTALL)
_ARRIVED = re.compile(rf"^({_ISO_DAY})$")


def _day_shown(iso: str) -> str:
    """An ISO day as a short date in the reader's language; as written when it is no valid date."""
    try:
        return str(date_format(date.fromisoformat(iso), "SHORT_DATE_FORMAT"))
    except ValueError:
        return iso


class DepartureGroup(models.Model):
    """One mission's departure group of an intake year: when it leaves and arrives, from which airport, on
    which flight."""

    intake_year = models.PositiveSmallIntegerField(_("intake fiscal year"))
    mission = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="departure_groups",
        limit_choices_to={"kind": OrgKind.MISSION},
        verbose_name=_("mission"),
    )
    code = models.CharField(_("group"), max_length=10, choices=GroupCode.choices)
    departure_date = models.DateField(_("departure date"))
    arrival_date = models.DateField(_("arrival date"))
    airport = models.CharField(_("departure airport"), max_length=100)
    flight = models.CharField(_("flight details"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["intake_year", "arrival_date", "code", "mission__code"]
        verbose_name = _("departure group")
        verbose_name_plural = _("departure groups")
        constraints = [
            models.UniqueConstraint(fields=["intake_year", "mission", "code"], name="departure_group_unique"),
            models.CheckConstraint(
                name="departure_group_arrives_after_departure",
                condition=Q(arrival_date__gte=F("departure_date")),
            ),
        ]

    def __str__(self) -> str:
        return f"FY{self.intake_year} {self.code} ({self.mission_id})"


class DepartureAssignment(models.Model):
    """A placed participant in a departure group, and how their journey ended: arrived (the CO or CLAIR
    confirmed it; the first term starts the next day), did not arrive, or withdrew before departure (both
    with a reason; the seat reopens). ``person`` stays when a no-show's participant record is removed."""

    group = models.ForeignKey(
        DepartureGroup, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("group")
    )
    intake_year = models.PositiveSmallIntegerField(_("intake fiscal year"))
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="departures", verbose_name=_("person")
    )
    participant = models.ForeignKey(
        Participant,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="departures",
        verbose_name=_("participant"),
    )
    application = models.ForeignKey(
        Application,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="departures",
        verbose_name=_("application"),
    )
    term = models.ForeignKey(
        AppointmentTerm,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="departures",
        verbose_name=_("first term"),
    )
    contracting_org = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="arrivals",
        verbose_name=_("contracting organisation"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=DepartureStatus.choices, default=DepartureStatus.ASSIGNED
    )
    arrived_on = models.DateField(_("arrived on"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    decided_at = models.DateTimeField(_("recorded at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        ordering = ["group", "person__family_name", "pk"]
        verbose_name = _("departure assignment")
        verbose_name_plural = _("departure assignments")
        constraints = [
            models.UniqueConstraint(fields=["person", "intake_year"], name="departure_one_per_year"),
        ]
        indexes = [
            models.Index(fields=["intake_year", "status"], name="departure_year_status_idx"),
            models.Index(fields=["contracting_org", "intake_year"], name="departure_co_year_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} FY{self.intake_year}"


class DepartureChange(models.Model):
    """The history of a group and of its participants: assignments, moves between groups, changed dates or
    flights, arrivals, no-shows and withdrawals, each with who, when and why."""

    group = models.ForeignKey(
        DepartureGroup, on_delete=models.CASCADE, related_name="changes", verbose_name=_("group")
    )
    assignment = models.ForeignKey(
        DepartureAssignment,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="changes",
        verbose_name=_("participant's assignment"),
    )
    kind = models.CharField(_("change"), max_length=12, choices=ChangeKind.choices)
    before = models.CharField(_("before"), max_length=500, blank=True)
    after = models.CharField(_("after"), max_length=500, blank=True)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )

    class Meta:
        ordering = ["-changed_at", "-pk"]
        verbose_name = _("departure change")
        verbose_name_plural = _("departure changes")

    def __str__(self) -> str:
        return f"{self.kind} {self.group_id}"

    def _shown(self, value: str) -> str:
        """A group's code (an assignment, a move) as its label; the dates of a change of travel or of an
        arrival (kept in ISO) in the reader's language; any other value as written."""
        if self.kind in (ChangeKind.ASSIGNED, ChangeKind.MOVED) and value in GroupCode.values:
            return str(GroupCode(value).label)
        if self.kind == ChangeKind.TRAVEL and (travel := _TRAVEL.match(value)):
            return f"{_day_shown(travel.group(1))} → {_day_shown(travel.group(2))}{travel.group(3)}"
        if self.kind == ChangeKind.ARRIVED and _ARRIVED.match(value):
            return _day_shown(value)
        return value

    @property
    def before_shown(self) -> str:
        return self._shown(self.before)

    @property
    def after_shown(self) -> str:
        return self._shown(self.after)


# --- orientations, checklist, send-off self-evaluation (their own models module) ---------------------------
from jetpm.predeparture.models_orientations import *  # noqa: E402,F403
