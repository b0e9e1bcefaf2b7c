"""Request ids and structured logs: every response carries an ``X-Request-ID`` (a trusted proxy's, else a
new one), every log line written during a request carries it with the user, method and path, and each
request writes one JSON access line."""

from __future__ import annotations

import io
import json
import logging
import re
import sys
from collections.abc import Iterator

import pytest
from django.test import override_settings
from django.urls import reverse

from jetpm.core.request_log import JsonFormatter, RequestContextFilter

HEX_ID = re.compile(r"[0-9a-f]{32}")


@pytest.fixture
def log_lines() -> Iterator[io.StringIO]:
    """The JSON lines the configured console handler writes (settings.LOGGING), captured."""
    handler = next(
        h
        for h in logging.getLogger().handlers
        if isinstance(h, logging.StreamHandler) and isinstance(h.formatter, JsonFormatter)
    )
    assert any(isinstance(f, RequestContextFilter) for f in handler.filters)
    out = io.StringIO()
    old = handler.setStream(out)
    try:
        yield out
    finally:
        handler.setStream(old or sys.stderr)


def lines_of(out: io.StringIO) -> list[dict]:
    return [json.loads(line) for line in out.getvalue().splitlines() if line.strip()]


@pytest.mark.django_db
def test_every_response_gets_a_new_id(client):
    a = client.get(reverse("login"))["X-Request-ID"]
    b = client.get(reverse("login"))["X-Request-ID"]
    assert HEX_ID.fullmatch(a) and HEX_ID.fullmatch(b) and a != b


@pytest.mark.django_db
def test_a_clients_own_id_is_ignored_without_trusted_proxies(client):
    response = client.get(reverse("login"), HTTP_X_REQUEST_ID="forged-by-client")
    assert HEX_ID.fullmatch(response["X-Request-ID"])


@pytest.mark.django_db
@override_settings(JETPM_TRUSTED_PROXIES=["10.0.0.0/24"])
def test_the_trusted_proxys_id_is_kept(client):
    proxy = {"REMOTE_ADDR": "10.0.0.4"}
    response = client.get(reverse("login"), HTTP_X_REQUEST_ID="lb-7f3a.42", **proxy)
    assert response["X-Request-ID"] == "lb-7f3a.42"
    # from an address that is not the proxy, or not shaped like an id: a new one
    other = client.get(reverse("login"), HTTP_X_REQUEST_ID="lb-7f3a.42", REMOTE_ADDR="192.0.2.9")
    assert HEX_ID.fullmatch(other["X-Request-ID"])
    bad = client.get(reverse("login"), HTTP_X_REQUEST_ID='x" injected\nline', **proxy)
    assert HEX_ID.fullmatch(bad["X-Request-ID"])


@pytest.mark.django_db
def test_access_line_and_every_log_line_of_the_request_carry_its_id(world, client, log_lines):
    user = world.users["mission_a.staff"]
    client.force_login(user)
    response = client.get("/no-such-page/")  # django.request logs "Not Found" while serving it
    assert response.status_code == 404
    rid = response["X-Request-ID"]
    lines = lines_of(log_lines)
    not_found = next(line for line in lines if line["logger"] == "django.request")
    access = next(line for line in lines if line["logger"] == "jetpm.request")
    for line in (not_found, access):
        assert line["request_id"] == rid
        assert line["user_id"] == user.pk
        assert line["method"] == "GET" and line["path"] == "/no-such-page/"
        assert {"time", "level", "logger", "message"} <= set(line)
    assert not_found["level"] == "WARNING"
    assert access["level"] == "INFO" and access["status"] == 404
    assert isinstance(access["duration_ms"], float) and access["duration_ms"] >= 0
    assert access["message"].startswith("GET /no-such-page/ 404 ")


@pytest.mark.django_db
def test_anonymous_request_has_no_user_id_and_the_health_check_is_not_in_the_access_log(client, log_lines):
    client.get(reverse("login"))
    client.get("/health/")
    lines = lines_of(log_lines)
    access = [line for line in lines if line["logger"] == "jetpm.request"]
    assert [line["path"] for line in access] == ["/accounts/login/"]
    assert "user_id" not in access[0] and access[0]["status"] == 200


def test_lines_outside_requests_and_exceptions():
    formatter = JsonFormatter()
    record = logging.LogRecord("jetpm.x", logging.ERROR, __file__, 1, "failed %s", ("run 3",), None)
    try:
        raise ValueError("boom")
    except ValueError:
        record.exc_info = sys.exc_info()
    RequestContextFilter().filter(record)
    line = json.loads(formatter.format(record))
    assert line["message"] == "failed run 3" and line["level"] == "ERROR" and line["logger"] == "jetpm.x"
    assert "request_id" not in line and "ValueError: boom" in line["exception"]
    assert line["time"].endswith("+00:00")
