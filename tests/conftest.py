"""Shared fixtures: a small two-of-each world for scoping tests, and a logged-in client per role."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.conf import settings
from django.utils import translation

from tests.world import World, build_world


def pytest_configure(config: pytest.Config) -> None:
    # Background tasks run inline in tests; mail goes to the in-memory outbox (the edge of the world).
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def world(db: None) -> World:
    return build_world()


@pytest.fixture(autouse=True)
def _english_outside_requests() -> Iterator[None]:
    """Code called outside a request (services, selectors) speaks English in tests unless a test chooses;
    requests still follow the user's language (the world's users have chosen English)."""
    with translation.override("en"):
        yield
