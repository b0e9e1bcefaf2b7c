"""The main menu. Each app registers its entries (in its AppConfig.ready) with who may see them, so core
needs to know nothing of the apps after it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from jetpm.core.scoping import Scope


@dataclass(frozen=True)
class NavItem:
    order: int
    url_name: str
    label: Any  # a lazy translation
    visible: Callable[[Scope], bool]


_ITEMS: list[NavItem] = []


def nav_item(order: int, url_name: str, label: Any, visible: Callable[[Scope], bool]) -> None:
    if any(i.url_name == url_name for i in _ITEMS):
        return  # ready() may run twice in tests
    _ITEMS.append(NavItem(order, url_name, label, visible))
    _ITEMS.sort(key=lambda i: (i.order, i.url_name))


def items_for(scope: Scope) -> list[tuple[str, Any]]:
    return [(i.url_name, i.label) for i in _ITEMS if i.visible(scope)]
