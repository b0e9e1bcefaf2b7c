"""Choices of core: organisation kinds, roles, person kinds, milestones."""

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrgKind(models.TextChoices):
    MIC = "mic", _("Ministry of Internal Affairs and Communications")
    MOFA = "mofa", _("Ministry of Foreign Affairs")
    MEXT = "mext", _("Ministry of Education, Culture, Sports, Science and Technology")
    CLAIR = "clair", _("CLAIR")
    COUNCIL = "council", _("Council")
    MISSION = "mission", _("Overseas mission")
    HOST_ORG = "host_org", _("Host organisation")
    CONTRACTING_ORG = "contracting_org", _("Contracting organisation")
    JETAA_CHAPTER = "jetaa_chapter", _("JETAA chapter")


AGENCY_KINDS = frozenset({OrgKind.MIC, OrgKind.MOFA, OrgKind.MEXT, OrgKind.CLAIR})
NATIONAL_KINDS = AGENCY_KINDS | {OrgKind.COUNCIL}


class COKind(models.TextChoices):
    PREFECTURE = "prefecture", _("Prefecture")
    DESIGNATED_CITY = "designated_city", _("Designated city")
    MUNICIPALITY = "municipality", _("Municipality")
    PRIVATE_SCHOOL = "private_school", _("Private school corporation")


class Role(models.TextChoices):
    STAFF = "staff", _("Staff")
    APPROVER = "approver", _("Approver")
    ADMIN = "admin", _("Administrator")
    COORDINATOR = "coordinator", _("Coordinator")
    OFFICER = "officer", _("Chapter officer")
    PANELIST = "panelist", _("External panelist")
    COUNSELLOR = "counsellor", _("Counsellor")


# Which roles a membership of each kind of organisation may hold.
ROLES_BY_KIND: dict[str, frozenset[str]] = {
    **{kind: frozenset({Role.STAFF, Role.APPROVER, Role.ADMIN}) for kind in NATIONAL_KINDS},
    # CLAIR's counsellors (support app): they see the participants' counselling cases and nothing else of
    # CLAIR's (not an organisation role below: a counsellor is not national staff).
    OrgKind.CLAIR: frozenset({Role.STAFF, Role.APPROVER, Role.ADMIN, Role.COUNSELLOR}),
    OrgKind.MISSION: frozenset({Role.STAFF, Role.APPROVER, Role.ADMIN, Role.PANELIST}),
    OrgKind.HOST_ORG: frozenset({Role.COORDINATOR, Role.ADMIN}),
    OrgKind.CONTRACTING_ORG: frozenset({Role.COORDINATOR, Role.ADMIN}),
    OrgKind.JETAA_CHAPTER: frozenset({Role.OFFICER, Role.ADMIN}),
}
# Roles that act for their organisation (as opposed to an external panelist who sees only assigned files).
ORG_ROLES = frozenset({Role.STAFF, Role.APPROVER, Role.ADMIN, Role.COORDINATOR, Role.OFFICER})


class PersonKind(models.TextChoices):
    APPLICANT = "applicant", _("Applicant")
    PARTICIPANT = "participant", _("Participant")
    ALUMNUS = "alumnus", _("Alumnus")


class MilestoneKind(models.TextChoices):
    """The seed's yearly milestones of a recruitment cycle, in life-cycle order."""

    REQUESTS = "requests", _("Requests from contracting organisations")
    INFO_SESSIONS = "info_sessions", _("Information sessions")
    INTAKE = "intake", _("Application intake")
    SCREENING = "screening", _("Screening and interviews")
    RESULTS = "results", _("Results")
    PREDEPARTURE_APRIL = "predeparture_april", _("Pre-departure orientation (April arrivals)")
    ARRIVAL_APRIL = "arrival_april", _("Arrival in Japan (April)")
    PREDEPARTURE = "predeparture", _("Pre-departure orientation (July–August arrivals)")
    ARRIVAL = "arrival", _("Arrival in Japan (July–August)")


MILESTONE_ORDER = [m.value for m in MilestoneKind]


