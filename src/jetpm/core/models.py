"""Core records: reference data, organisations, people and their roles, the programme calendar, audit."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language, gettext, ngettext
from django.utils.translation import gettext_lazy as _

from jetpm.core.states import (
    RECORD_KIND_STARTS,
    ChainProblem,
    COKind,
    MilestoneKind,
    OrgKind,
    PersonKind,
    PurgeTrigger,
    RecordKind,
    RetentionAction,
    Role,
    VerificationTrigger,
)
from jetpm.core.time_zones import validate_time_zone


class BilingualName(models.Model):
    """A record with a name in Japanese and in English; ``name`` follows the active language."""

    name_ja = models.CharField(_("name (Japanese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_ja if (get_language() or "ja").startswith("ja") else self.name_en


# --- reference data (loaded by migrations) ---------------------------------------------------------


class JetaaRegion(BilingualName):
    code = models.SlugField(_("code"), max_length=20, unique=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["sort_order"]
        verbose_name = _("JETAA region")
        verbose_name_plural = _("JETAA regions")


class Country(BilingualName):
    code = models.CharField(_("ISO 3166-1 alpha-2"), max_length=2, unique=True)
    iso3 = models.CharField(_("ISO 3166-1 alpha-3"), max_length=3, unique=True)
    numeric = models.CharField(_("ISO 3166-1 numeric"), max_length=3, unique=True)
    jetaa_region = models.ForeignKey(
        JetaaRegion, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("JETAA region")
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")


class Prefecture(BilingualName):
    code = models.CharField(_("JIS code"), max_length=2, unique=True)
    region_ja = models.CharField(_("region (Japanese)"), max_length=20)
    region_en = models.CharField(_("region (English)"), max_length=40)

    class Meta:
        ordering = ["code"]
        verbose_name = _("prefecture")
        verbose_name_plural = _("prefectures")


class Language(BilingualName):
    code = models.CharField(_("ISO 639-1 code"), max_length=3, unique=True)
    designated = models.BooleanField(_("designated language of the programme"), default=False)

    class Meta:
        ordering = ["code"]
        verbose_name = _("language")
        verbose_name_plural = _("languages")


# --- users, organisations, memberships, persons -----------------------------------------------------


class User(AbstractUser):
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")


lg_code_validator = RegexValidator(r"^\d{6}$", _("A local-government code has exactly 6 digits."))


class Organisation(BilingualName):
    kind = models.CharField(_("kind"), max_length=20, choices=OrgKind.choices, db_index=True)
    code = models.SlugField(_("code"), max_length=40, unique=True)
    # mission: the countries it recruits in
    countries = models.ManyToManyField(
        Country, blank=True, related_name="missions", verbose_name=_("countries of recruitment")
    )
    # contracting organisation: its kind, prefecture, local-government code and host organisation;
    # host organisation: its prefecture (its area is the contracting organisations pointing to it)
    co_kind = models.CharField(
        _("kind of contracting organisation"), max_length=20, choices=COKind.choices, blank=True
    )
    prefecture = models.ForeignKey(
        Prefecture, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("prefecture")
    )
    lg_code = models.CharField(
        _("local-government code"), max_length=6, blank=True, validators=[lg_code_validator]
    )
    host_org = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="area_orgs",
        limit_choices_to={"kind": OrgKind.HOST_ORG},
        verbose_name=_("host organisation"),
    )
    # JETAA chapter: its country and region
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="chapters",
        verbose_name=_("country"),
    )
    region = models.ForeignKey(
        JetaaRegion, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("JETAA region")
    )
    email = models.EmailField(_("e-mail"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    # a mission's local time zone: its staff and applicants read and enter times in it (core/time_zones.py)
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        blank=True,
        default="",
        validators=[validate_time_zone],
        help_text=_("A mission's local time zone (IANA name, e.g. Europe/London); blank is Japan time."),
    )

    class Meta:
        ordering = ["kind", "code"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.CheckConstraint(
                name="org_co_fields_only_on_contracting_orgs",
                condition=Q(kind=OrgKind.CONTRACTING_ORG)
                | (Q(co_kind="") & Q(lg_code="") & Q(host_org__isnull=True)),
            ),
            models.CheckConstraint(
                name="org_contracting_org_has_kind_and_prefecture",
                condition=~Q(kind=OrgKind.CONTRACTING_ORG) | (~Q(co_kind="") & Q(prefecture__isnull=False)),
            ),
            models.CheckConstraint(
                name="org_chapter_fields_only_on_chapters",
                condition=Q(kind=OrgKind.JETAA_CHAPTER) | (Q(country__isnull=True) & Q(region__isnull=True)),
            ),
            models.CheckConstraint(
                name="org_chapter_has_country_and_region",
                condition=~Q(kind=OrgKind.JETAA_CHAPTER)
                | (Q(country__isnull=False) & Q(region__isnull=False)),
            ),
            models.UniqueConstraint(
                fields=["lg_code", "co_kind"], condition=~Q(lg_code=""), name="org_unique_lg_code_per_co_kind"
            ),
        ]


class Membership(models.Model):
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("organisation")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation", "role"], name="membership_unique_role"),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organisation} ({self.get_role_display()})"


class Person(models.Model):
    """An applicant, participant or alumnus: the person's own record, seen by the organisations
    responsible for them at their stage (mission → contracting organisation → JETAA chapter)."""

    kind = models.CharField(_("kind"), max_length=20, choices=PersonKind.choices, db_index=True)
    user = models.OneToOneField(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="person", verbose_name=_("user")
    )
    family_name = models.CharField(_("family name"), max_length=100)
    given_name = models.CharField(_("given name"), max_length=100)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    nationality = models.ForeignKey(Country, on_delete=models.PROTECT, verbose_name=_("nationality"))
    mission = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="mission_persons",
        limit_choices_to={"kind": OrgKind.MISSION},
        verbose_name=_("mission"),
    )
    contracting_org = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="co_persons",
        limit_choices_to={"kind": OrgKind.CONTRACTING_ORG},
        verbose_name=_("contracting organisation"),
    )
    chapter = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="chapter_persons",
        limit_choices_to={"kind": OrgKind.JETAA_CHAPTER},
        verbose_name=_("JETAA chapter"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # An alumnus's consent to be kept in touch with (the alumni association's records) withdrawn on this
    # day: their personal data goes after the retention schedule of "alumni who withdrew consent".
    contact_consent_withdrawn_on = models.DateField(_("consent withdrawn on"), null=True, blank=True)
    # Set by the retention purge (jetpm.core.purge): names, contacts and the account are gone; what the
    # statistics need stays (nationality, kind, organisations, the year of birth).
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)

    class Meta:
        ordering = ["family_name", "given_name", "id"]
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        indexes = [models.Index(fields=["family_name", "given_name"])]

    def __str__(self) -> str:
        if self.anonymised_at is not None:
            return str(_("Anonymised person %(id)s") % {"id": self.pk})
        return f"{self.family_name.upper()} {self.given_name}"


# --- programme years and the recruitment calendar ---------------------------------------------------


class RecruitmentCycle(models.Model):
    """The recruitment of one intake: the participants who arrive in programme (fiscal) year
    ``intake_year``. Its milestones run from the information sessions of the spring before to the
    arrivals (April, July–August)."""

    intake_year = models.PositiveSmallIntegerField(_("intake fiscal year"), unique=True)
    # the year's rules (maximum term, eligibility, salaries…) live in one place: the rules of the year
    # (jetpm.planning.year_rules), not here
    notes = models.TextField(_("notes"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-intake_year"]
        verbose_name = _("recruitment cycle")
        verbose_name_plural = _("recruitment cycles")

    def __str__(self) -> str:
        from jetpm.core.calendar import fiscal_year_label

        return str(_("Recruitment for %(year)s") % {"year": fiscal_year_label(self.intake_year)})


class Milestone(models.Model):
    cycle = models.ForeignKey(
        RecruitmentCycle, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("cycle")
    )
    kind = models.CharField(_("milestone"), max_length=20, choices=MilestoneKind.choices)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))

    class Meta:
        ordering = ["cycle", "starts_on", "kind"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        constraints = [
            models.UniqueConstraint(fields=["cycle", "kind"], name="milestone_unique_kind_per_cycle"),
            models.CheckConstraint(
                name="milestone_ends_after_start", condition=Q(ends_on__gte=F("starts_on"))
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.starts_on:%Y-%m-%d}–{self.ends_on:%Y-%m-%d}"


class MilestoneOverride(models.Model):
    """A mission's own dates for one milestone (e.g. the US intake closes earlier)."""

    milestone = models.ForeignKey(
        Milestone, on_delete=models.CASCADE, related_name="overrides", verbose_name=_("milestone")
    )
    mission = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="milestone_overrides",
        limit_choices_to={"kind": OrgKind.MISSION},
        verbose_name=_("mission"),
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))

    class Meta:
        verbose_name = _("mission's dates")
        verbose_name_plural = _("missions' dates")
        constraints = [
            models.UniqueConstraint(fields=["milestone", "mission"], name="override_unique_per_mission"),
            models.CheckConstraint(
                name="override_ends_after_start", condition=Q(ends_on__gte=F("starts_on"))
            ),
        ]

    def __str__(self) -> str:
        dates = f"{self.starts_on:%Y-%m-%d}–{self.ends_on:%Y-%m-%d}"
        return f"{self.mission}: {self.milestone.get_kind_display()} {dates}"


