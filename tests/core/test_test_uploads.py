"""The test run's uploads stay out of the local installation's upload folder."""

from __future__ import annotations

from django.conf import settings
from django.core.files.storage import default_storage


def test_uploads_of_the_test_run_go_to_a_folder_of_its_own():
    assert "jetpm-test-uploads-" in str(settings.MEDIA_ROOT)
    assert "jetpm-test-uploads-" in str(default_storage.location)
