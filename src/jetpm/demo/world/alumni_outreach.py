"""Demo step of the alumni's surveys, bulletins and engagement (alumni/surveys, bulletins, engagement).

FY2025's membership survey (answered by every chapter) and alumni status survey (a sample of each mission's
alumni) are answered and closed; FY2026's are open as of the demo's today (6 December 2026), due at the end
of January, about four in ten answered — the demo alumnus and JETAA New York have theirs to answer. A few
bulletins per mission (the UK mission, the US and Irish ones) and HQ with their deliveries and openings; the
alumni who help are linked to the demo's PR events (outreach activities) and panels. Runs after the alumni
registry's step: alumni without a profile get one here (country of their chapter, a sector, consents)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from django.db import connection
from django.utils import translation

from jetpm.alumni.bulletins.states import CONSENT_OF, BulletinKind
from jetpm.alumni.engagement.states import EngagementKind
from jetpm.alumni.models import AlumnusProfile, Bulletin, BulletinDelivery, Engagement
from jetpm.alumni.states import Sector
from jetpm.alumni.surveys.defaults import QUESTIONS, TITLES, SurveyPurpose
from jetpm.core.calendar import wareki_fiscal_year
from jetpm.core.models import Language, Organisation, Person
from jetpm.core.states import OrgKind, PersonKind
from jetpm.core.workflow import SYSTEM, perform_bulk
from jetpm.demo.logins import UK_MISSION
from jetpm.demo.world.core import DEMO_TODAY
from jetpm.demo.world.rows import insert_rows, next_id
from jetpm.demo.world.walk import Walk
from jetpm.outreach.models import OutreachActivity
from jetpm.questionnaires.models import Question, Questionnaire, Response
from jetpm.questionnaires.services import QuestionInput
from jetpm.questionnaires.states import QuestionnaireStatus as QS
from jetpm.questionnaires.states import ResponseStatus as RS
from jetpm.questionnaires.workflows import QUESTIONNAIRES, RESPONSES
from jetpm.screening.models import Panel

if TYPE_CHECKING:
    import random

    from jetpm.demo.generator import DemoContext

ALUMNI_PER_MISSION = 30  # the status survey's sample per mission (the registry may hold thousands)
BULLETIN_MISSIONS = (UK_MISSION, "mission-us-new-york", "mission-us-washington", "mission-ie-dublin")
SUBJECTS = {
    BulletinKind.NEWS: ["Japan this season", "News from Japan", "Japan's regions in focus"],
    BulletinKind.EVENTS: ["Invitation: New Year reception", "Japan Matsuri: join us", "Film evening"],
    BulletinKind.RECRUITMENT: ["Help us recruit the next JETs", "Speakers wanted for the orientation"],
}


def _at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=UTC)


def _answer(rng: random.Random, q: QuestionInput) -> Any:
    if q.kind == "number":
        return rng.randint(20, 400) if q.key.startswith("members_regular") else rng.randint(0, 30)
    if q.kind == "single":
        return rng.choice(q.choices)["value"]
    if q.kind == "multiple":
        return [c["value"] for c in q.choices if rng.random() < 0.5] or [q.choices[0]["value"]]
    if q.kind == "yes_no":
        return rng.random() < 0.6
    if q.kind == "scale":
        return rng.choice([3, 4, 4, 5, 5, 2])
    return "" if rng.random() < 0.7 else "Thank you for the support."


def _profiles(ctx: DemoContext) -> list[AlumnusProfile]:
    """Every alumnus's profile, made here for those the registry's step left without one (tens of thousands
    at full scale: written as rows, not model objects)."""
    rng = ctx.rng
    alumni = list(
        Person.objects.filter(kind=PersonKind.ALUMNUS, anonymised_at__isnull=True)
        .exclude(alumnus_profile__isnull=False)
        .values_list("pk", "chapter__country_id", "nationality_id", "chapter__name_en")
    )
    consent_at = AlumnusProfile._meta.get_field("consent_updated_at").get_db_prep_save(
        _at(date(2025, 4, 1)), connection
    )
    fields = (
        "person", "country", "city", "sector", "organisation", "consents_to_news", "consents_to_events",
        "consents_to_recruitment", "consents_to_share_with_chapter", "consent_updated_at",
    )  # fmt: skip
    rows = [
        (
            pk,
            chapter_country if chapter_country is not None else nationality,
            (chapter_name or "").replace("JETAA ", ""),
            rng.choice(Sector.values),
            rng.choice(["", "City Council", "University", "Japan Society", "Trading company"]),
            rng.random() < 0.7,
            rng.random() < 0.6,
            rng.random() < 0.5,
            rng.random() < 0.6,
            consent_at,
        )
        for pk, chapter_country, nationality, chapter_name in alumni
    ]
    first = next_id(AlumnusProfile)
    insert_rows(AlumnusProfile, fields, rows, first_id=first)
    if rows:
        english = Language.objects.filter(code="en").values_list("pk", flat=True).first()
        japanese = Language.objects.filter(code="ja").values_list("pk", flat=True).first()
        links = []
        for profile_id in range(first, first + len(rows)):
            for lang in (english, japanese):
                if lang is not None and (lang == english or rng.random() < 0.5):
                    links.append((profile_id, lang))
        through = AlumnusProfile.languages.through
        insert_rows(through, ("alumnusprofile", "language"), links, first_id=next_id(through))
    return _sample(ctx)


def _sample(ctx: DemoContext) -> list[AlumnusProfile]:
    """Up to ALUMNI_PER_MISSION alumni of each mission's countries (and the demo alumnus): the ones the
    demo's surveys, bulletins and engagement are about, whatever the size of the registry."""
    from jetpm.core.models import Country

    codes = dict(Country.objects.values_list("pk", "code"))
    demo_alumnus = ctx.users.get("alumnus")
    own = getattr(getattr(demo_alumnus, "person", None), "pk", None) if demo_alumnus else None
    counts: dict[int, int] = {}
    chosen: list[int] = []
    qs = AlumnusProfile.objects.filter(person__anonymised_at__isnull=True)
    for pk, person_id, country_id in qs.order_by("person_id").values_list("pk", "person_id", "country_id"):
        mission = _mission_of(ctx, country_id, codes)
        if mission is None:
            continue
        if counts.get(mission.pk, 0) < ALUMNI_PER_MISSION or person_id == own:
            counts[mission.pk] = counts.get(mission.pk, 0) + 1
            chosen.append(pk)
    return list(AlumnusProfile.objects.filter(pk__in=chosen).select_related("person").order_by("person_id"))


