"""Entity extraction: amounts, courts and venues, governing law, ages, notice periods, dates.

Every extractor works on the clause as written (case-insensitive, tolerant of extra or
tokenised spacing) and returns :class:`diffs.result.Entity` objects whose ``text`` is
the exact span of the clause and whose ``value`` holds normalised parts:

==================  ===============================================================
kind                value keys
==================  ===============================================================
``money``           amount (float), currency (ISO code or None), per_quantity, per_unit
``court``           court, district, state, country
``venue``           court, city, county, state, country
``governing_law``   jurisdiction, state, country
``age``             age (int), qualifier ("at least", "under", ...)
``notice_period``   amount (int), unit ("day", "week", "month", "hour", "year")
``date``            date (ISO yyyy-mm-dd), label ("effective", "updated" or None)
``duration``        amount (int), unit ("day", "week", "month", "year", "hour"), days
``percentage``      percent (float)
``place``           name (a country or region: "Switzerland", "European Economic Area")
``ai_terms``        choice ("opt_out", "opt_in", "none" or None), data (list), scope (list)
==================  ===============================================================
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from diffs import arabic_entities
from diffs.arabic import has_arabic
from diffs.result import Entity

__all__ = [
    "ENTITY_KINDS",
    "extract_entities",
    "extract_money",
    "extract_courts",
    "extract_venues",
    "extract_governing_law",
    "extract_ages",
    "extract_notice_periods",
    "extract_dates",
    "extract_durations",
    "extract_percentages",
    "extract_places",
    "extract_ai_terms",
    "duration_label",
    "find_effective_date",
    "is_place_name",
    "place_label",
]

ENTITY_KINDS = (
    "money",
    "court",
    "venue",
    "governing_law",
    "age",
    "notice_period",
    "date",
    "duration",
    "percentage",
    "place",
    "ai_terms",
)

_I = re.IGNORECASE

_MULTI = [
    "New Hampshire",
    "New Jersey",
    "New Mexico",
    "New York",
    "North Carolina",
    "North Dakota",
    "Rhode Island",
    "South Carolina",
    "South Dakota",
    "West Virginia",
    "District of Columbia",
]
_SINGLE = [
    s
    for s in (
        "Alabama Alaska Arizona Arkansas California Colorado Connecticut Delaware Florida "
        "Georgia Hawaii Idaho Illinois Indiana Iowa Kansas Kentucky Louisiana Maine Maryland "
        "Massachusetts Michigan Minnesota Mississippi Missouri Montana Nebraska Nevada Ohio "
        "Oklahoma Oregon Pennsylvania Tennessee Texas Utah Vermont Virginia Washington "
        "Wisconsin Wyoming"
    ).split()
]
STATES: dict[str, str] = {s.lower(): s for s in _MULTI + _SINGLE}
# other first-level divisions that show up in venue clauses
STATES.update({s.lower(): s for s in ("Ontario", "Quebec", "British Columbia", "Bavaria")})

COUNTRIES: dict[str, str] = {
    c.lower(): c
    for c in (
        "United States of America",
        "United States",
        "United Kingdom",
        "England and Wales",
        "England",
        "Wales",
        "Scotland",
        "Northern Ireland",
        "Ireland",
        "Netherlands",
        "The Netherlands",
        "Germany",
        "France",
        "Luxembourg",
        "Belgium",
        "Switzerland",
        "Sweden",
        "Finland",
        "Norway",
        "Denmark",
        "Spain",
        "Italy",
        "Portugal",
        "Austria",
        "Poland",
        "Singapore",
        "Japan",
        "China",
        "Hong Kong",
        "India",
        "Brazil",
        "Canada",
        "Australia",
        "New Zealand",
        "Israel",
        "Cyprus",
        "Malta",
        "Estonia",
        "South Korea",
        "Korea",
    )
}
COUNTRIES.update({"usa": "United States", "u.s.a.": "United States", "u.s.": "United States"})
_COUNTRY_CANON = {
    "United States of America": "United States",
    "The Netherlands": "Netherlands",
    "u.s.a.": "United States",
}

LAW_ADJECTIVES: dict[str, str] = {
    "irish": "Ireland",
    "english": "England and Wales",
    "british": "United Kingdom",
    "german": "Germany",
    "french": "France",
    "dutch": "Netherlands",
    "swedish": "Sweden",
    "finnish": "Finland",
    "swiss": "Switzerland",
    "luxembourg": "Luxembourg",
    "belgian": "Belgium",
    "spanish": "Spain",
    "italian": "Italy",
    "austrian": "Austria",
    "polish": "Poland",
    "danish": "Denmark",
    "norwegian": "Norway",
    "singapore": "Singapore",
    "japanese": "Japan",
    "canadian": "Canada",
    "australian": "Australia",
    "californian": "California",
    "california": "California",
    "texas": "Texas",
    "new york": "New York",
    "delaware": "Delaware",
    "washington": "Washington",
}


def _alt(names: Iterable[str]) -> str:
    return "|".join(
        re.escape(n).replace(r"\ ", r"\s+") for n in sorted(names, key=len, reverse=True)
    )


_STATE_ALT = _alt(STATES)
_COUNTRY_ALT = _alt(k for k in COUNTRIES if "." not in k) + r"|u\.\s?s\.\s?a\.?|usa"

# --- money -----------------------------------------------------------------

_SYMBOLS = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY"}
_CODES = {
    "usd": "USD",
    "us$": "USD",
    "us dollars": "USD",
    "u.s. dollars": "USD",
    "dollars": "USD",
    "dollar": "USD",
    "eur": "EUR",
    "euro": "EUR",
    "euros": "EUR",
    "gbp": "GBP",
    "pounds": "GBP",
    "pounds sterling": "GBP",
    "cad": "CAD",
    "aud": "AUD",
    "chf": "CHF",
    "jpy": "JPY",
    "inr": "INR",
}
_MULT = {"thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "mm": 1e6, "billion": 1e9, "bn": 1e9}
_NUM = r"\d{1,3}(?:\s?,\s?\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_CODE_ALT = _alt(_CODES)
_MONEY_RE = re.compile(
    r"(?:(?P<sym>[$€£¥]|us\$)\s?(?P<a1>" + _NUM + r")"
    r"|(?<![\w$])(?P<pre>usd|eur|gbp|cad|aud|chf)\s?(?P<a2>" + _NUM + r")"
    r"|(?<![\w.,])(?P<a3>" + _NUM + r")(?=\s?(?:" + _CODE_ALT + r")\b))"
    r"(?:\s?(?P<mult>thousand|million|billion|bn|mm|k|m)\b)?"
    r"(?:\s?(?P<code>" + _CODE_ALT + r")\b)?"
    r"(?:\s?(?:per|for\s+each|for\s+every|each|a|/)\s+(?:(?P<pq>" + _NUM + r")\s?)?"
    r"(?P<pu>(?!and\b|or\b|to\b|the\b)[a-z][a-z\-]*(?:\s(?:posts?|hours?|period))?))?",
    _I,
)


def _num(s: str) -> float:
    return float(re.sub(r"[\s,]", "", s))


def _clean_number(x: float) -> float | int:
    return int(x) if x == int(x) else x


def _money_en(text: str) -> list[Entity]:
    """Amounts with currency and unit: "$15,000 USD per 1,000,000 posts" → amount 15000."""
    out: list[Entity] = []
    for m in _MONEY_RE.finditer(text):
        raw = m.group("a1") or m.group("a2") or m.group("a3")
        if raw is None:
            continue
        amount = _num(raw)
        mult = (m.group("mult") or "").lower()
        if mult:
            amount *= _MULT.get(mult, 1)
        currency = None
        if m.group("sym"):
            currency = "USD" if m.group("sym").lower() == "us$" else _SYMBOLS[m.group("sym")]
        elif m.group("pre"):
            currency = m.group("pre").upper()
        code = m.group("code")
        if code:
            currency = _CODES.get(re.sub(r"\s+", " ", code.lower()), currency)
        if currency is None:
            continue
        value: dict[str, object] = {"amount": _clean_number(amount), "currency": currency}
        pu = m.group("pu")
        if pu:
            value["per_quantity"] = _clean_number(_num(m.group("pq"))) if m.group("pq") else 1
            value["per_unit"] = re.sub(r"\s+", " ", pu.lower())
        out.append(Entity("money", m.group(0).strip(), value))
    return out


def money_label(value: dict) -> str:
    """ "$15,000 per 1,000,000 posts" from a money entity's value."""
    sym = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥"}.get(value.get("currency") or "", "")
    amount = value.get("amount", 0)
    amt = f"{amount:,.2f}".rstrip("0").rstrip(".") if isinstance(amount, float) else f"{amount:,}"
    s = f"{sym}{amt}" if sym else f"{amt} {value.get('currency') or ''}".strip()
    if value.get("per_unit"):
        q = value.get("per_quantity", 1)
        s += f" per {q:,} {value['per_unit']}" if q != 1 else f" per {value['per_unit']}"
    return s


