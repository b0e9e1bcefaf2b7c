"""Checks shared by the tests of every PDF the platform produces: the fonts are embedded (a viewer without
Japanese font packs still shows the letters) and the Japanese text is really there. Uses poppler-utils'
``pdffonts`` and ``pdftotext`` (installed by .ci/run)."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import tempfile
from pathlib import Path


def _poppler(tool: str, content: bytes, *args: str, output: tuple[str, ...] = ()) -> str:
    path = shutil.which(tool)
    assert path, f"{tool} (poppler-utils) is needed to check PDFs: .ci/run installs it"
    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "doc.pdf"
        pdf.write_bytes(content)
        result = subprocess.run([path, *args, str(pdf), *output], capture_output=True, check=True)  # noqa: S603
    return result.stdout.decode("utf-8")


def fonts(content: bytes) -> list[tuple[str, bool]]:
    """(name, embedded) of every font of the PDF, as pdffonts lists them."""
    lines = _poppler("pdffonts", content).splitlines()[2:]  # a header line and a rule
    out = []
    for line in lines:
        cells = line.split()
        # name type [type…] encoding emb sub uni object ID: emb is the 5th field from the end
        out.append((cells[0], cells[-5] == "yes"))
    return out


def text(content: bytes) -> str:
    return _poppler("pdftotext", content, "-enc", "UTF-8", output=("-",))


def words(content: bytes) -> list[tuple[float, float, float, str]]:
    """(page width, left, right, text) of every word that pdftotext finds on the pages."""
    xhtml = _poppler("pdftotext", content, "-bbox", "-enc", "UTF-8", output=("-",))
    out = []
    for page in re.finditer(r'<page width="([\d.]+)"[^>]*>(.*?)</page>', xhtml, flags=re.S):
        width = float(page.group(1))
        for word in re.finditer(
            r'<word xMin="([\d.-]+)" [^>]*xMax="([\d.-]+)"[^>]*>(.*?)</word>', page.group(2)
        ):
            out.append((width, float(word.group(1)), float(word.group(2)), html.unescape(word.group(3))))
    return out


def assert_embeds_fonts_and_shows(content: bytes, *expected: str) -> None:
    """Every font is embedded (and a TrueType font file is in the PDF), and ``expected`` are in its text."""
    assert content.startswith(b"%PDF")
    listed = fonts(content)
    assert listed and all(embedded for _name, embedded in listed), listed
    assert re.search(rb"/FontFile2\s+\d+ 0 R", content)
    shown = re.sub(r"\s+", "", text(content))
    for snippet in expected:
        assert re.sub(r"\s+", "", snippet) in shown, (snippet, shown[:500])
