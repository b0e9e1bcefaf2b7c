"""What an alumnus does for the programme, with their consent (consents_to_recruitment)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jetpm.alumni.engagement.states import EngagementKind
from jetpm.core.models import Organisation, Person
from jetpm.outreach.models import OutreachActivity
from jetpm.screening.models import Panel, PanelMember


class Engagement(models.Model):
    """An alumnus's part in the programme's work, recorded by a mission: a PR event (an outreach activity),
    a screening panel (with their seat when they sit on it), a pre-departure orientation (a link for now),
    a career seminar."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="engagements", verbose_name=_("alumnus")
    )
    mission = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("mission")
    )
    kind = models.CharField(_("kind"), max_length=30, choices=EngagementKind.choices)
    date = models.DateField(_("date"))
    activity = models.ForeignKey(
        OutreachActivity,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="alumni_engagements",
        verbose_name=_("PR event"),
    )
    panel = models.ForeignKey(
        Panel,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="alumni_engagements",
        verbose_name=_("screening panel"),
    )
    panel_member = models.ForeignKey(
        PanelMember,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="alumni_engagements",
        verbose_name=_("seat on the panel"),
    )
    link = models.URLField(_("link"), blank=True)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        app_label = "alumni"
        ordering = ["-date", "-id"]
        verbose_name = _("alumni engagement")
        verbose_name_plural = _("alumni engagements")
        indexes = [models.Index(fields=["mission", "date"], name="engagement_mission_idx")]

    def __str__(self) -> str:
        return f"{self.person} — {self.get_kind_display()}"
