"""The Council's findings and the examination rules: the services' rules (bad input refused naming the rule,
approved documents never changed in place, versions) and the scoping of the records."""

from __future__ import annotations

import pytest

from jetpm.core.errors import DomainError, FieldErrors, IllegalTransition, NotFound, PermissionDenied
from jetpm.core.models import AuditEvent
from jetpm.core.scoping import visible_to
from jetpm.evaluation.council import selectors, services
from jetpm.evaluation.models import ExaminationRules, Finding, FindingChange
from jetpm.evaluation.states import DocumentStatus, FindingStatus
from tests.evaluation.council_support import RULES_EN, finding, rules_draft
from tests.planning.guidelines_support import approved, draft

pytestmark = pytest.mark.django_db


# --- the examination rules ----------------------------------------------------------------------------------


def test_rules_are_drafted_approved_and_corrected_by_a_new_version(world):
    staff, approver = world.users["mic.staff"], world.users["council.approver"]
    rules = rules_draft(world)
    assert rules.status == DocumentStatus.DRAFT
    rules = services.approve_examination_rules(actor=approver, examination_rules_id=rules.pk)
    assert rules.status == DocumentStatus.APPROVED and rules.approved_by == approver
    with pytest.raises(IllegalTransition, match="make a new version"):
        services.update_examination_rules(
            actor=staff, examination_rules_id=rules.pk, values={"text_en": "changed in place"}
        )
    rules.refresh_from_db()
    assert rules.text_en == RULES_EN
    v2 = services.new_examination_rules_version(actor=staff, examination_rules_id=rules.pk)
    assert (v2.version, v2.supersedes_id, v2.text_en) == (2, rules.pk, RULES_EN)
    services.update_examination_rules(
        actor=staff, examination_rules_id=v2.pk, values={"text_en": "Corrected."}
    )
    services.approve_examination_rules(actor=approver, examination_rules_id=v2.pk)
    rules.refresh_from_db()
    assert rules.status == DocumentStatus.SUPERSEDED
    assert AuditEvent.objects.filter(action="examination_rules.supersede", object_id=str(rules.pk)).exists()
    # next year starts from this year's text
    nxt = services.create_examination_rules(actor=staff, intake_year=2028)
    assert nxt.text_en == "Corrected."


def test_rules_approval_needs_both_texts_and_the_council(world):
    rules = rules_draft(world, text=False)
    with pytest.raises(PermissionDenied):
        services.approve_examination_rules(actor=world.users["mic.staff"], examination_rules_id=rules.pk)
    with pytest.raises(FieldErrors) as refused:
        services.approve_examination_rules(
            actor=world.users["council.approver"], examination_rules_id=rules.pk
        )
    assert [field for field, _m in refused.value.errors] == ["text_ja", "text_en"]
    assert "Japanese" in refused.value.message


def test_rules_bad_input_is_refused_naming_the_rule(world):
    staff = world.users["mic.staff"]
    with pytest.raises(DomainError, match="between 1987 and 2100") as refused:
        services.create_examination_rules(actor=staff, intake_year=1900)
    assert refused.value.field == "intake_year"
    rules_draft(world)
    with pytest.raises(DomainError, match="already has examination rules"):
        services.create_examination_rules(actor=staff, intake_year=2027)
    with pytest.raises(PermissionDenied):
        services.create_examination_rules(actor=world.users["mission_a.staff"], intake_year=2029)
    assert ExaminationRules.objects.count() == 1


# --- findings ---------------------------------------------------------------------------------------------


def test_a_finding_reports_every_bad_field_at_once(world):
    with pytest.raises(FieldErrors) as refused:
        services.record_finding(
            actor=world.users["council.approver"],
            fiscal_year=12,
            title=" ",
            text="",
            source="gossip",
            source_link="javascript:alert(1)",
        )
    assert [f for f, _m in refused.value.errors] == ["fiscal_year", "title", "text", "source", "source_link"]
    assert "https://" in refused.value.errors[-1][1]
    assert not Finding.objects.exists()


def test_only_council_members_record_findings(world):
    with pytest.raises(PermissionDenied):
        services.record_finding(
            actor=world.users["mic.staff"], fiscal_year=2026, title="t", text="x", source="outcomes"
        )


