"""Reads of the applicant portal: the applicant's own applications, what they may start, how complete and
how eligible a draft is. Every record named in a URL is looked up among the applicant's own (else 404)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from jetpm.applications.later_stages import declined_placement
from jetpm.applications.models import Application, Document, Notice, Referee
from jetpm.applications.states import (
    EDITABLE,
    GOOD_ENOUGH_LANGUAGE,
    REQUIRED_DOCUMENTS,
    ApplicationStatus,
    Degree,
    DocumentKind,
)
from jetpm.applications.workflows import APPLICATION_ACTIONS, APPLICATIONS
from jetpm.core import workflow
from jetpm.core.access import require
from jetpm.core.calendar import Window, open_windows, upcoming_windows
from jetpm.core.errors import NotFound
from jetpm.core.models import AuditEvent, Milestone, MilestoneOverride, Organisation, Person, User
from jetpm.core.scoping import scope_of
from jetpm.core.selectors import arrival_date, mission_windows
from jetpm.core.states import MilestoneKind, OrgKind
from jetpm.planning import eligibility
from jetpm.planning.models import Guideline
from jetpm.planning.states import GuidelineStatus


@dataclass(frozen=True)
class Step:
    slug: str
    label: Any
    fields: tuple[str, ...]


# The form's steps, in order. "documents" and "referees" have pages of their own.
STEPS: tuple[Step, ...] = (
    Step(
        "personal",
        _("Personal data"),
        (
            "passport_family_name",
            "passport_given_names",
            "birth_date",
            "sex",
            "nationality",
            "other_nationalities",
            "job_type",
            "language",
        ),
    ),
    Step("contact", _("Contact"), ("email", "phone", "address")),
    Step(
        "education",
        _("Education"),
        ("degree", "degree_subject", "institution", "degree_date", "degree_expected"),
    ),
    Step("languages", _("Languages"), ("language_ability", "japanese_level")),
    Step("experience", _("Qualifications and experience"), ("teaching_qualifications", "experience")),
    Step(
        "history",
        _("Prior JET participation"),
        ("former_participant", "former_start_year", "former_years", "years_in_japan_last_10"),
    ),
    Step(
        "preferences",
        _("Placement preferences"),
        ("preference_1", "preference_2", "preference_3", "preference_reasons"),
    ),
    Step("partner", _("Partner applying too"), ("partner_reference",)),
    Step("medical", _("Medical self-report"), ("medical_conditions", "medical_fit")),
    Step("statement", _("Statement of purpose"), ("statement",)),
    Step("documents", _("Documents"), ()),
    Step("referees", _("Referees"), ()),
    Step("declarations", _("Declarations"), ("declaration_true", "declaration_consent")),
)
STEP_BY_SLUG = {s.slug: s for s in STEPS}
FORM_STEPS = tuple(s.slug for s in STEPS if s.fields)
# Fields a complete application must carry (besides the steps being saved).
REQUIRED_FIELDS: dict[str, str] = {
    "passport_family_name": "personal",
    "passport_given_names": "personal",
    "birth_date": "personal",
    "sex": "personal",
    "email": "contact",
    "address": "contact",
    "degree": "education",
    "degree_subject": "education",
    "institution": "education",
    "degree_date": "education",
    "language_ability": "languages",
    "statement": "statement",
    "declaration_true": "declarations",
    "declaration_consent": "declarations",
}
# The form step on which each eligibility failure is explained (by the failure's field).
FAILURE_STEP = {
    "degree_date": "education",
    "nationality": "personal",
    "designated_language_ability": "languages",
    "former_terms": "history",
    "years_in_japan_last_10": "history",
    "japanese_level": "languages",
    "birth_date": "personal",
}


def step_url(application_id: int, slug: str) -> str:
    if slug == "documents":
        return reverse("applications:portal_documents", kwargs={"application_id": application_id})
    if slug == "referees":
        return reverse("applications:portal_referees", kwargs={"application_id": application_id})
    return reverse(f"applications:portal_step_{slug}", kwargs={"application_id": application_id})


# --- the applicant's own records -------------------------------------------------------------------------


def own_applications(user: User) -> QuerySet[Application]:
    person_id = scope_of(user).person_id
    return (
        Application.objects.filter(person_id=person_id or 0)
        .select_related("mission", "country")
        .order_by("-intake_year", "reference")
    )


def access_own_application(
    user: User, application_id: int, *, action: str | None = None, lean: bool = False
) -> Application:
    """One of the user's own applications that they may act on as ``action`` (``"apply"``: the portal's
    pages); any other is :class:`NotFound`, whoever may see it elsewhere.

    The filter on the user's own person is the scope here: the rule of Application (applications/rules.py)
    lets a person see every application of their own (``... | own``), so adding it would select the same row
    at the cost of two subqueries and a join on the panel assignments, compiled by the ORM and planned by the
    database on every page of the portal (a fifth of an applicant's CPU: docs/benchmarks.md, issue 15).
    tests/applications/test_portal_access.py holds the rule to that.

    ``lean``: the application's own row only, for a POST that hands the record to a service (which reads and
    locks it again) and only needs its id, status and reference: the pages' related records (nine joins)
    would be read for nothing."""
    person_id = scope_of(user).person_id
    if person_id is None:
        raise NotFound(gettext("No such record."))
    qs = Application.objects.filter(person_id=person_id)
    if not lean:
        qs = qs.select_related(
            "mission",
            "country",
            "language",
            "nationality",
            "person",
            "person__user",
            "preference_1",
            "preference_2",
            "preference_3",
        )
    try:
        application = qs.get(pk=application_id)
    except (ValueError, TypeError, Application.DoesNotExist) as exc:  # as core.access answers
        raise NotFound(gettext("No such record.")) from exc
    if action is not None:
        require(user, application, action=action, actions=APPLICATION_ACTIONS)
    return application


def person_of(user: User) -> Person | None:
    return Person.objects.select_related("nationality").filter(user_id=user.pk).first()


def approved_guideline(intake_year: int) -> Guideline | None:
    return (
        Guideline.objects.filter(intake_year=intake_year, status=GuidelineStatus.APPROVED)
        .order_by("-version")
        .first()
    )


_UNREAD = object()


def guideline_of(application: Application) -> Guideline | None:
    """The approved guideline of the application's year, read once per application object (a page asks
    for it for the steps, the missing items, the eligibility and the word limit)."""
    cached = application.__dict__.get("_jetpm_guideline", _UNREAD)
    if cached is _UNREAD:
        cached = approved_guideline(application.intake_year)
        application.__dict__["_jetpm_guideline"] = cached
    return cached  # type: ignore[return-value]


def missions_for(country_id: int) -> list[Organisation]:
    return list(Organisation.objects.filter(kind=OrgKind.MISSION, countries__id=country_id).order_by("code"))


@dataclass(frozen=True)
class Opening:
    """An intake the applicant may start: its year, the missions they may apply through, the window."""

    intake_year: int
    missions: list[Organisation]
    window: Window
    is_open: bool


def openings_for(person: Person, today: date) -> list[Opening]:
    """The intake years open (or about to open) for the missions of the person's nationality, with an
    approved guideline."""
    missions = missions_for(person.nationality_id)
    by_year: dict[int, tuple[list[Organisation], Window, bool]] = {}
    for mission in missions:
        windows = mission_windows(mission.pk)
        current = [(w, True) for w in open_windows(windows, today) if w.kind == MilestoneKind.INTAKE]
        coming = [
            (w, False) for w in upcoming_windows(windows, today, limit=20) if w.kind == MilestoneKind.INTAKE
        ]
        for w, is_open in current + coming:
            entry = by_year.setdefault(w.intake_year, ([], w, is_open))
            if mission not in entry[0]:
                entry[0].append(mission)
    years = set(
        Guideline.objects.filter(intake_year__in=by_year, status=GuidelineStatus.APPROVED).values_list(
            "intake_year", flat=True
        )
    )
    return [
        Opening(year, ms, w, is_open) for year, (ms, w, is_open) in sorted(by_year.items()) if year in years
    ]


def intake_window(application: Application) -> tuple[date, date] | None:
    """The mission's dates of the intake of the application's year (its own when it set them); read once
    per application object (the review page and a submission ask both this and whether it is open)."""
    key = (application.intake_year, application.mission_id)
    cached = application.__dict__.get("_jetpm_intake_window")
    if cached is not None and cached[0] == key:
        return cached[1]  # type: ignore[no-any-return]
    window = _intake_window(application)
    application.__dict__["_jetpm_intake_window"] = (key, window)
    return window


def _intake_window(application: Application) -> tuple[date, date] | None:
    milestone = Milestone.objects.filter(
        cycle__intake_year=application.intake_year, kind=MilestoneKind.INTAKE
    ).first()
    if milestone is None:
        return None
    override = MilestoneOverride.objects.filter(
        milestone=milestone, mission_id=application.mission_id
    ).first()
    if override is not None:
        return override.starts_on, override.ends_on
    return milestone.starts_on, milestone.ends_on


def intake_is_open(application: Application, today: date) -> bool:
    """Whether the intake window of the application's year and mission is open on ``today`` (one intake
    milestone per cycle, so its window with the mission's dates is the one that counts)."""
    window = intake_window(application)
    return window is not None and window[0] <= today <= window[1]


