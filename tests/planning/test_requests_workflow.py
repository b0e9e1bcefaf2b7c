"""Requests (配置要望): the workflow, the window, permissions and validation of lines (services)."""

from __future__ import annotations

import pytest
import time_machine

from jetpm.core.errors import DomainError, IllegalTransition, PermissionDenied
from jetpm.core.models import AuditEvent
from jetpm.planning.models import PlacementRequest, RequestLine
from jetpm.planning.services import requests as services
from jetpm.planning.states import RequestStatus
from tests.planning.requests_helpers import AFTER, BEFORE, INSIDE, YEAR, draft_with_line, line, snapshot

pytestmark = pytest.mark.django_db


def _actions(req: PlacementRequest) -> list[str]:
    return list(
        AuditEvent.objects.filter(object_type="planning.PlacementRequest", object_id=str(req.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )


def test_request_goes_from_draft_to_accepted(world):
    co, host, mic = (
        world.users["co_a.coordinator"],
        world.users["host_a.coordinator"],
        world.users["mic.staff"],
    )
    with time_machine.travel(INSIDE, tick=False):
        req = draft_with_line(world)
        assert req.status == RequestStatus.DRAFT
        services.submit_request(actor=co, request_id=req.pk)
        services.forward_request(actor=host, request_id=req.pk)
    with time_machine.travel(AFTER, tick=False):
        services.accept_request(actor=mic, request_id=req.pk)
    req.refresh_from_db()
    assert req.status == RequestStatus.ACCEPTED
    assert req.submitted_at and req.forwarded_at and req.decided_at
    assert _actions(req) == [
        "request.create",
        "request.line_create",
        "request.submit",
        "request.forward",
        "request.accept",
    ]
    # accepted requests are immutable, whoever asks
    before = snapshot()
    with pytest.raises(DomainError, match="can no longer be changed"):
        services.save_line(actor=mic, request_id=req.pk, data=line("CIR", "zh", japanese_level="N2"))
    with pytest.raises(IllegalTransition):
        services.return_request(actor=mic, request_id=req.pk, reason="late")
    assert snapshot() == before


def test_start_is_idempotent_and_submit_needs_a_line(world):
    co = world.users["co_a.coordinator"]
    with time_machine.travel(INSIDE, tick=False):
        req = services.start_request(actor=co, organisation_id=world.orgs["co_a"].pk, intake_year=YEAR)
        again = services.start_request(actor=co, organisation_id=world.orgs["co_a"].pk, intake_year=YEAR)
        assert again.pk == req.pk
        with pytest.raises(DomainError, match="at least one line"):
            services.submit_request(actor=co, request_id=req.pk)
    assert PlacementRequest.objects.get(pk=req.pk).status == RequestStatus.DRAFT


def test_host_returns_with_a_reason_and_the_co_submits_again(world):
    co, host = world.users["co_a.coordinator"], world.users["host_a.coordinator"]
    with time_machine.travel(INSIDE, tick=False):
        req = draft_with_line(world)
        services.submit_request(actor=co, request_id=req.pk)
        with pytest.raises(DomainError, match="reason") as exc:
            services.return_request(actor=host, request_id=req.pk, reason="  ")
        assert exc.value.field == "reason"
        services.return_request(actor=host, request_id=req.pk, reason="Add the school levels.")
        req.refresh_from_db()
        assert req.status == RequestStatus.RETURNED and req.return_reason == "Add the school levels."
        services.save_line(actor=co, request_id=req.pk, data=line(new=4), line_id=req.lines.get().pk)
        services.submit_request(actor=co, request_id=req.pk)
    req.refresh_from_db()
    assert req.status == RequestStatus.SUBMITTED and req.return_reason == ""
    assert req.lines.get().new_participants == 4


def test_only_the_right_roles_act(world):
    co, host, host_b = (
        world.users[u] for u in ("co_a.coordinator", "host_a.coordinator", "host_b.coordinator")
    )
    with time_machine.travel(INSIDE, tick=False):
        req = draft_with_line(world)
        with pytest.raises(PermissionDenied):
            services.save_line(
                actor=world.users["co_b.coordinator"], request_id=req.pk, data=line("CIR", "zh")
            )
        with pytest.raises(PermissionDenied):
            services.save_line(actor=host, request_id=req.pk, data=line("CIR", "zh"))
        services.submit_request(actor=co, request_id=req.pk)
        with pytest.raises(PermissionDenied):
            services.forward_request(actor=host_b, request_id=req.pk)
        with pytest.raises(PermissionDenied):
            services.forward_request(actor=co, request_id=req.pk)
        with pytest.raises(PermissionDenied):
            services.accept_request(actor=host, request_id=req.pk)
        with pytest.raises(PermissionDenied):
            services.accept_request(actor=world.users["mofa.staff"], request_id=req.pk)
        services.forward_request(actor=host, request_id=req.pk)
        with pytest.raises(DomainError, match="already forwarded"):
            services.return_request(actor=host, request_id=req.pk, reason="x")
        services.return_request(actor=world.users["clair.staff"], request_id=req.pk, reason="Numbers?")
    assert PlacementRequest.objects.get(pk=req.pk).status == RequestStatus.RETURNED


def test_window_closed_only_agency_staff_change_and_it_is_audited(world):
    co, clair = world.users["co_a.coordinator"], world.users["clair.staff"]
    with time_machine.travel(INSIDE, tick=False):
        req = draft_with_line(world)
    before = snapshot()
    with time_machine.travel(AFTER, tick=False):
        with pytest.raises(DomainError, match="closed on"):
            services.save_line(actor=co, request_id=req.pk, data=line("CIR", "zh", japanese_level="N2"))
        with pytest.raises(DomainError, match="closed on"):
            services.submit_request(actor=co, request_id=req.pk)
        with pytest.raises(DomainError, match="closed on"):
            services.start_request(
                actor=world.users["co_b.coordinator"], organisation_id=world.orgs["co_b"].pk, intake_year=YEAR
            )
        assert snapshot() == before
        services.save_line(actor=clair, request_id=req.pk, data=line("CIR", "zh", 1, 0, japanese_level="N2"))
        services.submit_request(actor=clair, request_id=req.pk)
    events = AuditEvent.objects.filter(object_id=str(req.pk), actor=clair).values_list("action", flat=True)
    assert set(events) == {"request.line_create", "request.submit"}
    with time_machine.travel(BEFORE, tick=False), pytest.raises(DomainError, match="opens on"):
        services.start_request(
            actor=world.users["co_b.coordinator"], organisation_id=world.orgs["co_b"].pk, intake_year=YEAR
        )


def test_no_cycle_no_window(world):
    with time_machine.travel(INSIDE, tick=False), pytest.raises(DomainError, match="no requests window"):
        services.start_request(
            actor=world.users["co_a.coordinator"], organisation_id=world.orgs["co_a"].pk, intake_year=2031
        )
    assert not PlacementRequest.objects.exists()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (line(new=-1), "new_participants", "negative"),
        (line(cont=-3), "continuing", "negative"),
        (line(new=2.5), "new_participants", "whole number"),
        (line(new="two"), "new_participants", "whole number"),
        (line(lang="xx"), "language", "unknown code 'xx'"),
        (line(lang="ja"), "language", "unknown code 'ja'"),  # Japanese is not a designated language
        (line("ALT", "es"), "language", "ALT posts teach English, German, French, Chinese or Korean only"),
        (line("ALT", "ru"), "language", "ALT posts teach English, German, French, Chinese or Korean only"),
        (line(job="XYZ"), "job_type", "unknown job type"),
        (line(sport="Judo"), "sport", "SEA posts only"),
        (line("SEA", "en"), "sport", "name the sport"),
        (line(japanese_level="N2"), "japanese_level", "CIR posts only"),
        (line("CIR", "zh", japanese_level="N9"), "japanese_level", "unknown Japanese level"),
        (line(school_levels=["kindergarten"]), "school_levels", "unknown school level"),
        (line(setting="suburban"), "setting", "unknown setting"),
    ],
)
def test_bad_lines_are_refused_and_nothing_is_written(world, data, field, message):
    co = world.users["co_a.coordinator"]
    with time_machine.travel(INSIDE, tick=False):
        req = draft_with_line(world)
        before = snapshot()
        with pytest.raises(DomainError, match=message) as exc:
            services.save_line(actor=co, request_id=req.pk, data=data)
    assert exc.value.field == field
    assert snapshot() == before


