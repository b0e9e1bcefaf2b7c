"""Names for the demo world: obviously fictional people, plausible but fictional places and schools.

Person names are built from stems that say what they are ("Test", "Sample", "Demo"…), so a demo record
can never be mistaken for a real person. Municipality names are composed from common elements of Japanese
place names (青葉, 桜 + 川 …) with a Hepburn romanisation; a few may coincide with real places, but the
names of the prefectures, the designated cities and Kanazawa (which the demo world uses for real
organisations) are never generated.

Everything here is deterministic: the lists are constants and every choice takes the caller's
``random.Random``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

# --- people -------------------------------------------------------------------------------------------

FAMILY_STEMS = [
    "Test",
    "Sample",
    "Demo",
    "Mock",
    "Example",
    "Stub",
    "Fixture",
    "Dummy",
    "Proto",
    "Draft",
    "Trial",
    "Pilot",
    "Specimen",
    "Placeholder",
]
FAMILY_SUFFIXES = [
    "ington",
    "worth",
    "ski",
    "son",
    "ford",
    "ley",
    "berg",
    "ova",
    "ez",
    "ini",
    "bury",
    "wood",
    "field",
    "stein",
    "escu",
    "opoulos",
    "sen",
    "man",
    "haus",
    "ville",
]
# "Testington", "Sampleworth", "Demoski", "Mockford", …: 280 names, every one obviously made up.
FAMILY_NAMES: list[str] = sorted({stem + suffix for stem in FAMILY_STEMS for suffix in FAMILY_SUFFIXES})

GIVEN_NAMES: list[str] = sorted(
    {
        "Alex",
        "Sam",
        "Jordan",
        "Taylor",
        "Morgan",
        "Casey",
        "Jamie",
        "Riley",
        "Robin",
        "Charlie",
        "Emma",
        "Olivia",
        "Liam",
        "Noah",
        "Ava",
        "Mia",
        "Ethan",
        "Lucas",
        "Sofia",
        "Mateo",
        "Chloe",
        "Grace",
        "Hannah",
        "Jack",
        "Leo",
        "Maya",
        "Nora",
        "Oscar",
        "Ruby",
        "Sean",
        "Aoife",
        "Ciara",
        "Declan",
        "Fiona",
        "Isla",
        "Kai",
        "Lena",
        "Marco",
        "Nina",
        "Omar",
        "Priya",
        "Rosa",
        "Tariq",
        "Vera",
        "Wei",
        "Yara",
        "Zoe",
        "Amara",
        "Kwame",
        "Thandi",
        "Ana",
        "Diego",
        "Camila",
        "Jun",
        "Min",
        "Arjun",
        "Anika",
        "Mele",
        "Sione",
        "Tane",
    }
)


@dataclass(frozen=True)
class PersonName:
    given: str
    family: str


def person_name(rng: random.Random) -> PersonName:
    return PersonName(given=rng.choice(GIVEN_NAMES), family=rng.choice(FAMILY_NAMES))


def is_fictional_person_name(given: str, family: str) -> bool:
    return given in GIVEN_NAMES and family in FAMILY_NAMES


# --- places -------------------------------------------------------------------------------------------

# First elements of a place name: (kanji, romaji, may stand alone as a name).
PLACE_FIRSTS: list[tuple[str, str, bool]] = [
    ("青葉", "Aoba", True),
    ("桜", "Sakura", False),
    ("緑", "Midori", False),
    ("若葉", "Wakaba", True),
    ("朝日", "Asahi", True),
    ("東", "Higashi", False),
    ("西", "Nishi", False),
    ("南", "Minami", False),
    ("北", "Kita", False),
    ("高", "Taka", False),
    ("小", "Ko", False),
    ("白", "Shira", False),
    ("黒", "Kuro", False),
    ("赤", "Aka", False),
    ("松", "Matsu", False),
    ("竹", "Take", False),
    ("梅", "Ume", False),
    ("杉", "Sugi", False),
    ("柳", "Yanagi", False),
    ("菊", "Kiku", False),
    ("藤", "Fuji", False),
    ("桃", "Momo", False),
    ("花", "Hana", False),
    ("星", "Hoshi", False),
    ("月", "Tsuki", False),
    ("光", "Hikari", True),
    ("清", "Kiyo", False),
    ("富", "Tomi", False),
    ("鶴", "Tsuru", False),
    ("亀", "Kame", False),
    ("鹿", "Shika", False),
    ("熊", "Kuma", False),
    ("石", "Ishi", False),
    ("岩", "Iwa", False),
    ("春", "Haru", False),
    ("夏", "Natsu", False),
    ("秋", "Aki", False),
    ("雪", "Yuki", False),
    ("霞", "Kasumi", True),
    ("泉", "Izumi", True),
    ("宮", "Miya", False),
    ("神", "Kami", False),
    ("新", "Shin", False),
    ("中", "Naka", False),
    ("千代", "Chiyo", True),
    ("豊", "Toyo", False),
    ("早", "Haya", False),
    ("長", "Naga", False),
    ("広", "Hiro", False),
    ("浅", "Asa", False),
    ("深", "Fuka", False),
    ("古", "Furu", False),
    ("玉", "Tama", False),
    ("日向", "Hinata", True),
    ("若松", "Wakamatsu", True),
    ("緑ヶ丘", "Midorigaoka", True),
]
# Second elements: (kanji, romaji, romaji with rendaku (連濁)).
PLACE_SECONDS: list[tuple[str, str, str]] = [
    ("川", "kawa", "gawa"),
    ("野", "no", "no"),
    ("原", "hara", "bara"),
    ("田", "ta", "da"),
    ("沢", "sawa", "zawa"),
    ("浜", "hama", "hama"),
    ("台", "dai", "dai"),
    ("丘", "oka", "oka"),
    ("里", "sato", "sato"),
    ("谷", "tani", "dani"),
    ("島", "shima", "jima"),
    ("崎", "saki", "zaki"),
    ("岡", "oka", "oka"),
    ("平", "hira", "daira"),
    ("森", "mori", "mori"),
    ("井", "i", "i"),
    ("津", "tsu", "tsu"),
    ("瀬", "se", "ze"),
    ("山", "yama", "yama"),
    ("浦", "ura", "ura"),
    ("木", "ki", "gi"),
    ("根", "ne", "ne"),
    ("見", "mi", "mi"),
    ("戸", "to", "do"),
    ("江", "e", "e"),
]

# Places the demo world uses with their real names, and the prefectures: never generated.
RESERVED_PLACE_NAMES = frozenset(
    {
        "北海道",
        "青森",
        "岩手",
        "宮城",
        "秋田",
        "山形",
        "福島",
        "茨城",
        "栃木",
        "群馬",
        "埼玉",
        "千葉",
        "東京",
        "神奈川",
        "新潟",
        "富山",
        "石川",
        "福井",
        "山梨",
        "長野",
        "岐阜",
        "静岡",
        "愛知",
        "三重",
        "滋賀",
        "京都",
        "大阪",
        "兵庫",
        "奈良",
        "和歌山",
        "鳥取",
        "島根",
        "岡山",
        "広島",
        "山口",
        "徳島",
        "香川",
        "愛媛",
        "高知",
        "福岡",
        "佐賀",
        "長崎",
        "熊本",
        "大分",
        "宮崎",
        "鹿児島",
        "沖縄",
        "札幌",
        "仙台",
        "さいたま",
        "川崎",
        "横浜",
        "相模原",
        "浜松",
        "名古屋",
        "堺",
        "神戸",
        "北九州",
        "金沢",
    }
)


@dataclass(frozen=True)
class PlaceName:
    ja: str  # 桜川
    en: str  # Sakuragawa


def _compose(first: tuple[str, str, bool], i: int, second: tuple[str, str, str], j: int) -> PlaceName | None:
    kanji, romaji, _alone = first
    s_kanji, plain, voiced = second
    # Rendaku is irregular in real names; a fixed rule keyed on the elements keeps it stable.
    reading = voiced if (i + j) % 2 == 0 and not romaji.endswith("n") else plain
    if len(reading) == 1 and romaji.endswith(reading):
        return None  # "Asahii", "Takee": awkward, skip
    return PlaceName(ja=kanji + s_kanji, en=(romaji + reading).capitalize())


def _all_place_names() -> list[PlaceName]:
    names: dict[str, PlaceName] = {}
    for i, first in enumerate(PLACE_FIRSTS):
        if first[2]:
            names.setdefault(first[0], PlaceName(ja=first[0], en=first[1]))
        for j, second in enumerate(PLACE_SECONDS):
            p = _compose(first, i, second, j)
            if p is not None and len(p.ja) <= 3:
                names.setdefault(p.ja, p)
    en_seen: set[str] = set()
    out = []
    for ja in sorted(names):
        p = names[ja]
        if p.ja in RESERVED_PLACE_NAMES or p.en in en_seen:
            continue
        en_seen.add(p.en)
        out.append(p)
    return out


PLACE_NAMES: list[PlaceName] = _all_place_names()
PLACE_NAMES_JA = frozenset(p.ja for p in PLACE_NAMES)

MUNICIPALITY_TYPES = [  # (suffix ja, suffix en, weight)
    ("市", "City", 35),
    ("町", "Town", 50),
    ("村", "Village", 15),
]


@dataclass(frozen=True)
class MunicipalityName:
    base: PlaceName
    suffix_ja: str
    suffix_en: str

    @property
    def ja(self) -> str:
        return self.base.ja + self.suffix_ja

    @property
    def en(self) -> str:
        return f"{self.base.en} {self.suffix_en}"

    @property
    def is_city(self) -> bool:
        return self.suffix_ja == "市"


def municipality_names(rng: random.Random, n: int) -> list[MunicipalityName]:
    """``n`` distinct fictional municipalities (青葉市 / Aoba City, 桜川町 / Sakuragawa Town, …)."""
    if n > len(PLACE_NAMES):
        raise ValueError(f"only {len(PLACE_NAMES)} distinct place names are available, {n} asked")
    bases = rng.sample(PLACE_NAMES, n)
    weights = [w for _ja, _en, w in MUNICIPALITY_TYPES]
    out = []
    for base in bases:
        ja, en, _w = rng.choices(MUNICIPALITY_TYPES, weights=weights)[0]
        out.append(MunicipalityName(base=base, suffix_ja=ja, suffix_en=en))
    return out


SCHOOL_TYPES = [("学園", "Gakuen"), ("学院", "Gakuin")]


@dataclass(frozen=True)
class SchoolName:
    ja: str  # 学校法人桜学園
    en: str  # Sakura Gakuen School Corporation


def school_names(rng: random.Random, n: int) -> list[SchoolName]:
    """``n`` distinct private-school corporations: 学校法人〇〇学園 / "〇〇 Gakuen School Corporation"."""
    pool = [(p, t) for p in PLACE_NAMES for t in SCHOOL_TYPES]
    if n > len(pool):
        raise ValueError(f"only {len(pool)} distinct school names are available, {n} asked")
    return [
        SchoolName(ja=f"学校法人{p.ja}{t_ja}", en=f"{p.en} {t_en} School Corporation")
        for p, (t_ja, t_en) in rng.sample(pool, n)
    ]
