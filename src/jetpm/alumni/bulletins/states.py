"""Choices of the bulletins."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class BulletinKind(models.TextChoices):
    NEWS = "news", _("News of Japan")
    EVENTS = "events", _("Events")
    RECRUITMENT = "recruitment", _("Call for help with the programme")


# The alumnus's consent each kind needs (a field of AlumnusProfile).
CONSENT_OF = {
    BulletinKind.NEWS: "consents_to_news",
    BulletinKind.EVENTS: "consents_to_events",
    BulletinKind.RECRUITMENT: "consents_to_recruitment",
}