# --- places ----------------------------------------------------------------

_PLACE_WORD = r"[A-Za-z][A-Za-z.'\-]*"
_COUNTY_RE = re.compile(r"((?:" + _PLACE_WORD + r"\s+){0,2}" + _PLACE_WORD + r")\s+county\b", _I)
_STOP = {
    "in",
    "the",
    "of",
    "located",
    "situated",
    "sitting",
    "courts",
    "court",
    "at",
    "within",
    "for",
    "state",
    "or",
    "and",
    "federal",
    "based",
    "your",
    "a",
}


def _titlecase(s: str) -> str:
    if s.isupper() or s.islower():
        return " ".join(w if w in {"of", "and"} else w[:1].upper() + w[1:] for w in s.split())
    return s


CITIES: dict[str, str] = {
    "london": "United Kingdom",
    "dublin": "Ireland",
    "paris": "France",
    "amsterdam": "Netherlands",
    "berlin": "Germany",
    "munich": "Germany",
    "stockholm": "Sweden",
    "helsinki": "Finland",
    "zurich": "Switzerland",
    "geneva": "Switzerland",
    "toronto": "Canada",
    "sydney": "Australia",
    "tokyo": "Japan",
}
_PLACE_RE = re.compile(
    r"\s*(?:the\s+)?(?:(?:state|commonwealth|province|country|city)\s+of\s+)?(?:"
    r"(?P<county>(?:[a-z.'\-]+\s+){0,2}?[a-z.'\-]+)\s+county\b"
    r"|(?P<state>" + _STATE_ALT + r")\b"
    r"|(?P<country>" + _COUNTRY_ALT + r")(?!\w)"
    r"|(?P<city>" + _alt(CITIES) + r")\b"
    r"|(?P<gcity>[a-z][a-z.'\-]*(?:\s+[a-z][a-z.'\-]*){0,2})(?=\s?,\s*(?:" + _STATE_ALT + r")\b))",
    _I,
)
_COMMA_RE = re.compile(r"\s?,\s*")


