"""Shared fixtures: a small two-of-each world for scoping tests, and a logged-in client per role."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from tests.world import World, build_world


def pytest_configure(config: pytest.Config) -> None:
    # Background tasks run inline in tests; mail goes to the in-memory outbox (the edge of the world).
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # Uploads go to a folder of the test run's own, never the local installation's var/uploads (the purge
    # removes the files its database does not name: a test's purge would take a local demo's uploads).
    settings.MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="jetpm-test-uploads-"))


def pytest_unconfigure(config: pytest.Config) -> None:
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)


@pytest.fixture
def world(db: None) -> World:
    return build_world()


@pytest.fixture(autouse=True)
def _english_outside_requests() -> Iterator[None]:
    """Code called outside a request (services, selectors) speaks English in tests unless a test chooses;
    requests still follow the user's language (the world's users have chosen English)."""
    with translation.override("en"):
        yield
