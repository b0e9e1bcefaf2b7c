"""On the demo world: the Council's FY2027 discussion has begun, its findings under discussion linked to the
changes they propose in next year's drafts (the FY2028 draft guideline's criteria and the FY2028 draft
examination rules), and those drafts' pages show the findings that change them."""

from __future__ import annotations

import pytest
from django.test import Client

from jetpm.core.models import User
from jetpm.evaluation.models import ExaminationRules, Finding, FindingChange
from jetpm.planning.models import Guideline

pytestmark = [pytest.mark.django_db, pytest.mark.slow]
DRAFT_YEAR = 2028


def client_of(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def test_next_years_drafts_carry_changes_linked_to_findings_under_discussion(demo_world: None) -> None:
    draft = Guideline.objects.get(intake_year=DRAFT_YEAR, status="draft")
    rules = ExaminationRules.objects.get(intake_year=DRAFT_YEAR, status="draft")
    changes = list(
        FindingChange.objects.filter(finding__fiscal_year=DRAFT_YEAR - 1).select_related(
            "finding", "criterion"
        )
    )
    assert {c.finding.status for c in changes} == {"open"}
    on_criteria = [c for c in changes if c.target == "criterion"]
    assert on_criteria and all(
        c.guideline_id == draft.pk and c.criterion.guideline_id == draft.pk for c in on_criteria
    )
    assert [c for c in changes if c.target == "examination_rules" and c.examination_rules_id == rules.pk]
    # nothing approved is changed: the earlier discussion's changes sit on the approved FY2027 documents
    earlier = FindingChange.objects.filter(finding__fiscal_year=DRAFT_YEAR - 2)
    assert earlier.exists() and not earlier.filter(guideline__intake_year=DRAFT_YEAR).exists()
    # the draft guideline's and the draft rules' pages show the findings that change them
    client = client_of("council.approver")
    for url in (f"/planning/guidelines/{draft.pk}/", f"/evaluation/examination-rules/{rules.pk}/"):
        html = client.get(url).content.decode()
        assert 'data-testid="findings-panel"' in html, url
    html = client.get(f"/planning/guidelines/{draft.pk}/").content.decode()
    for change in on_criteria:
        assert change.finding.title in html and change.change in html
    titles = set(Finding.objects.filter(fiscal_year=DRAFT_YEAR - 1).values_list("title", flat=True))
    assert titles == {c.finding.title for c in changes}
