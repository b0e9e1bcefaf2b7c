"""Planning records: contracting organisations' requests (配置要望), the country recruitment plan
(国別招致計画) in versions, and the year's guidelines and screening criteria (募集要項・審査基準)."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from jetpm.core.models import Country, Language, Organisation, User
from jetpm.core.states import JapaneseLevel, JobType, OrgKind
from jetpm.planning.states import (
    ApportionmentMethod,
    GuidelineStatus,
    PlanStatus,
    RequestStatus,
    SchoolLevel,
    ScreeningStage,
    Setting,
    WeightSource,
)

# --- requests ---------------------------------------------------------------------------------------


class PlacementRequest(models.Model):
    """One contracting organisation's requests for the intake that arrives in fiscal year ``intake_year``."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="placement_requests",
        limit_choices_to={"kind": OrgKind.CONTRACTING_ORG},
        verbose_name=_("contracting organisation"),
    )
    intake_year = models.PositiveSmallIntegerField(_("intake fiscal year"), db_index=True)
    status = models.CharField(
        _("status"), max_length=20, choices=RequestStatus.choices, default=RequestStatus.DRAFT
    )
    note = models.TextField(_("note"), blank=True)
    return_reason = models.TextField(_("reason for return"), blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    forwarded_at = models.DateTimeField(_("forwarded"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["intake_year", "organisation__code"]
        verbose_name = _("placement request")
        verbose_name_plural = _("placement requests")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "intake_year"], name="request_unique_per_org_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.intake_year}"


class RequestLine(models.Model):
    """Per job type and designated language: new participants wanted and current ones expected to stay."""

    request = models.ForeignKey(
        PlacementRequest, on_delete=models.CASCADE, related_name="lines", verbose_name=_("request")
    )
    job_type = models.CharField(_("job type"), max_length=3, choices=JobType.choices)
    language = models.ForeignKey(Language, on_delete=models.PROTECT, verbose_name=_("designated language"))
    new_participants = models.PositiveIntegerField(_("new participants wanted"), default=0)
    continuing = models.PositiveIntegerField(_("current participants expected to stay"), default=0)
    school_levels = models.JSONField(_("school levels"), default=list, blank=True)
    japanese_level = models.CharField(
        _("Japanese level required (CIR)"),
        max_length=4,
        choices=JapaneseLevel.choices,
        default=JapaneseLevel.NONE,
    )
    driving_licence = models.BooleanField(_("driving licence required"), default=False)
    sport = models.CharField(_("sport (SEA)"), max_length=100, blank=True)
    setting = models.CharField(
        _("urban or rural"), max_length=10, choices=Setting.choices, default=Setting.EITHER
    )
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        ordering = ["request", "job_type", "language__code"]
        verbose_name = _("request line")
        verbose_name_plural = _("request lines")
        constraints = [
            models.UniqueConstraint(fields=["request", "job_type", "language"], name="request_line_unique"),
            models.CheckConstraint(
                name="request_line_sport_only_for_sea", condition=Q(job_type=JobType.SEA) | Q(sport="")
            ),
        ]

    def __str__(self) -> str:
        return f"{self.job_type} {self.language.code}: {self.new_participants} + {self.continuing}"

    @property
    def school_level_labels(self) -> list[str]:
        labels = dict(SchoolLevel.choices)
        return [str(labels.get(level, level)) for level in self.school_levels]


# --- the country recruitment plan -------------------------------------------------------------------


class CountryPlan(models.Model):
    """One version of the country recruitment plan of an intake year. Approved versions are immutable; a
    correction is a new version that supersedes the approved one."""

    intake_year = models.PositiveSmallIntegerField(_("intake fiscal year"), db_index=True)
    version = models.PositiveSmallIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    supersedes = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
        verbose_name=_("supersedes"),
    )
    method = models.CharField(
        _("apportionment method"),
        max_length=20,
        choices=ApportionmentMethod.choices,
        default=ApportionmentMethod.HUNTINGTON_HILL,
    )
    weight_source = models.CharField(
        _("weights"), max_length=20, choices=WeightSource.choices, default=WeightSource.PARTICIPANTS
    )
    min_per_country = models.PositiveIntegerField(_("minimum per country"), default=0)
    max_per_country = models.PositiveIntegerField(_("maximum per country"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    proposed_at = models.DateTimeField(_("proposed"), null=True, blank=True)
    approved_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("approved by")
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)

    class Meta:
        ordering = ["-intake_year", "-version"]
        verbose_name = _("country recruitment plan")
        verbose_name_plural = _("country recruitment plans")
        constraints = [
            models.UniqueConstraint(fields=["intake_year", "version"], name="plan_unique_version"),
            models.UniqueConstraint(
                fields=["intake_year"],
                condition=Q(status=PlanStatus.APPROVED),
                name="plan_one_approved_per_year",
            ),
            models.CheckConstraint(
                name="plan_min_not_above_max",
                condition=Q(max_per_country__isnull=True) | Q(max_per_country__gte=F("min_per_country")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.intake_year} v{self.version}"


class PlanLine(models.Model):
    """New participants of one job type and language recruited in one country."""

    plan = models.ForeignKey(
        CountryPlan, on_delete=models.CASCADE, related_name="lines", verbose_name=_("plan")
    )
    country = models.ForeignKey(Country, on_delete=models.PROTECT, verbose_name=_("country"))
    job_type = models.CharField(_("job type"), max_length=3, choices=JobType.choices)
    language = models.ForeignKey(Language, on_delete=models.PROTECT, verbose_name=_("language"))
    proposed = models.PositiveIntegerField(_("proposed by the method"), default=0)
    seats = models.PositiveIntegerField(_("new participants"))
    reason = models.CharField(_("reason for the change"), max_length=500, blank=True)

    class Meta:
        ordering = ["plan", "job_type", "language__code", "-seats", "country__code"]
        verbose_name = _("plan line")
        verbose_name_plural = _("plan lines")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "country", "job_type", "language"], name="plan_line_unique"
            ),
            models.CheckConstraint(
                name="plan_line_change_has_reason", condition=Q(seats=F("proposed")) | ~Q(reason="")
            ),
        ]

    def __str__(self) -> str:
        return f"{self.country.code} {self.job_type} {self.language.code}: {self.seats}"


# --- guidelines and criteria ------------------------------------------------------------------------


class Guideline(models.Model):
    """The Council's recruitment guidelines of an intake year: the eligibility rules the application form
    checks, the guideline text shown to applicants, and (in :class:`Criterion`) the screening criteria."""

    intake_year = models.PositiveSmallIntegerField(_("intake fiscal year"), db_index=True)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    status = models.CharField(
        _("status"), max_length=20, choices=GuidelineStatus.choices, default=GuidelineStatus.DRAFT
    )
    supersedes = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
        verbose_name=_("supersedes"),
    )
    # eligibility rules
    degree_by_arrival = models.BooleanField(_("bachelor's degree by the arrival date"), default=True)
    nationality_of_recruiting_country = models.BooleanField(
        _("nationality of the recruiting country"), default=True
    )
    designated_language_required = models.BooleanField(
        _("excellent command of the designated language"), default=True
    )
    former_participant_gap_years = models.PositiveSmallIntegerField(
        _("years since a former participant's last term"), default=3, validators=[MaxValueValidator(30)]
    )
    lifetime_cap_years = models.PositiveSmallIntegerField(
        _("lifetime cap on years of participation"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
    )
    # the bar: this many years or more lived in Japan in the last 10 years make an applicant ineligible
    max_years_in_japan = models.PositiveSmallIntegerField(
        _("years lived in Japan in the last 10 years that make an applicant ineligible"),
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
    )
    declined_placement_bar = models.BooleanField(
        _("declining a placement last year bars applying"), default=True
    )
    cir_japanese_level = models.CharField(
        _("Japanese level required of CIR"),
        max_length=4,
        choices=JapaneseLevel.choices,
        default=JapaneseLevel.N2,
    )
    age_limit = models.PositiveSmallIntegerField(
        _("age limit (none when empty)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(18), MaxValueValidator(99)],
    )
    statement_max_words = models.PositiveIntegerField(_("statement of purpose: maximum words"), default=1000)
    # the text shown to applicants
    text_ja = models.TextField(_("guideline text (Japanese)"), blank=True)
    text_en = models.TextField(_("guideline text (English)"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    approved_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("approved by")
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)

    class Meta:
        ordering = ["-intake_year", "-version"]
        verbose_name = _("guideline")
        verbose_name_plural = _("guidelines")
        constraints = [
            models.UniqueConstraint(fields=["intake_year", "version"], name="guideline_unique_version"),
            models.UniqueConstraint(
                fields=["intake_year"],
                condition=Q(status=GuidelineStatus.APPROVED),
                name="guideline_one_approved_per_year",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.intake_year} v{self.version}"


class Criterion(models.Model):
    """One screening criterion of a stage, with its weight and scale."""

    guideline = models.ForeignKey(
        Guideline, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("guideline")
    )
    stage = models.CharField(_("stage"), max_length=20, choices=ScreeningStage.choices)
    code = models.SlugField(_("code"), max_length=40)
    name_ja = models.CharField(_("name (Japanese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    weight = models.DecimalField(
        _("weight"), max_digits=5, decimal_places=2, validators=[MinValueValidator(0)]
    )
    scale_min = models.PositiveSmallIntegerField(_("lowest score"), default=1)
    scale_max = models.PositiveSmallIntegerField(_("highest score"), default=5)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["guideline", "stage", "order", "code"]
        verbose_name = _("screening criterion")
        verbose_name_plural = _("screening criteria")
        constraints = [
            models.UniqueConstraint(fields=["guideline", "stage", "code"], name="criterion_unique_code"),
            models.CheckConstraint(name="criterion_scale_ordered", condition=Q(scale_max__gt=F("scale_min"))),
        ]

    def __str__(self) -> str:
        return f"{self.stage}/{self.code}"


# --- which countries recruit which language ---------------------------------------------------------------


class CountryLanguage(models.Model):
    """A recruiting country recruits a designated language from intake year ``from_year``: the table of an
    intake year is the rows of the latest ``from_year`` at or before it (the rules of the year)."""

    from_year = models.PositiveSmallIntegerField(_("from intake fiscal year"), db_index=True)
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="+", verbose_name=_("country")
    )
    language = models.ForeignKey(
        Language, on_delete=models.PROTECT, related_name="+", verbose_name=_("designated language")
    )

    class Meta:
        ordering = ["from_year", "country__code", "language__code"]
        verbose_name = _("country's recruited language")
        verbose_name_plural = _("countries' recruited languages")
        constraints = [
            models.UniqueConstraint(
                fields=["from_year", "country", "language"], name="country_language_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_year}: {self.country} / {self.language}"