def _parse_place(tail: str) -> tuple[dict[str, str], int]:
    """Parse "San Francisco County, California, United States ..." → parts and length used."""
    parts: dict[str, str] = {}
    pos = 0
    while True:
        m = _PLACE_RE.match(tail, pos)
        if not m:
            break
        kind = m.lastgroup or ""
        raw = re.sub(r"\s+", " ", m.group(kind)).strip()
        low = raw.lower()
        if kind in ("county", "gcity") and any(w in _STOP for w in low.split()):
            break
        if kind == "county" and "county" not in parts:
            parts["county"] = _titlecase(raw) + " County"
        elif kind == "state" and "state" not in parts:
            parts["state"] = STATES[low]
        elif kind == "country" and "country" not in parts:
            c = COUNTRIES.get(low, COUNTRIES.get(low.replace(" ", ""), raw))
            parts["country"] = _COUNTRY_CANON.get(c, c)
        elif kind in ("city", "gcity") and not parts:
            parts["city"] = _titlecase(raw)
            if kind == "city":
                parts["country"] = CITIES[low]
        else:
            break
        pos = m.end()
        c = _COMMA_RE.match(tail, pos)
        if not c:
            break
        pos_after = c.end()
        if not _PLACE_RE.match(tail, pos_after):
            break
        pos = pos_after
    if "state" in parts and "country" not in parts and parts["state"] in _US_STATE_SET:
        parts["country"] = "United States"
    return parts, pos


_US_STATE_SET = set(_MULTI + _SINGLE)


def is_place_name(text: str) -> bool:
    """True when ``text`` names or contains a state, country or city this module knows."""
    low = " ".join(text.casefold().split())
    for names in (STATES, COUNTRIES, CITIES, LAW_ADJECTIVES):
        for name in names:
            if re.search(r"\b" + re.escape(name) + r"\b", low):
                return True
    return False


def place_label(value: dict) -> str:
    """ "Tarrant County, Texas" / "San Francisco, California" / "Ireland" from a place value."""
    bits = [value.get(k) for k in ("city", "county", "state") if value.get(k)]
    if not bits and value.get("country"):
        bits = [value["country"]]
    elif not bits and value.get("court"):
        bits = [value["court"]]
    if not bits and value.get("jurisdiction"):
        bits = [value["jurisdiction"]]
    return ", ".join(dict.fromkeys(b for b in bits if b))


_COURT_RE = re.compile(
    r"(?P<court>(?:u\.\s?s\.\s?|united\s+states\s+)?district\s+court\s+for\s+the\s+"
    r"(?P<district>(?:(?:northern|southern|eastern|western|central|middle)\s+)?district\s+of\s+"
    r"(?P<state>" + _STATE_ALT + r")))",
    _I,
)
_VENUE_RE = re.compile(
    r"(?P<court>(?:(?:federal|state|provincial|local|competent|appropriate|english|irish|"
    r"county|small\s+claims)\s+(?:or\s+(?:state|federal|provincial)\s+)?)?"
    r"(?:courts?|tribunals?)(?:\s+of\s+competent\s+jurisdiction)?)"
    r"\s+(?:(?:located|situated|sitting|based|seated)\s+)?(?:in|of|within|at)\s+(?:the\s+)?"
    r"(?:(?:city|county|state|province|commonwealth|country)\s+of\s+)?",
    _I,
)
_WHERE_RE = re.compile(
    r"(?:arbitration|hearing|proceeding|venue|forum)s?\b[^.;]{0,80}?\b(?:in|at)\s+(?:the\s+)?",
    _I,
)


