"""Shared fixtures: a small two-of-each world for scoping tests, and a logged-in client per role."""

from __future__ import annotations

import pytest
from django.conf import settings

from tests.world import World, build_world


def pytest_configure(config: pytest.Config) -> None:
    # Background tasks run inline in tests; mail goes to the in-memory outbox (the edge of the world).
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def world(db: None) -> World:
    return build_world()
