"""Reads of the missions' intake: the filtered list of applications (with counts and flags annotated, so a
page runs a fixed number of queries whatever the number of rows), its export rows, and one application's
detail (documents, referees, notices, history, possible duplicates, eligibility explanations).

Every read is scoped with :func:`jetpm.core.scoping.visible_to` (drafts never appear: the rule hides them).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    TextField,
    Value,
)
from django.db.models.functions import Cast, Coalesce
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from jetpm.applications.models import Application, Document, Notice, Referee
from jetpm.applications.portal.selectors import applicant_facts
from jetpm.applications.states import (
    REQUIRED_DOCUMENTS,
    ApplicationStatus,
)
from jetpm.applications.workflows import APPLICATION_ACTIONS
from jetpm.core.access import access
from jetpm.core.models import AuditEvent, Organisation, User
from jetpm.core.scoping import scope_of, visible_to
from jetpm.core.states import JobType, OrgKind
from jetpm.planning import eligibility
from jetpm.planning.selectors.guidelines import approved_guideline_for
from jetpm.planning.services.guidelines import failure_message, rules_of

REQUIRED_COUNT = len(REQUIRED_DOCUMENTS)
LETTERS_EXPECTED = 2
EXPORT_CHUNK = 2000

# completeness filter values
DOCUMENTS_MISSING = "documents"
LETTERS_MISSING = "letters"
COMPLETE = "complete"
# eligibility filter: any failure, or one code of planning.eligibility.MESSAGES
ANY_FAILURE = "any"


@dataclass(frozen=True)
class IntakeFilter:
    """What the intake list shows (parsed by ``intake.forms.IntakeFilterForm``)."""

    intake_year: int | None = None
    statuses: tuple[str, ...] = ()
    job_type: str = ""
    mission_id: int | None = None
    completeness: str = ""
    eligibility: str = ""
    duplicates: bool = False
    q: str = ""

    def as_dict(self) -> dict[str, Any]:
        """The filters that are set (for the audit event of an export)."""
        return {k: list(v) if isinstance(v, tuple) else v for k, v in asdict(self).items() if v}


def intake_years(user: User) -> list[int]:
    """The intake years of the applications the user sees, newest first."""
    return sorted(
        set(
            visible_to(user, Application)
            .exclude(status=ApplicationStatus.DRAFT)
            .order_by()
            .values_list("intake_year", flat=True)
            .distinct()
        ),
        reverse=True,
    )


def missions_for(user: User) -> QuerySet[Organisation]:
    """The missions the user may filter by: every mission for the national bodies, their own otherwise."""
    scope = scope_of(user)
    qs = Organisation.objects.filter(kind=OrgKind.MISSION).order_by("name_en")
    if scope.is_superuser or scope.national:
        return qs
    return qs.filter(pk__in=scope.mission_ids)


def _required_docs() -> Subquery:
    return Subquery(
        Document.objects.filter(application=OuterRef("pk"), kind__in=REQUIRED_DOCUMENTS)
        .order_by()
        .values("application")
        .annotate(n=Count("kind", distinct=True))
        .values("n")[:1],
        output_field=IntegerField(),
    )


def _letters() -> Subquery:
    return Subquery(
        Referee.objects.filter(application=OuterRef("pk"), letter__isnull=False)
        .order_by()
        .values("application")
        .annotate(n=Count("pk"))
        .values("n")[:1],
        output_field=IntegerField(),
    )


def _same_year_others() -> QuerySet[Application]:
    # The year is compared through an expression ("+ 0") so the database looks the row up by the name and
    # birth date (or e-mail) index rather than scanning the whole year through the year's index.
    return (
        Application.objects.alias(year_plain=F("intake_year") + 0)
        .filter(year_plain=OuterRef("intake_year"))
        .exclude(pk=OuterRef("pk"))
        .exclude(status=ApplicationStatus.DRAFT)
    )


def _computed_duplicate() -> Q:
    """Another application of the same intake year with the same passport family name and birth date, or
    the same e-mail. Exact matches, one ``Exists`` each, so the database uses the indexes of
    (passport_family_name, birth_date) and of email: a lookup per row, never a scan."""
    same_person = Exists(
        _same_year_others().filter(
            passport_family_name=OuterRef("passport_family_name"), birth_date=OuterRef("birth_date")
        )
    )
    same_email = Exists(_same_year_others().filter(email=OuterRef("email")))
    return (~Q(passport_family_name="") & Q(birth_date__isnull=False) & Q(same_person)) | (
        ~Q(email="") & Q(same_email)
    )


def annotated(qs: QuerySet[Application]) -> QuerySet[Application]:
    """Counts and flags of each application, computed by the database (one query for a whole page)."""
    return qs.select_related("person", "country", "mission", "nationality").annotate(
        docs_count=Coalesce(_required_docs(), Value(0)),
        letters_count=Coalesce(_letters(), Value(0)),
        doc_problem=Exists(Document.objects.filter(application=OuterRef("pk")).exclude(problem="")),
        dup_computed=ExpressionWrapper(_computed_duplicate(), output_field=BooleanField()),
        failures_text=Cast("eligibility_failures", TextField()),
    )


def applications_for(user: User, f: IntakeFilter) -> QuerySet[Application]:
    """The applications of the intake list, filtered and annotated (scoped to the user)."""
    qs = annotated(visible_to(user, Application).exclude(status=ApplicationStatus.DRAFT))
    if f.intake_year is not None:
        qs = qs.filter(intake_year=f.intake_year)
    if f.statuses:
        qs = qs.filter(status__in=f.statuses)
    if f.job_type:
        qs = qs.filter(job_type=f.job_type)
    if f.mission_id is not None:
        qs = qs.filter(mission_id=f.mission_id)
    if f.completeness == DOCUMENTS_MISSING:
        qs = qs.filter(Q(docs_count__lt=REQUIRED_COUNT))
    elif f.completeness == LETTERS_MISSING:
        qs = qs.filter(Q(letters_count__lt=LETTERS_EXPECTED))
    elif f.completeness == COMPLETE:
        qs = qs.filter(Q(docs_count__gte=REQUIRED_COUNT) & Q(letters_count__gte=LETTERS_EXPECTED))
    if f.eligibility == ANY_FAILURE:
        qs = qs.filter(Q(failures_text__contains='"'))  # a non-empty list of codes
    elif f.eligibility:
        qs = qs.filter(Q(failures_text__contains=f'"{f.eligibility}"'))
    if f.duplicates:
        qs = qs.filter(Q(duplicate_of__isnull=False) | Q(dup_computed=True))
    if f.q:
        term = f.q.strip()
        qs = qs.filter(
            Q(reference__icontains=term)
            | Q(passport_family_name__icontains=term)
            | Q(passport_given_names__icontains=term)
            | Q(email__icontains=term)
        )
    return qs.order_by("-intake_year", "reference")


def export_header() -> list[str]:
    return [
        _("Application number"),
        _("Family name"),
        _("Given names"),
        _("Country"),
        _("Job type"),
        _("Status"),
        _("Submitted"),
        _("Documents (required)"),
        _("Referee letters"),
        _("Eligibility rules not met"),
        _("Possible duplicate"),
        _("Document problem"),
        _("E-mail"),
        _("Date of birth"),
        _("Nationality"),
        _("Mission"),
    ]


def export_rows(user: User, f: IntakeFilter) -> Iterator[list[Any]]:
    """The filtered list as rows (no header), read in chunks: one query whatever the number of rows. Plain
    values, not records (10,000 rows go out in well under a second): the country's, nationality's and
    mission's names in the active language come from the same query."""
    from jetpm.applications.intake.forms import RULE_LABELS  # the rules' short names (forms import us)

    # labels translated once, not once a row
    statuses = {k: str(v) for k, v in ApplicationStatus.choices}
    yes = _("Yes")
    job_types = {k: str(v) for k, v in JobType.choices}
    rules = {k: str(v) for k, v in RULE_LABELS.items()}
    lang = "ja" if (get_language() or "ja").startswith("ja") else "en"
    rows = applications_for(user, f).values_list(
        "reference",
        "passport_family_name",
        "passport_given_names",
        f"country__name_{lang}",
        "job_type",
        "status",
        "submitted_at",
        "docs_count",
        "letters_count",
        "eligibility_failures",
        "duplicate_of_id",
        "dup_computed",
        "doc_problem",
        "email",
        "birth_date",
        f"nationality__name_{lang}",
        f"mission__name_{lang}",
    )
    for (
        reference,
        family_name,
        given_names,
        country,
        job_type,
        status,
        submitted_at,
        docs_count,
        letters_count,
        failures,
        duplicate_of_id,
        dup_computed,
        doc_problem,
        email,
        birth_date,
        nationality,
        mission,
    ) in rows.iterator(chunk_size=EXPORT_CHUNK):
        yield [
            reference,
            family_name,
            given_names,
            country or "",
            job_types.get(job_type, job_type),
            statuses.get(status, status),
            submitted_at.date().isoformat() if submitted_at else "",
            f"{docs_count or 0}/{REQUIRED_COUNT}",
            letters_count or 0,
            "; ".join(rules.get(c, c) for c in failures or []),
            yes if (duplicate_of_id or dup_computed) else "",
            yes if doc_problem else "",
            email,
            birth_date.isoformat() if birth_date else "",
            nationality or "",
            mission or "",
        ]


