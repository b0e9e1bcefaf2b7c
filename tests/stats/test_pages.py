"""The statistics pages: figures, charts, downloads, scoping and languages."""

from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from jetpm.core.models import AuditEvent
from tests.pdf_support import assert_embeds_fonts_and_shows, words

pytestmark = pytest.mark.django_db
URL = reverse("stats:index")
SVG = "{http://www.w3.org/2000/svg}"


def page(client, world, username="mic.staff", **params):  # type: ignore[no-untyped-def]
    client.force_login(world.users[username])
    response = client.get(URL, params)
    assert response.status_code == 200
    return response.content.decode()


def section(html: str, testid: str) -> str:
    start = html.index(f'data-testid="{testid}"')
    return html[start : html.index("</section>", start)]


def svgs(html: str) -> list[ET.Element]:
    found = re.findall(r"<svg .*?</svg>", html, flags=re.S)
    return [ET.fromstring(s) for s in found]  # noqa: S314  (our own markup)


def test_the_retention_matrix_has_cohorts_as_rows_and_years_as_columns(world, client, history):
    html = page(client, world, **{"from": 2022, "to": 2024, "fy": 2024})
    matrix = section(html, "stats-retention")
    headers = re.findall(r'<th scope="col">(.*?)</th>', matrix)
    assert headers[1:] == ["FY2022", "FY2023", "FY2024"]
    rows = re.findall(r'<tr><th scope="row">(FY\d+)</th>(.*?)</tr>', matrix)
    assert [r[0] for r in rows] == ["FY2021", "FY2022", "FY2023", "FY2024"]
    cells = {r[0]: re.findall(r"<td>(.*?)</td>", r[1]) for r in rows}
    assert cells["FY2021"][0] == "10"
    assert cells["FY2021"][1] == '8 <span class="tag">80%</span>'
    assert cells["FY2021"][2] == '5 <span class="tag">63%</span>'
    assert cells["FY2022"][1] == '17 <span class="tag">85%</span>'
    assert cells["FY2023"] == ["–", "12", '9 <span class="tag">75%</span>']
    assert cells["FY2024"] == ["–", "–", "7"]
    # totals by fiscal year, and new vs total
    assert re.findall(r"<td>(\d+)</td>", matrix.split("<tfoot>")[1]) == ["30", "37", "21"]
    years = section(html, "stats-years")
    # new participants, ALTs, participants, applicants (none recorded)
    assert '<th scope="row">FY2024</th><td>7</td><td>16</td><td>21</td><td>no records</td>' in years


def test_the_charts_are_well_formed_accessible_svg_with_labels(world, client, history):
    html = page(client, world, **{"from": 2022, "to": 2024, "fy": 2024})
    charts = svgs(html)
    assert len(charts) == 4
    for svg in charts:
        assert svg.get("role") == "img" and svg.get("viewBox")
        assert svg.find(f"{SVG}title") is not None and svg.find(f"{SVG}desc") is not None
        assert all(e.get("style") is None for e in svg.iter())
    texts = {svg.get("id"): [t.text for t in svg.iter(f"{SVG}text")] for svg in charts}
    assert "United Kingdom" in " ".join(str(t) for t in texts["chart-country"])
    assert {"ALT", "CIR", "SEA"} <= set(texts["chart-job-type"])
    assert {"FY2022", "FY2023", "FY2024", "21", "7"} <= set(texts["chart-years"])
    assert "<script" not in html.split("<main")[-1]


def test_chart_labels_are_escaped() -> None:
    from jetpm.core import charts

    svg = charts.horizontal_bars("x", title="<b>&", desc='"q"', items=[("<script>alert(1)</script>", 3)])
    root = ET.fromstring(str(svg))  # noqa: S314
    assert "<script>" not in str(svg)
    assert root.find(f"{SVG}title").text == "<b>&"  # type: ignore[union-attr]


def test_chart_values_are_grouped_by_three() -> None:
    """A bar's figure reads as the description does: 297,000, never 297000."""
    from jetpm.core import charts

    for svg in (
        charts.horizontal_bars("h", title="t", desc="d", items=[("Travel", 297000)]),
        charts.vertical_bars("v", title="t", desc="d", items=[("ALT", 12345)]),
        charts.grouped_bars("g", title="t", desc="d", series=["a"], items=[("FY2024", [4321])], missing="-"),
    ):
        texts = [t.text for t in ET.fromstring(str(svg)).iter(f"{SVG}text")]  # noqa: S314
        assert any(t in {"297,000", "12,345", "4,321"} for t in texts), texts


