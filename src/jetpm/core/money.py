"""Amounts of money as people read them: yen as ¥1,234,567; another currency by its code with its usual
decimals (ISO 4217 minor units) and thousands separators, USD 1,667.00, KRW 150,000, KWD 12.500; an
exchange rate without trailing zeros, 150 or 0.0068. Pure formatting, no Django."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

# currencies whose usual decimals are not two (ISO 4217 minor units); every other code has two
MINOR_UNITS: dict[str, int] = {
    "JPY": 0,
    "KRW": 0,
    "VND": 0,
    "CLP": 0,
    "ISK": 0,
    "PYG": 0,
    "UGX": 0,
    "RWF": 0,
    "XAF": 0,
    "XOF": 0,
    "XPF": 0,
    "BHD": 3,
    "IQD": 3,
    "JOD": 3,
    "KWD": 3,
    "LYD": 3,
    "OMR": 3,
    "TND": 3,
}


def minor_units(currency: str) -> int:
    """How many decimals the currency is usually written with."""
    return MINOR_UNITS.get((currency or "").strip().upper(), 2)


def _decimal(value: object) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value).replace(",", "").strip())
    except (InvalidOperation, ValueError):
        return None


def amount(value: object, currency: str) -> str:
    """The figure alone, with the currency's decimals and thousands separators: 1,667.00."""
    number = _decimal(value)
    if number is None:
        return "" if value is None else str(value)
    places = minor_units(currency)
    rounded = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return f"{rounded:,.{places}f}"


def money(value: object, currency: str = "JPY") -> str:
    """An amount with its currency: ¥1,234,567 for yen, USD 1,667.00 for another currency."""
    code = (currency or "JPY").strip().upper()
    if _decimal(value) is None:  # not a figure: as it was written
        return "" if value is None else str(value)
    figure = amount(value, code)
    return f"¥{figure}" if code == "JPY" else f"{code} {figure}"


def yen(value: object) -> str:
    """Whole yen: ¥1,234,567."""
    return money(value, "JPY")


def rate(value: object) -> str:
    """An exchange rate without trailing zeros, with thousands separators: 150, 98.5, 0.0068, 1,234.5."""
    number = _decimal(value)
    if number is None:
        return "" if value is None else str(value)
    text = f"{number:,f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text