def test_cir_may_work_in_spanish_and_sea_lines_need_fy1995(world):
    from jetpm.planning.services.requests import clean_line, designated_by_code

    co = world.users["co_a.coordinator"]
    with time_machine.travel(INSIDE, tick=False):
        req = draft_with_line(world)
        services.save_line(actor=co, request_id=req.pk, data=line("CIR", "es"))
    assert req.lines.filter(job_type="CIR", language__code="es").exists()
    sea = line("SEA", "en", sport="Judo")
    _values, errors = clean_line(sea, designated_by_code(), intake_year=1994)
    assert [f for f, _m in errors] == ["job_type"]
    assert "exists from" in errors[0][1]
    assert clean_line(sea, designated_by_code(), intake_year=1995)[1] == []


def test_one_line_per_job_type_and_language(world):
    co = world.users["co_a.coordinator"]
    with time_machine.travel(INSIDE, tick=False):
        req = draft_with_line(world)
        with pytest.raises(DomainError, match="already has a line") as exc:
            services.save_line(actor=co, request_id=req.pk, data=line(new=9))
        assert exc.value.field == "language"
        sea = services.save_line(actor=co, request_id=req.pk, data=line("SEA", "en", 1, 0, sport="Rugby"))
        services.save_line(
            actor=co,
            request_id=req.pk,
            data=line("ALT", "en", 5, 0, school_levels=["senior_high", "elementary"]),
            line_id=req.lines.get(job_type="ALT").pk,
        )
        services.delete_line(actor=co, request_id=req.pk, line_id=sea.pk)
    alt = RequestLine.objects.get(request=req)
    assert (alt.new_participants, alt.school_levels) == (5, ["elementary", "senior_high"])
    assert _actions(req)[-2:] == ["request.line_update", "request.line_delete"]


def test_forward_all_submitted_of_the_area(world):
    host = world.users["host_a.coordinator"]
    with time_machine.travel(INSIDE, tick=False):
        a = draft_with_line(world)
        services.submit_request(actor=world.users["co_a.coordinator"], request_id=a.pk)
        a2 = services.start_request(
            actor=world.users["mic.staff"], organisation_id=world.orgs["co_a2"].pk, intake_year=YEAR
        )
        b = draft_with_line(world, "co_b")
        services.submit_request(actor=world.users["co_b.coordinator"], request_id=b.pk)
        assert (
            services.forward_all_submitted(actor=host, host_id=world.orgs["host_a"].pk, intake_year=YEAR) == 1
        )
        with pytest.raises(PermissionDenied):
            services.forward_all_submitted(actor=host, host_id=world.orgs["host_b"].pk, intake_year=YEAR)
    statuses = dict(PlacementRequest.objects.values_list("pk", "status"))
    assert statuses == {a.pk: "forwarded", a2.pk: "draft", b.pk: "submitted"}