# --- eligibility and completeness ------------------------------------------------------------------------


def applicant_facts(application: Application) -> eligibility.Applicant:
    has_degree = application.degree in {Degree.BACHELOR, Degree.MASTER, Degree.DOCTORATE}
    former: tuple[eligibility.FormerTerm, ...] = ()
    if application.former_participant and application.former_start_year and application.former_years:
        former = (eligibility.FormerTerm(application.former_start_year, application.former_years),)
    return eligibility.Applicant(
        nationality=application.nationality.code,
        recruiting_country=application.country.code,
        job_type=application.job_type,
        arrival_date=arrival_date(application.intake_year),
        degree_date=application.degree_date if has_degree else None,
        designated_language_ability=application.language_ability in GOOD_ENOUGH_LANGUAGE,
        japanese_level=application.japanese_level,
        years_in_japan_last_10=application.years_in_japan_last_10,
        former_terms=former,
        birth_date=application.birth_date,
        declined_placement_last_year=declined_placement(application.person_id, application.intake_year - 1),
        designated_language=application.language.code if application.language_id else "",
    )


def eligibility_failures(application: Application, *, all_steps: bool = False) -> list[eligibility.Failure]:
    """The year's rules the application does not meet, among the steps saved so far (all when asked)."""
    from jetpm.planning.services.guidelines import rules_of

    guideline = guideline_of(application)
    if guideline is None:
        return []
    failures = eligibility.check(
        rules_of(guideline), applicant_facts(application), intake_year=application.intake_year
    )
    done = set(application.steps_done or [])
    return [f for f in failures if all_steps or FAILURE_STEP.get(f.field, "personal") in done]