def extract_courts(text: str) -> list[Entity]:
    """Named courts: "U.S. District Court for the Northern District of Texas"."""
    out = []
    for m in _COURT_RE.finditer(text):
        state = STATES.get(re.sub(r"\s+", " ", m.group("state").lower()), m.group("state"))
        value = {
            "court": re.sub(r"\s+", " ", m.group("court")),
            "district": re.sub(r"\s+", " ", m.group("district")),
            "state": state,
            "country": "United States",
        }
        out.append(Entity("court", m.group("court"), value))
    return out


def _venues_en(text: str) -> list[Entity]:
    """Places where disputes go: "courts located in Tarrant County, Texas, United States"."""
    out: list[Entity] = []
    seen: set[tuple[int, int]] = set()
    for rx, court_group in ((_VENUE_RE, True), (_WHERE_RE, False)):
        for m in rx.finditer(text):
            parts, used = _parse_place(text[m.end() : m.end() + 120])
            if not parts:
                continue
            start = m.start("court") if court_group else m.end()
            end = m.end() + used
            if any(s <= start < e or start <= s < end for s, e in seen):
                continue
            seen.add((start, end))
            value: dict[str, str | None] = {
                "court": re.sub(r"\s+", " ", m.group("court")) if court_group else None,
                "city": parts.get("city"),
                "county": parts.get("county"),
                "state": parts.get("state"),
                "country": parts.get("country"),
            }
            out.append(Entity("venue", text[start:end].strip(" ,"), value))
    # bare "Tarrant County, Texas" mentions not caught above (e.g. after "or state courts")
    for m in _COUNTY_RE.finditer(text):
        if any(s <= m.start(1) < e or s < m.end() <= e for s, e in seen):
            continue
        for w in re.finditer(r"\S+", m.group(1)):
            if w.group(0).lower() in _STOP:
                continue
            start = m.start(1) + w.start()
            parts, used = _parse_place(text[start:])
            if "county" in parts and ("state" in parts or "country" in parts):
                end = start + used
                seen.add((start, end))
                value = {k: parts.get(k) for k in ("city", "county", "state", "country")}
                out.append(Entity("venue", text[start:end].strip(" ,"), {"court": None, **value}))
            break
    return out


_LAW_RE = re.compile(
    r"laws?\s+(?:in\s+force\s+)?of\s+(?:the\s+)?(?:(?:state|commonwealth|province)\s+of\s+)?"
    r"(?P<place>" + _STATE_ALT + "|" + _COUNTRY_ALT + r")\b",
    _I,
)
_ADJ_LAW_RE = re.compile(
    r"\b(?P<adj>" + _alt(LAW_ADJECTIVES) + r")\s+(?:federal\s+)?law\b",
    _I,
)
_GOVERN_CTX = re.compile(r"govern|constru|interpret|appl(?:y|ies|icable)|subject\s+to", _I)


def _law_value(place: str) -> dict[str, str]:
    pl = re.sub(r"\s+", " ", place.lower()).strip()
    if pl in STATES:
        st = STATES[pl]
        v = {"jurisdiction": st, "state": st}
        if st in _US_STATE_SET:
            v["country"] = "United States"
        return v
    c = COUNTRIES.get(pl, COUNTRIES.get(pl.replace(" ", ""), place))
    c = _COUNTRY_CANON.get(c, c)
    return {"jurisdiction": c, "country": c}


def _governing_law_en(text: str) -> list[Entity]:
    """ "the laws of the State of Texas", "Irish law" → jurisdiction, state, country."""
    out = []
    for m in _LAW_RE.finditer(text):
        out.append(Entity("governing_law", m.group(0), _law_value(m.group("place"))))
    if _GOVERN_CTX.search(text):
        for m in _ADJ_LAW_RE.finditer(text):
            adj = re.sub(r"\s+", " ", m.group("adj").lower())
            place = LAW_ADJECTIVES[adj]
            out.append(Entity("governing_law", m.group(0), _law_value(place)))
    return out


# --- numbers in words --------------------------------------------------------

_WORDNUM = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen "
        "fourteen fifteen sixteen seventeen eighteen nineteen twenty".split()
    )
}
_WORDNUM.update({"thirty": 30, "forty": 40, "forty-five": 45, "sixty": 60, "ninety": 90})
_WORDNUM.update({"fourteen": 14, "hundred": 100, "one hundred twenty": 120})
_NUMWORD = r"\d{1,4}|" + _alt(_WORDNUM)
_COUNT = r"(?P<n>" + _NUMWORD + r")(?:\s?\(\s?(?P<nd>\d{1,4})\s?\))?"


def _count(m: re.Match[str]) -> int:
    if m.group("nd"):
        return int(m.group("nd"))
    n = m.group("n").lower()
    return int(n) if n.isdigit() else _WORDNUM[re.sub(r"\s+", " ", n)]


# --- ages --------------------------------------------------------------------

