"""The intake list, its export and the bulk eligibility check run a bounded number of queries: the same for
100 applications as for 10,000 (created with bulk_create). One test, so the 10,000 rows are made once."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jetpm.applications.models import Application
from jetpm.core.models import AuditEvent
from tests.applications.intake_support import bulk_applications

LIST = reverse("applications:intake_list")
FILTERS = [
    {},
    {"status": ["submitted", "eligible"], "job_type": "ALT", "year": "2027"},
    {"completeness": "documents"},
    {"completeness": "complete"},
    {"completeness": "letters"},
    {"eligibility": "any"},
    {"eligibility": "degree"},
    {"duplicates": "on"},
    {"q": "bulk1"},
    {"page": "3"},
]
MAX_QUERIES = 11  # session, user, scope (2), years, missions, count, the page's ids, its rows, messages…


def _counts(client, users) -> list[int]:  # type: ignore[no-untyped-def]
    out = []
    for user in users:
        client.force_login(user)
        for params in FILTERS:
            with CaptureQueriesContext(connection) as ctx:
                response = client.get(LIST, params)
            assert response.status_code == 200
            out.append(len(ctx.captured_queries))
    return out


def _export(client, user) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    """(queries, CSV lines) of the streamed CSV export, the stream read to its end inside the count."""
    client.force_login(user)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("applications:intake_export"), {"format": "csv", "year": "2027"})
        assert response.status_code == 200 and response.streaming
        text = b"".join(response.streaming_content).decode("utf-8-sig")
    return len(ctx.captured_queries), text.count("\n")


def test_bounded_queries_with_10000_applications(world, client, django_assert_max_num_queries):
    users = [world.users["mission_a.staff"], world.users["mofa.staff"]]
    bulk_applications(world, 100, prefix="S")
    small = _counts(client, users)
    small_export = [_export(client, u) for u in users]
    assert [lines for _q, lines in small_export] == [102, 103]  # header, TEST0A (and TEST0B) and 100
    bulk_applications(world, 9_900, prefix="L")
    assert Application.objects.filter(mission=world.orgs["mission_a"]).count() == 10_001
    large = _counts(client, users)
    assert small == large
    assert max(large) <= MAX_QUERIES
    # the streamed export: the same queries for 100 rows as for 10,000 (count, audit, one chunked read)
    large_export = [_export(client, u) for u in users]
    assert [lines for _q, lines in large_export] == [10_002, 10_003]
    assert [q for q, _l in small_export] == [q for q, _l in large_export]

    client.force_login(world.users["mission_a.staff"])
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(
            LIST, {"duplicates": "on", "eligibility": "degree", "completeness": "documents"}
        )
    assert response.context["page"].paginator.count == 0
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(LIST, {"eligibility": "degree", "completeness": "documents"})
    assert response.context["page"].paginator.count == 1_000  # every tenth fails the degree rule

    # the export: one read whatever the number of rows, besides the count for its audit event, which joins
    # the hash chain (two more statements: take the head, move it)
    assert max(q for q, _l in large_export) <= MAX_QUERIES + 3

    # the bulk eligibility check: chunked updates and audit inserts
    with CaptureQueriesContext(connection) as ctx:
        response = client.post(
            reverse("applications:intake_bulk_eligibility"),
            {"mission": world.orgs["mission_a"].pk, "year": 2027},
        )
    assert response.status_code == 302
    messages = [str(m) for m in client.get(LIST).context["messages"]]
    assert "9001 eligible, 1000 ineligible." in messages
    audit_batches = 10_001 // min(500, connection.ops.bulk_batch_size(list(range(10)), []) or 500) + 1
    assert len(ctx.captured_queries) <= 20 + audit_batches
    assert AuditEvent.objects.filter(changes__bulk=True).count() == 10_001
    assert Application.objects.filter(mission=world.orgs["mission_a"], status="submitted").count() == 0
