import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_home_renders_for_every_role(world, client):
    for username, user in world.users.items():
        client.force_login(user)
        response = client.get(reverse("home"))
        assert response.status_code == 200, username
        assert username in response.content.decode()


@pytest.mark.django_db
def test_the_apps_own_assets_are_served(client):
    """Every asset comes from the app itself (closed government networks): stylesheet, htmx, icon."""
    page = client.get(reverse("login")).content.decode()
    for asset in (
        "/static/jetpm/jetpm.css",
        "/static/django_htmx/htmx-2.min.js",
        "/static/jetpm/favicon.svg",
    ):
        assert asset in page
        response = client.get(asset)
        assert response.status_code == 200, asset
    assert "https://" not in page and "http://" not in page.replace("http://testserver", "")