def _mission_of(ctx: DemoContext, country_id: int | None, codes: dict[int, str]) -> Organisation | None:
    code = codes.get(country_id or 0)
    missions = ctx.missions_by_country.get(code or "", [])
    return missions[0] if missions else None


def _surveys(ctx: DemoContext, profiles: list[AlumnusProfile]) -> None:
    rng = ctx.rng
    mofa = ctx.agencies[OrgKind.MOFA]
    from jetpm.core.models import Country

    codes = dict(Country.objects.values_list("pk", "code"))
    questionnaires: dict[tuple[str, int], Questionnaire] = {}
    walk = Walk(QUESTIONNAIRES)
    for year in (2025, 2026):
        for purpose in SurveyPurpose.values:
            ja, en = TITLES[SurveyPurpose(purpose)]
            q = Questionnaire(
                purpose=purpose,
                fiscal_year=year,
                title_ja=f"{ja}（{wareki_fiscal_year(year)}）",
                title_en=f"{en} FY{year}",
                owner=mofa,
                opened_at=_at(date(year, 11, 1)),
            )
            walk.plan(q, [QS.DRAFT, QS.OPEN])
            questionnaires[(purpose, year)] = q
    Questionnaire.objects.bulk_create(walk.rows)
    Question.objects.bulk_create(
        Question(
            questionnaire=q,
            position=n,
            key=spec.key,
            kind=spec.kind,
            label_ja=spec.label_ja,
            label_en=spec.label_en,
            required=spec.required,
            choices=[dict(c) for c in spec.choices],
        )
        for (purpose, _year), q in questionnaires.items()
        for n, spec in enumerate(QUESTIONS[SurveyPurpose(purpose)], 1)
    )
    walk.run(when=lambda row, status: _at(date(row.fiscal_year, 11, 1)))

    demo_alumnus = ctx.users.get("alumnus")
    keep_open_person = getattr(getattr(demo_alumnus, "person", None), "pk", None) if demo_alumnus else None
    keep_open_chapter = ctx.chapters.get("jetaa-new-york")
    sample: dict[int, list[AlumnusProfile]] = {}
    for profile in profiles:
        mission = _mission_of(ctx, profile.country_id, codes)
        if mission is not None:
            sample.setdefault(mission.pk, []).append(profile)
    rows: list[Response] = []
    submit = Walk(RESPONSES)
    for (purpose, year), q in questionnaires.items():
        due = date(year + 1, 1, 31)
        respondents: list[tuple[int | None, int | None, int]] = []
        if purpose == SurveyPurpose.MEMBERSHIP:
            for chapter in ctx.chapters.values():
                mission = _mission_of(ctx, chapter.country_id, codes)
                if mission is not None:
                    respondents.append((chapter.pk, None, mission.pk))
        else:
            for mission_id, bucket in sample.items():
                respondents += [(None, p.person_id, mission_id) for p in bucket]
        specs = QUESTIONS[SurveyPurpose(purpose)]
        for org_id, person_id, via_id in respondents:
            r = Response(
                questionnaire=q,
                organisation_id=org_id,
                person_id=person_id,
                via_id=via_id,
                due_on=due,
                invited_at=_at(date(year, 11, 5)),
            )
            own = person_id is not None and person_id == keep_open_person
            own = own or (keep_open_chapter is not None and org_id == keep_open_chapter.pk)
            answered = (year == 2025 and rng.random() < 0.9) or (
                year == 2026 and not own and rng.random() < 0.4
            )
            if answered:
                r.answers = {s.key: v for s in specs if (v := _answer(rng, s)) not in ("", None)}
                r.submitted_at = _at(date(year, 11, 5) + timedelta(days=rng.randint(1, 25)))
                submit.plan(r, [RS.OPEN, RS.SUBMITTED])
            else:
                r.status = RS.OPEN
                if year == 2026 and rng.random() < 0.5:
                    r.reminded_at = _at(date(2026, 12, 1))
            rows.append(r)
    Response.objects.bulk_create(rows, batch_size=2000)
    submit.run(when=lambda row, status: row.submitted_at)
    closed = [questionnaires[(p, 2025)] for p in SurveyPurpose.values]
    with translation.override("en"):  # the audit log names records in English, as the walk does
        perform_bulk(QUESTIONNAIRES, closed, "close", actor=SYSTEM, at_of=lambda row: _at(date(2026, 3, 1)))
    Questionnaire.objects.filter(pk__in=[q.pk for q in closed]).update(closed_at=_at(date(2026, 3, 1)))
    ctx.extra["alumni_surveys"] = questionnaires


