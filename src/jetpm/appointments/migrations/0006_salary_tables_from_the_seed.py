"""The salary tables of FY2012–FY2027 from the seed's facts, where a year has no row yet (no page wrote them:
FY2023–24 were missing, and FY2025–26 had only the first year's row, so every year cost the first-year
rate). ``assumed`` marks what the seed does not publish; staff confirm or correct a year on the page
"Rules of the year".

- FY2012–2022 (published): 1st 3,360,000; 2nd 3,600,000; 3rd 3,900,000; 4th–5th 3,960,000 yen.
- FY2023–2024 (assumed): the FY2012–2022 table, unchanged.
- FY2025–2026: 1st year about 4,020,000 yen (published); 2nd, 3rd and 4th-and-after assumed: the
  FY2012–2022 steps above the first year (+240,000, +540,000, +600,000) on top of 4,020,000.
- FY2027 (assumed): the FY2025–2026 table.
"""

from django.db import migrations

TABLE_2012_2022 = {1: 3_360_000, 2: 3_600_000, 3: 3_900_000, 4: 3_960_000}
FIRST_YEAR_FROM_2025 = 4_020_000
STEPS = {yop: amount - TABLE_2012_2022[1] for yop, amount in TABLE_2012_2022.items()}
TABLE_FROM_2025 = {yop: FIRST_YEAR_FROM_2025 + step for yop, step in STEPS.items()}


def rows() -> list[tuple[int, int, int, bool]]:
    """(fiscal year, from year on the programme, annual salary, assumed)."""
    out = []
    for fy in range(2012, 2023):
        out += [(fy, yop, amount, False) for yop, amount in TABLE_2012_2022.items()]
    for fy in (2023, 2024):
        out += [(fy, yop, amount, True) for yop, amount in TABLE_2012_2022.items()]
    for fy in (2025, 2026):
        out += [(fy, yop, amount, yop != 1) for yop, amount in TABLE_FROM_2025.items()]
    out += [(2027, yop, amount, True) for yop, amount in TABLE_FROM_2025.items()]
    return out


def load(apps, schema_editor):  # type: ignore[no-untyped-def]
    SalaryRate = apps.get_model("appointments", "SalaryRate")
    existing = set(SalaryRate.objects.values_list("fiscal_year", "year_on_programme"))
    SalaryRate.objects.bulk_create(
        SalaryRate(fiscal_year=fy, year_on_programme=yop, annual_salary_yen=amount, assumed=assumed)
        for fy, yop, amount, assumed in rows()
        if (fy, yop) not in existing
    )


def unload(apps, schema_editor):  # type: ignore[no-untyped-def]
    pass  # the rows may have been confirmed or corrected since: keep them


class Migration(migrations.Migration):
    dependencies = [
        ("appointments", "0005_assessment_ladder_and_salary_estimates"),
    ]

    operations = [migrations.RunPython(load, unload)]