# --- one application --------------------------------------------------------------------------------------


def access_application(user: User, application_id: int, *, action: str | None = None) -> Application:
    """One submitted application the user may see and act on as ``action`` (``"view"``: the intake pages,
    ``"manage"``: their actions, or a transition's name); :class:`NotFound` otherwise."""
    return access(
        user,
        annotated(Application.objects.exclude(status=ApplicationStatus.DRAFT)).select_related(
            "language",
            "preference_1",
            "preference_2",
            "preference_3",
            "duplicate_of",
            "person__user",
        ),
        action=action,
        actions=APPLICATION_ACTIONS,
        pk=application_id,
    )


class _Unknown(dict[str, Any]):
    """Placeholders of a message whose parameters are not known: shown as an ellipsis."""

    def __missing__(self, key: str) -> str:
        return "…"


@dataclass(frozen=True)
class Explanation:
    code: str
    message: str


def eligibility_explanations(user: User, application: Application) -> list[Explanation]:
    """The translated explanation of each rule the application was found not to meet (its stored codes),
    with the details re-computed under the year's approved guideline when there is one."""
    codes = [c for c in application.eligibility_failures or [] if isinstance(c, str)]
    if not codes:
        return []
    found: dict[str, eligibility.Failure] = {}
    guideline = approved_guideline_for(user, application.intake_year)
    if guideline is not None:
        failures = eligibility.check(
            rules_of(guideline),
            applicant_facts(application),
            intake_year=application.intake_year,
        )
        found = {fl.code: fl for fl in failures}
    out = []
    for code in codes:
        if code in found:
            out.append(Explanation(code, failure_message(found[code])))
        elif code in eligibility.MESSAGES:
            out.append(Explanation(code, _(eligibility.MESSAGES[code]) % _Unknown()))
        else:
            out.append(Explanation(code, code))
    return out


