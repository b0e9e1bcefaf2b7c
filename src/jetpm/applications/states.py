"""Choices of applications and the application status machine (one table: who may move it where)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    ELIGIBLE = "eligible", _("Eligible")
    INELIGIBLE = "ineligible", _("Ineligible")
    DOCUMENT_SCREENED = "document_screened", _("Passed document screening")
    INTERVIEW = "interview", _("Interview")
    RECOMMENDED = "recommended", _("Recommended by the mission")
    NOT_RECOMMENDED = "not_recommended", _("Not recommended")
    SHORTLISTED = "shortlisted", _("Short-listed")
    ALTERNATE = "alternate", _("Alternate")
    NOT_SELECTED = "not_selected", _("Not selected")
    ACCEPTED = "accepted", _("Accepted the offer")
    DECLINED = "declined", _("Declined the offer")
    CLEARED = "cleared", _("Cleared for placement")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    DISQUALIFIED = "disqualified", _("Disqualified")


class Actor(models.TextChoices):
    """Who moves an application: the applicant, the mission, HQ (MOFA), CLAIR as the placing body (it
    records a placed candidate's withdrawal when they decline their placement), or the platform itself (a
    reply deadline that passed)."""

    APPLICANT = "applicant", _("Applicant")
    MISSION = "mission", _("Mission")
    HQ = "hq", _("Headquarters (MOFA)")
    PLACEMENT = "placement", _("CLAIR (placement)")
    SYSTEM = "system", _("System")


S = ApplicationStatus
A = Actor
_ANY = frozenset({A.MISSION, A.HQ})
_END = frozenset({A.APPLICANT, A.MISSION, A.HQ})

# from → {to: the actors allowed}. Withdrawn (by the applicant, or recorded by the mission/HQ with a reason)
# and disqualified (by the mission or HQ, with a reason) are reachable from every open status.
ALLOWED: dict[str, dict[str, frozenset[str]]] = {
    S.DRAFT: {S.SUBMITTED: frozenset({A.APPLICANT}), S.WITHDRAWN: frozenset({A.APPLICANT})},
    S.SUBMITTED: {S.ELIGIBLE: _ANY, S.INELIGIBLE: _ANY},
    S.ELIGIBLE: {S.DOCUMENT_SCREENED: _ANY, S.NOT_RECOMMENDED: _ANY, S.INELIGIBLE: _ANY},
    S.INELIGIBLE: {S.ELIGIBLE: _ANY},
    S.DOCUMENT_SCREENED: {S.INTERVIEW: _ANY, S.NOT_RECOMMENDED: _ANY},
    S.INTERVIEW: {S.RECOMMENDED: _ANY, S.NOT_RECOMMENDED: _ANY},
    S.RECOMMENDED: {
        S.SHORTLISTED: frozenset({A.HQ}),
        S.ALTERNATE: frozenset({A.HQ}),
        S.NOT_SELECTED: frozenset({A.HQ}),
        S.NOT_RECOMMENDED: _ANY,
    },
    S.NOT_RECOMMENDED: {},
    S.SHORTLISTED: {
        S.ACCEPTED: frozenset({A.APPLICANT, A.HQ}),
        S.DECLINED: frozenset({A.APPLICANT, A.HQ, A.SYSTEM}),
    },
    S.ALTERNATE: {S.SHORTLISTED: frozenset({A.HQ}), S.NOT_SELECTED: frozenset({A.HQ})},
    S.ACCEPTED: {S.CLEARED: _ANY},
    S.CLEARED: {},
    S.NOT_SELECTED: {},
    S.DECLINED: {},
    S.WITHDRAWN: {},
    S.DISQUALIFIED: {},
}
# Withdrawal and disqualification from every open status (not from a draft: a draft is simply withdrawn).
OPEN_STATUSES = frozenset(
    {
        S.SUBMITTED,
        S.ELIGIBLE,
        S.INELIGIBLE,
        S.DOCUMENT_SCREENED,
        S.INTERVIEW,
        S.RECOMMENDED,
        S.SHORTLISTED,
        S.ALTERNATE,
        S.ACCEPTED,
        S.CLEARED,
    }
)
for _status in OPEN_STATUSES:
    ALLOWED[_status][S.WITHDRAWN] = _END
    ALLOWED[_status][S.DISQUALIFIED] = _ANY
# CLAIR records the withdrawal of a selected candidate who declines their placement (the placement stage).
for _status in (S.ACCEPTED, S.CLEARED):
    ALLOWED[_status][S.WITHDRAWN] = _END | {A.PLACEMENT}
TERMINAL = frozenset(s for s, targets in ALLOWED.items() if not targets)
# Transitions that must carry a reason.
REASON_REQUIRED = frozenset({S.WITHDRAWN, S.DISQUALIFIED, S.INELIGIBLE, S.NOT_RECOMMENDED})
# Statuses in which the applicant may still edit the form (otherwise only contact details).
EDITABLE = frozenset({S.DRAFT})
# Statuses of an application the mission has taken in (submitted or beyond).
SUBMITTED_OR_LATER = frozenset(s for s in S.values if s not in {S.DRAFT})
# Results of the final selection, as the applicant sees them.
RESULTS = frozenset({S.SHORTLISTED, S.ALTERNATE, S.NOT_SELECTED, S.ACCEPTED, S.DECLINED, S.CLEARED})


class Degree(models.TextChoices):
    BACHELOR = "bachelor", _("Bachelor's degree")
    MASTER = "master", _("Master's degree")
    DOCTORATE = "doctorate", _("Doctorate")
    NONE = "none", _("No degree yet")


class LanguageAbility(models.TextChoices):
    NATIVE = "native", _("Native speaker")
    EXCELLENT = "excellent", _("Excellent (near native)")
    GOOD = "good", _("Good")
    BASIC = "basic", _("Basic")


GOOD_ENOUGH_LANGUAGE = frozenset({LanguageAbility.NATIVE, LanguageAbility.EXCELLENT})


class DocumentKind(models.TextChoices):
    TRANSCRIPT = "transcript", _("Academic transcript")
    DEGREE = "degree", _("Proof of degree")
    NATIONALITY = "nationality", _("Proof of nationality (passport page)")
    CERTIFICATE = "certificate", _("Certificate (teaching, language test)")
    HEALTH = "health", _("Certificate of health")
    CRIMINAL_RECORD = "criminal_record", _("Criminal-record check")
    REFERENCE = "reference", _("Reference letter")


# What a complete application carries (the form's upload step); the rest come later.
REQUIRED_DOCUMENTS = (DocumentKind.TRANSCRIPT, DocumentKind.DEGREE, DocumentKind.NATIONALITY)
APPLICANT_UPLOADS = (
    DocumentKind.TRANSCRIPT,
    DocumentKind.DEGREE,
    DocumentKind.NATIONALITY,
    DocumentKind.CERTIFICATE,
)
AFTER_ACCEPTANCE_UPLOADS = (DocumentKind.HEALTH, DocumentKind.CRIMINAL_RECORD)


class Sex(models.TextChoices):
    FEMALE = "F", _("Female")
    MALE = "M", _("Male")
    OTHER = "X", _("Other / not stated")
