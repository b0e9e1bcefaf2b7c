"""HQ's evaluation of the entrance in a real browser, in English and in Japanese: MOFA's staff open the
outcomes from the menu's statistics group, then the fairness view of the finished intake, where the severe
panel is flagged and calibration's effect is shown (how many results it changed, and the short-list places
the severe panel's candidates kept). A mission's staff get 404. axe-core runs on every page."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from jetpm.core.models import Organisation, User
from jetpm.core.scoping import OPERATOR
from jetpm.demo.world.core import PUBLISHED_YEAR
from jetpm.evaluation.fairness import selectors, stats
from tests.browser.conftest import Demo, Visitor

pytestmark = pytest.mark.browser

Visit = Callable[..., Visitor]
LOCALES = {"en": "en-GB", "ja": "ja-JP"}


@pytest.fixture
def language_restored(demo: Demo) -> Iterator[None]:
    before = User.objects.get(username="mofa.staff").language
    yield
    User.objects.filter(username="mofa.staff").update(language=before)


def click(v: Visitor, selector: str) -> None:
    with v.page.expect_navigation():
        v.page.locator(selector).first.click()


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_hq_sees_the_severe_panel_and_calibrations_effect(
    demo: Demo, visit: Visit, lang: str, language_restored: None
) -> None:
    User.objects.filter(username="mofa.staff").update(language=lang)
    severe = next(
        p
        for p in stats.panels(selectors.scored(OPERATOR, fiscal_year=PUBLISHED_YEAR))
        if p.stage == "interview" and p.verdict == "severe"
    )
    effect = stats.calibration_effect(selectors.selection_lists(OPERATOR, fiscal_year=PUBLISHED_YEAR))
    kept = next(e for e in effect.by_panel if e.panel == severe.panel)
    code, panel_name = severe.panel.split("/")
    mission = Organisation.objects.get(code=code)

    v = visit(locale=LOCALES[lang])
    page = v.login("mofa.staff")
    click(v, "header nav a[href='/evaluation/outcomes/']")
    assert page.locator("html").get_attribute("lang") == lang
    heading = page.locator("h1").inner_text()
    assert ("Outcomes of the entrance" in heading) if lang == "en" else ("入口の成果" in heading)
    assert page.locator("[data-testid=outcomes-total]").count() == 1
    assert page.locator("svg#chart-funnel").count() == 1
    v.check_a11y(f"outcomes {lang}")

    click(v, "main a[href^='/evaluation/fairness/']")
    flagged = page.locator("[data-testid=fairness-flagged]").inner_text()
    assert panel_name in flagged
    assert (mission.name_en if lang == "en" else mission.name_ja) in flagged
    assert ("Severe" if lang == "en" else "厳しめ") in flagged
    changed = page.locator("[data-testid=fairness-changed]").inner_text()
    assert str(effect.changed) in changed and str(effect.candidates) in changed
    assert ("Calibration changed" in changed) if lang == "en" else ("補正により" in changed)
    row = page.locator("[data-testid=fairness-effects] tr", has_text=panel_name).filter(
        has_text=mission.name_en if lang == "en" else mission.name_ja
    )
    cells = row.locator("td").all_inner_texts()
    assert cells[1:3] == [str(kept.shortlisted_raw), str(kept.shortlisted_calibrated)]
    assert page.locator("svg#chart-severity").count() == 1
    v.check_a11y(f"fairness {lang}")


def test_a_mission_gets_404(demo: Demo, visit: Visit) -> None:
    v = visit()
    v.login("mission.staff")
    v.goto("/evaluation/fairness/", status=404)
    v.goto("/evaluation/outcomes/", status=404)
    assert v.page.locator("header nav a[href='/evaluation/outcomes/']").count() == 0
