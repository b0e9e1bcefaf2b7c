"""The examination rules in a real browser, in both languages: the Council approves next year's draft (after
the confirmation page names the consequences); an agency corrects the approved rules only by a new version
(the approved text is never edited in place), edits the new draft, and the Council's approval of it
supersedes the version it corrects. Links and buttons are clicked and forms filled; axe-core runs on every
page."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from django.utils import translation

from jetpm.core.models import User
from jetpm.evaluation.models import ExaminationRules
from tests.browser.conftest import Demo, Visitor

pytestmark = pytest.mark.browser

Visit = Callable[..., Visitor]
YEAR = 2028  # the demo's draft examination rules (next year's)
USERS = ("council.approver", "mofa.staff")
LOCALES = {"en": "en-GB", "ja": "ja-JP"}


def t(language: str, text: str) -> str:
    with translation.override(language):
        return translation.gettext(text)


def click(v: Visitor, selector: str) -> None:
    with v.page.expect_navigation():
        v.page.locator(selector).first.click()


@pytest.fixture
def demo_state_restored(demo: Demo) -> Iterator[None]:
    """Each language's run starts from the demo's state: FY2028's version 1 a draft, no other version."""
    before = dict(User.objects.filter(username__in=USERS).values_list("username", "language"))
    first = ExaminationRules.objects.get(intake_year=YEAR, version=1)
    text_ja, text_en = first.text_ja, first.text_en

    def reset() -> None:
        ExaminationRules.objects.filter(intake_year=YEAR, version__gt=1).delete()
        ExaminationRules.objects.filter(pk=first.pk).update(
            status="draft", approved_at=None, approved_by=None, text_ja=text_ja, text_en=text_en
        )

    reset()
    yield
    reset()
    for username, language in before.items():
        User.objects.filter(username=username).update(language=language)


def message(v: Visitor) -> str:
    return v.page.locator("main").inner_text()


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_council_approves_and_a_correction_is_a_new_version(
    visit: Visit, lang: str, demo_state_restored: None
) -> None:
    User.objects.filter(username__in=USERS).update(language=lang)
    first = ExaminationRules.objects.get(intake_year=YEAR, version=1)
    detail = f"/evaluation/examination-rules/{first.pk}/"

    # the Council approves next year's draft, after the confirmation page
    v = visit(locale=LOCALES[lang])
    page = v.login("council.approver")
    assert page.get_attribute("html", "lang") == lang
    click(v, "header nav.mainnav a[href='/evaluation/examination-rules/']")
    assert page.locator("h1").inner_text().strip() == t(lang, "Examination rules")
    v.check_a11y(f"examination rules ({lang})")
    click(v, f"[data-testid=rules-list] a[href='{detail}']")
    assert page.locator("[data-testid=rules-status]").inner_text().strip() == t(lang, "Draft")
    v.check_a11y(f"the draft rules ({lang})")
    click(v, f"[data-testid=rules-actions] form[action='{detail}approve/'] button")
    consequences = page.locator("[data-testid=confirm-consequences]").inner_text()
    assert (
        t(
            lang,
            "Approved examination rules cannot be changed; a correction is a new version that replaces them "
            "when approved.",
        )
        in consequences
    )
    v.check_a11y(f"approving the rules asks first ({lang})")
    first.refresh_from_db()
    assert first.status == "draft"  # asking changed nothing
    click(v, "[data-testid=confirm-yes]")
    assert t(lang, "The examination rules were approved.") in message(v)
    assert page.locator("[data-testid=rules-status]").inner_text().strip() == t(lang, "Approved")
    assert page.locator(f"a[href='{detail}edit/']").count() == 0  # nothing approved is edited
    first.refresh_from_db()
    assert first.status == "approved" and first.approved_by is not None
    approved_text = (first.text_ja, first.text_en)
    v.logout()

    # MOFA corrects the approved rules: a new draft version, the approved one untouched
    page = v.login("mofa.staff")
    v.goto(f"{detail}edit/")
    assert t(
        lang, "Approved examination rules cannot be changed; make a new version to correct them."
    ) in message(v)
    assert page.locator("[data-testid=rules-form]").count() == 0
    click(v, f"[data-testid=rules-actions] form[action='{detail}new-version/'] button")
    assert t(lang, "A new draft version was made; it replaces this one when approved.") in message(v)
    second = ExaminationRules.objects.get(intake_year=YEAR, version=2)
    assert second.status == "draft" and second.supersedes_id == first.pk
    assert page.url.endswith(f"/evaluation/examination-rules/{second.pk}/edit/")
    v.check_a11y(f"editing the new version ({lang})")
    added = f"\n4. Interview questions are published to the panels a week ahead ({lang})."
    page.fill("[data-testid=rules-form] textarea[name=text_en]", second.text_en + added)
    click(v, "[data-testid=rules-form] button[type=submit]")
    assert t(lang, "The examination rules were saved.") in message(v)
    assert page.url.endswith(f"/evaluation/examination-rules/{second.pk}/")
    facts = page.locator("[data-testid=rules-facts]").inner_text()
    assert t(lang, "Corrects") in facts
    first.refresh_from_db()
    assert (first.text_ja, first.text_en) == approved_text and first.status == "approved"
    v.logout()

    # the Council approves the correction: it supersedes version 1
    page = v.login("council.approver")
    v.goto(f"/evaluation/examination-rules/{second.pk}/")
    click(
        v,
        f"[data-testid=rules-actions] form[action$='/{second.pk}/approve/'] button",
    )
    click(v, "[data-testid=confirm-yes]")
    assert t(lang, "The examination rules were approved.") in message(v)
    second.refresh_from_db()
    first.refresh_from_db()
    assert second.status == "approved" and second.text_en.endswith(added)
    assert first.status == "superseded" and (first.text_ja, first.text_en) == approved_text
    click(v, "main a[href='/evaluation/examination-rules/']")
    rows = page.locator("[data-testid=rules-list] tbody tr").all_inner_texts()
    assert any(t(lang, "Superseded") in r for r in rows) and any(t(lang, "Approved") in r for r in rows)
    v.check_a11y(f"the rules after the correction ({lang})")
    v.assert_clean()
