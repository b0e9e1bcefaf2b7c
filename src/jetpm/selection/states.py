"""Choices and transition tables of the final selection."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ListStatus(models.TextChoices):
    DRAFT = "draft", _("Draft (HQ)")
    PROPOSED = "proposed", _("Proposed to the Council")
    APPROVED = "approved", _("Approved by the Council (not yet published)")
    PUBLISHED = "published", _("Published")


LIST_ALLOWED: dict[str, set[str]] = {
    ListStatus.DRAFT: {ListStatus.PROPOSED},
    ListStatus.PROPOSED: {ListStatus.APPROVED, ListStatus.DRAFT},  # the Council may send it back
    ListStatus.APPROVED: {ListStatus.PUBLISHED},
    ListStatus.PUBLISHED: set(),
}


class Result(models.TextChoices):
    SHORTLISTED = "shortlisted", _("Short-listed")
    ALTERNATE = "alternate", _("Alternate")
    NOT_SELECTED = "not_selected", _("Not selected")


class OfferStatus(models.TextChoices):
    OPEN = "open", _("Awaiting the reply")
    ACCEPTED = "accepted", pgettext_lazy("offer", "Accepted")
    DECLINED = "declined", _("Declined")
    LAPSED = "lapsed", _("Deadline missed")
    WITHDRAWN = "withdrawn", _("Withdrawn or disqualified")


OFFER_ALLOWED: dict[str, set[str]] = {
    OfferStatus.OPEN: {OfferStatus.ACCEPTED, OfferStatus.DECLINED, OfferStatus.LAPSED, OfferStatus.WITHDRAWN},
    OfferStatus.ACCEPTED: {OfferStatus.WITHDRAWN},
    OfferStatus.DECLINED: set(),
    OfferStatus.LAPSED: set(),
    OfferStatus.WITHDRAWN: set(),
}


class OfferOrigin(models.TextChoices):
    SHORTLIST = "shortlist", _("Short-list")
    UPGRADE = "upgrade", _("Upgraded from the alternates")


class VacancyStatus(models.TextChoices):
    OPEN = "open", _("Open: next alternate proposed")
    FILLED = "filled", _("Filled by an alternate")
    UNFILLED = "unfilled", _("No alternate left")


VACANCY_ALLOWED: dict[str, set[str]] = {
    VacancyStatus.OPEN: {VacancyStatus.FILLED, VacancyStatus.UNFILLED},
    VacancyStatus.FILLED: set(),
    VacancyStatus.UNFILLED: {VacancyStatus.FILLED},
}