_AGE_RE = re.compile(
    r"(?P<q>at\s+least|over|under|older\s+than|younger\s+than|below|above|minimum\s+age\s+of|"
    r"aged?|of)\s+(?:the\s+age\s+of\s+)?(?:majority\s+)?"
    + _COUNT
    + r"(?:\s?(?P<y>years?(?:\s+of\s+age|\s+old)?|\+|yrs))",
    _I,
)
_AGE2_RE = re.compile(
    r"(?P<q>at\s+least|over|under|below|above|younger\s+than|older\s+than)\s+(?:the\s+)?age\s+of\s+"
    + _COUNT,
    _I,
)


# a person named by an age bound without "years": "a user under 13", "children below 16"
_AGE4_RE = re.compile(
    r"\b(?:users?|members?|children|child|kids?|minors?|teens?|teenagers?|persons?|people|"
    r"individuals?|anyone|someone|account holders?)\s+(?P<q>under|below|over|above|"
    r"younger\s+than|older\s+than)\s+"
    + _COUNT
    + r"(?!\s?(?:%|percent|days?|weeks?|months?|hours?|minutes?|[.,]\d))",
    _I,
)
_AGE3_RE = re.compile(
    r"(?P<q>minimum\s+age|age\s+limit|age\s+of\s+majority|age)\s+(?:is|of|will\s+be|shall\s+be)\s+(?:\(\s?[ivx]+\s?\)\s+)?"
    + _COUNT,
    _I,
)
# further ages in a list after one of those: "(ii) sixteen (16) for users in Australia"
_AGE_LIST_RE = re.compile(
    r"(?:\(\s?[ivx]+\s?\)|,|;|\bor\b|\band\b)\s+(?:the\s+age\s+of\s+)?"
    + _COUNT
    + r"(?=\s?(?:\(|\bfor\b|\bin\b|\bif\b|,|;|\byears?\b))",
    _I,
)


_AGE_DE_RE = re.compile(
    r"(?P<q>mindestens|unter|ab|über)\s+(?P<n>\d{1,2})(?P<nd>)\s+(?:jahre\s+alt|jahren|jahre)\b"
    r"|(?P<n2>\d{1,2})\s+jahre\s+oder\s+älter\b",
    _I,
)
_AGE_DE_Q = {"mindestens": "at least", "ab": "at least", "unter": "under", "über": "over"}


def _german_ages(text: str) -> list[Entity]:
    """ "mindestens 16 Jahre alt", "unter 18 Jahren": the German age limits."""
    out = []
    for m in _AGE_DE_RE.finditer(text):
        age = int(m.group("n") or m.group("n2"))
        q = _AGE_DE_Q.get((m.group("q") or "").lower(), "at least")
        if 5 <= age <= 30:
            out.append(Entity("age", m.group(0), {"age": age, "qualifier": q}))
    return out


def _ages_en(text: str) -> list[Entity]:
    """Age thresholds: "at least 13 years old", "under the age of 18", "The Minimum Age is
    (i) thirteen (13), (ii) sixteen (16) for users in Australia", "a user under 13",
    "mindestens 16 Jahre alt"."""
    german = _german_ages(text)
    out: list[Entity] = []
    spans: list[tuple[int, int]] = []
    for rx in (_AGE2_RE, _AGE3_RE, _AGE_RE, _AGE4_RE):
        for m in rx.finditer(text):
            if any(s < m.end() and m.start() < e for s, e in spans):
                continue
            age = _count(m)
            if not 5 <= age <= 30:
                continue
            q = re.sub(r"\s+", " ", m.group("q").lower())
            if q in ("age", "aged", "of", "minimum age of"):
                q = "at least" if q == "minimum age of" else "aged"
            spans.append((m.start(), m.end()))
            out.append(Entity("age", m.group(0), {"age": age, "qualifier": q}))
    if out:  # a list of ages after the first: each one with its own condition
        first = min(s for s, _ in spans)
        for m in _AGE_LIST_RE.finditer(text, first):
            if any(s <= m.start() < e for s, e in spans):
                continue
            age = _count(m)
            if 5 <= age <= 30 and m.start() - max(e for _, e in spans) < 120:
                spans.append((m.start(), m.end()))
                out.append(
                    Entity("age", m.group(0).strip(" ,;"), {"age": age, "qualifier": "at least"})
                )
    return german + out


# --- notice periods ------------------------------------------------------------

_UNIT = r"(?P<u>business\s+days?|calendar\s+days?|days?|weeks?|months?|hours?|years?)"
_NOTICE_RE = re.compile(
    r"(?:(?:at\s+least|no\s+less\s+than|not\s+less\s+than|a\s+minimum\s+of)\s+)?"
    + _COUNT
    + r"\s?[\-\s]?"
    + _UNIT
    + r"(?:['’]\s?)?\s+(?:(?:prior|advance|advanced|written|of)\s+)*(?:notice|notification)",
    _I,
)
_NOTICE2_RE = re.compile(
    r"(?:notice|notify\s+you|notification)[^.;]{0,40}?\b(?:at\s+least\s+|no\s+less\s+than\s+)?"
    + _COUNT
    + r"\s?[\-\s]?"
    + _UNIT
    + r"\s+(?:before|prior|in\s+advance)",
    _I,
)


