"""Outreach pages in both languages. (The project's URL walk, tests/core/test_url_walk.py, checks every
outreach page against the other mission's activities and self-evaluations: tests/world.add_walk_records.)"""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.outreach.helpers import add_activity, submitted_evaluation

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["ja", "en"])
def test_pages_render_in_both_languages(world, client, language):
    ev = submitted_evaluation(world.users["mission_a.approver"], world.orgs["mission_a"])
    a = add_activity(world.users["mission_a.staff"], world.orgs["mission_a"])
    for username in ("mission_a.staff", "mofa.staff"):
        user = world.users[username]
        user.language = language
        user.save(update_fields=["language"])
        client.force_login(user)
        urls = [
            reverse("outreach:activity_list"),
            reverse("outreach:evaluation_detail", kwargs={"evaluation_id": ev.pk}),
        ]
        if username == "mofa.staff":
            urls.append(reverse("outreach:review"))
        else:
            urls += [
                reverse("outreach:activity_create"),
                reverse("outreach:activity_edit", kwargs={"activity_id": a.pk}),
                reverse("outreach:activity_delete", kwargs={"activity_id": a.pk}),
            ]
        for url in urls:
            assert client.get(url).status_code == 200, url