# --- audit ------------------------------------------------------------------------------------------


class AuditEvent(models.Model):
    """Who did what to which record, with the values before and after. Written by services in the same
    transaction as the change; never edited or deleted through the application."""

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("who")
    )
    actor_label = models.CharField(_("who"), max_length=200, blank=True)
    action = models.CharField(_("action"), max_length=60, db_index=True)
    object_type = models.CharField(_("record type"), max_length=60)
    object_id = models.CharField(_("record id"), max_length=40)
    object_label = models.CharField(_("record"), max_length=300, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("person")
    )
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    # The hash chain (core/chain.py): position, link to the previous event, this event's hash, and the
    # digest of the personal values (labels, changes), hashed apart so a purge may blank them.
    seq = models.BigIntegerField(_("sequence number"), null=True, blank=True, unique=True)
    prev_hash = models.CharField(_("previous hash"), max_length=64, blank=True, default="")
    hash = models.CharField(_("hash"), max_length=64, blank=True, default="")
    personal_digest = models.CharField(_("digest of personal values"), max_length=64, blank=True, default="")
    redacted = models.BooleanField(_("personal values removed"), default=False)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [
            models.Index(fields=["object_type", "object_id"]),
            models.Index(fields=["organisation", "at"]),
            models.Index(fields=["actor", "at"]),
        ]

    def __str__(self) -> str:
        return (
            f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_type}#{self.object_id}"
        )


