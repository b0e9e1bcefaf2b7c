"""Choices of JETAA support (its workflows: jetaa/workflows.py)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    """What a project line is for: the five categories of support (①–⑤), then the chapter's website upkeep
    and organising costs."""

    NETWORKING = "networking", _("① Networking (websites, national general meetings)")
    INTRODUCING_JAPAN = "introducing_japan", _("② Introducing Japan (education caravans, culture booths)")
    CAREER = "career", _("③ Career-up seminars and workshops")
    GRASSROOTS = "grassroots", _("④ Cooperation with grassroots groups")
    RECRUITMENT = "recruitment", _("⑤ Cooperation with JET recruitment, screening and orientation")
    WEBSITE = "website", _("Website upkeep")
    ORGANISING = "organising", _("Organising costs")


class PolicyStatus(models.TextChoices):
    """A year's support guidelines and assessment policy: drafted by HQ, approved (then never edited), and
    superseded by a revised version."""

    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved")
    SUPERSEDED = "superseded", _("Superseded")


class ChapterPlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted to the mission")
    INCLUDED = "included", _("Included in the mission's plan")
    RETURNED = "returned", _("Returned to the chapter")


class ExecutionPlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted to HQ")
    ASSESSED = "assessed", _("Assessed")


class LineStatus(models.TextChoices):
    """A project line: waiting for HQ's assessment, then approved, reduced or rejected; a changed line is a
    new version (pending again) and the version it replaces is superseded once that one is assessed."""

    PENDING = "pending", _("Awaiting assessment")
    APPROVED = "approved", _("Approved")
    REDUCED = "reduced", _("Reduced")
    REJECTED = "rejected", _("Rejected")
    SUPERSEDED = "superseded", _("Superseded by a revision")
    WITHDRAWN = "withdrawn", _("Withdrawn")


SUPPORTED = (LineStatus.APPROVED, LineStatus.REDUCED)  # lines that carry approved yen
CURRENT = (LineStatus.PENDING, LineStatus.APPROVED, LineStatus.REDUCED, LineStatus.REJECTED)


class Decision(models.TextChoices):
    APPROVE = "approve", _("Approve")
    REDUCE = "reduce", _("Reduce")
    REJECT = "reject", _("Reject")


# what a decision makes of the line (a recorded decision reads as its outcome: Approved, not Approve)
OUTCOME = {
    Decision.APPROVE: LineStatus.APPROVED,
    Decision.REDUCE: LineStatus.REDUCED,
    Decision.REJECT: LineStatus.REJECTED,
}


class Effect(models.TextChoices):
    """The mission's view of a supported project's effect."""

    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")


class Rating(models.TextChoices):
    """HQ's evaluation of a mission's year, for effectiveness and for efficiency."""

    GOOD = "good", _("Good")
    FAIR = "fair", _("Fair")
    POOR = "poor", _("Poor")


class Currency(models.TextChoices):
    """The currencies a payment is made in: yen, or the currency of a chapter's country (those the chapters'
    lines are asked in)."""

    JPY = "JPY", _("Yen (no other currency)")
    USD = "USD", _("USD – US dollar")
    CAD = "CAD", _("CAD – Canadian dollar")
    GBP = "GBP", _("GBP – Pound sterling")
    EUR = "EUR", _("EUR – Euro")
    CNY = "CNY", _("CNY – Chinese yuan")
    KRW = "KRW", _("KRW – Korean won")
    SGD = "SGD", _("SGD – Singapore dollar")
    PHP = "PHP", _("PHP – Philippine peso")
    INR = "INR", _("INR – Indian rupee")
    MNT = "MNT", _("MNT – Mongolian tögrög")
    THB = "THB", _("THB – Thai baht")
    AUD = "AUD", _("AUD – Australian dollar")
    NZD = "NZD", _("NZD – New Zealand dollar")
    ZAR = "ZAR", _("ZAR – South African rand")
    JMD = "JMD", _("JMD – Jamaican dollar")
    TTD = "TTD", _("TTD – Trinidad and Tobago dollar")
    BRL = "BRL", _("BRL – Brazilian real")