def test_downloads_have_the_figures_and_are_audited(world, client, history):
    client.force_login(world.users["mic.staff"])
    query = {"from": 2022, "to": 2024, "fy": 2024}
    response = client.get(URL, {**query, "format": "csv", "table": "retention"})
    assert response["Content-Type"].startswith("text/csv")
    content = response.content.decode("utf-8")
    assert content.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(content[1:])))
    assert rows[0][:3] == ["Cohort", "FY2022 participants", "FY2022 retention %"]
    assert rows[1] == ["FY2021", "10", "", "8", "80", "5", "63"]

    response = client.get(URL, {**query, "format": "xlsx"})
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames[0] == "Retention"
    sheet = book["Retention"]
    assert [c.value for c in sheet[2]] == ["FY2021", 10, None, 8, 80, 5, 63]
    years = [[c.value for c in r] for r in book.worksheets[1].iter_rows()]
    assert years[-1] == ["FY2024", 7, 16, 21, None]

    response = client.get(URL, {**query, "format": "pdf"})
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF") and len(response.content) > 2000

    events = AuditEvent.objects.filter(action="stats.export").order_by("id")
    assert [e.changes["format"][1] for e in events] == ["csv", "xlsx", "pdf"]
    assert events[0].changes["table"] == [None, "retention"]
    assert events[0].actor == world.users["mic.staff"]


def test_japanese_pages_and_pdf_use_wareki(world, client, history):
    user = world.users["mic.staff"]
    user.language = "ja"
    user.save(update_fields=["language"])
    html = page(client, world, **{"from": 2022, "to": 2024, "fy": 2024})
    assert "令和6年度" in section(html, "stats-retention") and "FY2024" not in html
    for svg in svgs(html):
        assert svg.find(f"{SVG}title") is not None
    assert "令和4年度" in " ".join(t.text or "" for t in svgs(html)[0].iter(f"{SVG}text"))
    response = client.get(URL, {"format": "pdf"})
    assert_embeds_fonts_and_shows(response.content, "JET参加者統計", "令和6年度")
    response = client.get(URL, {"format": "csv", "table": "years"})
    assert "令和6年度" in response.content.decode("utf-8")


def test_a_contracting_organisation_sees_only_its_participants(world, client, history):
    html = page(client, world, "co_a.coordinator", **{"from": 2022, "to": 2024, "fy": 2024})
    totals = re.findall(r"<td>(\d+)</td>", section(html, "stats-retention").split("<tfoot>")[1])
    # participants k = 0, 2, 4, … of each cohort are at co_a
    assert totals == ["15", "19", "12"]
    b = page(client, world, "host_b.coordinator", **{"from": 2022, "to": 2024, "fy": 2024})
    assert re.findall(r"<td>(\d+)</td>", section(b, "stats-retention").split("<tfoot>")[1]) == [
        "15",
        "18",
        "9",
    ]


@pytest.mark.parametrize(
    "username",
    ["mission_a.staff", "mission_a.admin", "panelist_a", "chapter_a.officer"],
)
def test_roles_without_figures_get_404(world, client, history, username):
    client.force_login(world.users[username])
    assert client.get(URL).status_code == 404
    assert client.get(URL, {"format": "csv"}).status_code == 404
    assert not AuditEvent.objects.filter(action="stats.export").exists()


def test_menu_entry_for_national_bodies_and_organisations(world, client):
    client.force_login(world.users["co_a.coordinator"])
    assert f'href="{URL}"' in client.get(reverse("home")).content.decode()
    client.force_login(world.users["mission_a.staff"])
    assert f'href="{URL}"' not in client.get(reverse("home")).content.decode()


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"from": 2024, "to": 2022}, "is after the last one"),
        ({"from": "abc"}, "From fiscal year: Enter a whole number."),
        ({"fy": "1800"}, "Fiscal year of the breakdown:"),
        ({"format": "doc"}, "Format:"),
    ],
)
def test_bad_parameters_show_a_message_and_the_defaults(world, client, history, params, message):
    html = page(client, world, **params)
    assert message in html
    assert "The defaults are shown." in html
    # the defaults: the last three fiscal years with data
    headers = re.findall(r'<th scope="col">(.*?)</th>', section(html, "stats-retention"))
    assert headers[1:] == ["FY2022", "FY2023", "FY2024"]