class AuditChainHead(models.Model):
    """The end of the audit hash chain: one row, locked by every writer of audit events (no forks)."""

    last_seq = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, blank=True, default="")

    class Meta:
        verbose_name = _("audit chain head")
        verbose_name_plural = _("audit chain head")

    def __str__(self) -> str:
        return f"#{self.last_seq}"


class ChainVerification(models.Model):
    """One full verification of the audit log's hash chain (``jetpm audit verify``, the daily task, or asked
    for on the page and run by the worker): when, started by whom, how far it went (events verified, the
    sequence number and hash of the last one) and what it found. The chain page checks only the events after
    the last intact one (core/audit.py ``verify_after``)."""

    trigger = models.CharField(_("started by"), max_length=10, choices=VerificationTrigger.choices)
    actor = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("who")
    )
    requested_at = models.DateTimeField(_("asked for"), default=timezone.now)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    verified = models.BigIntegerField(_("events verified"), default=0)
    last_seq = models.BigIntegerField(_("verified up to (sequence number)"), default=0)
    last_hash = models.CharField(_("hash of the last event verified"), max_length=64, blank=True)
    intact = models.BooleanField(_("intact"), null=True, blank=True)  # None until finished
    first_bad_event_id = models.BigIntegerField(_("first event that does not match"), null=True, blank=True)
    problem = models.CharField(_("problem"), max_length=20, choices=ChainProblem.choices, blank=True)
    task_id = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("verification of the audit log")
        verbose_name_plural = _("verifications of the audit log")
        indexes = [models.Index(fields=["intact", "last_seq"], name="chain_verification_good")]

    def __str__(self) -> str:
        # the label of its audit events: when it was asked for, Japan time, in the reader's language
        when = date_format(timezone.localtime(self.requested_at), "SHORT_DATETIME_FORMAT")
        return gettext("Audit log verification of %(when)s") % {"when": when}


