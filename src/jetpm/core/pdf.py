"""What every PDF of the platform shares: ReportLab's built-in Japanese CID fonts (no font files to ship)
and the escaping of text put into a Paragraph (which reads a small XML markup)."""

from __future__ import annotations

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont

GOTHIC = "HeiseiKakuGo-W5"  # tables and forms
MINCHO = "HeiseiMin-W3"  # letters and notices


def cid_font(name: str = GOTHIC) -> str:
    """Register the CID font once and return its name for the styles."""
    if name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(name))
    return name


def escape(text: str) -> str:
    """Text for a Paragraph: &, < and > are markup there."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
