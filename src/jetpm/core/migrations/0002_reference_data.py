"""Load the reference data: JETAA regions, countries (ISO 3166-1), the 47 prefectures, languages.

The CSV files under jetpm/core/data/ are the source (countries' Japanese names follow MOFA usage).
"""

import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data"


def _rows(name):
    with (DATA / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def load(apps, schema_editor):
    JetaaRegion = apps.get_model("core", "JetaaRegion")
    Country = apps.get_model("core", "Country")
    Prefecture = apps.get_model("core", "Prefecture")
    Language = apps.get_model("core", "Language")
    regions = {}
    for r in _rows("jetaa_regions.csv"):
        region = JetaaRegion.objects.create(
            code=r["code"], name_en=r["name_en"], name_ja=r["name_ja"], sort_order=int(r["sort_order"])
        )
        regions[r["name_en"]] = region
    Country.objects.bulk_create(
        Country(code=r["iso2"], iso3=r["iso3"], numeric=r["numeric"], name_en=r["name_en"], name_ja=r["name_ja"],
                jetaa_region=regions.get(r["jetaa_region"]))
        for r in _rows("countries.csv")
    )
    Prefecture.objects.bulk_create(
        Prefecture(code=r["code"], name_ja=r["name_ja"], name_en=r["name_en"], region_en=r["region_en"],
                   region_ja=r["region_ja"])
        for r in _rows("prefectures.csv")
    )
    Language.objects.bulk_create(
        Language(code=r["code"], name_en=r["name_en"], name_ja=r["name_ja"], designated=r["designated"] == "1")
        for r in _rows("languages.csv")
    )


def unload(apps, schema_editor):
    for name in ("Language", "Prefecture", "Country", "JetaaRegion"):
        apps.get_model("core", name).objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
