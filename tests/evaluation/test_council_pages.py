"""Pages of the Council's findings and the examination rules: who sees what (404 out of scope), the link form,
the guideline's page showing the findings that changed it, bounded queries."""

from __future__ import annotations

import pytest
from django.urls import reverse

from jetpm.evaluation.council import services
from jetpm.evaluation.models import Finding, FindingChange
from tests.evaluation.council_support import finding, rules_draft
from tests.planning.guidelines_support import draft

pytestmark = pytest.mark.django_db


def test_the_council_records_a_finding_and_links_a_criterions_change(world, client):
    g = draft(world, 2027)
    client.force_login(world.users["council.approver"])
    response = client.post(
        reverse("evaluation:finding_list"),
        {"fiscal_year": 2026, "title": "Panels differ", "text": "Severity varies.", "source": "fairness"},
    )
    f = Finding.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/evaluation/findings/{f.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "Criterion 2" in page  # the draft's criteria are offered
    criterion = g.criteria.get(code="communication")
    client.post(
        reverse("evaluation:finding_link", kwargs={"finding_id": f.pk}),
        {"target": "criterion", "criterion": criterion.pk, "change": "Anchors for each interview score."},
    )
    assert FindingChange.objects.get().criterion == criterion
    page = client.get(reverse("planning:guideline_detail", kwargs={"guideline_id": g.pk})).content.decode()
    assert 'data-testid="findings-panel"' in page and "Panels differ" in page
    assert "Anchors for each interview score." in page


def test_a_bad_finding_shows_every_error(world, client):
    client.force_login(world.users["council.approver"])
    response = client.post(reverse("evaluation:finding_list"), {"fiscal_year": 2026, "source": ""})
    assert response.status_code == 400
    assert response.content.decode().count('class="error"') >= 3
    assert not Finding.objects.exists()


@pytest.mark.parametrize(
    "username", ["mission_a.staff", "co_a.coordinator", "host_a.coordinator", "applicant_a"]
)
def test_findings_and_draft_rules_answer_404_out_of_scope(world, client, username):
    f = finding(world)
    rules = rules_draft(world)
    client.force_login(world.users[username])
    assert client.get(reverse("evaluation:finding_list")).status_code == 404
    assert client.get(reverse("evaluation:finding_detail", kwargs={"finding_id": f.pk})).status_code == 404
    url = reverse("evaluation:examination_rules_detail", kwargs={"examination_rules_id": rules.pk})
    assert client.get(url).status_code == 404
    assert client.get(reverse("evaluation:examination_rules_list")).status_code == 200


def test_agencies_read_findings_but_do_not_record_them(world, client):
    f = finding(world)
    client.force_login(world.users["mofa.staff"])
    page = client.get(reverse("evaluation:finding_detail", kwargs={"finding_id": f.pk})).content.decode()
    assert f.title in page and 'data-testid="link-form"' not in page
    response = client.post(reverse("evaluation:finding_list"), {"fiscal_year": 2026})
    assert response.status_code == 404
    url = reverse("evaluation:finding_link", kwargs={"finding_id": f.pk})
    assert client.post(url, {"target": "guideline", "change": "x"}).status_code == 404


def test_approving_rules_asks_first(world, client):
    rules = rules_draft(world)
    client.force_login(world.users["council.approver"])
    url = reverse("evaluation:examination_rules_approve", kwargs={"examination_rules_id": rules.pk})
    page = client.post(url).content.decode()
    assert "every mission runs" in page
    client.post(url, {"confirmed": "yes"})
    rules.refresh_from_db()
    assert rules.status == "approved"


def test_the_findings_list_runs_a_bounded_number_of_queries(world, client, django_assert_max_num_queries):
    g = draft(world, 2027)
    member = world.users["council.approver"]
    for i in range(30):
        f = finding(world, title=f"Finding {i}")
        services.link_change(actor=member, finding_id=f.pk, target="guideline", guideline_id=g.pk, change="x")
    client.force_login(member)
    with django_assert_max_num_queries(15):
        assert client.get(reverse("evaluation:finding_list")).status_code == 200
    with django_assert_max_num_queries(25):
        assert (
            client.get(reverse("planning:guideline_detail", kwargs={"guideline_id": g.pk})).status_code == 200
        )


def test_the_link_form_names_the_criteria_in_the_readers_language(world):
    from django.utils import translation

    from jetpm.evaluation.council.forms import LinkForm

    g = draft(world, 2027)
    criterion = g.criteria.get(code="communication")
    assert criterion.name_ja != criterion.name_en
    for language, shown, hidden in (
        ("ja", criterion.name_ja, criterion.name_en),
        ("en", criterion.name_en, criterion.name_ja),
    ):
        with translation.override(language):
            labels = dict(LinkForm(criteria=[criterion]).fields["criterion"].choices)
        assert shown in str(labels[criterion.pk]) and hidden not in str(labels[criterion.pk])
