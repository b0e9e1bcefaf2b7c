"""Participants in service, in a real browser and in both languages: a contracting organisation's
coordinator (Gifu Prefecture) sees its participants and a participant's terms, records an assessment and a
final reappointment decision, and is refused, with the rule named, a decision the rules forbid; the
participant states their intention on their own decision; CLAIR follows the national progress of the round
and reads the statistics (the seed's retention table, at the demo's small scale). Links and buttons are
clicked and forms filled; axe-core runs on every page visited. Each account switches to the language with
the header's button (the accounts' languages are restored afterwards)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pytest
from django.utils import timezone

from jetpm.appointments.models import AppointmentTerm, ReappointmentDecision
from jetpm.appointments.states import DecisionStatus, TermStatus
from jetpm.core.calendar import fiscal_year_of
from jetpm.core.models import User
from jetpm.demo.world.appointments import retention_at
from tests.browser.conftest import Demo, Visitor
from tests.browser.test_planning import click, fy, login_in, messages, nav, t

pytestmark = pytest.mark.browser

Visit = Callable[..., Visitor]

GIFU_CO = "co-210005"
ROUND = 2026  # the round whose window is open on the demo's today (FY2026)
USERS = ("co.coordinator", "participant", "clair.staff")
LANGUAGES = ("ja", "en")


@pytest.fixture
def languages_restored(demo: Demo) -> Iterator[None]:
    before = dict(User.objects.filter(username__in=USERS).values_list("username", "language"))
    yield
    for username, language in before.items():
        User.objects.filter(username=username).update(language=language)


def gifu_drafts() -> dict[str, list[AppointmentTerm]]:
    """Gifu's serving FY2026 terms with an undecided reappointment, by kind of work."""
    terms = list(
        AppointmentTerm.objects.filter(
            fiscal_year=ROUND,
            status=TermStatus.SERVING,
            contracting_org__code=GIFU_CO,
            reappointment__status=DecisionStatus.DRAFT,
            reappointment__intention="continue",
        )
        .select_related("participant", "reappointment")
        .order_by("participant__jet_id")
    )
    return {
        "eligible": [x for x in terms if x.year_on_programme <= 2 and not x.reappointment.assessment],
        "fourth": [x for x in terms if x.year_on_programme == 4 and x.reappointment.assessment == "capable"],
        "fifth": [x for x in terms if x.year_on_programme == 5],
    }


def row_of(v: Visitor, term: AppointmentTerm):  # type: ignore[no-untyped-def]
    page = v.page
    return page.locator(
        "[data-testid=reappointment-list] tbody tr",
        has=page.locator(f"a[href='/appointments/participants/{term.participant_id}/']"),
    )


