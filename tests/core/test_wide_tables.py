"""Every wide table (8 columns or more) of a page sits in a sideways-scrolling box: a ``.table-scroll``
region, focusable and named by a heading of its page, so the card never overflows and the columns keep
readable widths. A table kept in a partial is wrapped where the partial is included."""

from __future__ import annotations

import re
from pathlib import Path

import jetpm

SRC = Path(jetpm.__file__).parent
WIDE = 8
BOX = re.compile(
    r'<div class="table-scroll" role="region" tabindex="0" aria-labelledby="(?P<label>[^"]+)"[^>]*>$'
)


def _columns(table: str) -> int:
    head = re.search(r"<thead>(.*?)</thead>", table, re.S)
    if head is None:
        return 0
    cells = len(re.findall(r"<th\b", head.group(1)))
    return cells + (5 if "jetaa/_money_head.html" in head.group(1) else 0)  # the five money columns


def _wide_tables() -> list[tuple[Path, int, str]]:
    found = []
    for path in sorted(SRC.glob("**/templates/**/*.html")):
        text = path.read_text()
        for match in re.finditer(r"<table\b", text):
            end = text.find("</table>", match.end())
            if _columns(text[match.start() : end]) >= WIDE:
                found.append((path, match.start(), text))
    return found


def _problem(source: str, at: int, where: str) -> str | None:
    """What is wrong with the box on the line before ``at`` (None: a box named by a heading of the page)."""
    line_before = source[:at].rstrip(" ").rstrip("\n").rsplit("\n", 1)[-1].strip()
    box = BOX.search(line_before)
    if box is None:
        return f"{where}: not in a .table-scroll box"
    if f'id="{box.group("label")}"' not in source:
        return f"{where}: no heading with the id {box.group('label')}"
    return None


def test_there_are_wide_tables_to_check() -> None:
    assert len(_wide_tables()) >= 15


def test_every_wide_table_scrolls_in_a_named_region() -> None:
    problems = []
    for path, start, text in _wide_tables():
        where = f"{path.relative_to(SRC)}:{text[:start].count(chr(10)) + 1}"
        if text[:start].strip() in ("", "{% load i18n %}"):  # a partial: boxed where it is included
            name = "/".join(path.parts[path.parts.index("templates") + 1 :])
            pages = SRC.glob("**/templates/**/*.html")
            includers = [p for p in pages if f'include "{name}"' in p.read_text()]
            assert includers, name
            for includer in includers:
                source = includer.read_text()
                at = source.rfind("{%", 0, source.index(f'include "{name}"'))
                problems.append(_problem(source, at, f"{includer.relative_to(SRC)} (includes {name})"))
        else:
            problems.append(_problem(text, start, where))
    assert [p for p in problems if p] == []


def test_the_scroll_box_is_positioned_so_hidden_labels_inside_do_not_widen_the_page() -> None:
    # the score sheet's resolution inputs have .sr-only labels (position: absolute): without a positioned box
    # they escaped its clipping and the page scrolled sideways at 1280 pixels
    css = (SRC / "static" / "jetpm" / "jetpm.css").read_text()
    box = re.search(r"^\.table-scroll \{([^}]*)\}", css, re.M)
    assert box is not None
    assert "position: relative" in box.group(1)
