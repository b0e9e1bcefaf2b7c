"""The demo world's evaluation of the entrance (helper `council`): the examination rules of the years
(FY2025–FY2027 approved, FY2028 a draft copied from FY2027), the local governments' survey (FY2025 closed
with most organisations' answers; FY2026 open since October, due at the end of January, answered by a
share so far — the demo's today is 2026-12-06), the Council's FY2026 findings carried into the FY2027
guideline, its criteria and the FY2027 examination rules, and the FY2027 discussion begun: findings under
discussion linked to the changes they propose in next year's drafts (the FY2028 guideline's criteria and
the FY2028 examination rules).

Records are bulk-created in the status their workflow creates them in and taken through the workflow layer
(``walk.Walk``), as the other steps do; the texts are the demo's own, not the Council's wording."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import TYPE_CHECKING

from django.utils import timezone

from jetpm.core.calendar import fiscal_year_label
from jetpm.core.models import Organisation
from jetpm.core.states import OrgKind
from jetpm.demo.world.core import DEMO_TODAY
from jetpm.demo.world.walk import Walk
from jetpm.evaluation.models import ExaminationRules, Finding, FindingChange
from jetpm.evaluation.states import ChangeTarget, DocumentStatus, FindingSource, FindingStatus
from jetpm.evaluation.voice.questions import PURPOSE, QUESTIONS
from jetpm.evaluation.voice.services import RESPONDENT_KINDS, default_due
from jetpm.evaluation.workflows import EXAMINATION_RULES, FINDINGS
from jetpm.planning.models import Guideline
from jetpm.planning.states import GuidelineStatus
from jetpm.questionnaires.models import Question, Questionnaire, Response
from jetpm.questionnaires.states import QuestionnaireStatus, ResponseStatus
from jetpm.questionnaires.workflows import QUESTIONNAIRES, RESPONSES

if TYPE_CHECKING:
    from jetpm.demo.generator import DemoContext

RULE_YEARS = (2025, 2026, 2027)
RULES_DRAFT_YEAR = 2028
# (fiscal year, share of the organisations that answered, closed?)
SURVEYS = ((2025, 0.78, True), (2026, 0.45, False))
REQUESTS = [  # the demo's texts are in English (a page in English shows no Japanese; see tests/i18n)
    "Please send the placement notices a little earlier.",
    "Please check the Japanese of CIR candidates more closely at selection.",
    "We ask for participants with a driving licence, but the request is rarely met.",
    "Please tell participants more about schools in the pre-departure orientation.",
    "Please publish examples of how small municipalities host participants.",
    "Please align the dates on which reappointment intentions are asked.",
]

RULES_JA = """【デモ用の文章です。実際の試験実施要領ではありません。】

{label}の選考試験の実施要領です。各在外公館は、本要領に従い書類選考、面接及び日本語試験（国際交流員）を実施します。