def possible_duplicates(user: User, application: Application) -> list[Application]:
    """Other applications of the year the user sees that look like the same person (or the one flagged)."""
    a = application
    q = Q(pk=a.duplicate_of_id) if a.duplicate_of_id else Q(pk__in=[])
    if a.passport_family_name and a.birth_date:
        q |= Q(passport_family_name=a.passport_family_name, birth_date=a.birth_date)
    if a.email:
        q |= Q(email=a.email)
    return list(
        visible_to(user, Application)
        .filter(q, intake_year=a.intake_year)
        .exclude(pk=a.pk)
        .exclude(status=ApplicationStatus.DRAFT)
        .select_related("mission")
        .order_by("reference")[:20]
    )


@dataclass
class Detail:
    application: Application
    documents: list[Document]
    referees: list[Referee]
    notices: list[Notice]
    history: list[AuditEvent]
    duplicates: list[Application]
    explanations: list[Explanation]
    extra: dict[str, Any] = field(default_factory=dict)


def application_detail(user: User, application_id: int) -> Detail:
    a = access_application(user, application_id, action="view")
    history = list(
        AuditEvent.objects.filter(object_type=Application._meta.label, object_id=str(a.pk)).order_by(
            "at", "id"
        )
    )
    return Detail(
        application=a,
        documents=list(a.documents.order_by("kind", "uploaded_at")),
        referees=list(a.referees.select_related("letter").order_by("order")),
        notices=list(a.notices.order_by("-created_at", "-id")),
        history=history,
        duplicates=possible_duplicates(user, a),
        explanations=eligibility_explanations(user, a),
    )


# --- for integrations (the API): status and key dates only ------------------------------------------------


def application_statuses(
    user: User,
    *,
    intake_year: int | None = None,
    statuses: tuple[str, ...] = (),
    job_type: str = "",
    mission_id: int | None = None,
    changed_since: datetime | None = None,
) -> QuerySet[Application]:
    """The submitted applications the user may see, for a system that follows their status (a mission's):
    no annotations, ordered by reference."""
    qs = (
        visible_to(user, Application)
        .exclude(status=ApplicationStatus.DRAFT)
        .select_related("country", "language")
    )
    if intake_year is not None:
        qs = qs.filter(intake_year=intake_year)
    if statuses:
        qs = qs.filter(status__in=statuses)
    if job_type:
        qs = qs.filter(job_type=job_type)
    if mission_id is not None:
        qs = qs.filter(mission_id=mission_id)
    if changed_since is not None:
        qs = qs.filter(status_changed_at__gte=changed_since)
    return qs.order_by("-intake_year", "reference")


def access_application_status(user: User, application_id: int, *, action: str | None = None) -> Application:
    """One submitted application the user may see (and act on as ``action``; :class:`NotFound` otherwise), for
    its status and key dates."""
    return access(
        user,
        Application.objects.exclude(status=ApplicationStatus.DRAFT).select_related("country", "language"),
        action=action,
        actions=APPLICATION_ACTIONS,
        pk=application_id,
    )
