"""The texts of the selection's notices, built in the applicant's language (``language_of``)."""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from jetpm.applications.models import Application
from jetpm.applications.services.notices import language_of, notify
from jetpm.core.calendar import fiscal_year_label
from jetpm.core.mail import absolute_url


def _link(path: str) -> str:
    return absolute_url(path)


def offer_url(offer_id: int) -> str:
    return _link(reverse("selection:offer", kwargs={"offer_id": offer_id}))


def letter_url(application_id: int) -> str:
    return _link(reverse("selection:letter", kwargs={"application_id": application_id}))


def send_result(
    *,
    application: Application,
    result: str,
    deadline: date | None = None,
    rank: int | None = None,
    offer_id: int | None = None,
) -> None:
    """The notice of the Council's decision (short-listed, alternate, not selected) or of an upgrade."""
    with translation.override(language_of(application)):
        values = {
            "ref": application.reference,
            "year": fiscal_year_label(application.intake_year),
            "date": date_format(deadline) if deadline else "",
            "rank": rank or "",
            "link": offer_url(offer_id) if offer_id else "",
            "letter": letter_url(application.pk),
        }
        if result == "shortlisted":
            subject = _("JET Programme %(year)s: you have been short-listed") % values
            body = (
                _(
                    "Congratulations: your application %(ref)s has been short-listed for the JET "
                    "Programme %(year)s.\n\nPlease accept or decline the offer by %(date)s with the reply "
                    "form: %(link)s\n\nYour letter: %(letter)s"
                )
                % values
            )
        elif result == "upgraded":
            subject = _("JET Programme %(year)s: you have been upgraded from the alternates") % values
            body = (
                _(
                    "A place has become free and you have been upgraded: your application %(ref)s is now "
                    "short-listed for the JET Programme %(year)s.\n\nPlease accept or decline the offer by "
                    "%(date)s with the reply form: %(link)s"
                )
                % values
            )
        elif result == "alternate":
            subject = _("JET Programme %(year)s: you are an alternate") % values
            body = (
                _(
                    "Your application %(ref)s has been placed on the list of alternates for the JET "
                    "Programme %(year)s, at rank %(rank)s. If a place becomes free, we will offer it to "
                    "the next alternate and write to you.\n\nYour letter: %(letter)s"
                )
                % values
            )
        else:
            subject = _("JET Programme %(year)s: the result of your application") % values
            body = (
                _(
                    "We regret that your application %(ref)s has not been selected for the JET Programme "
                    "%(year)s. Thank you for your interest in the programme.\n\nYour letter: %(letter)s"
                )
                % values
            )
        notify(application=application, kind=f"selection.{result}", subject=subject, body=body)