1. 面接は原則3名の面接官で行い、うち1名以上を元JET参加者とします。
2. 面接官は、面接の前に評点の目安を確認し、在外公館内で評点の合わせ（キャリブレーション）を行います。
3. 日本語試験は、読解・作文・会話の3分野で実施します。{extra}"""
RULES_EN = (
    "[Demo text written for this demo world; not the Council's actual examination rules.]\n\n"
    "These are the examination rules of the intake of {label}. Every mission runs the document screening, "
    "the interviews and (for CIR applicants) the Japanese test by these rules.\n\n"
    "1. Interviews are held by a panel of three, at least one of them a former JET participant.\n"
    "2. Before the interviews the panel reviews the anchors of each score and calibrates its scores within "
    "the mission.\n"
    "3. The Japanese test covers reading, writing and conversation.{extra}"
)
EXTRA_2027 = (
    "\n4. 面接官は全員、事前のキャリブレーション研修を受講します（令和8年度協議会の指摘による）。",
    "\n4. Every panel member takes the calibration training before the interviews (a finding of the "
    "Council in FY2026).",
)


def _at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _texts(year: int) -> tuple[str, str]:
    ja_extra, en_extra = EXTRA_2027 if year >= 2027 else ("", "")
    return (
        RULES_JA.format(label=fiscal_year_label(year, "ja"), extra=ja_extra),
        RULES_EN.format(label=fiscal_year_label(year, "en"), extra=en_extra),
    )


def council_step(ctx: DemoContext) -> None:
    approver = ctx.users.get(f"{OrgKind.COUNCIL}.approver")
    rules = _examination_rules(ctx, approver)
    ctx.report("Local governments' survey", 0.2)
    _surveys(ctx)
    ctx.report("Council findings", 0.8)
    _findings(ctx, approver, rules)


def _examination_rules(ctx: DemoContext, approver: object) -> dict[int, ExaminationRules]:
    walk = Walk(EXAMINATION_RULES)
    rows: dict[int, ExaminationRules] = {}
    for year in (*RULE_YEARS, RULES_DRAFT_YEAR):
        ja, en = _texts(year)
        row = ExaminationRules(intake_year=year, version=1, text_ja=ja, text_en=en)
        if year in RULE_YEARS:
            row.approved_by = approver  # type: ignore[assignment]
            row.approved_at = _at(date(year - 1, 7, 22 + ctx.rng.randint(0, 5)))
            walk.plan(row, [DocumentStatus.DRAFT, DocumentStatus.APPROVED])
        else:
            row.status = DocumentStatus.DRAFT
        rows[year] = row
    ExaminationRules.objects.bulk_create(rows.values())
    walk.run(when=lambda row, status: row.approved_at, actor=approver)
    return rows


def _surveys(ctx: DemoContext) -> None:
    clair = ctx.agencies[OrgKind.CLAIR]
    orgs = list(
        Organisation.objects.filter(kind__in=RESPONDENT_KINDS, is_active=True)
        .select_related("prefecture")
        .order_by("code")
    )
    keep_open = {"co-210005", "host-21"}  # the demo's Gifu logins answer FY2026's themselves
    questionnaires: list[Questionnaire] = []
    for year, _share, _closed in SURVEYS:
        questionnaires.append(
            Questionnaire(
                purpose=PURPOSE,
                fiscal_year=year,
                title_ja=f"{fiscal_year_label(year, 'ja')} JETプログラム評価（地方自治体）",
                title_en=f"FY{year} evaluation of the JET Programme by local governments",
                owner=clair,
                status=QuestionnaireStatus.DRAFT,
            )
        )
    Questionnaire.objects.bulk_create(questionnaires)
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
        for q in questionnaires
        for n, spec in enumerate(QUESTIONS, 1)
    )
    opening = Walk(QUESTIONNAIRES)
    for q in questionnaires:
        q.opened_at = _at(date(q.fiscal_year, 10, 1))
        opening.plan(q, [QuestionnaireStatus.DRAFT, QuestionnaireStatus.OPEN])
    opening.run(when=lambda q, status: q.opened_at)
    rng = ctx.rng
    answering = Walk(RESPONSES)
    responses: list[Response] = []
    for q, (year, share, _closed) in zip(questionnaires, SURVEYS, strict=True):
        due = default_due(year)
        start = date(year, 10, 5)
        last = min(due, DEMO_TODAY - (DEMO_TODAY - start) // 10) if year == 2026 else due
        for org in orgs:
            # the related records set (not their ids): the audit events name the response without a query
            r = Response(questionnaire=q, organisation=org, via=clair, due_on=due)
            kind, pref = org.kind, org.prefecture.code if org.prefecture else ""
            answered = rng.random() < share and not (year == 2026 and org.code in keep_open)
            if answered:
                lean = 0.4 if pref in ("01", "47", "13") else 0.0  # a few prefectures a little happier
                score = min(5, max(1, round(rng.gauss(3.7 + lean, 0.8))))
                r.answers = {
                    "programme": score,
                    "participants": min(5, max(1, round(rng.gauss(3.9, 0.7)))),
                    "match": rng.choices(["yes", "mostly", "partly", "no"], weights=[40, 40, 15, 5])[0],
                    "preparation": min(5, max(1, round(rng.gauss(3.4, 0.9)))),
                    "next_year": rng.random() < 0.92,
                }
                if kind == OrgKind.HOST_ORG or rng.random() < 0.25:
                    r.answers["requests"] = rng.choice(REQUESTS)
                days = (last - start).days
                r.submitted_at = _at(date.fromordinal(start.toordinal() + rng.randint(0, max(days, 0))), 14)
                answering.plan(r, [ResponseStatus.OPEN, ResponseStatus.SUBMITTED])
            else:
                r.status = ResponseStatus.OPEN
            responses.append(r)
    Response.objects.bulk_create(responses, batch_size=1000)
    answering.run(when=lambda r, status: r.submitted_at)
    closing = Walk(QUESTIONNAIRES)
    for q, (year, _share, closed) in zip(questionnaires, SURVEYS, strict=True):
        if closed:
            q.closed_at = _at(date(year + 1, 2, 10))
            closing.plan(q, [QuestionnaireStatus.OPEN, QuestionnaireStatus.CLOSED])
    closing.run(when=lambda q, status: q.closed_at)


# (title, text, source, link, [(target, criterion code or "", the change)])
FINDINGS_2026: list[tuple[str, str, str, str, list[tuple[str, str, str]]]] = [
    (
        "面接の評点が在外公館の面接官によってばらつく",
        "令和7年度の選考では、キャリブレーション前の面接評点に在外公館間で大きな差があり、特に一つの公館の面接官が"
        "著しく厳しく評価していた。評点の目安を示し、事前の合わせを徹底する必要がある。",
        FindingSource.FAIRNESS,
        "",
        [
            (
                ChangeTarget.CRITERION,
                "communication",
                "評点1〜5それぞれの目安（行動例）を審査基準に明記する。",
            ),
            (
                ChangeTarget.EXAMINATION_RULES,
                "",
                "面接官全員に事前のキャリブレーション研修の受講を義務付ける。",
            ),
        ],
    ),
    (
        "元参加者の再応募が新規参加の機会を狭めている",
        "応募から配置までの実績では、元参加者の再応募の割合が増え、初めて参加する応募者の合格率が下がっている。",
        FindingSource.OUTCOMES,
        "",
        [(ChangeTarget.GUIDELINE, "", "元参加者が再応募できるまでの期間を3年から5年に延ばす。")],
    ),
    (
        "国際交流員の日本語能力の確認を求める声",
        "令和7年度の地方自治体アンケートで、国際交流員の日本語能力が業務に足りないとの要望が複数寄せられた。",
        FindingSource.CO_EVALUATION,
        "/evaluation/voice/results/?year=2025",
        [(ChangeTarget.CRITERION, "conversation", "日本語試験の会話の配点を30から40に引き上げる。")],
    ),
    (
        "大学外での広報が応募につながっていない",
        "在外公館の広報の自己評価と外務省のレビューでは、就職フェア等での広報の応募への寄与が小さかった。",
        FindingSource.PR_REVIEW,
        "/outreach/",
        [(ChangeTarget.GUIDELINE, "", "募集要項にオンライン説明会の案内と日程を載せる。")],
    ),
]
OPEN_2026 = (
    "配置通知を早めてほしいとの要望",
    "令和8年度の地方自治体アンケート（回答受付中）で、配置決定の通知時期を早めてほしいとの要望が多い。"
    "回答の締切後に改めて議論する。",
    FindingSource.CO_EVALUATION,
    "/evaluation/voice/results/?year=2026",
)


DRAFT_YEAR = RULES_DRAFT_YEAR  # next year's drafts: the FY2027 discussion's findings change them
# The FY2027 discussion has begun (the demo's today is in FY2026, the FY2026 intake's outcomes are in):
# findings under discussion, each already linked to the change it proposes in the FY2028 drafts.
FINDINGS_2027: list[tuple[str, str, str, str, list[tuple[str, str, str]]]] = [
    (
        "模擬授業の評点が補正後も在外公館の間でばらつく",
        "令和8年度採用の選考では、一つの在外公館の面接官が補正前に著しく厳しく評価していた。補正で順位への影響は"
        "解消されたが、模擬授業の評点は補正後も在外公館の間の差が大きい。評点の目安と課題を共通にする必要がある。",
        FindingSource.FAIRNESS,
        f"/evaluation/fairness/?fy={DRAFT_YEAR - 2}",
        [
            (
                ChangeTarget.CRITERION,
                "teaching",
                "模擬授業の評点1〜5それぞれの目安（行動例）を審査基準に明記する。",
            ),
            (
                ChangeTarget.EXAMINATION_RULES,
                "",
                "模擬授業の課題（学年・単元）を全在外公館で共通のものとする。",
            ),
        ],
    ),
    (
        "国際交流員の作文試験が業務の文書作成を測れていない",
        "令和8年度の地方自治体アンケート（回答受付中）で、国際交流員の翻訳・文書作成の力が配置後に足りないとの声がある。",
        FindingSource.CO_EVALUATION,
        f"/evaluation/voice/results/?year={DRAFT_YEAR - 2}",
        [(ChangeTarget.CRITERION, "writing", "日本語試験の作文を業務文書の作成（翻訳を含む）で評価する。")],
    ),
]


def _findings(ctx: DemoContext, approver: object, rules: dict[int, ExaminationRules]) -> None:
    _next_year_findings(approver, rules)
    guideline = (
        Guideline.objects.filter(intake_year=2027, status=GuidelineStatus.APPROVED)
        .order_by("-version")
        .first()
    )
    if guideline is None:
        return
    criteria = {(c.stage, c.code): c for c in guideline.criteria.all()}
    by_code = {code: c for (stage, code), c in criteria.items() if stage != "documents"}
    adopted_on = _at(date(2026, 6, 18))
    walk = Walk(FINDINGS)
    findings: list[Finding] = []
    for title, text, source, link, _changes in FINDINGS_2026:
        f = Finding(
            fiscal_year=2026,
            title=title,
            text=text,
            source=source,
            source_link=link,
            recorded_by=approver,  # type: ignore[misc]
            adopted_by=approver,  # type: ignore[misc]
            adopted_at=adopted_on,
        )
        walk.plan(f, [FindingStatus.OPEN, FindingStatus.ADOPTED])
        findings.append(f)
    title, text, source, link = OPEN_2026
    findings.append(
        Finding(
            fiscal_year=2026, title=title, text=text, source=source, source_link=link, recorded_by=approver
        )  # type: ignore[misc]
    )
    Finding.objects.bulk_create(findings)
    changes: list[FindingChange] = []
    for f, (_t, _x, _s, _l, links) in zip(findings, FINDINGS_2026, strict=False):
        for target, code, change in links:
            row = FindingChange(finding=f, target=target, change=change, created_by=approver)  # type: ignore[misc]
            if target == ChangeTarget.EXAMINATION_RULES:
                row.examination_rules = rules[2027]
            else:
                row.guideline = guideline
                if target == ChangeTarget.CRITERION:
                    c = by_code[code]
                    row.criterion = c
                    row.criterion_label = f"{c.get_stage_display()}: {c.name_en} / {c.name_ja}"[:200]
            changes.append(row)
    FindingChange.objects.bulk_create(changes)
    walk.run(when=lambda f, status: f.adopted_at, actor=approver)


def _next_year_findings(approver: object, rules: dict[int, ExaminationRules]) -> None:
    """The FY2027 discussion's findings under discussion, linked to the FY2028 draft guideline's criteria and
    the FY2028 draft examination rules (next year's drafts show the findings that change them)."""
    draft = Guideline.objects.filter(intake_year=DRAFT_YEAR, status=GuidelineStatus.DRAFT).first()
    draft_rules = rules.get(DRAFT_YEAR)
    if draft is None or draft_rules is None:
        return
    by_code = {c.code: c for c in draft.criteria.all() if c.stage != "documents"}
    findings = [
        Finding(
            fiscal_year=DRAFT_YEAR - 1,
            title=title,
            text=text,
            source=source,
            source_link=link,
            recorded_by=approver,  # type: ignore[misc]
        )
        for title, text, source, link, _changes in FINDINGS_2027
    ]
    Finding.objects.bulk_create(findings)
    changes: list[FindingChange] = []
    for f, (_t, _x, _s, _l, links) in zip(findings, FINDINGS_2027, strict=True):
        for target, code, change in links:
            row = FindingChange(finding=f, target=target, change=change, created_by=approver)  # type: ignore[misc]
            if target == ChangeTarget.EXAMINATION_RULES:
                row.examination_rules = draft_rules
            else:
                row.guideline = draft
                if target == ChangeTarget.CRITERION:
                    c = by_code[code]
                    row.criterion = c
                    row.criterion_label = f"{c.get_stage_display()}: {c.name_en} / {c.name_ja}"[:200]
            changes.append(row)
    FindingChange.objects.bulk_create(changes)
