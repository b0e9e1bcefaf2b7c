"""The mails that tell whoever opened a case that it has an answer, or that the mission or CLAIR closed it:
in their language, with a link to the case and nothing of its content (a counselling case's mail says no
more than a question's)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from jetpm.core.mail import absolute_url
from jetpm.support.models import Case


def recipient(case: Case) -> tuple[str, str]:
    """(address, language) of whoever opened the case; an empty address when there is none."""
    if case.person_id is not None:
        person = case.person
        user = person.user if person is not None else None
        address = (person.email if person is not None else "") or (user.email if user is not None else "")
        return address, (user.language if user is not None else settings.LANGUAGE_CODE)
    opener = case.opened_by
    return (opener.email if opener is not None else ""), (
        opener.language if opener is not None else settings.LANGUAGE_CODE
    )


def tell_answered(case: Case) -> None:
    """Called after the commit of an answer."""
    address, language = recipient(case)
    if not address:
        return
    with translation.override(language):
        link = absolute_url(reverse("support:case", kwargs={"case_id": case.pk}))
        if case.is_question:
            subject = _("JET Programme: your question has been answered")
            body = _("Your mission has answered your question (%(case)s). Read the answer: %(link)s") % {
                "case": str(case),
                "link": link,
            }
        else:
            subject = _("JET Programme: your consultation has an answer")
            body = _("CLAIR has answered your consultation (%(case)s). Read the answer: %(link)s") % {
                "case": str(case),
                "link": link,
            }
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [address], fail_silently=True)


def tell_closed(case: Case) -> None:
    """Called after the commit of a close by the answering side (the opener who closes is not told)."""
    address, language = recipient(case)
    if not address:
        return
    with translation.override(language):
        link = absolute_url(reverse("support:case", kwargs={"case_id": case.pk}))
        if case.is_question:
            subject = _("JET Programme: your question was closed")
            body = _(
                "Your mission has closed your question (%(case)s): it takes no further answer or message. "
                "Ask a new question if you need more. The case: %(link)s"
            ) % {"case": str(case), "link": link}
        else:
            subject = _("JET Programme: your consultation was closed")
            body = _(
                "CLAIR has closed your consultation (%(case)s): it takes no further answer or message. "
                "Open a new consultation if you need more. The case: %(link)s"
            ) % {"case": str(case), "link": link}
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [address], fail_silently=True)
