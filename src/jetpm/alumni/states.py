"""Choices of the alumni stage (its workflows: alumni/workflows.py)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Sector(models.TextChoices):
    """Where an alumnus works now (the seed's "influential alumni": politics, government, business,
    academia, media). The labels carry the context "sector": the sector "Education" (教育) is not the
    applications' education history (学歴)."""

    GOVERNMENT = "government", pgettext_lazy("sector", "Government")
    POLITICS = "politics", pgettext_lazy("sector", "Politics")
    EDUCATION = "education", pgettext_lazy("sector", "Education")
    BUSINESS = "business", pgettext_lazy("sector", "Business")
    MEDIA = "media", pgettext_lazy("sector", "Media")
    ACADEMIA = "academia", pgettext_lazy("sector", "Academia")
    THINK_TANK = "think_tank", pgettext_lazy("sector", "Think tank")
    OTHER = "other", pgettext_lazy("sector", "Other")


class MemberType(models.TextChoices):
    REGULAR = "regular", _("Regular member")
    ASSOCIATE = "associate", _("Associate member")
    HONORARY = "honorary", _("Honorary member")
