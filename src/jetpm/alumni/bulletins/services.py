"""Every write of the bulletins: send one (deliveries to chapters and to the alumni who consent to its kind,
by mail with a tracking link and an opt-out link), record an opening, withdraw a consent from the link."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from jetpm.alumni.bulletins import tokens
from jetpm.alumni.bulletins.models import Bulletin, BulletinDelivery
from jetpm.alumni.bulletins.states import CONSENT_OF, BulletinKind
from jetpm.alumni.jurisdiction import alumni_of, chapters_of
from jetpm.alumni.models import AlumnusProfile
from jetpm.alumni.outreach_permissions import can_send_bulletin_as
from jetpm.core import audit
from jetpm.core.errors import DomainError, NotFound, PermissionDenied, raise_all
from jetpm.core.mail import absolute_url
from jetpm.core.models import Organisation, User
from jetpm.core.scoping import get_visible, scope_of
from jetpm.core.states import OrgKind


@dataclass(frozen=True)
class BulletinInput:
    kind: str
    subject: str
    body: str
    to_chapters: bool
    to_alumni: bool


def consenting_alumni(sender: Organisation, kind: str):  # type: ignore[no-untyped-def]
    """The alumni a bulletin of this kind from this sender goes to: in its jurisdiction (HQ: all), with an
    address, who consent to the kind and have not withdrawn contact altogether."""
    missions = None if sender.kind == OrgKind.MOFA else [sender.pk]
    consent = CONSENT_OF[BulletinKind(kind)]
    return (
        alumni_of(missions)
        .filter(**{f"alumnus_profile__{consent}": True}, contact_consent_withdrawn_on__isnull=True)
        .exclude(email="")
    )


def _message(delivery: BulletinDelivery, bulletin: Bulletin, language: str) -> EmailMessage:
    with translation.override(language):
        lines = [bulletin.body, "", "—", bulletin.sender.name]
        lines.append(
            _("Read it on the platform: %(link)s")
            % {
                "link": absolute_url(
                    reverse("alumni:bulletins:opened", kwargs={"token": tokens.open_token(delivery.pk)})
                )
            }
        )
        if delivery.person_id is not None:
            lines.append(
                _("To stop receiving %(kind)s, follow this link: %(link)s")
                % {
                    "kind": BulletinKind(bulletin.kind).label,
                    "link": absolute_url(
                        reverse(
                            "alumni:bulletins:opt_out",
                            kwargs={"token": tokens.opt_out_token(delivery.person_id, bulletin.kind)},
                        )
                    ),
                }
            )
        else:
            lines.append(_("You receive this as a JETAA chapter in the mission's jurisdiction."))
    return EmailMessage(bulletin.subject, "\n".join(lines), settings.DEFAULT_FROM_EMAIL, [delivery.email])


@transaction.atomic
def send_bulletin(*, actor: User, sender_id: int, data: BulletinInput) -> Bulletin:
    """Write and send a bulletin: a delivery per chapter of the jurisdiction (with an address) and per
    consenting alumnus, each mailed after the commit with its own tracking and opt-out links."""
    sender = Organisation.objects.filter(pk=sender_id).first()
    if sender is None or not can_send_bulletin_as(scope_of(actor), sender.pk, sender.kind):
        raise PermissionDenied(_("Only a mission's or MOFA's staff may send bulletins."))
    errors: list[tuple[str | None, str]] = []
    if data.kind not in BulletinKind.values:
        errors.append(("kind", _("Choose the kind of bulletin.")))
    if not data.subject.strip():
        errors.append(("subject", _("Write a subject.")))
    if not data.body.strip():
        errors.append(("body", _("Write the message.")))
    if not (data.to_chapters or data.to_alumni):
        errors.append(("to_alumni", _("Choose at least one kind of recipient.")))
    raise_all(errors)
    now = timezone.now()
    bulletin = Bulletin.objects.create(
        sender=sender,
        kind=data.kind,
        subject=data.subject.strip(),
        body=data.body.strip(),
        to_chapters=data.to_chapters,
        to_alumni=data.to_alumni,
        sent_at=now,
        sent_by=actor,
    )
    rows: list[BulletinDelivery] = []
    if data.to_chapters:
        missions = None if sender.kind == OrgKind.MOFA else [sender.pk]
        rows += [
            BulletinDelivery(bulletin=bulletin, chapter_id=pk, email=email, delivered_at=now)
            for pk, email in chapters_of(missions).exclude(email="").values_list("pk", "email")
        ]
    if data.to_alumni:
        rows += [
            BulletinDelivery(bulletin=bulletin, person_id=pk, email=email, delivered_at=now)
            for pk, email in consenting_alumni(sender, data.kind).values_list("pk", "email")
        ]
    if not rows:
        raise DomainError(
            _("Nobody would receive this bulletin: no chapter or consenting alumnus has an address.")
        )
    BulletinDelivery.objects.bulk_create(rows, batch_size=2000)
    audit.record(
        actor=actor,
        action="bulletin.send",
        obj=bulletin,
        organisation=sender,
        changes={"kind": [None, data.kind], "recipients": [None, len(rows)]},
    )
    ids = list(bulletin.deliveries.values_list("pk", flat=True))

    def mail() -> None:
        deliveries = BulletinDelivery.objects.filter(pk__in=ids).select_related("person__user")
        messages = [
            _message(d, bulletin, (getattr(d.person.user, "language", "") if d.person else "") or "en")
            for d in deliveries
        ]
        get_connection().send_messages(messages)

    transaction.on_commit(mail)
    return bulletin


@transaction.atomic
def mark_opened(*, actor: User | None, delivery_id: int) -> BulletinDelivery:
    """Record that a recipient opened a bulletin (the first time counts). ``actor`` None: from the signed
    tracking link; else the recipient on their page."""
    if actor is not None:
        delivery = get_visible(actor, BulletinDelivery.objects.select_for_update(), pk=delivery_id)
        scope = scope_of(actor)
        if not (delivery.person_id == scope.person_id or delivery.chapter_id in scope.org_ids):
            raise NotFound(_("No such record."))
    else:
        delivery = BulletinDelivery.objects.select_for_update().filter(pk=delivery_id).first()  # type: ignore[assignment]
        if delivery is None:
            raise NotFound(_("No such record."))
    if delivery.opened_at is None:
        delivery.opened_at = timezone.now()
        delivery.save(update_fields=["opened_at"])
    return delivery


@transaction.atomic
def opt_out(*, person_id: int, kind: str) -> AlumnusProfile:
    """Withdraw the alumnus's consent to bulletins of this kind (from the signed link in a bulletin, no
    login): the next bulletin of the kind is not sent to them. Audited."""
    profile = AlumnusProfile.objects.select_for_update().filter(person_id=person_id).first()
    if profile is None or kind not in CONSENT_OF:
        raise NotFound(_("No such record."))
    field = CONSENT_OF[BulletinKind(kind)]
    before = getattr(profile, field)
    if before:
        setattr(profile, field, False)
        profile.consent_updated_at = timezone.now()
        profile.save(update_fields=[field, "consent_updated_at", "updated_at"])
    audit.record(
        actor=None,
        action="alumnus.consent_withdrawn",
        obj=profile,
        person=person_id,
        changes={field: [before, False], "through": [None, "bulletin opt-out link"]},
    )
    return profile
