"""The one scoping mechanism of JETPM.

Every read of tenant-owned data goes through :func:`visible_to` (lists, exports, the API) or
:func:`get_visible_or_404` (detail pages and every URL that names a record). Each scoped model registers
one rule, a function from the user's :class:`Scope` to a ``Q`` filter, with :func:`register`; a model
without a rule is visible to nobody, so forgetting to register fails closed.

URL parameters that name records are registered too (:data:`URL_PARAMETERS`), so the test that walks every
URL pattern can fill them with another organisation's records.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from jetpm.core.errors import NotFound
from jetpm.core.states import AGENCY_KINDS, NATIONAL_KINDS, ORG_ROLES, OrgKind, PersonKind, Role

M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class Scope:
    """What one user may see, computed once per request from their memberships."""

    user_id: int | None = None
    is_superuser: bool = False
    national: bool = False  # staff, approver or admin of an agency or the Council
    agency_kinds: frozenset[str] = frozenset()
    roles: frozenset[tuple[int, str, str]] = frozenset()  # (organisation id, organisation kind, role)
    org_ids: frozenset[int] = frozenset()  # organisations the user acts for (not as a panelist)
    mission_ids: frozenset[int] = frozenset()
    host_ids: frozenset[int] = frozenset()
    co_ids: frozenset[int] = frozenset()  # contracting organisations the user acts for directly
    chapter_ids: frozenset[int] = frozenset()
    panelist_mission_ids: frozenset[int] = frozenset()
    person_id: int | None = None
    person_kind: str | None = None  # applicant, participant or alumnus
    # the local time zone of the user's mission (an applicant's, or the one mission a user works for);
    # blank is Japan time (core/time_zones.py)
    time_zone: str = ""
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def is_authenticated(self) -> bool:
        return self.user_id is not None

    def has_role(self, *roles: str, kinds: frozenset[str] | set[str] | None = None) -> bool:
        return any(r in roles and (kinds is None or k in kinds) for _org, k, r in self.roles)

    def acts_for(self, org_id: int, *roles: str) -> bool:
        return any(o == org_id and (not roles or r in roles) for o, _k, r in self.roles)


ANONYMOUS = Scope()


class Operator:
    """The platform's operator at the command line (imports, exports, statistics run by ``jetpm``): sees
    every record. Pass :data:`OPERATOR` explicitly; a missing user (None) still sees nothing."""

    is_authenticated = True
    pk = None

    def __repr__(self) -> str:
        return "OPERATOR"


OPERATOR = Operator()
OPERATOR_SCOPE = Scope(user_id=0, is_superuser=True)


def scope_of(user: Any) -> Scope:
    """The user's scope, cached on the user object for the request."""
    if user is OPERATOR:
        return OPERATOR_SCOPE
    if user is None or not getattr(user, "is_authenticated", False):
        return ANONYMOUS
    cached = getattr(user, "_jetpm_scope", None)
    if cached is not None:
        return cached
    from jetpm.core.auth_backend import HAS_MEMBERSHIPS, loaded_flag, loaded_person
    from jetpm.core.models import Membership, Person

    with_zones: list[tuple[int, str, str, str]] = (
        []
        if loaded_flag(user, HAS_MEMBERSHIPS) is False  # known with the user (core/auth_backend.py)
        else list(
            Membership.objects.filter(user_id=user.pk).values_list(
                "organisation_id", "organisation__kind", "role", "organisation__time_zone"
            )
        )
    )
    rows = [(o, k, r) for o, k, r, _z in with_zones]
    roles = frozenset((o, k, r) for o, k, r in rows)
    acting = [(o, k) for o, k, r in rows if r in ORG_ROLES]
    known, person = loaded_person(user)
    if known:
        person_id, person_kind, person_zone = (
            (person.pk, person.kind, person.mission.time_zone if person.mission is not None else "")
            if person is not None
            else (None, None, "")
        )
    else:
        person_row = (
            Person.objects.filter(user_id=user.pk).values_list("id", "kind", "mission__time_zone").first()
        )
        person_id, person_kind, person_zone = person_row if person_row is not None else (None, None, "")
    national = any(k in NATIONAL_KINDS for _o, k in acting)
    mission_zones = {z for _o, k, _r, z in with_zones if k == OrgKind.MISSION}
    if person_kind == PersonKind.APPLICANT:
        time_zone = person_zone or ""
    elif len(mission_zones) == 1 and not national:
        time_zone = next(iter(mission_zones))
    else:
        time_zone = ""
    scope = Scope(
        user_id=user.pk,
        is_superuser=bool(user.is_superuser),
        national=national,
        agency_kinds=frozenset(k for _o, k in acting if k in AGENCY_KINDS),
        roles=roles,
        org_ids=frozenset(o for o, _k in acting),
        mission_ids=frozenset(o for o, k in acting if k == OrgKind.MISSION),
        host_ids=frozenset(o for o, k in acting if k == OrgKind.HOST_ORG),
        co_ids=frozenset(o for o, k in acting if k == OrgKind.CONTRACTING_ORG),
        chapter_ids=frozenset(o for o, k in acting if k == OrgKind.JETAA_CHAPTER),
        panelist_mission_ids=frozenset(o for o, k, r in rows if r == Role.PANELIST and k == OrgKind.MISSION),
        person_id=person_id,
        person_kind=person_kind,
        time_zone=time_zone,
    )
    user._jetpm_scope = scope
    return scope


