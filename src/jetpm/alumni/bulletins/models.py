"""A bulletin and its deliveries (one per recipient: a chapter or an alumnus)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jetpm.alumni.bulletins.states import BulletinKind
from jetpm.core.models import Organisation, Person


class Bulletin(models.Model):
    """A message of a mission or of HQ to chapters and to consenting alumni; written and sent at once."""

    sender = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("sent by")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=BulletinKind.choices)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"))
    to_chapters = models.BooleanField(_("to the chapters"), default=True)
    to_alumni = models.BooleanField(_("to the alumni who agreed to receive it"), default=True)
    sent_at = models.DateTimeField(_("sent"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sent by (user)"),
    )

    class Meta:
        app_label = "alumni"
        ordering = ["-sent_at", "-id"]
        verbose_name = _("bulletin")
        verbose_name_plural = _("bulletins")
        indexes = [models.Index(fields=["sender", "sent_at"], name="bulletin_sender_idx")]

    def __str__(self) -> str:
        return self.subject


class BulletinDelivery(models.Model):
    """One recipient of a bulletin: a chapter (its address) or an alumnus; when it was sent and opened."""

    bulletin = models.ForeignKey(
        Bulletin, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("bulletin")
    )
    chapter = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("JETAA chapter"),
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="bulletin_deliveries",
        verbose_name=_("alumnus"),
    )
    email = models.EmailField(_("e-mail"), blank=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    opened_at = models.DateTimeField(_("opened"), null=True, blank=True)

    class Meta:
        app_label = "alumni"
        ordering = ["bulletin", "id"]
        verbose_name = _("bulletin delivery")
        verbose_name_plural = _("bulletin deliveries")
        constraints = [
            models.CheckConstraint(
                name="delivery_one_recipient",
                condition=(Q(chapter__isnull=False) & Q(person__isnull=True))
                | (Q(chapter__isnull=True) & Q(person__isnull=False)),
            ),
            models.UniqueConstraint(
                fields=["bulletin", "person"],
                condition=Q(person__isnull=False),
                name="delivery_one_per_person",
            ),
            models.UniqueConstraint(
                fields=["bulletin", "chapter"],
                condition=Q(chapter__isnull=False),
                name="delivery_one_per_chapter",
            ),
        ]
        indexes = [models.Index(fields=["person", "bulletin"], name="delivery_person_idx")]

    def __str__(self) -> str:
        return f"{self.bulletin} → {self.person or self.chapter}"