class DailySlot(models.Model):
    """A day a daily task is booked for: one row per day, so the task that re-enqueues itself never enqueues
    the same day twice (jetpm.core.tasks): the day, the task enqueued for it, and when it was done."""

    run_on = models.DateField(_("runs on"), unique=True)
    task_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-run_on"]

    def __str__(self) -> str:
        return f"{self.run_on:%Y-%m-%d}"


class ScheduledVerification(DailySlot):
    """The daily verification's next run (a :class:`DailySlot`), as for the purge."""

    class Meta(DailySlot.Meta):
        verbose_name = _("scheduled verification of the audit log")
        verbose_name_plural = _("scheduled verifications of the audit log")


class ApiToken(models.Model):
    """A token for integrations; only its SHA-256 digest is stored."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("user")
    )
    name = models.CharField(_("name"), max_length=100)
    digest = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    # What the token may do, as "<area>:read" / "<area>:write" (jetpm.api.scopes); empty: nothing.
    scopes = models.JSONField(_("scopes"), default=list, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    # The moment it stops working, chosen by its person when issued (jetpm.api.expiry); it never moves: a
    # token is renewed by issuing a new one.
    expires_at = models.DateTimeField(_("expires"))
    # When its person was told by mail that it expires soon (jetpm.api.expiry.remind_expiring): once.
    expiry_notice_sent_at = models.DateTimeField(_("expiry notice sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


# --- retention of personal data (jetpm.core.retention, jetpm.core.purge) ----------------------------


class RetentionSchedule(models.Model):
    """How long one kind of personal data is kept and what happens after: set by the national administrators
    as data (the defaults come from a migration), read by the purge."""

    kind = models.CharField(_("kind of record"), max_length=30, choices=RecordKind.choices, unique=True)
    months = models.PositiveSmallIntegerField(_("period (months)"))
    action = models.CharField(_("then"), max_length=10, choices=RetentionAction.choices)
    basis_ja = models.TextField(_("reason and legal basis (Japanese)"))
    basis_en = models.TextField(_("reason and legal basis (English)"))
    note = models.TextField(_("note"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("updated by")
    )

    class Meta:
        ordering = ["id"]
        verbose_name = _("retention schedule")
        verbose_name_plural = _("retention schedules")

    def __str__(self) -> str:
        return str(self.get_kind_display())

    @property
    def basis(self) -> str:
        return self.basis_ja if (get_language() or "ja").startswith("ja") else self.basis_en

    @property
    def period(self) -> str:
        if self.kind == RecordKind.ORPHAN_FILES and self.months == 0:
            # the purge leaves an unrecorded file for a day (an upload may still be on its way to its record)
            return str(_("after one day"))
        return period_label(self.months)

    @property
    def starts_from(self) -> str:
        return str(RECORD_KIND_STARTS.get(self.kind, ""))


def period_label(months: int) -> str:
    """36 → "3 years", 18 → "18 months", 0 → "at once", in the reader's language."""
    if months == 0:
        return str(_("at once"))
    if months and months % 12 == 0:
        return ngettext("%(n)s year", "%(n)s years", months // 12) % {"n": months // 12}
    return ngettext("%(n)s month", "%(n)s months", months) % {"n": months}


class LegalHold(models.Model):
    """A legal hold on a person (a dispute, an inquiry, a request of a court): while it stands, the purge
    keeps every record of theirs. Lifted, it stays as history."""

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="legal_holds", verbose_name=_("person")
    )
    reason = models.TextField(_("reason"))
    placed_at = models.DateTimeField(_("placed"), auto_now_add=True)
    placed_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("placed by")
    )
    lifted_at = models.DateTimeField(_("lifted"), null=True, blank=True)
    lifted_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("lifted by")
    )
    lift_reason = models.TextField(_("reason for lifting"), blank=True)

    class Meta:
        ordering = ["-placed_at", "-id"]
        verbose_name = _("legal hold")
        verbose_name_plural = _("legal holds")
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=Q(lifted_at__isnull=True), name="legal_hold_one_standing"
            ),
            models.CheckConstraint(name="legal_hold_has_reason", condition=~Q(reason="")),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.placed_at:%Y-%m-%d}"