def _notice_periods_en(text: str) -> list[Entity]:
    """Notice periods: "30 days' notice", "notify you at least thirty (30) days before"."""
    out = []
    for rx in (_NOTICE_RE, _NOTICE2_RE):
        for m in rx.finditer(text):
            unit = re.sub(r"s$", "", m.group("u").lower().split()[-1])
            out.append(Entity("notice_period", m.group(0), {"amount": _count(m), "unit": unit}))
        if out:
            break
    return out


# --- dates ---------------------------------------------------------------------

_MONTHS = {
    m: i + 1
    for i, m in enumerate(
        (
            "january february march april may june july august september october november december"
        ).split()
    )
}
_MONTHS.update({m[:3]: i for m, i in list(_MONTHS.items())})
_MONTHS["sept"] = 9
_MON = _alt(_MONTHS)
_DATE_RE = re.compile(
    r"(?:(?P<label>effective(?:\s+date)?|(?:date\s+of\s+)?last\s+(?:updated|modified|revised|update|modification)|updated|revised)"
    r"\s*(?:on|as\s+of|from|date)?\s*[:\-–—]?\s*\**\s*)?"
    r"(?:(?P<m1>" + _MON + r")\.?\s+(?P<d1>\d{1,2})(?:st|nd|rd|th)?\s?,?\s+(?P<y1>\d{4})"
    r"|(?P<d2>\d{1,2})(?:st|nd|rd|th)?\s+(?P<m2>" + _MON + r")\.?\s?,?\s+(?P<y2>\d{4})"
    r"|(?P<iso>(?P<y3>\d{4})-(?P<m3>\d{2})-(?P<d3>\d{2})))",
    _I,
)


def _dates_en(text: str) -> list[Entity]:
    """Dates, labelled when introduced as effective/updated: "Effective: November 15, 2024"."""
    out = []
    for m in _DATE_RE.finditer(text):
        if m.group("iso"):
            y, mo, d = int(m.group("y3")), int(m.group("m3")), int(m.group("d3"))
        else:
            mon = (m.group("m1") or m.group("m2")).lower()
            y = int(m.group("y1") or m.group("y2"))
            mo = _MONTHS[mon]
            d = int(m.group("d1") or m.group("d2"))
        if not (1 <= mo <= 12 and 1 <= d <= 31):
            continue
        label = m.group("label")
        if label:
            label = "effective" if label.lower().startswith("effective") else "updated"
        value = {"date": f"{y:04d}-{mo:02d}-{d:02d}", "label": label}
        out.append(Entity("date", m.group(0).strip(" *"), value))
    return out


def find_effective_date(text: str) -> Entity | None:
    """The first date labelled "Effective"/"Last updated" in a document, if any."""
    head = text[:5000]
    for e in extract_dates(head):
        if e.value.get("label") == "effective":
            return e
    for e in extract_dates(head):
        if e.value.get("label"):
            return e
    return None


# --- durations -----------------------------------------------------------------

_DURATION_RE = re.compile(
    r"(?<![\w$€£.,])"
    + _COUNT
    + r"\s?[\-\s]?(?P<u>calendar\s+days?|business\s+days?|days?|weeks?|months?|years?|hours?"
    # German units: policies are republished in the reader's language
    r"|tagen?|wochen?|monaten?|monat|jahren?|jahr|stunden?)\b",
    _I,
)
_DAYS_PER = {"hour": 1 / 24, "day": 1, "week": 7, "month": 30, "year": 365}
_GERMAN_UNITS = {
    "tag": "day",
    "tage": "day",
    "tagen": "day",
    "woche": "week",
    "wochen": "week",
    "monat": "month",
    "monate": "month",
    "monaten": "month",
    "jahr": "year",
    "jahre": "year",
    "jahren": "year",
    "stunde": "hour",
    "stunden": "hour",
}


def _unit(word: str) -> str:
    word = word.lower().split()[-1]
    return _GERMAN_UNITS.get(word) or re.sub(r"s$", "", word)


def _durations_en(text: str) -> list[Entity]:
    """Periods of time: "for 90 days", "eighteen (18) months", "2 years", "18 Monate"."""
    out = []
    for m in _DURATION_RE.finditer(text):
        unit = _unit(m.group("u"))
        amount = _count(m)
        value = {"amount": amount, "unit": unit, "days": round(amount * _DAYS_PER[unit], 2)}
        out.append(Entity("duration", m.group(0).strip(), value))
    return out


def duration_label(value: dict) -> str:
    """ "90 days" from a duration value."""
    amount, unit = value.get("amount"), value.get("unit") or ""
    return f"{amount} {unit}{'' if amount == 1 else 's'}"


_PERCENT_RE = re.compile(r"(?P<p>\d{1,3}(?:[.,]\d+)?)\s?(?:%|per\s?cent\b|percent\b)", _I)