def test_a_finding_is_linked_to_changes_in_next_years_drafts_only(world):
    member = world.users["council.approver"]
    f = finding(world)
    old = approved(world, 2026)
    with pytest.raises(DomainError, match="changes the documents of FY2027") as refused:
        services.link_change(
            actor=member, finding_id=f.pk, target="guideline", guideline_id=old.pk, change="x"
        )
    assert refused.value.field == "guideline"
    g = approved(world, 2027)
    with pytest.raises(DomainError, match="never changed in place"):
        services.link_change(actor=member, finding_id=f.pk, target="guideline", guideline_id=g.pk, change="x")
    from jetpm.planning.services import guidelines as planning

    g2 = planning.new_version(actor=world.users["mic.staff"], guideline_id=g.pk)
    with pytest.raises(DomainError, match="say what changes"):
        services.link_change(
            actor=member, finding_id=f.pk, target="guideline", guideline_id=g2.pk, change=" "
        )
    with pytest.raises(DomainError, match="choose a criterion") as refused:
        services.link_change(
            actor=member,
            finding_id=f.pk,
            target="criterion",
            guideline_id=g2.pk,
            criterion_id=g.criteria.first().pk,
            change="x",
        )
    assert refused.value.field == "criterion"
    criterion = g2.criteria.get(code="communication")
    link = services.link_change(
        actor=member,
        finding_id=f.pk,
        target="criterion",
        guideline_id=g2.pk,
        criterion_id=criterion.pk,
        change="Give the interview scale anchors for each score.",
    )
    assert link.criterion == criterion and "Interview" in link.criterion_label
    rules = rules_draft(world)
    services.link_change(
        actor=member, finding_id=f.pk, target="examination_rules", examination_rules_id=rules.pk, change="y"
    )
    # the drafts show the findings that changed them
    mic = world.users["mic.staff"]
    assert [c.finding for c in selectors.changes_to_guideline(mic, g2)] == [f]
    assert [c.finding for c in selectors.changes_to_examination_rules(mic, rules)] == [f]
    assert selectors.changes_to_guideline(world.users["mission_a.staff"], g2) == []


def test_adoption_needs_a_change_and_freezes_the_finding(world):
    member = world.users["council.approver"]
    f = finding(world)
    with pytest.raises(DomainError, match="at least one change"):
        services.adopt_finding(actor=member, finding_id=f.pk)
    g = draft(world, 2027)
    link = services.link_change(
        actor=member, finding_id=f.pk, target="guideline", guideline_id=g.pk, change="x"
    )
    with pytest.raises(PermissionDenied):
        services.adopt_finding(actor=world.users["mofa.staff"], finding_id=f.pk)
    f = services.adopt_finding(actor=member, finding_id=f.pk)
    assert f.status == FindingStatus.ADOPTED and f.adopted_by == member
    with pytest.raises(IllegalTransition, match="can no longer be changed"):
        services.update_finding(actor=member, finding_id=f.pk, values={"title": "new"})
    with pytest.raises(IllegalTransition):
        services.unlink_change(actor=member, finding_id=f.pk, change_id=link.pk)
    assert FindingChange.objects.filter(pk=link.pk).exists()


def test_withdrawal_needs_a_reason(world):
    member = world.users["council.approver"]
    f = finding(world)
    with pytest.raises(DomainError, match="why the finding is withdrawn"):
        services.withdraw_finding(actor=member, finding_id=f.pk, reason="")
    f = services.withdraw_finding(actor=member, finding_id=f.pk, reason="Covered by another finding.")
    assert (f.status, f.withdraw_reason) == (FindingStatus.WITHDRAWN, "Covered by another finding.")


def test_a_change_is_removed_only_while_its_document_is_a_draft(world):
    member = world.users["council.approver"]
    f = finding(world)
    rules = rules_draft(world)
    link = services.link_change(
        actor=member, finding_id=f.pk, target="examination_rules", examination_rules_id=rules.pk, change="y"
    )
    services.approve_examination_rules(actor=member, examination_rules_id=rules.pk)
    with pytest.raises(IllegalTransition, match="stays on record"):
        services.unlink_change(actor=member, finding_id=f.pk, change_id=link.pk)


# --- scoping ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("username", ["mic.staff", "mofa.staff", "clair.staff", "council.approver"])
def test_the_council_and_the_agencies_see_the_findings(world, username):
    f = finding(world)
    assert selectors.access_finding(world.users[username], f.pk) == f


@pytest.mark.parametrize(
    "username",
    ["mission_a.staff", "co_a.coordinator", "host_a.coordinator", "chapter_a.officer", "applicant_a"],
)
def test_others_see_no_finding_and_only_approved_rules(world, username):
    f = finding(world)
    user = world.users[username]
    with pytest.raises(NotFound):
        selectors.access_finding(user, f.pk)
    assert not visible_to(user, FindingChange).exists()
    rules = rules_draft(world)
    with pytest.raises(NotFound):
        selectors.access_examination_rules(user, rules.pk)
    services.approve_examination_rules(actor=world.users["council.approver"], examination_rules_id=rules.pk)
    assert selectors.access_examination_rules(user, rules.pk) == rules
    with pytest.raises(NotFound):
        selectors.access_examination_rules(user, rules.pk, action="new_version")