def _bulletins(ctx: DemoContext, profiles: list[AlumnusProfile]) -> None:
    rng = ctx.rng
    from jetpm.alumni.jurisdiction import chapters_of
    from jetpm.core.models import Country

    codes = dict(Country.objects.values_list("pk", "code"))
    senders = [ctx.missions[c] for c in BULLETIN_MISSIONS if c in ctx.missions] + [ctx.agencies[OrgKind.MOFA]]
    bulletins: list[Bulletin] = []
    for sender in senders:
        for n in range(3):
            kind = rng.choice(BulletinKind.values)
            bulletins.append(
                Bulletin(
                    sender=sender,
                    kind=kind,
                    subject=rng.choice(SUBJECTS[BulletinKind(kind)]),
                    body="A message of the demo world: news, events and calls of the programme.",
                    to_chapters=True,
                    to_alumni=True,
                    sent_at=_at(DEMO_TODAY - timedelta(days=20 + 45 * n)),
                )
            )
    Bulletin.objects.bulk_create(bulletins)
    deliveries: list[BulletinDelivery] = []
    for b in bulletins:
        missions = None if b.sender.kind == OrgKind.MOFA else [b.sender_id]
        for pk, email in chapters_of(missions).exclude(email="").values_list("pk", "email"):
            deliveries.append(
                BulletinDelivery(bulletin=b, chapter_id=pk, email=email, delivered_at=b.sent_at)
            )
        consent = CONSENT_OF[BulletinKind(b.kind)]
        for p in profiles:
            if not getattr(p, consent) or not p.person.email:
                continue
            if missions is not None:
                mission = _mission_of(ctx, p.country_id, codes)
                if mission is None or mission.pk != b.sender_id:
                    continue
            deliveries.append(
                BulletinDelivery(
                    bulletin=b, person_id=p.person_id, email=p.person.email, delivered_at=b.sent_at
                )
            )
    sent_at = {id(b): b.sent_at for b in bulletins}
    for d in deliveries:
        if rng.random() < 0.45:
            d.opened_at = sent_at[id(d.bulletin)] + timedelta(hours=rng.randint(1, 96))
    BulletinDelivery.objects.bulk_create(deliveries, batch_size=2000)


