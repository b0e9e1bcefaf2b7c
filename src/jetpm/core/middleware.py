from collections.abc import Callable
from urllib.parse import quote

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import translation

# The session key of a language chosen before signing in.
CHOSEN_LANGUAGE = "jetpm_chosen_language"


class UserLanguageMiddleware:
    """Activate the language the signed-in user chose (remembered on their account); a language chosen on
    the login page, before signing in, becomes the account's choice at the first request after the login."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        chosen = request.session.get(CHOSEN_LANGUAGE) if hasattr(request, "session") else None
        if chosen and user is not None and user.is_authenticated:
            from jetpm.core.services import set_user_language

            del request.session[CHOSEN_LANGUAGE]
            user.language = set_user_language(actor=user, language=chosen).language
        if user is not None and user.is_authenticated and getattr(user, "language", ""):
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", translation.get_language() or "ja")
        return response


class UserTimeZoneMiddleware:
    """Show and read times in the local time of the signed-in user's mission (an applicant's mission, or the
    one mission a user works for: ``Scope.time_zone``); everyone else, and a mission without a zone, in Japan
    time (``core/time_zones.py``)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from zoneinfo import ZoneInfo

        from django.utils import timezone

        from jetpm.core.time_zones import zone_for_user

        user = getattr(request, "user", None)
        zone = zone_for_user(user) if user is not None and user.is_authenticated else ""
        if not zone:
            return self.get_response(request)
        timezone.activate(ZoneInfo(zone))
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()


class SecondFactorMiddleware:
    """After the password, a user with a confirmed authenticator enters a code before any page opens; a user
    whose role requires a second factor and who has none is sent to set one up."""

    EXEMPT_URL_NAMES = frozenset({"logout", "set_language", "second_factor_verify", "second_factor_setup"})

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from django.shortcuts import redirect
        from django.urls import Resolver404, resolve

        from jetpm.core import second_factor

        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or request.path.startswith(("/static/", "/api/")):
            return self.get_response(request)
        if second_factor.is_verified(user):
            return self.get_response(request)
        # the URL is resolved only when the request would be sent away (most users have no second factor)
        if second_factor.had_confirmed_device(user):
            target = f"{reverse('second_factor_verify')}?next={quote(request.get_full_path())}"
        elif second_factor.is_required_for(user):
            target = reverse("second_factor_setup")
        else:
            return self.get_response(request)
        try:
            name = resolve(request.path_info).url_name
        except Resolver404:
            name = None
        if name in self.EXEMPT_URL_NAMES:
            return self.get_response(request)
        return redirect(target)


class DomainRefusalMiddleware:
    """A view that lets a service's or selector's "not found" / "not allowed" through answers 404, as for a
    record outside the scope (``core/access.py``), so views need no ``try`` for them."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        from django.http import Http404

        from jetpm.core.errors import NotFound, PermissionDenied

        if isinstance(exception, NotFound | PermissionDenied):
            raise Http404(str(exception)) from exception
        return None
