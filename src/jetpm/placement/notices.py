"""Notices of a published run: each placed participant (their organisation, in their language, with a
link to the PDF notice) and each contracting organisation (its participants, in Japanese)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from jetpm.applications.services.notices import language_of, notify
from jetpm.core.calendar import fiscal_year_label
from jetpm.core.mail import absolute_url
from jetpm.core.models import Membership, Organisation
from jetpm.core.states import Role
from jetpm.placement.models import Placement, PlacementRun


def _link(path: str) -> str:
    return absolute_url(path)


def notice_url(application_id: int) -> str:
    return _link(reverse("placement:notice", kwargs={"application_id": application_id}))


def notify_participant(placement: Placement) -> None:
    app = placement.application
    org = placement.contracting_org
    with translation.override(language_of(app)):
        values = {
            "year": fiscal_year_label(app.intake_year),
            "ref": app.reference,
            "org": org.name if org else "",
            "prefecture": org.prefecture.name if org and org.prefecture else "",
            "link": notice_url(app.pk),
            "mine": _link(reverse("placement:mine")),
        }
        subject = _("JET Programme %(year)s: your placement") % values
        body = (
            _(
                "Your placement for the JET Programme %(year)s (application %(ref)s): %(org)s, "
                "%(prefecture)s.\n\nYour placement notice (PDF): %(link)s\n\nIf you cannot take up the "
                "placement, decline it in the portal: %(mine)s"
            )
            % values
        )
    notify(application=app, kind="placement.published", subject=subject, body=body)


def notify_organisations(run: PlacementRun, org_ids: list[int]) -> None:
    """One e-mail per organisation (in Japanese) to its address and its coordinators, listing its
    participants; the same list is on its portal page."""
    if not org_ids:
        return
    orgs = Organisation.objects.in_bulk(org_ids)
    people: dict[int, list[str]] = {}
    rows = (
        run.placements.filter(contracting_org_id__in=org_ids)
        .select_related("application__person")
        .order_by("application__reference")
    )
    for p in rows:
        people.setdefault(p.contracting_org_id or 0, []).append(
            f"{p.application.reference} {p.application.display_name} ({p.application.job_type}, "
            f"{p.position.rsplit('/', 1)[-1]})"
        )
    addresses: dict[int, set[str]] = {o: ({orgs[o].email} if orgs[o].email else set()) for o in orgs}
    for org_id, email in Membership.objects.filter(
        organisation_id__in=org_ids, role__in=[Role.COORDINATOR, Role.OFFICER, Role.STAFF, Role.ADMIN]
    ).values_list("organisation_id", "user__email"):
        if email:
            addresses[org_id].add(email)
    mails = []
    with translation.override("ja"):
        for org_id, org in orgs.items():
            if not addresses[org_id]:
                continue
            values = {
                "year": fiscal_year_label(run.intake_year),
                "org": org.name_ja,
                "n": len(people.get(org_id, [])),
                "list": "\n".join(people.get(org_id, [])) or "-",
                "link": _link(reverse("placement:mine")),
            }
            subject = _("JET Programme %(year)s: your participants") % values
            body = (
                _(
                    "%(org)s: the placement of the JET Programme %(year)s has been published. Your "
                    "participants (%(n)s):\n\n%(list)s\n\nDetails: %(link)s"
                )
                % values
            )
            mails.append((subject, body, sorted(addresses[org_id])))

    def send() -> None:
        for subject, body, to in mails:
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, to, fail_silently=False)

    transaction.on_commit(send)