Rule = Callable[[Scope], Q]
_RULES: dict[type[Model], Rule] = {}
NOTHING = Q(pk__in=[])


def register(model: type[Model]) -> Callable[[Rule], Rule]:
    """Decorator: register the visibility rule of a model."""

    def deco(rule: Rule) -> Rule:
        if model in _RULES:
            raise RuntimeError(f"a scoping rule for {model.__name__} is already registered")
        _RULES[model] = rule
        return rule

    return deco


def rule_for(model: type[Model]) -> Rule:
    try:
        return _RULES[model]
    except KeyError:
        return lambda scope: NOTHING


def registered_models() -> list[type[Model]]:
    return list(_RULES)


def visible_to(user: Any, queryset: QuerySet[M] | type[M]) -> QuerySet[M]:
    """The records of ``queryset`` that ``user`` may see."""
    qs: QuerySet[M] = queryset._default_manager.all() if isinstance(queryset, type) else queryset
    scope = scope_of(user)
    if not scope.is_authenticated:
        return qs.none()
    return qs.filter(rule_for(qs.model)(scope))


def get_visible_or_404(user: Any, queryset: QuerySet[M] | type[M], **lookup: Any) -> M:
    """One record the user may see, or 404 — the same answer whether it does not exist or is out of scope."""
    qs = visible_to(user, queryset)
    try:
        return qs.get(**lookup)
    except (ValueError, TypeError, ObjectDoesNotExist) as exc:  # a malformed id is as unknown as a missing
        raise Http404 from exc


def get_visible(user: Any, queryset: QuerySet[M] | type[M], **lookup: Any) -> M:
    """For services: one record the user may see, or :class:`~jetpm.core.errors.NotFound` (a domain error:
    pages answer it with 404, the API with 404) — never ``Http404`` from a service."""
    qs = visible_to(user, queryset)
    try:
        return qs.get(**lookup)
    except (ValueError, TypeError, ObjectDoesNotExist) as exc:
        raise NotFound(_("No such record.")) from exc


# URL keyword arguments that name records, and the model they name. Every URL pattern's parameters must
# be listed here (the URL-walk test fails otherwise), so a new page is checked against foreign records.
URL_PARAMETERS: dict[str, str] = {}


def register_url_parameter(name: str, model_label: str) -> None:
    if URL_PARAMETERS.get(name, model_label) != model_label:
        raise RuntimeError(f"URL parameter {name!r} already names {URL_PARAMETERS[name]}")
    URL_PARAMETERS[name] = model_label
