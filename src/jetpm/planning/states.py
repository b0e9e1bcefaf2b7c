"""Choices of planning: requests, country plans, guidelines (their workflows: planning/workflows.py)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class RequestStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")  # by the contracting organisation, to its host organisation
    FORWARDED = "forwarded", _("Forwarded")  # by the host organisation, to MIC/CLAIR
    ACCEPTED = "accepted", _("Accepted")
    RETURNED = (
        "returned",
        _("Returned"),
    )  # with a reason; the contracting organisation edits and submits again


REQUEST_EDITABLE = {RequestStatus.DRAFT, RequestStatus.RETURNED}


class SchoolLevel(models.TextChoices):
    ELEMENTARY = "elementary", _("Elementary school")
    JUNIOR_HIGH = "junior_high", _("Junior high school")
    SENIOR_HIGH = "senior_high", _("Senior high school")
    SPECIAL_NEEDS = "special_needs", _("Special needs school")
    BOARD_OF_EDUCATION = "board", _("Board of education")


class Setting(models.TextChoices):
    URBAN = "urban", _("Urban")
    RURAL = "rural", _("Rural")
    EITHER = "either", pgettext_lazy("setting: either", "Urban or rural")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PROPOSED = "proposed", _("Proposed to the Council")
    APPROVED = "approved", _("Approved")
    SUPERSEDED = "superseded", _("Superseded")


PLAN_EDITABLE = {PlanStatus.DRAFT}  # only a draft's parameters and lines change


class WeightSource(models.TextChoices):
    PARTICIPANTS = "participants", _("Last year's participants by country")
    APPLICANTS = "applicants", _("Last year's applicants by country")
    REQUESTS = "requests", _("Requests naming the language")
    EQUAL = "equal", _("Equal weights")


class ApportionmentMethod(models.TextChoices):
    HAMILTON = "hamilton", _("Hamilton (largest remainder)")
    DHONDT = "dhondt", _("D'Hondt (Jefferson)")
    SAINTE_LAGUE = "sainte-lague", _("Sainte-Laguë (Webster)")
    HUNTINGTON_HILL = "huntington-hill", _("Huntington–Hill (equal proportions)")
    ADAMS = "adams", _("Adams")


class GuidelineStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved")
    SUPERSEDED = "superseded", _("Superseded")


GUIDELINE_EDITABLE = {GuidelineStatus.DRAFT}  # an approved guideline is corrected by a new version


class ScreeningStage(models.TextChoices):
    DOCUMENTS = "documents", _("Document screening")
    INTERVIEW = "interview", _("Interview")
    JAPANESE_TEST = "japanese_test", _("Japanese test")
