"""The alumni stage's records: an alumnus's profile and consent, and chapter membership over time."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from jetpm.alumni.models_history import ChapterPeriod  # noqa: F401  (the chapters' founding: figures)
from jetpm.alumni.states import MemberType, Sector
from jetpm.appointments.models import AppointmentTerm, Participant
from jetpm.core.models import Country, Language, Organisation, Person
from jetpm.core.states import OrgKind


class AlumnusProfile(models.Model):
    """What an alumnus tells the programme about themselves now, and what they agree to receive and share.
    Kept by the alumnus on their own pages; seen by the mission of their country, CLAIR (alumni in Japan),
    MOFA, and their chapter's officers (only what they agreed to share)."""

    person = models.OneToOneField(
        Person, on_delete=models.CASCADE, related_name="alumnus_profile", verbose_name=_("person")
    )
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("country of residence"),
    )
    city = models.CharField(_("city"), max_length=100, blank=True)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    japan_related_work = models.TextField(_("Japan-related work"), blank=True)
    languages = models.ManyToManyField(Language, blank=True, related_name="+", verbose_name=_("languages"))
    # consent: what the alumnus agrees to (each withdrawn any time, on their pages or from a bulletin)
    consents_to_news = models.BooleanField(_("receives news of Japan"), default=False)
    consents_to_events = models.BooleanField(_("receives invitations to events"), default=False)
    consents_to_recruitment = models.BooleanField(_("receives calls to help the programme"), default=False)
    consents_to_share_with_chapter = models.BooleanField(
        _("shares contact details with the chapter's officers"), default=False
    )
    consent_updated_at = models.DateTimeField(_("consent updated"), null=True, blank=True)
    # "notable alumni": set by the mission, with a reason
    notable = models.BooleanField(_("notable alumnus"), default=False)
    notable_reason = models.TextField(_("reason for the notable flag"), blank=True)
    notable_set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("notable flag set by"),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("alumnus profile")
        verbose_name_plural = _("alumni profiles")
        constraints = [
            models.CheckConstraint(
                name="alumnus_notable_has_reason", condition=Q(notable=False) | ~Q(notable_reason="")
            ),
        ]
        indexes = [models.Index(fields=["sector", "country"], name="alumnus_sector_country_idx")]

    def __str__(self) -> str:
        return str(self.person)


class ChapterMembership(models.Model):
    """A person's membership of a JETAA chapter from the day they joined to the day they left. A person
    belongs to at most one chapter at a time (one open membership)."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="chapter_memberships", verbose_name=_("person")
    )
    chapter = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="chapter_memberships",
        limit_choices_to={"kind": OrgKind.JETAA_CHAPTER},
        verbose_name=_("JETAA chapter"),
    )
    member_type = models.CharField(
        _("member type"), max_length=20, choices=MemberType.choices, default=MemberType.REGULAR
    )
    joined_on = models.DateField(_("joined"))
    left_on = models.DateField(_("left"), null=True, blank=True)
    left_reason = models.TextField(_("reason for leaving"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["chapter", "-joined_on", "id"]
        verbose_name = _("chapter membership")
        verbose_name_plural = _("chapter memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=Q(left_on__isnull=True), name="membership_one_open_per_person"
            ),
            models.CheckConstraint(
                name="membership_left_after_joined",
                condition=Q(left_on__isnull=True) | Q(left_on__gte=F("joined_on")),
            ),
        ]
        indexes = [
            models.Index(fields=["chapter", "joined_on"], name="membership_chapter_joined_idx"),
            models.Index(fields=["joined_on", "left_on"], name="membership_period_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.person} @ {self.chapter}"


class Return(models.Model):
    """The end of a participant's last term (completed, not reappointed, resigned early): the person goes home
    and becomes an alumnus. Recorded by the contracting organisation of the last term or by CLAIR. A person
    who comes back on the programme later and leaves again has a second return."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="returns", verbose_name=_("person")
    )
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="returns", verbose_name=_("participant")
    )
    last_term = models.OneToOneField(
        AppointmentTerm, on_delete=models.CASCADE, related_name="return_record", verbose_name=_("last term")
    )
    returned_on = models.DateField(_("return date"))
    destination = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="+", verbose_name=_("destination country")
    )
    orientation_attended = models.BooleanField(_("attended the pre-return orientation"), default=False)
    orientation_on = models.DateField(_("date of the pre-return orientation"), null=True, blank=True)
    travel_cost_yen = models.PositiveIntegerField(_("return-travel cost (yen)"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_for = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded for"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["-returned_on", "id"]
        verbose_name = _("return")
        verbose_name_plural = _("returns")
        constraints = [
            models.CheckConstraint(
                name="return_orientation_date_when_attended",
                condition=Q(orientation_attended=False) | Q(orientation_on__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.returned_on.isoformat()})"


class ChapterDetails(models.Model):
    """What a JETAA chapter tells about itself beyond its organisation record (country, region and e-mail
    are the organisation's): its public contact, website and a short description. Kept by its officers."""

    chapter = models.OneToOneField(
        Organisation,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="chapter_details",
        limit_choices_to={"kind": OrgKind.JETAA_CHAPTER},
        verbose_name=_("JETAA chapter"),
    )
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("chapter details")
        verbose_name_plural = _("chapter details")

    def __str__(self) -> str:
        return str(self.chapter)


# --- surveys, bulletins and engagement (their own modules; imported here so the app registers them) -------
from jetpm.alumni.bulletins.models import Bulletin, BulletinDelivery  # noqa: E402, F401
from jetpm.alumni.engagement.models import Engagement  # noqa: E402, F401