class JobType(models.TextChoices):
    """The programme's three job types."""

    ALT = "ALT", _("Assistant Language Teacher (ALT)")
    CIR = "CIR", _("Coordinator for International Relations (CIR)")
    SEA = "SEA", _("Sports Exchange Advisor (SEA)")


class JapaneseLevel(models.TextChoices):
    """Japanese ability by JLPT level."""

    NONE = "none", _("No JLPT level")
    N5 = "N5", "N5"
    N4 = "N4", "N4"
    N3 = "N3", "N3"
    N2 = "N2", "N2"
    N1 = "N1", "N1"


JAPANESE_LEVEL_ORDER = ["none", "N5", "N4", "N3", "N2", "N1"]


class RecordKind(models.TextChoices):
    """The kinds of personal data with a retention schedule (jetpm.core.retention)."""

    UNSUCCESSFUL_APPLICANT = "unsuccessful_applicant", _("Unsuccessful applicants")
    UNUSED_ACCOUNT = "unused_account", _("Registrations without an application")
    APPLICANT_DOCUMENTS = "applicant_documents", _("Uploaded documents")
    REFEREE_LETTERS = "referee_letters", _("Referees and their letters")
    REVIEWS = "reviews", _("Screening reviews")
    PARTICIPANT = "participant", _("Former participants")
    ALUMNUS_WITHDRAWN = "alumnus_withdrawn", _("Alumni who withdrew consent")
    SIGN_IN_RECORDS = "sign_in_records", _("Sign-in records")
    EXPIRED_SESSIONS = "expired_sessions", _("Expired sessions")
    ORPHAN_FILES = "orphan_files", _("Uploaded files without a record")


# From what event each kind's period runs (jetpm.core.retention), as the schedules page says it.
RECORD_KIND_STARTS: dict[str, Any] = {
    RecordKind.UNSUCCESSFUL_APPLICANT: _(
        "the end of the intake's selection, for an application that led to no appointment (an accepted "
        "candidate never appointed: the end of the intake's fiscal year)"
    ),
    RecordKind.UNUSED_ACCOUNT: _("the registration, for an applicant's account that never applied"),
    RecordKind.APPLICANT_DOCUMENTS: _(
        "the end of the intake's selection, for the documents of an application that led to no appointment "
        "(participants' documents go with their participant record)"
    ),
    RecordKind.REFEREE_LETTERS: _("the end of the intake's selection, for every application"),
    RecordKind.REVIEWS: _("the end of the intake's selection, for every application"),
    RecordKind.PARTICIPANT: _("the end of the participant's last term (the day it ended, if early)"),
    RecordKind.ALUMNUS_WITHDRAWN: _("the day the alumnus withdrew their consent to be kept in touch with"),
    RecordKind.SIGN_IN_RECORDS: _(
        "the sign-in attempt, successful or not (the username typed, the address and the browser); a "
        "legal hold keeps those of the held person's account"
    ),
    RecordKind.EXPIRED_SESSIONS: _("the end of the session (a session still valid is never removed)"),
    RecordKind.ORPHAN_FILES: _(
        "the file's last change, for a file in the upload folder that no record refers to (an upload "
        "that was not saved, a replaced file); never a file changed in the last 24 hours"
    ),
}


class RetentionAction(models.TextChoices):
    ANONYMISE = "anonymise", _("Anonymise")
    DELETE = "delete", _("Delete")


class PurgeTrigger(models.TextChoices):
    COMMAND = "command", _("Command line")
    TASK = "task", _("Daily task")


class VerificationTrigger(models.TextChoices):
    """Who started a full verification of the audit log's hash chain."""

    COMMAND = "command", _("Command line")
    TASK = "task", _("Daily task")
    PAGE = "page", _("Asked for on the page")


class ChainProblem(models.TextChoices):
    """What a verification found wrong with the hash chain (the codes of core/chain.py)."""

    NOT_IN_CHAIN = "unsealed", _("written outside the chain")
    SEQUENCE = "sequence", _("a gap or a repeat in the sequence before it")
    LINK = "link", _("its link to the event before it does not match")
    CONTENT = "content", _("its content was changed")
    MISSING_END = "missing_end", _("events are missing at the end of the chain")
    VERIFIED_CHANGED = "verified_changed", _("changed or deleted since a verification found it intact")
