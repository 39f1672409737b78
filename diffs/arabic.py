"""Arabic text for the rules and the entity extractors: folding, numbers, words for values.

The rules (:mod:`diffs.rules`) and the extractors (:mod:`diffs.entities`) read Arabic
through :func:`fold`, a character-by-character copy of the text with the variants a
writer may choose folded together, and a map back to the original positions, so that
evidence and entity texts are always the exact words of the clause:

- Arabic-Indic (٠١٢…) and Eastern Arabic-Indic (۰۱۲…) digits → 0-9; the Arabic
  thousands separator ٬ → "," and decimal separator ٫ → "."; ، ؛ ؟ ٪ → , ; ? %;
- tatweel (ـ), short vowels and other diacritics, and bidi controls dropped;
- أ إ آ ٱ → ا and ى → ي (writers differ; a rule should not).

The words of values (currencies, months, units of time and count, places) map to the
values the English extractors give, so "١٥٬٠٠٠ دولار أمريكي لكل ١٬٠٠٠٬٠٠٠ منشور" and
"$15,000 USD per 1,000,000 posts" are the same money entity.  :func:`place_in` gives a
place's Arabic name back for an Arabic headline.

This is folding for matching; the comparison key of two versions (digit and tatweel
variants that record no change) belongs to the differ's normalisation.
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = [
    "CURRENCIES",
    "MONTHS",
    "PLACES",
    "US_STATES",
    "arabic_number",
    "fold",
    "fold_for_comparison",
    "fold_text",
    "folded_place",
    "has_arabic",
    "place_in",
]

#: Arabic letters, or Arabic-Indic digits
_ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")

_FOLD: dict[str, str] = {
    **{chr(0x0660 + i): str(i) for i in range(10)},  # ٠..٩
    **{chr(0x06F0 + i): str(i) for i in range(10)},  # ۰..۹
    "\u066c": ",",  # ٬ thousands separator
    "\u066b": ".",  # ٫ decimal separator
    "\u060c": ",",  # ،
    "\u061b": ";",  # ؛
    "\u061f": "?",  # ؟
    "\u066a": "%",  # ٪
    "\u0623": "\u0627",  # أ → ا
    "\u0625": "\u0627",  # إ → ا
    "\u0622": "\u0627",  # آ → ا
    "\u0671": "\u0627",  # ٱ → ا
    "\u0649": "\u064a",  # ى → ي
    "\u00a0": " ",
}
#: dropped: tatweel, harakat and Quranic marks, superscript alef, bidi and joiner controls
_DROP = re.compile(
    r"[\u0640\u064b-\u065f\u0670\u06d6-\u06ed\u200c-\u200f\u202a-\u202e\u2066-\u2069]"
)


#: what :func:`fold_for_comparison` folds: digits and punctuation to their ASCII forms;
#: tatweel, the optional diacritics and bidi controls to nothing.  Letters stay as
#: written (أ and ا are different spellings, not variants of one)
_COMPARE = {
    **{0x0660 + i: str(i) for i in range(10)},
    **{0x06F0 + i: str(i) for i in range(10)},
    0x066C: ",",
    0x066B: ".",
    0x060C: ",",
    0x061B: ";",
    0x061F: "?",
    0x066A: "%",
    0x0640: None,  # tatweel
    **dict.fromkeys(range(0x064B, 0x0653), None),  # fathatan … sukun
    0x0670: None,  # superscript alef
    **dict.fromkeys([0x200E, 0x200F, 0x061C, *range(0x202A, 0x202F), *range(0x2066, 0x206A)], None),
}


def fold_for_comparison(text: str) -> str:
    """``text`` with the Arabic variants that are no change folded: Arabic-Indic and
    Eastern Arabic-Indic digits (and ٬ ٫), Arabic punctuation (، ؛ ؟ ٪), tatweel, optional
    diacritics and bidi controls.  Text without them is returned unchanged; for a
    comparison key only, never for display."""
    return text.translate(_COMPARE)


def has_arabic(text: str) -> bool:
    """Whether ``text`` holds Arabic letters or Arabic-Indic digits."""
    return bool(_ARABIC.search(text))


def fold(text: str) -> tuple[str, list[int]]:
    """``text`` folded for matching, and for each folded character its index in ``text``.

    A span ``[a, b)`` of the folded text is ``text[index[a] : index[b - 1] + 1]``."""
    out: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        if _DROP.match(ch):
            continue
        out.append(_FOLD.get(ch, ch))
        index.append(i)
    return "".join(out), index


def fold_text(text: str) -> str:
    """``text`` folded for matching (:func:`fold` without the index); text without Arabic
    letters, Arabic-Indic digits or bidi controls is returned as it is."""
    if not _NEEDS_FOLD.search(text):
        return text
    # the same as fold(text)[0], without a Python loop over every character
    return _DROP.sub("", text).translate(_FOLD_TABLE)


_FOLD_TABLE = {ord(k): v for k, v in _FOLD.items()}


_NEEDS_FOLD = re.compile(
    r"[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff"
    r"\u200c-\u200f\u202a-\u202e\u2066-\u2069]"
)


def span_of(index: list[int], start: int, end: int) -> tuple[int, int]:
    """The span of the original text that the folded span ``[start, end)`` comes from."""
    if not index or end <= start:
        return 0, 0
    return index[start], index[end - 1] + 1


def _folded(word: str) -> str:
    return fold(word)[0]


def _alt(words: list[str]) -> str:
    """A regular expression alternative of folded words, longest first."""
    keys = sorted({_folded(w) for w in words}, key=len, reverse=True)
    return "|".join(re.escape(k).replace(r"\ ", r"\s+") for k in keys)


# --- numbers ------------------------------------------------------------------------------------

#: numbers written as words, folded, as they precede a counted noun
_NUMBER_WORDS: dict[str, int] = {
    _folded(w): n
    for w, n in (
        ("واحد", 1),
        ("واحدة", 1),
        ("اثنان", 2),
        ("اثنين", 2),
        ("ثلاثة", 3),
        ("ثلاث", 3),
        ("أربعة", 4),
        ("أربع", 4),
        ("خمسة", 5),
        ("خمس", 5),
        ("ستة", 6),
        ("ست", 6),
        ("سبعة", 7),
        ("سبع", 7),
        ("ثمانية", 8),
        ("ثماني", 8),
        ("ثمان", 8),
        ("تسعة", 9),
        ("تسع", 9),
        ("عشرة", 10),
        ("عشر", 10),
        ("اثنا عشر", 12),
        ("اثني عشر", 12),
        ("خمسة عشر", 15),
        ("ثمانية عشر", 18),
        ("عشرون", 20),
        ("عشرين", 20),
        ("ثلاثون", 30),
        ("ثلاثين", 30),
        ("ستون", 60),
        ("ستين", 60),
        ("تسعون", 90),
        ("تسعين", 90),
    )
}
NUMBER_WORDS_ALT = "|".join(
    re.escape(k).replace(r"\ ", r"\s+") for k in sorted(_NUMBER_WORDS, key=len, reverse=True)
)
#: multipliers: "١٥ ألف", "مليون منشور"
MULTIPLIERS: dict[str, float] = {
    _folded("ألف"): 1e3,
    _folded("آلاف"): 1e3,
    _folded("ألفا"): 1e3,
    _folded("مليون"): 1e6,
    _folded("ملايين"): 1e6,
    _folded("مليار"): 1e9,
    _folded("مليارات"): 1e9,
}
MULTIPLIER_ALT = _alt(["ألف", "آلاف", "ألفا", "مليون", "ملايين", "مليار", "مليارات"])


def arabic_number(word: str) -> int | None:
    """A number written as a word ("ثلاثين" → 30), or None."""
    return _NUMBER_WORDS.get(" ".join(_folded(word).split()))


# --- money --------------------------------------------------------------------------------------

#: currency words → ISO code ("دولار أمريكي" → USD); "دولار" alone is USD, as "dollars" is
CURRENCIES: dict[str, str] = {
    "دولار أمريكي": "USD",
    "دولار أميركي": "USD",
    "دولارات أمريكية": "USD",
    "دولارا أمريكيا": "USD",
    "دولار": "USD",
    "دولارات": "USD",
    "دولارا": "USD",
    "يورو": "EUR",
    "جنيه إسترليني": "GBP",
    "جنيهات إسترلينية": "GBP",
    "جنيه استرليني": "GBP",
    "جنيه مصري": "EGP",
    "جنيهات مصرية": "EGP",
    "ريال سعودي": "SAR",
    "ريالات سعودية": "SAR",
    "ريالا سعوديا": "SAR",
    "درهم إماراتي": "AED",
    "دراهم إماراتية": "AED",
    "دينار كويتي": "KWD",
    "ين ياباني": "JPY",
    "فرنك سويسري": "CHF",
}
CURRENCY_ALT = _alt(list(CURRENCIES))
_CURRENCY_BY_FOLDED = {" ".join(_folded(k).split()): v for k, v in CURRENCIES.items()}


def currency(words: str) -> str | None:
    """The ISO code of a currency written in Arabic, or None."""
    return _CURRENCY_BY_FOLDED.get(" ".join(_folded(words).split()))


#: what an amount is counted per ("لكل ١٬٠٠٠٬٠٠٠ منشور"): the English unit, singular and
#: plural, as the English extractor would give it
PER_UNITS: dict[str, tuple[str, str]] = {
    "منشور": ("post", "posts"),
    "منشورات": ("post", "posts"),
    "منشورا": ("post", "posts"),
    "تغريدة": ("post", "posts"),
    "طلب": ("request", "requests"),
    "طلبات": ("request", "requests"),
    "طلبا": ("request", "requests"),
    "مخالفة": ("violation", "violations"),
    "مخالفات": ("violation", "violations"),
    "انتهاك": ("violation", "violations"),
    "انتهاكات": ("violation", "violations"),
    "يوم": ("day", "days"),
    "أيام": ("day", "days"),
    "يوما": ("day", "days"),
    "شهر": ("month", "months"),
    "أشهر": ("month", "months"),
    "سنة": ("year", "years"),
    "عام": ("year", "years"),
    "مستخدم": ("user", "users"),
    "مستخدمين": ("user", "users"),
}
PER_UNIT_ALT = _alt(list(PER_UNITS))
_PER_BY_FOLDED = {_folded(k): v for k, v in PER_UNITS.items()}


def per_unit(word: str, quantity: float) -> str | None:
    """The English unit of a counted noun ("منشور" → "posts" for a quantity of 1,000,000)."""
    forms = _PER_BY_FOLDED.get(_folded(word))
    if forms is None:
        return None
    return forms[0] if quantity == 1 else forms[1]


# --- time ---------------------------------------------------------------------------------------

#: units of time → the English extractor's unit
TIME_UNITS: dict[str, str] = {
    "ساعة": "hour",
    "ساعات": "hour",
    "يوم": "day",
    "أيام": "day",
    "يوما": "day",
    "أسبوع": "week",
    "أسابيع": "week",
    "أسبوعا": "week",
    "شهر": "month",
    "أشهر": "month",
    "شهور": "month",
    "شهرا": "month",
    "سنة": "year",
    "سنوات": "year",
    "سنين": "year",
    "عام": "year",
    "أعوام": "year",
    "عاما": "year",
}
TIME_UNIT_ALT = _alt(list(TIME_UNITS))
#: the dual: "يومين" is two days
TIME_DUALS: dict[str, str] = {
    "ساعتين": "hour",
    "ساعتان": "hour",
    "يومين": "day",
    "يومان": "day",
    "أسبوعين": "week",
    "أسبوعان": "week",
    "شهرين": "month",
    "شهران": "month",
    "سنتين": "year",
    "سنتان": "year",
    "عامين": "year",
    "عامان": "year",
}
TIME_DUAL_ALT = _alt(list(TIME_DUALS))
_UNIT_BY_FOLDED = {_folded(k): v for k, v in {**TIME_UNITS, **TIME_DUALS}.items()}


def time_unit(word: str) -> str | None:
    """The English unit of an Arabic unit of time ("أشهر" → "month"), or None."""
    return _UNIT_BY_FOLDED.get(_folded(word))


#: month names: the Egyptian and Gulf forms, the Levantine ones and the Maghrebi ones
MONTHS: dict[str, int] = {
    "يناير": 1,
    "فبراير": 2,
    "مارس": 3,
    "أبريل": 4,
    "إبريل": 4,
    "مايو": 5,
    "يونيو": 6,
    "يونيه": 6,
    "يوليو": 7,
    "يوليه": 7,
    "أغسطس": 8,
    "سبتمبر": 9,
    "أكتوبر": 10,
    "نوفمبر": 11,
    "ديسمبر": 12,
    "كانون الثاني": 1,
    "شباط": 2,
    "آذار": 3,
    "نيسان": 4,
    "أيار": 5,
    "حزيران": 6,
    "تموز": 7,
    "آب": 8,
    "أيلول": 9,
    "تشرين الأول": 10,
    "تشرين الثاني": 11,
    "كانون الأول": 12,
    "جانفي": 1,
    "فيفري": 2,
    "أفريل": 4,
    "ماي": 5,
    "جوان": 6,
    "جويلية": 7,
    "أوت": 8,
}
MONTH_ALT = _alt(list(MONTHS))
_MONTH_BY_FOLDED = {" ".join(_folded(k).split()): v for k, v in MONTHS.items()}


def month(word: str) -> int | None:
    """The number of a month written in Arabic ("تشرين الثاني" → 11), or None."""
    return _MONTH_BY_FOLDED.get(" ".join(_folded(word).split()))


# --- places -------------------------------------------------------------------------------------

#: (Arabic name, the English extractors' name); the first Arabic name of a place is the one
#: an Arabic headline uses
PLACES: list[tuple[str, str]] = [
    ("الولايات المتحدة", "United States"),
    ("الولايات المتحدة الأمريكية", "United States"),
    ("الولايات المتحدة الأميركية", "United States"),
    ("الاتحاد الأوروبي", "European Union"),
    ("المنطقة الاقتصادية الأوروبية", "European Economic Area"),
    ("المملكة المتحدة", "United Kingdom"),
    ("إنجلترا وويلز", "England and Wales"),
    ("إنجلترا", "England"),
    ("أيرلندا", "Ireland"),
    ("إيرلندا", "Ireland"),
    ("سويسرا", "Switzerland"),
    ("ألمانيا", "Germany"),
    ("فرنسا", "France"),
    ("هولندا", "Netherlands"),
    ("بلجيكا", "Belgium"),
    ("لوكسمبورغ", "Luxembourg"),
    ("إسبانيا", "Spain"),
    ("إيطاليا", "Italy"),
    ("اليابان", "Japan"),
    ("الصين", "China"),
    ("الهند", "India"),
    ("سنغافورة", "Singapore"),
    ("كوريا الجنوبية", "South Korea"),
    ("كندا", "Canada"),
    ("أستراليا", "Australia"),
    ("البرازيل", "Brazil"),
    ("مصر", "Egypt"),
    ("المملكة العربية السعودية", "Saudi Arabia"),
    ("السعودية", "Saudi Arabia"),
    ("الإمارات العربية المتحدة", "United Arab Emirates"),
    ("الإمارات", "United Arab Emirates"),
    ("تكساس", "Texas"),
    ("أوريغون", "Oregon"),
    ("أوريجون", "Oregon"),
    ("كاليفورنيا", "California"),
    ("ديلاوير", "Delaware"),
    ("نيويورك", "New York"),
    ("فلوريدا", "Florida"),
    ("واشنطن", "Washington"),
    ("فرجينيا", "Virginia"),
    ("ماساتشوستس", "Massachusetts"),
    ("إلينوي", "Illinois"),
    ("دبلن", "Dublin"),
    ("لندن", "London"),
]
PLACE_ALT = _alt([a for a, _ in PLACES])
#: the places of PLACES that are states of the United States
US_STATES = frozenset(
    {"Texas", "Oregon", "California", "Delaware", "New York", "Florida", "Washington",
     "Virginia", "Massachusetts", "Illinois"}
)  # fmt: skip
_PLACE_BY_FOLDED = {" ".join(_folded(a).split()): e for a, e in PLACES}
#: English names of places whose Arabic name comes from Babel's territory names
_TERRITORIES = {
    "Netherlands": "NL",
    "Austria": "AT",
    "Denmark": "DK",
    "Sweden": "SE",
    "Finland": "FI",
    "Norway": "NO",
    "Poland": "PL",
    "Portugal": "PT",
    "New Zealand": "NZ",
    "Israel": "IL",
    "Hong Kong": "HK",
    "Taiwan": "TW",
    "Thailand": "TH",
    "Indonesia": "ID",
    "Vietnam": "VN",
    "Philippines": "PH",
    "Malaysia": "MY",
    "Mexico": "MX",
    "Argentina": "AR",
    "Turkey": "TR",
    "Ukraine": "UA",
    "South Africa": "ZA",
    "Nigeria": "NG",
    "Korea": "KR",
    "Estonia": "EE",
    "Cyprus": "CY",
    "Malta": "MT",
}


def folded_place(words: str) -> str | None:
    """The English name of a place written in Arabic ("المملكة المتحدة" → "United
    Kingdom"), or None."""
    return _PLACE_BY_FOLDED.get(" ".join(_folded(words).split()))


@lru_cache(maxsize=256)
def place_in(name: str, lang: str) -> str | None:
    """The name of a place (as the English extractors give it) in language ``lang``, or
    None when unknown.  Only Arabic is known."""
    if lang != "ar":
        return None
    for arabic, english in PLACES:
        if english == name:
            return arabic
    code = _TERRITORIES.get(name)
    if code:
        from babel import Locale

        return Locale.parse("ar").territories.get(code)
    return None
