"""State machines: one table per workflow (``ALLOWED = {from: {to, ...}}``), checked in one place."""

from __future__ import annotations

from collections.abc import Mapping, Set
from typing import Any

from django.utils.translation import gettext as _

from jetpm.core.errors import IllegalTransition

Table = Mapping[str, Set[str]] | Mapping[str, Mapping[str, object]]  # {from: {to, ...}} or {from: {to: who}}


def check_transition(obj: Any, to: str, allowed: Table, *, field: str = "status") -> str:
    """Raise :class:`IllegalTransition` unless ``obj.<field>`` may move to ``to``; return the old status.

    Call it on a row locked with ``select_for_update`` inside the service's transaction."""
    current = getattr(obj, field)
    if to not in allowed.get(current, set()):
        choices = type(obj)._meta.get_field(field).choices or []
        labels = dict(choices)
        raise IllegalTransition(
            _("%(record)s cannot go from “%(from)s” to “%(to)s”.")
            % {"record": str(obj), "from": labels.get(current, current), "to": labels.get(to, to)}
        )
    return str(current)