def test_an_empty_history_renders(world, client):
    html = page(client, world)
    assert "No participants in these fiscal years." in html
    assert len(svgs(html)) == 4


def test_query_count_is_bounded(world, client, history):
    client.force_login(world.users["co_a.coordinator"])
    with CaptureQueriesContext(connection) as few:
        assert client.get(URL, {"from": 2022, "to": 2022}).status_code == 200
    with CaptureQueriesContext(connection) as many:
        assert client.get(URL, {"from": 2022, "to": 2024}).status_code == 200
    assert len(many.captured_queries) <= len(few.captured_queries) < 20


def test_the_series_since_fy2019_says_which_years_have_no_records(world, client, history):
    """Terms from FY2022 only; applications (submitted) for FY2023 only: nothing is invented before."""
    from jetpm.applications.models import Application

    submitted = Application.objects.exclude(status="draft").order_by("pk")
    Application.objects.filter(pk=submitted[0].pk).update(intake_year=2023)
    html = page(client, world, **{"from": 2022, "to": 2024, "fy": 2024})
    years = section(html, "stats-years")
    assert "since FY2019" in years
    rows = re.findall(r'<tr><th scope="row">(FY\d+)</th>(.*?)</tr>', years)
    assert [r[0] for r in rows] == ["FY2019", "FY2020", "FY2021", "FY2022", "FY2023", "FY2024"]
    cells = {r[0]: re.findall(r"<td[^>]*>(.*?)</td>", r[1]) for r in rows}
    assert cells["FY2019"] == ["no records", "no records"]
    assert cells["FY2022"] == ["20", "21", "30", "no records"]  # new, ALTs, participants, applicants
    assert cells["FY2023"][-1] == "1"
    assert "No participant records for FY2019–FY2021" in years
    assert "No application records for FY2019–FY2022, FY2024" in years
    chart = next(svg for svg in svgs(html) if svg.get("id") == "chart-years")
    texts = [t.text for t in chart.iter(f"{SVG}text")]
    assert texts.count("no records") == 3 and "0" not in texts  # no made-up zeros
    # the series as a download: blank where there are no records
    client.force_login(world.users["mic.staff"])
    response = client.get(URL, {"from": 2022, "to": 2024, "fy": 2024, "format": "csv", "table": "years"})
    rows_csv = list(csv.reader(io.StringIO(response.content.decode("utf-8")[1:])))
    assert rows_csv[0] == ["Fiscal year", "New participants", "ALTs", "Participants", "Applicants"]
    assert rows_csv[1] == ["FY2019", "", "", "", ""] and rows_csv[4] == ["FY2022", "20", "21", "30", ""]
    # an organisation sees its own participants but not the applicants of the programme
    html = page(client, world, "co_a.coordinator", **{"from": 2022, "to": 2024, "fy": 2024})
    years = section(html, "stats-years")
    assert "Applicants" not in re.findall(r'<th scope="col">(.*?)</th>', years)
    assert "No application records" not in years


@pytest.fixture
def countries(world):  # type: ignore[no-untyped-def]
    """FY2024's first-year participants: every named country but Korea, and three others of whom Germany
    has more than several named countries (a "top 10" would name it)."""
    from jetpm.appointments.history import services
    from tests.appointments.helpers import csv_content

    per_country = {
        "US": (30, 0),
        "GB": (7, 1),
        "CA": (5, 1),
        "PH": (3, 0),
        "AU": (3, 0),
        "NZ": (2, 0),
        "ZA": (2, 0),
        "IE": (1, 1),
        "CN": (0, 1),
        "TT": (1, 0),
        "SG": (1, 0),
        "JM": (1, 0),
        "DE": (4, 2),
        "FR": (1, 0),
        "BR": (0, 1),
    }  # fmt: skip  (ALTs, CIRs)
    rows = []
    for code, (alt, cir) in per_country.items():
        for k in range(alt + cir):
            rows.append(
                {
                    "jet_id": f"N{code}{k:03d}",
                    "fiscal_year": "2024",
                    "cohort_year": "2024",
                    "year_on_programme": "1",
                    "country": code,
                    "job_type": "ALT" if k < alt else "CIR",
                    "contracting_org": "210005",
                    "language": "en",
                }
            )
    services.import_history(actor=None, content=csv_content(rows), fmt="csv")
    return per_country