def _engagement(ctx: DemoContext, profiles: list[AlumnusProfile]) -> None:
    rng = ctx.rng
    from jetpm.core.models import Country

    codes = dict(Country.objects.values_list("pk", "code"))
    helpers: dict[int, list[AlumnusProfile]] = {}
    for p in profiles:
        if p.consents_to_recruitment:
            mission = _mission_of(ctx, p.country_id, codes)
            if mission is not None:
                helpers.setdefault(mission.pk, []).append(p)
    rows: list[Engagement] = []
    activities = OutreachActivity.objects.filter(
        alumni_involved__gt=0, mission_id__in=list(helpers)
    ).order_by("id")
    for a in activities:
        pool = helpers[a.mission_id]
        for p in rng.sample(pool, min(len(pool), a.alumni_involved, 2)):
            rows.append(
                Engagement(
                    person_id=p.person_id,
                    mission_id=a.mission_id,
                    kind=EngagementKind.PR_HELP,
                    date=a.date,
                    activity=a,
                )
            )
    for panel in Panel.objects.filter(mission_id__in=list(helpers)).order_by("id"):
        p = rng.choice(helpers[panel.mission_id])
        rows.append(
            Engagement(
                person_id=p.person_id,
                mission_id=panel.mission_id,
                kind=EngagementKind.SCREENING_PANEL,
                date=date(panel.intake_year - 1, 12, 10),
                panel=panel,
            )
        )
    for mission_id, pool in helpers.items():
        if rng.random() < 0.3:
            p = rng.choice(pool)
            rows.append(
                Engagement(
                    person_id=p.person_id,
                    mission_id=mission_id,
                    kind=rng.choice([EngagementKind.PREDEPARTURE_SPEAKER, EngagementKind.CAREER_SEMINAR]),
                    date=date(2026, 6, 20),
                    note="Shared their experience in Japan.",
                )
            )
    Engagement.objects.bulk_create(rows, batch_size=2000)


def alumni_outreach_step(ctx: DemoContext) -> None:
    ctx.report("alumni surveys", 0.0)
    profiles = _profiles(ctx)
    _surveys(ctx, profiles)
    ctx.report("alumni bulletins", 0.6)
    _bulletins(ctx, profiles)
    _engagement(ctx, profiles)
