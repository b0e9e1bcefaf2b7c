"""The small demo world, built once for a module of the evaluation's tests and rolled back after it."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.test import override_settings


def build(scale: str, django_db_blocker: Any) -> Iterator[None]:
    from jetpm.demo.generator import build_world

    with (
        tempfile.TemporaryDirectory() as media,
        override_settings(MEDIA_ROOT=media),
        django_db_blocker.unblock(),
    ):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            build_world(scale=scale, seed=1)
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture(scope="module")
def demo_world(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    yield from build("small", django_db_blocker)


@pytest.fixture(scope="module")
def full_world(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    yield from build("full", django_db_blocker)
