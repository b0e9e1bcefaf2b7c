"""The chapters' own history: when a JETAA chapter was founded (and closed), so that the figures "as of a
day" count the chapters existing on that day (formats/programme-figures.md, ``jetpm stats jetaa``)."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from jetpm.core.models import Organisation
from jetpm.core.states import OrgKind


class ChapterPeriod(models.Model):
    """The days a JETAA chapter exists: from its founding to its closing (open while it is active). A chapter
    without this record counts as existing on every day (its founding is not recorded)."""

    chapter = models.OneToOneField(
        Organisation,
        on_delete=models.CASCADE,
        related_name="chapter_period",
        limit_choices_to={"kind": OrgKind.JETAA_CHAPTER},
        verbose_name=_("JETAA chapter"),
    )
    founded_on = models.DateField(_("founded"))
    closed_on = models.DateField(_("closed"), null=True, blank=True)

    class Meta:
        verbose_name = _("chapter's founding and closing")
        verbose_name_plural = _("chapters' founding and closing")
        constraints = [
            models.CheckConstraint(
                name="chapter_period_closed_after_founded",
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=F("founded_on")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.chapter} {self.founded_on}–{self.closed_on or ''}"
