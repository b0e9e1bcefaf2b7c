"""Services of the year's guidelines: drafting, criteria, approval, immutability, copy and new versions."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jetpm.core.errors import DomainError, IllegalTransition, PermissionDenied
from jetpm.core.models import AuditEvent
from jetpm.planning.models import Criterion, Guideline
from jetpm.planning.services import guidelines as services
from jetpm.planning.states import GuidelineStatus
from tests.planning.guidelines_support import approved, draft

pytestmark = pytest.mark.django_db

CRITERION = {
    "stage": "interview",
    "code": "teaching",
    "name_ja": "模擬授業",
    "name_en": "Teaching demonstration",
    "weight": Decimal("25"),
    "scale_min": 1,
    "scale_max": 5,
}


def _state() -> tuple[list[tuple], list[tuple], int]:
    return (
        list(Guideline.objects.order_by("pk").values_list()),
        list(Criterion.objects.order_by("pk").values_list()),
        AuditEvent.objects.count(),
    )


def test_first_draft_has_the_model_defaults_and_is_audited(world):
    g = services.create_guideline(actor=world.users["mext.staff"], intake_year=2027)
    assert g.status == GuidelineStatus.DRAFT and g.version == 1
    assert (g.former_participant_gap_years, g.lifetime_cap_years, g.cir_japanese_level) == (3, 5, "N2")
    event = AuditEvent.objects.get(action="guideline.create")
    assert event.object_id == str(g.pk) and event.changes["intake_year"] == [None, 2027]
    assert event.organisation_id == world.orgs["council"].pk
    with pytest.raises(DomainError) as exc:
        services.create_guideline(actor=world.users["mext.staff"], intake_year=2027)
    assert exc.value.field == "intake_year"


@pytest.mark.parametrize(
    "username", ["mission_a.staff", "council.approver", "co_a.coordinator", "applicant_a"]
)
def test_only_agency_staff_draft(world, username):
    with pytest.raises(PermissionDenied):
        services.create_guideline(actor=world.users[username], intake_year=2027)
    assert not Guideline.objects.exists()


def test_edit_a_draft_audits_before_and_after(world):
    g = draft(world, criteria=False)
    services.update_guideline(
        actor=world.users["clair.staff"], guideline_id=g.pk, values={"age_limit": 40, "max_years_in_japan": 5}
    )
    g.refresh_from_db()
    assert (g.age_limit, g.max_years_in_japan) == (40, 5)
    event = AuditEvent.objects.filter(action="guideline.update").latest("id")
    assert event.changes == {"age_limit": [None, 40], "max_years_in_japan": [6, 5]}


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"age_limit": 10}, "age_limit"),
        ({"lifetime_cap_years": 0}, "lifetime_cap_years"),
        ({"max_years_in_japan": 11}, "max_years_in_japan"),
        ({"cir_japanese_level": "N7"}, "cir_japanese_level"),
        ({"text_en": "new", "age_limit": 10}, "age_limit"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_bad_rules_name_the_field_and_save_nothing(world, values, field):
    g = draft(world, criteria=False)
    before = _state()
    with pytest.raises(DomainError) as exc:
        services.update_guideline(actor=world.users["mic.staff"], guideline_id=g.pk, values=values)
    assert exc.value.field == field
    assert _state() == before


def test_age_limit_message_names_the_field(world):
    g = draft(world, criteria=False)
    with pytest.raises(DomainError) as exc:
        services.update_guideline(actor=world.users["mic.staff"], guideline_id=g.pk, values={"age_limit": 10})
    assert "age limit" in exc.value.message and "18" in exc.value.message


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"weight": Decimal("-1")}, "weight"),
        ({"scale_min": 5, "scale_max": 5}, "scale_max"),
        ({"scale_min": 6, "scale_max": 5}, "scale_max"),
        ({"stage": "lunch"}, "stage"),
        ({"code": "not a slug"}, "code"),
        ({"code": "motivation", "stage": "documents"}, "code"),  # taken in the stage
        ({"name_en": ""}, "name_en"),
    ],
)
def test_bad_criteria_name_the_field_and_save_nothing(world, change, field):
    g = draft(world)
    before = _state()
    with pytest.raises(DomainError) as exc:
        services.add_criterion(
            actor=world.users["mic.staff"], guideline_id=g.pk, values={**CRITERION, **change}
        )
    assert exc.value.field == field
    assert _state() == before


def test_criteria_add_edit_remove_with_audit(world):
    g = draft(world)
    staff = world.users["mofa.staff"]
    c = services.add_criterion(actor=staff, guideline_id=g.pk, values=CRITERION)
    services.update_criterion(
        actor=staff, guideline_id=g.pk, criterion_id=c.pk, values={"weight": Decimal("20"), "scale_max": 7}
    )
    c.refresh_from_db()
    assert (c.weight, c.scale_max) == (Decimal("20"), 7)
    assert AuditEvent.objects.get(action="criterion.update").changes == {
        "scale_max": [5, 7],
        "weight": ["25.00", "20"],
    }
    with pytest.raises(DomainError) as exc:
        services.update_criterion(actor=staff, guideline_id=g.pk, criterion_id=c.pk, values={"scale_min": 7})
    assert exc.value.field == "scale_max"
    services.remove_criterion(actor=staff, guideline_id=g.pk, criterion_id=c.pk)
    assert not Criterion.objects.filter(pk=c.pk).exists()
    assert AuditEvent.objects.get(action="criterion.delete").changes["code"] == ["teaching", None]


def test_a_criterion_of_another_guideline_is_refused(world):
    g = draft(world, 2027)
    other = draft(world, 2028)
    foreign = other.criteria.first()
    with pytest.raises(DomainError) as exc:
        services.update_criterion(
            actor=world.users["mic.staff"], guideline_id=g.pk, criterion_id=foreign.pk, values={"order": 3}
        )
    assert exc.value.field == "criterion"
    with pytest.raises(DomainError):
        services.remove_criterion(actor=world.users["mic.staff"], guideline_id=g.pk, criterion_id=foreign.pk)
    assert Criterion.objects.filter(pk=foreign.pk).exists()


def test_stage_weight_sums(world):
    g = draft(world)
    assert services.stage_weight_sums(g) == {
        "documents": Decimal("100"),
        "interview": Decimal("100"),
        "japanese_test": Decimal("1"),
    }


def test_only_the_councils_approver_approves(world):
    g = draft(world)
    for username in ("mic.staff", "mission_a.approver", "mission_a.admin", "applicant_a"):
        with pytest.raises(PermissionDenied):
            services.approve_guideline(actor=world.users[username], guideline_id=g.pk)
    g.refresh_from_db()
    assert g.status == GuidelineStatus.DRAFT
    services.approve_guideline(actor=world.users["council.approver"], guideline_id=g.pk)
    g.refresh_from_db()
    assert g.status == GuidelineStatus.APPROVED and g.approved_by == world.users["council.approver"]
    assert AuditEvent.objects.get(action="guideline.approve").changes == {"status": ["draft", "approved"]}


def test_approval_needs_both_texts_and_weighted_stages(world):
    g = draft(world, criteria=False)
    services.update_guideline(actor=world.users["mic.staff"], guideline_id=g.pk, values={"text_en": ""})
    with pytest.raises(DomainError) as exc:
        services.approve_guideline(actor=world.users["council.approver"], guideline_id=g.pk)
    assert exc.value.field == "text_en"
    services.update_guideline(actor=world.users["mic.staff"], guideline_id=g.pk, values={"text_en": "Text"})
    services.add_criterion(
        actor=world.users["mic.staff"], guideline_id=g.pk, values={**CRITERION, "weight": Decimal(0)}
    )
    with pytest.raises(DomainError) as exc:
        services.approve_guideline(actor=world.users["council.approver"], guideline_id=g.pk)
    assert exc.value.field == "weight" and "Interview" in exc.value.message
    g.refresh_from_db()
    assert g.status == GuidelineStatus.DRAFT


def test_approved_guideline_is_immutable(world):
    g = approved(world)
    c = g.criteria.first()
    staff = world.users["mic.staff"]
    before = _state()
    writes = [
        lambda: services.update_guideline(actor=staff, guideline_id=g.pk, values={"age_limit": 30}),
        lambda: services.add_criterion(actor=staff, guideline_id=g.pk, values=CRITERION),
        lambda: services.update_criterion(
            actor=staff, guideline_id=g.pk, criterion_id=c.pk, values={"order": 9}
        ),
        lambda: services.remove_criterion(actor=staff, guideline_id=g.pk, criterion_id=c.pk),
        lambda: services.approve_guideline(actor=world.users["council.approver"], guideline_id=g.pk),
    ]
    for write in writes:
        with pytest.raises(IllegalTransition):
            write()
    assert _state() == before


def test_copy_to_next_year(world):
    g = approved(world, 2027)
    new = services.copy_to_next_year(actor=world.users["clair.staff"], guideline_id=g.pk)
    assert (new.intake_year, new.version, new.status, new.supersedes) == (2028, 1, "draft", None)
    assert new.text_ja == g.text_ja and new.lifetime_cap_years == g.lifetime_cap_years
    fields = ["stage", "code", "name_ja", "name_en", "weight", "scale_min", "scale_max", "order"]
    assert list(new.criteria.values_list(*fields)) == list(g.criteria.values_list(*fields))
    assert AuditEvent.objects.get(action="guideline.copy").changes["copied_from"] == [None, g.pk]
    with pytest.raises(DomainError):  # 2028 already has one
        services.copy_to_next_year(actor=world.users["clair.staff"], guideline_id=g.pk)
    assert Guideline.objects.filter(intake_year=2028).count() == 1


def test_a_correction_is_a_new_version_that_supersedes_on_approval(world):
    v1 = approved(world, 2027)
    staff = world.users["mic.staff"]
    with pytest.raises(IllegalTransition):  # only approved guidelines are corrected
        services.new_version(actor=staff, guideline_id=draft(world, 2028).pk)
    v2 = services.new_version(actor=staff, guideline_id=v1.pk)
    assert (v2.intake_year, v2.version, v2.status, v2.supersedes_id) == (2027, 2, "draft", v1.pk)
    assert v2.criteria.count() == v1.criteria.count()
    with pytest.raises(DomainError):  # one draft at a time
        services.new_version(actor=staff, guideline_id=v1.pk)
    services.update_guideline(actor=staff, guideline_id=v2.pk, values={"statement_max_words": 1500})
    v1.refresh_from_db()
    assert v1.status == GuidelineStatus.APPROVED  # the old one stands until the correction is approved
    services.approve_guideline(actor=world.users["council.approver"], guideline_id=v2.pk)
    v1.refresh_from_db()
    v2.refresh_from_db()
    assert (v1.status, v2.status) == (GuidelineStatus.SUPERSEDED, GuidelineStatus.APPROVED)
    assert AuditEvent.objects.get(action="guideline.supersede").object_id == str(v1.pk)
    with pytest.raises(IllegalTransition):
        services.update_guideline(actor=staff, guideline_id=v1.pk, values={"age_limit": 30})
    with pytest.raises(IllegalTransition):
        services.new_version(actor=staff, guideline_id=v1.pk)


def test_failure_messages_are_translated_at_the_edge(world):
    from datetime import date

    from django.utils import translation

    from jetpm.planning import eligibility

    g = approved(world)
    applicant = eligibility.Applicant(
        nationality="GB", recruiting_country="GB", job_type="ALT", arrival_date=date(2027, 7, 28)
    )
    failures = eligibility.check(services.rules_of(g), applicant, intake_year=2027)
    with translation.override("en"):
        [(field, message)] = services.failure_messages(failures)
    assert field == "degree_date"
    assert message.startswith("A bachelor's degree is required by the arrival date (") and "2027" in message