def failure_explanations(application: Application, *, step: str | None = None) -> list[dict[str, str]]:
    """Translated explanations of the failures (of one step when given), each with its step's link."""
    from jetpm.planning.services.guidelines import failure_message

    out = []
    for f in eligibility_failures(application):
        slug = FAILURE_STEP.get(f.field, "personal")
        if step is None or slug == step:
            out.append(
                {
                    "code": f.code,
                    "message": failure_message(f),
                    "step": slug,
                    "url": step_url(application.pk, slug),
                }
            )
    return out


def word_count(text: str) -> int:
    return len(text.split())


def missing_items(
    application: Application, documents: list[Document], referees: list[Referee]
) -> list[dict[str, str]]:
    """What a submission still needs: each item with its message and the link to its step."""
    from django.utils.translation import gettext as _g

    items: list[dict[str, str]] = []

    def add(slug: str, message: str) -> None:
        items.append({"step": slug, "message": message, "url": step_url(application.pk, slug)})

    done = set(application.steps_done or [])
    for s in STEPS:
        if s.fields and s.slug not in done:
            add(s.slug, _g("The step “%(step)s” has not been saved yet.") % {"step": s.label})
    for name, slug in REQUIRED_FIELDS.items():
        if slug in done and not getattr(application, name):
            label = Application._meta.get_field(name).verbose_name  # type: ignore[union-attr]
            add(slug, _g("“%(field)s” is required.") % {"field": label})
    have = {d.kind for d in documents}
    labels = dict(DocumentKind.choices)
    for kind in REQUIRED_DOCUMENTS:
        if kind not in have:
            add("documents", _g("The document “%(kind)s” is missing.") % {"kind": labels[kind]})
    by_order = {r.order: r for r in referees}
    for order in (1, 2):
        r = by_order.get(order)
        if r is None:
            add("referees", _g("Referee %(n)s has not been named.") % {"n": order})
        elif r.invited_at is None:
            add("referees", _g("Referee %(n)s has not been invited yet.") % {"n": order})
    guideline = guideline_of(application)
    if guideline is not None and word_count(application.statement) > guideline.statement_max_words:
        add(
            "statement",
            _g("The statement of purpose has %(count)s words; the limit is %(max)s.")
            % {"count": word_count(application.statement), "max": guideline.statement_max_words},
        )
    return items


