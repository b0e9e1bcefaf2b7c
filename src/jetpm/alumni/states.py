"""Choices of the alumni stage (its workflows: alumni/workflows.py)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Sector(models.TextChoices):
    """Where an alumnus works now (the seed's "influential alumni": politics, government, business,
    academia, media)."""

    GOVERNMENT = "government", _("Government")
    POLITICS = "politics", _("Politics")
    EDUCATION = "education", _("Education")
    BUSINESS = "business", _("Business")
    MEDIA = "media", _("Media")
    ACADEMIA = "academia", _("Academia")
    THINK_TANK = "think_tank", _("Think tank")
    OTHER = "other", _("Other")


class MemberType(models.TextChoices):
    REGULAR = "regular", _("Regular member")
    ASSOCIATE = "associate", _("Associate member")
    HONORARY = "honorary", _("Honorary member")