def _percentages_en(text: str) -> list[Entity]:
    """Percentages: "30%", "15 percent"."""
    return [
        Entity("percentage", m.group(0), {"percent": float(m.group("p").replace(",", "."))})
        for m in _PERCENT_RE.finditer(text)
    ]


# --- places (countries and regions, for data location) -------------------------

REGIONS: dict[str, str] = {
    "european economic area": "European Economic Area",
    "eea": "European Economic Area",
    "european union": "European Union",
    "eu": "European Union",
    "efta": "EFTA",
    "uk": "United Kingdom",
    "u.k.": "United Kingdom",
    "us": "United States",
    "taiwan": "Taiwan",
    "thailand": "Thailand",
    "indonesia": "Indonesia",
    "vietnam": "Vietnam",
    "philippines": "Philippines",
    "malaysia": "Malaysia",
    "mexico": "Mexico",
    "argentina": "Argentina",
    "turkey": "Turkey",
    "russia": "Russia",
    "ukraine": "Ukraine",
    "south africa": "South Africa",
    "nigeria": "Nigeria",
    "egypt": "Egypt",
    "saudi arabia": "Saudi Arabia",
    "united arab emirates": "United Arab Emirates",
    "uae": "United Arab Emirates",
    "british virgin islands": "British Virgin Islands",
    "dubai": "United Arab Emirates",
}
_PLACE_NAMES = {**{k: _COUNTRY_CANON.get(v, v) for k, v in COUNTRIES.items()}, **REGIONS}
_PLACE_NAMES.pop("u.s.", None)
_PLACE_NAMES["u.s."] = "United States"
# upper-case abbreviations only count as places when written in capitals
_ABBREVIATIONS = {"eu", "eea", "uk", "us", "efta", "uae"}
_PLACE_ENTITY_RE = re.compile(
    r"(?<![\w.])(?:" + _alt(k for k in _PLACE_NAMES if k not in _ABBREVIATIONS) + r")(?![\w])", _I
)
_ABBREV_RE = re.compile(r"(?<![\w.])(EU|EEA|UK|U\.K\.|US|U\.S\.|EFTA|UAE)(?![\w])")


def _places_en(text: str) -> list[Entity]:
    """Countries and regions named in a clause: "Switzerland", "the EEA", "United States"."""
    out: list[Entity] = []
    seen: set[str] = set()
    spans: list[tuple[int, int]] = []
    for rx in (_PLACE_ENTITY_RE, _ABBREV_RE):
        for m in rx.finditer(text):
            if any(a <= m.start() < b for a, b in spans):
                continue
            key = re.sub(r"\s+", " ", m.group(0).lower())
            name = _PLACE_NAMES.get(key) or _PLACE_NAMES.get(key.replace(" ", ""))
            if name is None or name in seen:
                continue
            seen.add(name)
            spans.append(m.span())
            out.append(Entity("place", m.group(0), {"name": name}))
    return out


# --- AI-training terms -------------------------------------------------------------

_AI_OPT_OUT = re.compile(
    r"\bopt(?:ing)?[- ]?out\b|\bobject\b|\bunless you\b|\bturn(?:ing)? (?:it |this )?off\b|"
    r"\b(?:disable|change|adjust|update) (?:\w+ ){0,3}settings?\b|\bsettings? to (?:stop|prevent|limit)\b",  # noqa: E501
    _I,
)
_AI_OPT_IN = re.compile(
    r"\bopt(?:ed|ing)?[- ]?in\b|\bwith your (?:prior |explicit )?(?:consent|permission)\b|"
    r"\bif you (?:choose|agree|consent|decide|allow)\b|\bonly (?:if|when|where) you\b|\byou (?:choose|agree) to\b",  # noqa: E501
    _I,
)
_AI_DATA = {
    "chats": r"\bchats?\b|\bconversations?\b|\bprompts?\b|\bmessages?\b|\binteractions? with (?:our )?(?:ai|assistant|chatbot)",  # noqa: E501
    "public posts": r"\bpublic(?:ly)? (?:available |shared |posted )?(?:posts?|content|information|data|profiles?)\b|\bpublicly available\b",  # noqa: E501
    "posts": r"\b(?:your |user )?(?:posts?|tweets?|pins?|videos?|photos?|images?|content you (?:post|share|upload))\b",  # noqa: E501
    "voice": r"\bvoice\b|\baudio\b|\brecordings?\b",
    "customer service data": r"\bcustomer (?:service|support) (?:data|chats?|emails?|interactions?)\b",  # noqa: E501
    "personal data": r"\bpersonal (?:data|information)\b",
}
_AI_DATA_RX = {k: re.compile(v, _I) for k, v in _AI_DATA.items()}
_AI_SCOPE = {
    "free tier": r"\bfree (?:tier|plan|users?|accounts?|version)\b",
    "paid plans": r"\b(?:paid|premium|business|enterprise|team) (?:plans?|users?|accounts?|subscribers?|customers?)\b",  # noqa: E501
    "EU users": r"\b(?:in|from) the (?:eu|eea|european (?:union|economic area))\b|\b(?:eu|eea) users\b",  # noqa: E501
    "UK users": r"\b(?:in|from) the (?:uk|united kingdom)\b",
    "minors": r"\b(?:under (?:the age of )?1[368]|minors|teens?|children)\b",
    "third parties": r"\bthird[- ]part(?:y|ies)\b|\bcollaborators?\b|\bpartners?\b|\brecipients?\b",
}
_AI_SCOPE_RX = {k: re.compile(v, _I) for k, v in _AI_SCOPE.items()}


