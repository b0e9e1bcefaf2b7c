import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_home_renders_for_every_role(world, client):
    for username, user in world.users.items():
        client.force_login(user)
        response = client.get(reverse("home"))
        assert response.status_code == 200, username
        assert username in response.content.decode()
