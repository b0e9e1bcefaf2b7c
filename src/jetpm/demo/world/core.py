"""The core step of the demo world: FY2024's organisations, the recruitment calendar, demo logins, persons.

Real: the agencies, the 51 recruiting countries (the 13 of the FY2024 table first), about 100 missions,
the 47 prefectures and 20 designated cities (names and local-government codes), Kanazawa City, the 55
JETAA chapters in 19 countries (per region as in the FY2024 table). Fictional: the other municipalities
and the private-school corporations (names from :mod:`jetpm.demo.names`), and every person.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

from django.contrib.auth.hashers import make_password
from django.utils.text import slugify

from jetpm.appointments.workflows import PERSONS
from jetpm.core.calendar import default_milestone_dates
from jetpm.core.models import (
    Country,
    JetaaRegion,
    Membership,
    Milestone,
    MilestoneOverride,
    Organisation,
    Person,
    Prefecture,
    RecruitmentCycle,
    User,
)
from jetpm.core.states import ROLES_BY_KIND, COKind, MilestoneKind, OrgKind, PersonKind
from jetpm.core.time_zones import zone_for_mission_code
from jetpm.demo import names
from jetpm.demo.logins import (
    DEMO_LOGINS,
    DEMO_PASSWORD,
    GIFU_CO,
    NEW_YORK_CHAPTER,
    UK_MISSION,
    US_EMBASSY,
)
from jetpm.demo.world.walk import Walk

if TYPE_CHECKING:  # the context is defined in the generator, which imports this module
    from jetpm.demo.generator import DemoContext

# --- local-government codes (全国地方公共団体コード) ----------------------------------------------------


def lg_check_digit(first_five: str) -> int:
    """The check digit of a local-government code: 11 - (6·d1 + 5·d2 + 4·d3 + 3·d4 + 2·d5) mod 11, mod 10."""
    if len(first_five) != 5 or not first_five.isdigit():
        raise ValueError(f"not five digits: {first_five!r}")
    d = [int(c) for c in first_five]
    return (11 - (6 * d[0] + 5 * d[1] + 4 * d[2] + 3 * d[3] + 2 * d[4]) % 11) % 10


def lg_code(first_five: str) -> str:
    return f"{first_five}{lg_check_digit(first_five)}"


def is_valid_lg_code(code: str) -> bool:
    return len(code) == 6 and code.isdigit() and lg_check_digit(code[:5]) == int(code[5])


# --- the agencies -------------------------------------------------------------------------------------

AGENCIES: list[tuple[str, str, str]] = [  # (kind = code, Japanese, English)
    (OrgKind.MIC, "総務省", "Ministry of Internal Affairs and Communications"),
    (OrgKind.MOFA, "外務省", "Ministry of Foreign Affairs"),
    (OrgKind.MEXT, "文部科学省", "Ministry of Education, Culture, Sports, Science and Technology"),
    (
        OrgKind.CLAIR,
        "一般財団法人自治体国際化協会",
        "Council of Local Authorities for International Relations (CLAIR)",
    ),
    (OrgKind.COUNCIL, "国際化推進連合協議会", "JET Programme Council"),
]

# --- recruiting countries and their FY2024 participants --------------------------------------------------

# FY2024's 51 recruiting countries: the 13 of the published table (in its order), then 38 others.
FY2024_NAMED_COUNTRIES: list[tuple[str, int]] = [  # (ISO code, FY2024 participants)
    ("US", 3002),
    ("GB", 741),
    ("CA", 548),
    ("PH", 339),
    ("AU", 287),
    ("NZ", 182),
    ("ZA", 181),
    ("IE", 120),
    ("CN", 69),
    ("TT", 69),
    ("SG", 59),
    ("JM", 45),
    ("KR", 45),
]
OTHER_COUNTRIES: list[str] = [
    "DE",
    "FR",
    "IT",
    "ES",
    "PT",
    "NL",
    "SE",
    "FI",
    "DK",
    "NO",
    "PL",
    "RU",
    "BR",
    "AR",
    "MX",
    "CL",
    "PE",
    "IN",
    "ID",
    "MY",
    "TH",
    "VN",
    "MN",
    "BB",
    "IL",
    "EG",
    "KE",
    "GH",
    "NG",
    "FJ",
    "TO",
    "WS",
    "PG",
    "BE",
    "AT",
    "CH",
    "LT",
    "IS",
]
OTHER_COUNTRIES_PARTICIPANTS = 174  # the table's "38 other countries"
RECRUITING_COUNTRIES: list[str] = [code for code, _n in FY2024_NAMED_COUNTRIES] + OTHER_COUNTRIES

# Weights for the nationality of demo participants: the FY2024 figures, "others" shared equally.
NATIONALITY_WEIGHTS: dict[str, float] = {
    **dict(FY2024_NAMED_COUNTRIES),
    **{code: OTHER_COUNTRIES_PARTICIPANTS / len(OTHER_COUNTRIES) for code in OTHER_COUNTRIES},
}

# --- missions -----------------------------------------------------------------------------------------

# Embassies: (country, capital in English, in Japanese, code slug, other countries it recruits in).
EMBASSIES: list[tuple[str, str, str, str, tuple[str, ...]]] = [
    ("US", "Washington DC", "ワシントンDC", "washington", ()),
    ("GB", "London", "ロンドン", "london", ()),
    ("CA", "Ottawa", "オタワ", "ottawa", ()),
    ("PH", "Manila", "マニラ", "manila", ()),
    ("AU", "Canberra", "キャンベラ", "canberra", ()),
    ("NZ", "Wellington", "ウェリントン", "wellington", ()),
    ("ZA", "Pretoria", "プレトリア", "pretoria", ()),
    ("IE", "Dublin", "ダブリン", "dublin", ()),
    ("CN", "Beijing", "北京", "beijing", ()),
    ("TT", "Port of Spain", "ポートオブスペイン", "port-of-spain", ("BB",)),  # also Barbados
    ("SG", "Singapore", "シンガポール", "singapore", ()),
    ("JM", "Kingston", "キングストン", "kingston", ()),
    ("KR", "Seoul", "ソウル", "seoul", ()),
    ("DE", "Berlin", "ベルリン", "berlin", ()),
    ("FR", "Paris", "パリ", "paris", ()),
    ("IT", "Rome", "ローマ", "rome", ()),
    ("ES", "Madrid", "マドリード", "madrid", ()),
    ("PT", "Lisbon", "リスボン", "lisbon", ()),
    ("NL", "The Hague", "ハーグ", "the-hague", ()),
    ("SE", "Stockholm", "ストックホルム", "stockholm", ()),
    ("FI", "Helsinki", "ヘルシンキ", "helsinki", ()),
    ("DK", "Copenhagen", "コペンハーゲン", "copenhagen", ()),
    ("NO", "Oslo", "オスロ", "oslo", ()),
    ("PL", "Warsaw", "ワルシャワ", "warsaw", ()),
    ("RU", "Moscow", "モスクワ", "moscow", ()),
    ("BR", "Brasília", "ブラジリア", "brasilia", ()),
    ("AR", "Buenos Aires", "ブエノスアイレス", "buenos-aires", ()),
    ("MX", "Mexico City", "メキシコシティ", "mexico-city", ()),
    ("CL", "Santiago", "サンティアゴ", "santiago", ()),
    ("PE", "Lima", "リマ", "lima", ()),
    ("IN", "New Delhi", "ニューデリー", "new-delhi", ()),
    ("ID", "Jakarta", "ジャカルタ", "jakarta", ()),
    ("MY", "Kuala Lumpur", "クアラルンプール", "kuala-lumpur", ()),
    ("TH", "Bangkok", "バンコク", "bangkok", ()),
    ("VN", "Hanoi", "ハノイ", "hanoi", ()),
    ("MN", "Ulaanbaatar", "ウランバートル", "ulaanbaatar", ()),
    ("IL", "Tel Aviv", "テルアビブ", "tel-aviv", ()),
    ("EG", "Cairo", "カイロ", "cairo", ()),
    ("KE", "Nairobi", "ナイロビ", "nairobi", ()),
    ("GH", "Accra", "アクラ", "accra", ()),
    ("NG", "Abuja", "アブジャ", "abuja", ()),
    ("FJ", "Suva", "スバ", "suva", ()),
    ("TO", "Nuku'alofa", "ヌクアロファ", "nukualofa", ()),
    ("WS", "Apia", "アピア", "apia", ()),
    ("PG", "Port Moresby", "ポートモレスビー", "port-moresby", ()),
    ("BE", "Brussels", "ブリュッセル", "brussels", ()),
    ("AT", "Vienna", "ウィーン", "vienna", ()),
    ("CH", "Bern", "ベルン", "bern", ()),
    ("LT", "Vilnius", "ビリニュス", "vilnius", ()),
    ("IS", "Reykjavik", "レイキャビク", "reykjavik", ()),
]

# Consulates-general: (country, city in English, in Japanese).
CONSULATES: list[tuple[str, str, str]] = [
    ("US", "New York", "ニューヨーク"),
    ("US", "Boston", "ボストン"),
    ("US", "Chicago", "シカゴ"),
    ("US", "Atlanta", "アトランタ"),
    ("US", "Miami", "マイアミ"),
    ("US", "Houston", "ヒューストン"),
    ("US", "Denver", "デンバー"),
    ("US", "Los Angeles", "ロサンゼルス"),
    ("US", "San Francisco", "サンフランシスコ"),
    ("US", "Seattle", "シアトル"),
    ("US", "Portland", "ポートランド"),
    ("US", "Detroit", "デトロイト"),
    ("US", "Nashville", "ナッシュビル"),
    ("US", "Honolulu", "ホノルル"),
    ("US", "Anchorage", "アンカレッジ"),
    ("GB", "Edinburgh", "エディンバラ"),
    ("CA", "Toronto", "トロント"),
    ("CA", "Montreal", "モントリオール"),
    ("CA", "Vancouver", "バンクーバー"),
    ("CA", "Calgary", "カルガリー"),
    ("AU", "Sydney", "シドニー"),
    ("AU", "Melbourne", "メルボルン"),
    ("AU", "Brisbane", "ブリスベン"),
    ("AU", "Perth", "パース"),
    ("NZ", "Auckland", "オークランド"),
    ("NZ", "Christchurch", "クライストチャーチ"),
    ("CN", "Shanghai", "上海"),
    ("CN", "Guangzhou", "広州"),
    ("CN", "Shenyang", "瀋陽"),
    ("CN", "Dalian", "大連"),
    ("CN", "Qingdao", "青島"),
    ("CN", "Chongqing", "重慶"),
    ("KR", "Busan", "釜山"),
    ("KR", "Jeju", "済州"),
    ("DE", "Munich", "ミュンヘン"),
    ("DE", "Frankfurt", "フランクフルト"),
    ("DE", "Düsseldorf", "デュッセルドルフ"),
    ("DE", "Hamburg", "ハンブルク"),
    ("BR", "São Paulo", "サンパウロ"),
    ("BR", "Rio de Janeiro", "リオデジャネイロ"),
    ("BR", "Curitiba", "クリチバ"),
    ("BR", "Manaus", "マナウス"),
    ("BR", "Porto Alegre", "ポルトアレグレ"),
    ("BR", "Recife", "レシフェ"),
    ("IN", "Mumbai", "ムンバイ"),
    ("IN", "Kolkata", "コルカタ"),
    ("IN", "Chennai", "チェンナイ"),
    ("IN", "Bengaluru", "ベンガルール"),
    ("IT", "Milan", "ミラノ"),
    ("ES", "Barcelona", "バルセロナ"),
]
COUNTRIES_WITH_ARTICLE = frozenset({"US", "GB", "PH", "NL", "KR"})

# The US intake closes in mid-November, two weeks before the programme's default.
US_INTAKE_2027_ENDS = date(2026, 11, 13)

# --- Japan: prefectures, designated cities, Kanazawa ---------------------------------------------------

# Population in thousands (2020 census, rounded): weights for spreading organisations over prefectures.
PREFECTURE_POPULATION_K: dict[str, int] = {
    "01": 5225,
    "02": 1238,
    "03": 1211,
    "04": 2302,
    "05": 960,
    "06": 1068,
    "07": 1833,
    "08": 2867,
    "09": 1933,
    "10": 1939,
    "11": 7345,
    "12": 6284,
    "13": 14048,
    "14": 9237,
    "15": 2201,
    "16": 1035,
    "17": 1133,
    "18": 767,
    "19": 810,
    "20": 2048,
    "21": 1979,
    "22": 3633,
    "23": 7542,
    "24": 1770,
    "25": 1414,
    "26": 2578,
    "27": 8838,
    "28": 5465,
    "29": 1324,
    "30": 923,
    "31": 553,
    "32": 671,
    "33": 1888,
    "34": 2800,
    "35": 1342,
    "36": 720,
    "37": 950,
    "38": 1335,
    "39": 692,
    "40": 5135,
    "41": 811,
    "42": 1312,
    "43": 1738,
    "44": 1124,
    "45": 1070,
    "46": 1588,
    "47": 1467,
}
PREFECTURE_NAMES_EN: dict[str, str] = {"01": "Hokkaido", "13": "Tokyo Metropolis"}  # else "<name> Prefecture"

# The 20 designated cities (政令指定都市): (local-government code, Japanese, English).
DESIGNATED_CITIES: list[tuple[str, str, str]] = [
    ("011002", "札幌市", "Sapporo City"),
    ("041009", "仙台市", "Sendai City"),
    ("111007", "さいたま市", "Saitama City"),
    ("121002", "千葉市", "Chiba City"),
    ("141003", "横浜市", "Yokohama City"),
    ("141305", "川崎市", "Kawasaki City"),
    ("141500", "相模原市", "Sagamihara City"),
    ("151009", "新潟市", "Niigata City"),
    ("221007", "静岡市", "Shizuoka City"),
    ("221309", "浜松市", "Hamamatsu City"),
    ("231002", "名古屋市", "Nagoya City"),
    ("261009", "京都市", "Kyoto City"),
    ("271004", "大阪市", "Osaka City"),
    ("271403", "堺市", "Sakai City"),
    ("281000", "神戸市", "Kobe City"),
    ("331007", "岡山市", "Okayama City"),
    ("341002", "広島市", "Hiroshima City"),
    ("401005", "北九州市", "Kitakyushu City"),
    ("401307", "福岡市", "Fukuoka City"),
    ("431001", "熊本市", "Kumamoto City"),
]
KANAZAWA = ("172014", "金沢市", "Kanazawa City")  # a real municipality (co2.coordinator's)

# --- JETAA chapters -----------------------------------------------------------------------------------

# (country, JETAA region, English name, Japanese name): 55 chapters in 19 countries, per region as in the
# FY2024 table (Europe 4/8, Asia 7/8, Oceania 2/8, Africa 1/1, North America 2/27, Latin America 3/3).
JETAA_CHAPTERS: list[tuple[str, str, str, str]] = [
    # North America: United States (19), Canada (8)
    ("US", "North America", "JETAA New York", "JETAAニューヨーク支部"),
    ("US", "North America", "JETAA Washington DC", "JETAAワシントンDC支部"),
    ("US", "North America", "JETAA New England", "JETAAニューイングランド支部"),
    ("US", "North America", "JETAA Philadelphia", "JETAAフィラデルフィア支部"),
    ("US", "North America", "JETAA Southeast", "JETAA南東部支部"),
    ("US", "North America", "JETAA Florida", "JETAAフロリダ支部"),
    ("US", "North America", "JETAA Texas", "JETAAテキサス支部"),
    ("US", "North America", "JETAA Heartland", "JETAAハートランド支部"),
    ("US", "North America", "JETAA Chicago", "JETAAシカゴ支部"),
    ("US", "North America", "JETAA Michigan", "JETAAミシガン支部"),
    ("US", "North America", "JETAA Music City", "JETAAミュージックシティ支部"),
    ("US", "North America", "JETAA Rocky Mountain", "JETAAロッキーマウンテン支部"),
    ("US", "North America", "JETAA Southern California", "JETAA南カリフォルニア支部"),
    ("US", "North America", "JETAA Northern California", "JETAA北カリフォルニア支部"),
    ("US", "North America", "JETAA Pacific Northwest", "JETAA太平洋岸北西部支部"),
    ("US", "North America", "JETAA Portland", "JETAAポートランド支部"),
    ("US", "North America", "JETAA Hawaii", "JETAAハワイ支部"),
    ("US", "North America", "JETAA Alaska", "JETAAアラスカ支部"),
    ("US", "North America", "JETAA Minnesota", "JETAAミネソタ支部"),
    ("CA", "North America", "JETAA Ottawa", "JETAAオタワ支部"),
    ("CA", "North America", "JETAA Toronto", "JETAAトロント支部"),
    ("CA", "North America", "JETAA Montreal", "JETAAモントリオール支部"),
    ("CA", "North America", "JETAA British Columbia", "JETAAブリティッシュコロンビア支部"),
    ("CA", "North America", "JETAA Northern Alberta", "JETAA北アルバータ支部"),
    ("CA", "North America", "JETAA Southern Alberta", "JETAA南アルバータ支部"),
    ("CA", "North America", "JETAA Manitoba", "JETAAマニトバ支部"),
    ("CA", "North America", "JETAA Saskatchewan", "JETAAサスカチュワン支部"),
    # Europe: United Kingdom (5), Ireland, Germany, France
    ("GB", "Europe", "JETAA UK London", "JETAA英国ロンドン支部"),
    ("GB", "Europe", "JETAA UK Scotland", "JETAA英国スコットランド支部"),
    ("GB", "Europe", "JETAA UK Wales", "JETAA英国ウェールズ支部"),
    ("GB", "Europe", "JETAA UK Northern Ireland", "JETAA英国北アイルランド支部"),
    ("GB", "Europe", "JETAA UK North of England", "JETAA英国北イングランド支部"),
    ("IE", "Europe", "JETAA Ireland", "JETAAアイルランド支部"),
    ("DE", "Europe", "JETAA Germany", "JETAAドイツ支部"),
    ("FR", "Europe", "JETAA France", "JETAAフランス支部"),
    # Asia: China (2), Korea, Singapore, Philippines, India, Mongolia, Thailand
    ("CN", "Asia", "JETAA Beijing", "JETAA北京支部"),
    ("CN", "Asia", "JETAA Shanghai", "JETAA上海支部"),
    ("KR", "Asia", "JETAA Korea", "JETAA韓国支部"),
    ("SG", "Asia", "JETAA Singapore", "JETAAシンガポール支部"),
    ("PH", "Asia", "JETAA Philippines", "JETAAフィリピン支部"),
    ("IN", "Asia", "JETAA India", "JETAAインド支部"),
    ("MN", "Asia", "JETAA Mongolia", "JETAAモンゴル支部"),
    ("TH", "Asia", "JETAA Thailand", "JETAAタイ支部"),
    # Oceania: Australia (5), New Zealand (3)
    ("AU", "Oceania", "JETAA Sydney", "JETAAシドニー支部"),
    ("AU", "Oceania", "JETAA Melbourne", "JETAAメルボルン支部"),
    ("AU", "Oceania", "JETAA Canberra", "JETAAキャンベラ支部"),
    ("AU", "Oceania", "JETAA Queensland", "JETAAクイーンズランド支部"),
    ("AU", "Oceania", "JETAA Western Australia", "JETAA西オーストラリア支部"),
    ("NZ", "Oceania", "JETAA Wellington", "JETAAウェリントン支部"),
    ("NZ", "Oceania", "JETAA Auckland", "JETAAオークランド支部"),
    ("NZ", "Oceania", "JETAA Christchurch", "JETAAクライストチャーチ支部"),
    # Africa: South Africa
    ("ZA", "Africa", "JETAA South Africa", "JETAA南アフリカ支部"),
    # Latin America: Jamaica, Trinidad and Tobago, Brazil
    ("JM", "Latin America", "JETAA Jamaica", "JETAAジャマイカ支部"),
    ("TT", "Latin America", "JETAA Trinidad and Tobago", "JETAAトリニダード・トバゴ支部"),
    ("BR", "Latin America", "JETAA Brazil", "JETAAブラジル支部"),
]

# FY2025–FY2027 intakes (FY2027's requests are being collected, October 2026 – February 2027), and FY2028.
DEMO_CYCLE_YEARS = [2025, 2026, 2027, 2028]
# The demo's today: every step tells the story of this day.
DEMO_TODAY = date(2026, 12, 6)


def intake_in_screening(today: date) -> int:
    """The intake whose screening window (the calendar's default) contains ``today``, else the next one to
    be screened: the intake whose applications are being screened on the demo's today."""
    for year in range(today.year - 1, today.year + 3):
        _start, end = default_milestone_dates(year)["screening"]
        if today <= end:
            return year
    raise ValueError(f"no intake is screened around {today}")  # pragma: no cover


# The intake in screening on the demo's today (FY2027: applied in autumn 2026, screened Dec–Feb), and the
# one before it, selected, placed and serving (FY2026).
SCREENING_YEAR = intake_in_screening(DEMO_TODAY)
PUBLISHED_YEAR = SCREENING_YEAR - 1
BIRTH_FROM, BIRTH_TO = date(1990, 1, 1), date(2003, 12, 31)


def chapter_code(name_en: str) -> str:
    """``JETAA New York`` → ``jetaa-new-york``; ``JETAA UK London`` → ``jetaa-uk-london``."""
    return slugify(name_en)


# --- the step -----------------------------------------------------------------------------------------


def core_step(ctx: DemoContext) -> None:
    ctx.countries = {c.code: c for c in Country.objects.all()}
    ctx.prefectures = {p.code: p for p in Prefecture.objects.all()}
    ctx.regions = {r.name_en: r for r in JetaaRegion.objects.all()}
    ctx.recruiting_countries = list(RECRUITING_COUNTRIES)

    ctx.report("agencies", 0.0)
    _agencies(ctx)
    ctx.report("missions", 0.1)
    _missions(ctx)
    ctx.report("host organisations", 0.2)
    _host_orgs(ctx)
    ctx.report("contracting organisations", 0.3)
    _contracting_orgs(ctx)
    ctx.report("JETAA chapters", 0.5)
    _chapters(ctx)
    ctx.report("recruitment calendar", 0.55)
    _cycles(ctx)
    ctx.report("demo logins", 0.6)
    _logins(ctx)
    ctx.report("persons", 0.8)
    _persons(ctx)


def _org(**fields: object) -> Organisation:
    org = Organisation(**fields)
    org.email = f"{org.code}@example.org"
    return org


def _agencies(ctx: DemoContext) -> None:
    orgs = Organisation.objects.bulk_create(
        _org(kind=kind, code=str(kind), name_ja=ja, name_en=en) for kind, ja, en in AGENCIES
    )
    ctx.agencies = {o.kind: o for o in orgs}


def _mission_name_en(country: Country) -> str:
    article = "the " if country.code in COUNTRIES_WITH_ARTICLE else ""
    return f"Embassy of Japan in {article}{country.name_en}"


def _missions(ctx: DemoContext) -> None:
    rows: list[tuple[Organisation, list[str]]] = []
    for cc, _city_en, _city_ja, slug, others in EMBASSIES:
        country = ctx.countries[cc]
        org = _org(
            kind=OrgKind.MISSION,
            code=f"mission-{cc.lower()}-{slug}",
            name_ja=f"在{country.name_ja}日本国大使館",
            name_en=_mission_name_en(country),
            time_zone=zone_for_mission_code(f"mission-{cc.lower()}-{slug}"),
        )
        rows.append((org, [cc, *others]))
    for cc, city_en, city_ja in CONSULATES:
        org = _org(
            kind=OrgKind.MISSION,
            code=f"mission-{cc.lower()}-{slugify(city_en)}",
            name_ja=f"在{city_ja}日本国総領事館",
            name_en=f"Consulate-General of Japan in {city_en}",
            time_zone=zone_for_mission_code(f"mission-{cc.lower()}-{slugify(city_en)}"),
        )
        rows.append((org, [cc]))
    Organisation.objects.bulk_create([org for org, _cc in rows])
    through = Organisation.countries.through
    through.objects.bulk_create(
        through(organisation_id=org.pk, country_id=ctx.countries[cc].pk) for org, ccs in rows for cc in ccs
    )
    ctx.missions = {org.code: org for org, _cc in rows}
    ctx.missions_by_country = {cc: [] for cc in RECRUITING_COUNTRIES}
    ctx.mission_countries = {org.code: list(ccs) for org, ccs in rows}
    for org, ccs in rows:
        for cc in ccs:
            ctx.missions_by_country[cc].append(org)


def _prefecture_name_en(pref: Prefecture) -> str:
    return PREFECTURE_NAMES_EN.get(pref.code, f"{pref.name_en} Prefecture")


def _host_orgs(ctx: DemoContext) -> None:
    orgs = []
    for code, pref in sorted(ctx.prefectures.items()):
        orgs.append(
            _org(
                kind=OrgKind.HOST_ORG,
                code=f"host-{code}",
                name_ja=f"{pref.name_ja}（取りまとめ）",
                name_en=f"{_prefecture_name_en(pref)} (host organisation)",
                prefecture=pref,
            )
        )
    for lg, ja, en in DESIGNATED_CITIES:
        orgs.append(
            _org(
                kind=OrgKind.HOST_ORG,
                code=f"host-{lg}",
                name_ja=f"{ja}（取りまとめ）",
                name_en=f"{en} (host organisation)",
                prefecture=ctx.prefectures[lg[:2]],
            )
        )
    Organisation.objects.bulk_create(orgs)
    ctx.host_orgs = {o.code: o for o in orgs}


def apportion(total: int, weights: dict[str, float], minimum: int = 0) -> dict[str, int]:
    """Largest-remainder apportionment of ``total`` over ``weights`` (keys in sorted order break ties)."""
    keys = sorted(weights)
    base = {k: minimum for k in keys}
    rest = total - minimum * len(keys)
    if rest < 0:
        raise ValueError("total is smaller than the minimum allotment")
    sum_w = sum(weights.values())
    quotas = {k: rest * weights[k] / sum_w for k in keys}
    alloc = {k: base[k] + int(quotas[k]) for k in keys}
    left = total - sum(alloc.values())
    by_remainder = sorted(keys, key=lambda k: (-(quotas[k] - int(quotas[k])), k))
    for k in by_remainder[:left]:
        alloc[k] += 1
    return alloc


def _municipality_codes(
    ctx: DemoContext, pref: str, muni: list[names.MunicipalityName], taken: set[str]
) -> list[str]:
    """Plausible codes within a prefecture: cities 2nn, towns and villages in district blocks 3nn–7nn."""
    rng = ctx.rng
    codes = []
    next_city = 201
    district_start, in_district, district_size = 300, 0, rng.randint(1, 6)
    for m in muni:
        if m.is_city:
            while f"{pref}{next_city}" in taken:
                next_city += 1
            number = next_city
            next_city += 1
        else:
            if in_district >= district_size:
                district_start += 20
                in_district, district_size = 0, rng.randint(1, 6)
            in_district += 1
            number = district_start + in_district
            while f"{pref}{number}" in taken:
                number += 1
        five = f"{pref}{number:03d}"
        taken.add(five)
        codes.append(lg_code(five))
    return codes


def _contracting_orgs(ctx: DemoContext) -> None:
    rng, spec = ctx.rng, ctx.spec
    orgs: list[Organisation] = []

    def co(
        *, co_kind: str, code: str, ja: str, en: str, pref: str, lg: str = "", host: str | None = None
    ) -> None:
        orgs.append(
            _org(
                kind=OrgKind.CONTRACTING_ORG,
                co_kind=co_kind,
                code=code,
                name_ja=ja,
                name_en=en,
                prefecture=ctx.prefectures[pref],
                lg_code=lg,
                host_org=ctx.host_orgs[host or f"host-{pref}"],
            )
        )

    for code, prefecture in sorted(ctx.prefectures.items()):
        lg = lg_code(f"{code}000")
        co(
            co_kind=COKind.PREFECTURE,
            code=f"co-{lg}",
            ja=prefecture.name_ja,
            en=_prefecture_name_en(prefecture),
            pref=code,
            lg=lg,
        )
    for lg, ja, en in DESIGNATED_CITIES:
        co(
            co_kind=COKind.DESIGNATED_CITY,
            code=f"co-{lg}",
            ja=ja,
            en=en,
            pref=lg[:2],
            lg=lg,
            host=f"host-{lg}",
        )

    # Municipalities: spread by √population (rural prefectures have many JET municipalities too).
    per_pref = apportion(spec.municipalities, {p: n**0.5 for p, n in PREFECTURE_POPULATION_K.items()})
    generated = names.municipality_names(rng, spec.municipalities)
    taken = {lg[:5] for lg, _ja, _en in [*DESIGNATED_CITIES, KANAZAWA]}
    k_lg, k_ja, k_en = KANAZAWA
    co(co_kind=COKind.MUNICIPALITY, code=f"co-{k_lg}", ja=k_ja, en=k_en, pref=k_lg[:2], lg=k_lg)
    i = 0
    for pref in sorted(per_pref):
        mine = generated[i : i + per_pref[pref]]
        i += per_pref[pref]
        for m, lg in zip(mine, _municipality_codes(ctx, pref, mine, taken), strict=True):
            co(co_kind=COKind.MUNICIPALITY, code=f"co-{lg}", ja=m.ja, en=m.en, pref=pref, lg=lg)

    # Private-school corporations: spread by population (they are in the cities).
    per_pref = apportion(spec.private_schools, {p: float(n) for p, n in PREFECTURE_POPULATION_K.items()})
    schools = names.school_names(rng, spec.private_schools)
    i = 0
    for pref in sorted(per_pref):
        for n, school in enumerate(schools[i : i + per_pref[pref]], start=1):
            co(
                co_kind=COKind.PRIVATE_SCHOOL,
                code=f"co-school-{pref}-{n:02d}",
                ja=school.ja,
                en=school.en,
                pref=pref,
            )
        i += per_pref[pref]

    Organisation.objects.bulk_create(orgs)
    ctx.contracting_orgs = {o.code: o for o in orgs}


def _chapters(ctx: DemoContext) -> None:
    orgs = [
        _org(
            kind=OrgKind.JETAA_CHAPTER,
            code=chapter_code(en),
            name_ja=ja,
            name_en=en,
            country=ctx.countries[cc],
            region=ctx.regions[region],
        )
        for cc, region, en, ja in JETAA_CHAPTERS
    ]
    Organisation.objects.bulk_create(orgs)
    ctx.chapters = {o.code: o for o in orgs}


def _cycles(ctx: DemoContext) -> None:
    """The cycles as ``services.create_cycle`` makes them (default rules and the seed's dates)."""
    cycles = RecruitmentCycle.objects.bulk_create(RecruitmentCycle(intake_year=y) for y in DEMO_CYCLE_YEARS)
    milestones = Milestone.objects.bulk_create(
        Milestone(cycle=cycle, kind=kind, starts_on=start, ends_on=end)
        for cycle in cycles
        for kind, (start, end) in default_milestone_dates(cycle.intake_year).items()
    )
    ctx.cycles = {c.intake_year: c for c in cycles}
    intake_2027 = next(
        m for m in milestones if m.cycle.intake_year == 2027 and m.kind == MilestoneKind.INTAKE
    )
    MilestoneOverride.objects.create(
        milestone=intake_2027,
        mission=ctx.missions[US_EMBASSY],
        starts_on=intake_2027.starts_on,
        ends_on=US_INTAKE_2027_ENDS,
    )


def _logins(ctx: DemoContext) -> None:
    password = make_password(DEMO_PASSWORD)  # hashed once: Argon2 is deliberately slow
    users = User.objects.bulk_create(
        User(
            username=d.username,
            password=password,
            email=f"{d.username}@example.org",
            first_name=d.first_name,
            last_name=d.last_name,
            language=d.language,
            is_staff=d.role == "superuser",
            is_superuser=d.role == "superuser",
        )
        for d in DEMO_LOGINS
    )
    ctx.users = {u.username: u for u in users}
    memberships = []
    for d in DEMO_LOGINS:
        if d.organisation is None:
            continue
        org = ctx.organisation(d.organisation)
        if d.role not in ROLES_BY_KIND[org.kind]:  # the rule of services.add_membership
            raise ValueError(f"demo login {d.username}: no role {d.role} in a {org.kind}")
        memberships.append(Membership(user=ctx.users[d.username], organisation=org, role=d.role))
    Membership.objects.bulk_create(memberships)


def _random_birth_date(ctx: DemoContext) -> date:
    return BIRTH_FROM + timedelta(days=ctx.rng.randrange((BIRTH_TO - BIRTH_FROM).days + 1))


def _persons(ctx: DemoContext) -> None:
    rng, spec = ctx.rng, ctx.spec
    persons: list[Person] = []

    def person(
        kind: str,
        nationality: str,
        *,
        given: str | None = None,
        family: str | None = None,
        user: User | None = None,
        **orgs: Organisation | None,
    ) -> None:
        if given is None or family is None:
            name = names.person_name(rng)
            given, family = name.given, name.family
        n = len(persons) + 1
        persons.append(
            Person(
                kind=kind,
                user=user,
                given_name=given,
                family_name=family,
                birth_date=_random_birth_date(ctx),
                email=f"{given}.{family}.{n}@example.org".lower(),
                nationality=ctx.countries[nationality],
                **orgs,
            )
        )

    mission_countries = ctx.mission_countries
    lo, hi = spec.applicants_per_mission
    for code, mission in ctx.missions.items():
        for _ in range(rng.randint(lo, hi)):
            person(PersonKind.APPLICANT, rng.choice(mission_countries[code]), mission=mission)

    nationalities = list(NATIONALITY_WEIGHTS)
    weights = [NATIONALITY_WEIGHTS[c] for c in nationalities]
    lo, hi = spec.participants_per_co
    for co in ctx.contracting_orgs.values():
        for _ in range(rng.randint(lo, hi)):
            cc = rng.choices(nationalities, weights=weights)[0]
            person(
                PersonKind.PARTICIPANT,
                cc,
                contracting_org=co,
                mission=rng.choice(ctx.missions_by_country[cc]),
            )

    lo, hi = spec.alumni_per_chapter
    for chapter in ctx.chapters.values():
        assert chapter.country is not None
        for _ in range(rng.randint(lo, hi)):
            person(PersonKind.ALUMNUS, chapter.country.code, chapter=chapter)

    by_name = {d.username: d for d in DEMO_LOGINS}
    uk = ctx.missions[UK_MISSION]
    d = by_name["applicant"]
    person(
        PersonKind.APPLICANT,
        "GB",
        given=d.first_name,
        family=d.last_name,
        user=ctx.users[d.username],
        mission=uk,
    )
    d = by_name["participant"]
    person(
        PersonKind.PARTICIPANT,
        "GB",
        given=d.first_name,
        family=d.last_name,
        user=ctx.users[d.username],
        contracting_org=ctx.contracting_orgs[GIFU_CO],
        mission=uk,
    )
    d = by_name["alumnus"]
    person(
        PersonKind.ALUMNUS,
        "US",
        given=d.first_name,
        family=d.last_name,
        user=ctx.users[d.username],
        chapter=ctx.chapters[NEW_YORK_CHAPTER],
    )

    # alumni are participants who left the programme: created as participants (as the history import
    # creates them), then through the workflow layer
    walk = Walk(PERSONS)
    for p in persons:
        if p.kind == PersonKind.ALUMNUS:
            walk.plan(p, [PersonKind.PARTICIPANT, PersonKind.ALUMNUS])
    Person.objects.bulk_create(persons, batch_size=1000)
    walk.run(when=datetime(DEMO_TODAY.year - 2, 7, 31, 12, tzinfo=UTC))
    ctx.persons = {kind: [p for p in persons if p.kind == kind] for kind in PersonKind.values}