def _ai_terms_en(text: str) -> list[Entity]:
    """How an AI-training clause treats the user: choice, which data, whose data.

    ``choice`` is "opt_out" (training unless the user objects or changes a setting),
    "opt_in" (only with consent) or None when the clause gives no choice; ``data`` the
    kinds of data named (chats, public posts, voice…); ``scope`` who or what the clause
    names (the free tier, EU users, third parties…).
    """
    choice = None
    if _AI_OPT_IN.search(text):
        choice = "opt_in"
    if _AI_OPT_OUT.search(text):
        choice = "opt_out"
    data = [k for k, rx in _AI_DATA_RX.items() if rx.search(text)]
    if "public posts" in data and "posts" in data:
        data.remove("posts")
    scope = [k for k, rx in _AI_SCOPE_RX.items() if rx.search(text)]
    if choice is None and not data and not scope:
        return []
    return [
        Entity("ai_terms", text.strip()[:200], {"choice": choice, "data": data, "scope": scope})
    ]


# --- transfer mechanisms ------------------------------------------------------------

#: the legal bases for sending personal data abroad a transfer clause can cite
_MECHANISMS = {
    "the Data Privacy Framework": re.compile(r"\bdata privacy framework\b|\bDPF\b", _I),
    "the Privacy Shield": re.compile(r"\bprivacy shield\b", _I),
    "standard contractual clauses": re.compile(
        r"\bstandard (?:contractual|data protection) clauses\b|\bSCCs?\b|\bmodel clauses\b", _I
    ),
    "binding corporate rules": re.compile(r"\bbinding corporate rules\b|\bBCRs?\b", _I),
    "adequacy decisions": re.compile(r"\badequacy (?:decisions?|findings?|regulations?)\b", _I),
}
_NO_LONGER = re.compile(r"\b(?:no longer|not|never|ceased?|invalid\w*|replac\w*)\b", _I)


def transfer_mechanisms(text: str, *, named: bool = False) -> list[str]:
    """The transfer mechanisms ``text`` relies on ("the Data Privacy Framework", "standard
    contractual clauses"…), in a fixed order; none when it says one is no longer used or
    not relied on (a negation anywhere: said by a quote, if at all).  ``named``: every
    mechanism the text names, negated or not (what a whole document mentions)."""
    if not named and _NO_LONGER.search(text):
        return []
    return [name for name, rx in _MECHANISMS.items() if rx.search(text)]


# --- every language: English (and German) above, Arabic in diffs.arabic_entities ----------


def _with_arabic(english, arabic_name: str):  # type: ignore[no-untyped-def]
    def extract(text: str) -> list[Entity]:
        found = english(text)
        if has_arabic(text):
            found += getattr(arabic_entities, arabic_name)(text)
        return found

    extract.__doc__ = (english.__doc__ or "") + " Arabic too (diffs.arabic_entities)."
    return extract


extract_money = _with_arabic(_money_en, "money")
extract_venues = _with_arabic(_venues_en, "venues")
extract_governing_law = _with_arabic(_governing_law_en, "governing_law")
extract_ages = _with_arabic(_ages_en, "ages")
extract_notice_periods = _with_arabic(_notice_periods_en, "notice_periods")
extract_dates = _with_arabic(_dates_en, "dates")
extract_durations = _with_arabic(_durations_en, "durations")
extract_percentages = _with_arabic(_percentages_en, "percentages")
extract_places = _with_arabic(_places_en, "places")
extract_ai_terms = _with_arabic(_ai_terms_en, "ai_terms")


_EXTRACTORS = {
    "money": extract_money,
    "court": extract_courts,
    "venue": extract_venues,
    "governing_law": extract_governing_law,
    "age": extract_ages,
    "notice_period": extract_notice_periods,
    "date": extract_dates,
    "duration": extract_durations,
    "percentage": extract_percentages,
    "place": extract_places,
    "ai_terms": extract_ai_terms,
}


def extract_entities(text: str, kinds: Iterable[str] | None = None) -> list[Entity]:
    """All entities of the given kinds (default: every kind) in ``text``, kind by kind."""
    out: list[Entity] = []
    seen: set[tuple[str, str]] = set()
    for kind in kinds or ENTITY_KINDS:
        for e in _EXTRACTORS[kind](text):
            if (e.kind, e.text) not in seen:
                seen.add((e.kind, e.text))
                out.append(e)
    return out