def decide(v: Visitor, term: AppointmentTerm, *, allowed: bool = True) -> None:
    """Decide (final): the confirmation page names the participant before anything is decided (a decision
    the rules refuse is refused at once)."""
    click(
        v,
        f"form[action='/appointments/reappointment/decide/']:has(input[name=term][value='{term.pk}']) button",
    )
    if not allowed:
        assert v.page.locator("[data-testid=confirm]").count() == 0
        return
    assert term.participant.jet_id in v.page.locator("[data-testid=confirm]").inner_text()
    assert ReappointmentDecision.objects.get(term=term).status == DecisionStatus.DRAFT
    click(v, "[data-testid=confirm-yes]")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_coordinator_sees_participants_and_decides_reappointments(
    visit: Visit, lang: str, languages_restored: None
) -> None:
    assert fiscal_year_of(timezone.localdate()) == ROUND
    drafts = gifu_drafts()
    assert len(drafts["eligible"]) >= 2 and drafts["fourth"] and drafts["fifth"], drafts
    eligible = drafts["eligible"][0]  # each language run takes the first one still undecided
    v = login_in(visit, "co.coordinator", lang)
    page = v.page

    # the participants of Gifu Prefecture, and one participant's terms
    nav(v, "/appointments/participants/")
    assert page.locator("h1").inner_text().strip() == t(lang, "Participants")
    listed = page.locator("[data-testid=participant-list]").inner_text()
    assert eligible.participant.jet_id in listed
    v.check_a11y(f"participants of Gifu ({lang})")
    click(
        v, f"[data-testid=participant-list] a[href='/appointments/participants/{eligible.participant_id}/']"
    )
    terms = page.locator("[data-testid=term-list] tbody tr")
    years = [
        tm.fiscal_year
        for tm in AppointmentTerm.objects.filter(participant_id=eligible.participant_id).order_by(
            "fiscal_year"
        )
    ]
    assert terms.count() == len(years)
    for i, year in enumerate(years):
        assert fy(lang, year) in terms.nth(i).inner_text()
    assert t(lang, "Serving") in terms.nth(len(years) - 1).inner_text()
    v.check_a11y(f"a participant's terms ({lang})")

    # the round: assess and decide an eligible participant
    nav(v, "/appointments/reappointment/")
    assert fy(lang, ROUND) in page.locator("h1").inner_text()
    v.check_a11y(f"reappointment round ({lang})")
    row = row_of(v, eligible)
    row.locator("select[name=assessment]").select_option("capable")
    with page.expect_navigation():
        row.locator("form[action='/appointments/reappointment/assess/'] button[type=submit]").click()
    assert t(lang, "The assessment was recorded.") in messages(v)
    decide(v, eligible)
    assert t(lang, "Reappointed: next year's term was created.") in messages(v)
    assert t(lang, "Reappointed") in row_of(v, eligible).inner_text()
    assert row_of(v, eligible).locator("form").count() == 0  # final: nothing left to change
    v.check_a11y(f"round after a decision ({lang})")
    decision = ReappointmentDecision.objects.get(term=eligible)
    assert decision.status == DecisionStatus.DECIDED and decision.reappointed
    assert AppointmentTerm.objects.filter(
        participant_id=eligible.participant_id, fiscal_year=ROUND + 1
    ).exists()

    # decisions the rules forbid: refused with the rule named, nothing decided
    fourth, fifth = drafts["fourth"][0], drafts["fifth"][0]
    decide(v, fourth, allowed=False)
    needs = t(lang, "Years %(first)s–%(last)s need “especially excellent”.") % {"first": 4, "last": 5}
    assert needs in messages(v)
    decide(v, fifth, allowed=False)
    rule = t(lang, "The maximum term of the year is %(years)s years; no exception applies.") % {"years": 5}
    assert rule in messages(v)
    v.check_a11y(f"round with a refusal ({lang})")
    for term in (fourth, fifth):
        assert ReappointmentDecision.objects.get(term=term).status == DecisionStatus.DRAFT
        assert not AppointmentTerm.objects.filter(
            participant_id=term.participant_id, fiscal_year=ROUND + 1
        ).exists()
    v.logout()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_participant_states_their_intention(visit: Visit, lang: str, languages_restored: None) -> None:
    own = AppointmentTerm.objects.get(fiscal_year=ROUND, participant__person__user__username="participant")
    v = login_in(visit, "participant", lang)
    page = v.page
    # the home page asks for the intention (until it is stated) and leads to the participant's own page
    detail = f"/appointments/participants/{own.participant_id}/"
    if ReappointmentDecision.objects.filter(term=own).exclude(intention="").exists():
        assert page.locator(f"[data-testid=tasks] a[href='{detail}']").count() == 0
        v.goto(detail)
    else:
        click(v, f"[data-testid=tasks] a[href='{detail}']")
    v.check_a11y(f"the participant's own page ({lang})")
    intention = "continue" if lang == "ja" else "leave"
    page.locator("main select[name=intention]").select_option(intention)
    click(v, "main form[action='/appointments/reappointment/intention/'] button[type=submit]")
    assert t(lang, "The intention was recorded.") in messages(v)
    shown = "Wishes to continue" if intention == "continue" else "Will leave"
    assert t(lang, shown) in page.locator("main dl.facts").last.inner_text()
    v.check_a11y(f"the participant's intention recorded ({lang})")
    decision = ReappointmentDecision.objects.get(term=own)
    assert (decision.intention, decision.status) == (intention, DecisionStatus.DRAFT)
    v.logout()


def number(text: str) -> int:
    return int(re.sub(r"[,\s]", "", text))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_clair_follows_the_round_and_reads_the_statistics(
    visit: Visit, lang: str, languages_restored: None
) -> None:
    v = login_in(visit, "clair.staff", lang)
    page = v.page
    nav(v, "/appointments/reappointment/progress/")
    v.check_a11y(f"national progress of the round ({lang})")
    foot = [
        c.strip() for c in page.locator("[data-testid=reappointment-progress] tfoot td").all_inner_texts()
    ]
    current = ReappointmentDecision.objects.filter(term__fiscal_year=ROUND, term__status=TermStatus.SERVING)
    serving = AppointmentTerm.objects.filter(fiscal_year=ROUND, status=TermStatus.SERVING).count()
    decided = current.filter(status=DecisionStatus.DECIDED).count()
    assert [number(x) for x in foot] == [
        serving,
        decided,
        serving - decided,
        current.filter(status=DecisionStatus.DECIDED, reappointed=True).count(),
        current.filter(status=DecisionStatus.DECIDED, reappointed=False).count(),
    ]
    assert 0.3 * serving < decided < 0.7 * serving  # about half decided

    # the statistics of the published years: the seed's retention table (a twentieth at the demo's scale)
    nav(v, "/stats/")
    form = page.locator("[data-testid=stats-filter]")
    form.locator("input[name=from]").fill("2022")
    form.locator("input[name=to]").fill("2024")
    form.locator("input[name=fy]").fill("2024")
    click(v, "[data-testid=stats-filter] button[type=submit]")
    v.check_a11y(f"statistics ({lang})")
    table = retention_at("small")
    row = page.locator(
        "[data-testid=stats-retention] tbody tr", has=page.locator(f"th:text-is('{fy(lang, 2022)}')")
    )
    cells = [c.split()[0] for c in row.locator("td").all_inner_texts()]
    assert [number(c) for c in cells] == [table[(2022, y)] for y in (2022, 2023, 2024)]
    v.logout()