def test_participants_and_alts_by_country_name_the_published_countries_and_others(world, client, countries):
    html = page(client, world, **{"from": 2024, "to": 2024, "fy": 2024})

    def table(testid: str) -> list[tuple[str, str]]:
        body = section(html, testid).split("<tbody>")[1].split("</tbody>")[0]
        return re.findall(r'<tr><th scope="row">(.*?)</th><td>(\d+)</td>', body)

    assert table("stats-country") == [
        ("United States", "30"), ("United Kingdom", "8"), ("Canada", "6"), ("Australia", "3"),
        ("Philippines", "3"), ("Ireland", "2"), ("New Zealand", "2"), ("South Africa", "2"), ("China", "1"),
        ("Jamaica", "1"), ("Singapore", "1"), ("Trinidad and Tobago", "1"), ("Others", "8"),
    ]  # fmt: skip
    # ALTs: China and Korea are among the others there, as in the published figures
    assert table("stats-alt-country") == [
        ("United States", "30"), ("United Kingdom", "7"), ("Canada", "5"), ("Australia", "3"),
        ("Philippines", "3"), ("New Zealand", "2"), ("South Africa", "2"), ("Ireland", "1"), ("Jamaica", "1"),
        ("Singapore", "1"), ("Trinidad and Tobago", "1"), ("Others", "5"),
    ]  # fmt: skip
    by_id = {svg.get("id"): [t.text for t in svg.iter(f"{SVG}text")] for svg in svgs(html)}
    assert "Germany" not in by_id["chart-country"] and "Others" in by_id["chart-country"]
    assert by_id["chart-country"].count("Others") == 1 and "China" in by_id["chart-country"]
    assert "China" not in by_id["chart-alt-country"] and "Others" in by_id["chart-alt-country"]
    client.force_login(world.users["mic.staff"])
    response = client.get(
        URL, {"from": 2024, "to": 2024, "fy": 2024, "format": "csv", "table": "alt_country"}
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8")[1:])))
    assert rows[-2:] == [["Others", "5", "5"], ["Total", "61", "61"]]


def test_the_pdf_fits_every_figure_on_the_page_and_has_the_charts(world, client, history, countries):
    """Fifteen fiscal years of retention (the matrix used to run off both sides of the page) and the
    charts of the page, drawn in the PDF."""
    client.force_login(world.users["mic.staff"])
    response = client.get(URL, {"from": 2010, "to": 2024, "fy": 2024, "format": "pdf"})
    content = response.content
    assert_embeds_fonts_and_shows(
        content,
        "FY2010",
        "FY2024",
        "17 (85%)",  # cohort 2022: 17 of its 20 stayed into FY2023, as the page shows it
        "Participants and applicants, FY2010 to FY2024",  # the series chart's title (a drawing)
        "No participant records for FY2010–FY2021",
        "Others",
    )
    placed = words(content)
    assert placed and all(left >= 0 and right <= width for width, left, right, _t in placed)
    text = " ".join(t for *_xy, t in placed)
    for figure in ("17", "85%)", "63%)", "75%)", "Trinidad", "Jamaica"):
        assert figure in text
    # the charts are drawn: their axes' and bars' labels are there besides the tables'
    assert text.count("United States") >= 4  # the two charts and the two tables of countries


def test_a_table_too_wide_for_the_page_is_split_into_groups_that_fit() -> None:
    from jetpm.core.pdf import japanese_font
    from jetpm.stats import pdf

    font = japanese_font()
    header = ["Cohort", *(f"FY{y}" for y in range(2000, 2030))]
    rows = [header, ["FY2000", *("12,345 (100%)" for _y in range(30))]]
    parts = pdf.fit_tables(rows, font)
    assert len(parts) > 1
    shown = [cell for t in parts for cell in t._cellvalues[0][1:]]
    assert shown == header[1:]  # every column once, in order, the first repeated in each part
    for t in parts:
        assert t._cellvalues[0][0] == "Cohort"
        assert sum(t._colWidths) <= pdf.WIDTH
    narrow = pdf.fit_tables([["a", "b"], ["1", "2"]], font)
    assert len(narrow) == 1
