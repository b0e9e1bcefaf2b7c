"""Money in templates (``{% load money %}``): ``{{ amount|yen }}`` → ¥1,234,567, ``{{ amount|money:code }}``
→ USD 1,667.00, ``{{ rate|rate }}`` → 150, and ``{% local_amount record %}``: a record's amount in its own
currency with the rate used, in the page's language ("USD 1,667.00 at 150 yen per USD")."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext as _

from jetpm.core import money as fmt

register = template.Library()


@register.filter
def yen(value: Any) -> str:
    return fmt.yen(value)


@register.filter
def money(value: Any, currency: str = "JPY") -> str:
    return fmt.money(value, currency)


@register.filter
def rate(value: Any) -> str:
    return fmt.rate(value)


@register.simple_tag
def local_amount(record: Any) -> str:
    """The amount a record was asked or paid in, in its currency, and the rate to yen used (empty for yen)."""
    currency = (getattr(record, "currency", "") or "JPY").upper()
    if currency == "JPY" or getattr(record, "amount_local", None) is None:
        return ""
    return _("%(amount)s at %(rate)s yen per %(currency)s") % {
        "amount": fmt.money(record.amount_local, currency),
        "rate": fmt.rate(record.rate_to_yen),
        "currency": currency,
    }