class PurgeRun(models.Model):
    """One application of the retention schedules (``jetpm privacy purge`` or the daily task): the day it
    applied, what was due and kept under hold per kind when it started, and what it applied so far (each
    batch adds its counts in its own transaction, so an interrupted run says how far it went)."""

    today = models.DateField(_("applied as of"))
    trigger = models.CharField(_("started by"), max_length=10, choices=PurgeTrigger.choices)
    actor = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("who")
    )
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    due = models.JSONField(_("due"), default=dict, blank=True)
    held = models.JSONField(_("kept under hold"), default=dict, blank=True)
    done = models.JSONField(_("applied"), default=dict, blank=True)
    persons = models.PositiveIntegerField(_("persons anonymised"), default=0)
    files = models.PositiveIntegerField(_("files removed"), default=0)

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("purge run")
        verbose_name_plural = _("purge runs")

    def __str__(self) -> str:
        return f"{self.today:%Y-%m-%d} #{self.pk}"

    def rows(self) -> list[tuple[str, int, int, int]]:
        """(kind's label, due, applied, kept under hold) for the kinds with any."""
        kinds = [k for k, _label in RecordKind.choices]
        return [
            (str(label), self.due.get(k, 0), self.done.get(k, 0), self.held.get(k, 0))
            for k, label in zip(kinds, RecordKind.labels, strict=True)
            if self.due.get(k) or self.done.get(k) or self.held.get(k)
        ]


class PendingFileRemoval(models.Model):
    """A stored file whose record the purge removed: written in the purge's transaction, the file is removed
    after the commit and the row with it. A row left by an interrupted purge is finished by the next."""

    model = models.CharField(max_length=60)  # the label of the model whose FileField held it
    field = models.CharField(max_length=60)
    name = models.CharField(max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("file to remove")
        verbose_name_plural = _("files to remove")

    def __str__(self) -> str:
        return self.name


class ScheduledPurge(DailySlot):
    """The daily purge's next run (a :class:`DailySlot`)."""

    class Meta(DailySlot.Meta):
        verbose_name = _("scheduled purge")
        verbose_name_plural = _("scheduled purges")


# --- throttles --------------------------------------------------------------------------------------


class ThrottleHit(models.Model):
    """One counted request of a throttled kind (e.g. a mail asked for), under a key that names the kind and a
    hash of the e-mail or client address (no personal data in clear). Rows older than the window are deleted
    as new ones come (jetpm.core.throttle)."""

    key = models.CharField(_("key"), max_length=100)
    at = models.DateTimeField(_("when"))

    class Meta:
        verbose_name = _("throttle hit")
        verbose_name_plural = _("throttle hits")
        indexes = [models.Index(fields=["key", "at"], name="throttle_key_at"), models.Index(fields=["at"])]

    def __str__(self) -> str:
        return f"{self.key} {self.at:%Y-%m-%d %H:%M}"
