"""Visibility rules of the api app (see jetpm.core.scoping), and the record parameters of its URLs."""

from django.db.models import Q

from jetpm.core.models import ApiToken
from jetpm.core.scoping import NOTHING, Scope, register, register_url_parameter


@register(ApiToken)
def token_rule(scope: Scope) -> Q:
    """A token is its own user's: nobody else sees it, not even the national bodies."""
    return Q(user_id=scope.user_id) if scope.user_id else NOTHING


register_url_parameter("token_id", "core.ApiToken")
# Path parameters of the API (the API walk, tests/api/test_walk.py, fills them with foreign records).
register_url_parameter("line_id", "planning.RequestLine")
register_url_parameter("chapter_id", "core.Organisation")
register_url_parameter("alumnus_id", "core.Person")
register_url_parameter("placement_id", "placement.Placement")
register_url_parameter("term_id", "appointments.AppointmentTerm")