# --- after submission ------------------------------------------------------------------------------------


def documents_of(application: Application) -> list[Document]:
    docs = list(application.documents.exclude(kind=DocumentKind.REFERENCE).order_by("kind", "uploaded_at"))
    application.__dict__["_jetpm_documents"] = docs  # for completed_steps on the same page
    return docs


def referees_of(application: Application) -> list[Referee]:
    refs = list(application.referees.order_by("order"))
    application.__dict__["_jetpm_referees"] = refs  # for completed_steps on the same page
    return refs


def notices_of(application: Application) -> QuerySet[Notice]:
    return application.notices.order_by("-created_at", "-id")


def timeline_of(application: Application) -> list[dict[str, Any]]:
    """The status changes of the application (from its audit events), oldest first."""
    labels = dict(Application._meta.get_field("status").choices or [])
    rows = AuditEvent.objects.filter(
        object_type=Application._meta.label, object_id=str(application.pk)
    ).order_by("at", "id")
    out = []
    for e in rows:
        status = (e.changes or {}).get("status")
        if isinstance(status, list) and len(status) == 2:
            out.append({"at": e.at, "status": labels.get(status[1], status[1])})
    return out


def portal_applications(user: User) -> QuerySet[Application]:
    """The applicant's applications with what the home page shows, in a fixed number of queries."""
    return own_applications(user).prefetch_related(
        Prefetch("notices", queryset=Notice.objects.filter(read_at__isnull=True), to_attr="unread")
    )


def missions_for_user(user: User) -> list[Organisation]:
    person = person_of(user)
    return missions_for(person.nationality_id) if person is not None else []


@dataclass(frozen=True)
class ApplicationForPerson:
    """The applicant's own application as their page shows it: the record with its documents and referees,
    and — once submitted — its history, notices and whether they may still withdraw it."""

    application: Application
    documents: list[Document]
    referees: list[Referee]
    editable: bool
    timeline: list[dict[str, Any]]
    notices: list[Notice]
    can_withdraw: bool


def for_person(user: User, *, application_id: int) -> ApplicationForPerson:
    """Applications' part of the applicant's own application page (:class:`NotFound` for any other)."""
    application = access_own_application(user, application_id, action="apply")
    editable = application.status in EDITABLE
    return ApplicationForPerson(
        application=application,
        documents=documents_of(application),
        referees=referees_of(application),
        editable=editable,
        timeline=[] if editable else timeline_of(application),
        notices=[] if editable else list(notices_of(application)),
        can_withdraw=any(
            t.target == ApplicationStatus.WITHDRAWN
            for t in workflow.available(APPLICATIONS, user, application)
        ),
    )


def completed_steps(application: Application) -> set[str]:
    """The steps done: the form steps saved with every required field filled (and the statement within the
    year's limit), the documents step when the required documents are there, the referees step when both
    referees are invited."""
    done = set(application.steps_done or [])
    done -= {slug for name, slug in REQUIRED_FIELDS.items() if not getattr(application, name)}
    guideline = guideline_of(application) if "statement" in done else None
    if guideline is not None and word_count(application.statement) > guideline.statement_max_words:
        done.discard("statement")
    # the documents and referees the page has just read (documents_of, referees_of), else a query each
    docs: list[Document] | None = application.__dict__.get("_jetpm_documents")
    refs: list[Referee] | None = application.__dict__.get("_jetpm_referees")
    if docs is not None:
        kinds = {d.kind for d in docs}
    else:
        kinds = set(application.documents.values_list("kind", flat=True))
    if all(kind in kinds for kind in REQUIRED_DOCUMENTS):
        done.add("documents")
    invited = (
        sum(1 for r in refs if r.invited_at is not None)
        if refs is not None
        else application.referees.filter(invited_at__isnull=False).count()
    )
    if invited >= 2:
        done.add("referees")
    return done
