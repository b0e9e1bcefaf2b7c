"""The final selection (合格者決定): the Council's short-lists and ranked alternates per country and job
type, the offers and reply forms (合格者の同意確認), and the places freed and filled by upgrades."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jetpm.applications.models import Application
from jetpm.core.models import Country, User
from jetpm.core.states import JobType
from jetpm.selection.states import ListStatus, OfferOrigin, OfferStatus, Result, VacancyStatus


class SelectionList(models.Model):
    """HQ's selection for one country and job type of an intake year: within the approved country plan's
    seats, a short-list and a ranked list of alternates. Approved by the Council, then published (every
    approved list of the year at once)."""

    intake_year = models.PositiveSmallIntegerField(_("intake fiscal year"))
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="+", verbose_name=_("country")
    )
    job_type = models.CharField(_("job type"), max_length=3, choices=JobType.choices)
    seats = models.PositiveIntegerField(_("seats in the approved plan"))
    status = models.CharField(
        _("status"), max_length=20, choices=ListStatus.choices, default=ListStatus.DRAFT
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    proposed_at = models.DateTimeField(_("proposed"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    approved_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("approved by")
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    class Meta:
        ordering = ["-intake_year", "country__code", "job_type"]
        verbose_name = _("selection list")
        verbose_name_plural = _("selection lists")
        constraints = [
            models.UniqueConstraint(
                fields=["intake_year", "country", "job_type"], name="selection_list_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.intake_year} {self.country.code} {self.job_type}"


class SelectionEntry(models.Model):
    selection = models.ForeignKey(
        SelectionList, on_delete=models.CASCADE, related_name="entries", verbose_name=_("selection list")
    )
    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, related_name="selection_entry", verbose_name=_("application")
    )
    result = models.CharField(_("result"), max_length=20, choices=Result.choices)
    alternate_rank = models.PositiveIntegerField(_("alternate rank"), null=True, blank=True)
    score = models.DecimalField(_("score"), max_digits=7, decimal_places=3, null=True, blank=True)
    z_score = models.FloatField(_("z-score"), null=True, blank=True)

    class Meta:
        ordering = ["selection", "result", "alternate_rank", "-score"]
        verbose_name = _("selection entry")
        verbose_name_plural = _("selection entries")
        constraints = [
            models.UniqueConstraint(
                fields=["selection", "alternate_rank"],
                condition=Q(alternate_rank__isnull=False),
                name="selection_entry_unique_rank",
            ),
            models.CheckConstraint(
                name="selection_entry_rank_only_for_alternates",
                condition=Q(result=Result.ALTERNATE, alternate_rank__isnull=False)
                | (~Q(result=Result.ALTERNATE) & Q(alternate_rank__isnull=True)),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.selection} {self.application} {self.result}"


class Offer(models.Model):
    """The offer made to a short-listed (or upgraded) candidate, with its reply deadline and reply form."""

    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, related_name="offer", verbose_name=_("application")
    )
    origin = models.CharField(_("origin"), max_length=20, choices=OfferOrigin.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=OfferStatus.choices, default=OfferStatus.OPEN
    )
    deadline = models.DateField(_("reply deadline"))
    created_at = models.DateTimeField(_("offered"), auto_now_add=True)
    replied_at = models.DateTimeField(_("replied"), null=True, blank=True)
    # the reply form
    departure_airport = models.CharField(_("departure airport"), max_length=100, blank=True)
    dependants = models.TextField(_("dependants accompanying you"), blank=True)
    passport_number = models.CharField(_("passport number"), max_length=40, blank=True)
    passport_expires_on = models.DateField(_("passport expiry date"), null=True, blank=True)
    renounces_other_nationality = models.BooleanField(
        _("I will renounce or not use my other nationality in Japan"), default=False
    )
    decline_reason = models.CharField(_("reason for declining"), max_length=500, blank=True)

    class Meta:
        ordering = ["deadline", "application__reference"]
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        indexes = [models.Index(fields=["status", "deadline"])]

    def __str__(self) -> str:
        return f"{self.application} ({self.get_status_display()})"


class Vacancy(models.Model):
    """A short-listed place freed by a decline, a missed deadline, a withdrawal or a disqualification; the
    platform proposes the next alternate of the same list and HQ confirms the upgrade."""

    selection = models.ForeignKey(
        SelectionList, on_delete=models.CASCADE, related_name="vacancies", verbose_name=_("selection list")
    )
    freed_by = models.OneToOneField(
        Application, on_delete=models.PROTECT, related_name="vacancy_freed", verbose_name=_("freed by")
    )
    reason = models.CharField(_("reason"), max_length=300)
    status = models.CharField(
        _("status"), max_length=20, choices=VacancyStatus.choices, default=VacancyStatus.OPEN
    )
    freed_at = models.DateTimeField(_("freed"), auto_now_add=True)
    filled_by = models.OneToOneField(
        Application,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="vacancy_filled",
        verbose_name=_("filled by"),
    )
    filled_at = models.DateTimeField(_("filled"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("confirmed by"),
    )

    class Meta:
        ordering = ["status", "freed_at"]
        verbose_name = _("vacancy")
        verbose_name_plural = _("vacancies")

    def __str__(self) -> str:
        return f"{self.selection}: {self.freed_by}"
