# ruff: noqa: E501  (regular expressions read better unbroken)
"""Entities in Arabic text, with the values the English extractors give.

"١٥٬٠٠٠ دولار أمريكي لكل ١٬٠٠٠٬٠٠٠ منشور" is the money entity of "$15,000 USD per
1,000,000 posts" (amount 15000, currency USD, 1000000 posts), "١٥ نوفمبر ٢٠٢٦" the date
2026-11-15, "قبل ٣٠ يومًا" a notice period of 30 days, "محاكم ... تكساس" a venue in
Texas.  Each extractor matches the folded text (:func:`diffs.arabic.fold`: digits,
tatweel, diacritics, alef forms) and maps the match back, so an entity's text is always
the exact words of the clause.  :mod:`diffs.entities` calls these for text that holds
Arabic; they find nothing in other text.
"""

from __future__ import annotations

import re

from diffs import arabic as ar
from diffs.result import Entity

__all__ = [
    "ages",
    "ai_terms",
    "dates",
    "durations",
    "governing_law",
    "money",
    "notice_periods",
    "percentages",
    "places",
    "venues",
]

_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
# a word ends where the next letter is no Arabic letter ("منشورات" is not "منشور" + "ات")
_END = r"(?![\u0621-\u064a])"
_START = r"(?<![\u0621-\u064a])"


def _compile(pattern: str) -> re.Pattern[str]:
    """A pattern written in plain Arabic, folded as the text it matches is (على → علي)."""
    return re.compile(ar.fold_text(pattern))


def _text(text: str, index: list[int], m: re.Match[str], group: int | str = 0) -> str:
    a, b = ar.span_of(index, m.start(group), m.end(group))
    return text[a:b].strip()


def _number(s: str) -> float:
    return float(s.replace(",", ""))


def _clean(x: float) -> float | int:
    return int(x) if x == int(x) else x


def _count(m: re.Match[str]) -> int | None:
    if m.group("n"):
        return int(_number(m.group("n")))
    if m.group("w"):
        return ar.arabic_number(m.group("w"))
    return None


# --- money ------------------------------------------------------------------------------

_MONEY_RE = _compile(
    r"(?<![\d,.])(?P<a>" + _NUM + r")\s*(?:(?P<mult>" + ar.MULTIPLIER_ALT + r")" + _END + r"\s*)?"
    r"(?P<cur>"
    + ar.CURRENCY_ALT
    + r")"
    + _END
    + r"(?:\s+(?:لكل|عن\s+كل|مقابل\s+كل|على\s+كل)\s+(?:(?P<pq>"
    + _NUM
    + r")\s*)?"
    r"(?P<pu>" + ar.PER_UNIT_ALT + r")" + _END + r")?"
)


def money(text: str) -> list[Entity]:
    """ "١٥٬٠٠٠ دولار أمريكي لكل ١٬٠٠٠٬٠٠٠ منشور" → amount 15000 USD per 1000000 posts."""
    folded, index = ar.fold(text)
    out = []
    for m in _MONEY_RE.finditer(folded):
        amount = _number(m.group("a"))
        if m.group("mult"):
            amount *= ar.MULTIPLIERS.get(" ".join(m.group("mult").split()), 1)
        currency = ar.currency(m.group("cur"))
        if currency is None:
            continue
        value: dict[str, object] = {"amount": _clean(amount), "currency": currency}
        if m.group("pu"):
            quantity = _clean(_number(m.group("pq"))) if m.group("pq") else 1
            unit = ar.per_unit(m.group("pu"), quantity)
            if unit:
                value["per_quantity"] = quantity
                value["per_unit"] = unit
        out.append(Entity("money", _text(text, index, m), value))
    return out


# --- dates ------------------------------------------------------------------------------

_EFFECTIVE = r"تاريخ\s+السريان|تاريخ\s+النفاذ|يسري\s+اعتبارا\s+من|سارية\s+اعتبارا\s+من|تاريخ\s+الدخول\s+حيز\s+التنفيذ"
_UPDATED = r"(?:تاريخ\s+)?اخر\s+تحديث|تم\s+التحديث|تاريخ\s+التحديث|اخر\s+تعديل|حدثت\s+في"
_DATE_RE = _compile(
    r"(?:(?:(?P<eff>"
    + _EFFECTIVE
    + r")|(?P<upd>"
    + _UPDATED
    + r"))\s*(?:في\s+)?[:\-–—]?\s*\**\s*)?"
    r"(?<!\d)(?P<d>\d{1,2})\s+(?:من\s+)?(?P<m>"
    + ar.MONTH_ALT
    + r")"
    + _END
    + r"\s*,?\s*(?:عام\s+|سنة\s+)?(?P<y>\d{4})(?!\d)"
)


def dates(text: str) -> list[Entity]:
    """ "تاريخ السريان: ١٥ نوفمبر ٢٠٢٦" → 2026-11-15, labelled "effective"."""
    folded, index = ar.fold(text)
    out = []
    for m in _DATE_RE.finditer(folded):
        mo, d, y = ar.month(m.group("m")), int(m.group("d")), int(m.group("y"))
        if mo is None or not 1 <= d <= 31:
            continue
        label = "effective" if m.group("eff") else "updated" if m.group("upd") else None
        value = {"date": f"{y:04d}-{mo:02d}-{d:02d}", "label": label}
        out.append(Entity("date", _text(text, index, m).strip(" *"), value))
    return out


# --- periods of time --------------------------------------------------------------------

_DAYS_PER = {"hour": 1 / 24, "day": 1, "week": 7, "month": 30, "year": 365}
_PERIOD = (
    r"(?:(?P<n>\d{1,4})\s*|(?P<w>" + ar.NUMBER_WORDS_ALT + r")\s+)"
    r"(?P<u>"
    + ar.TIME_UNIT_ALT
    + r")"
    + _END
    + r"|"
    + _START
    + r"(?P<dual>"
    + ar.TIME_DUAL_ALT
    + r")"
    + _END
)
_PERIOD_RE = _compile(_PERIOD)


def _period(m: re.Match[str]) -> tuple[int, str] | None:
    if m.group("dual"):
        unit = ar.time_unit(m.group("dual"))
        return (2, unit) if unit else None
    amount, unit = _count(m), ar.time_unit(m.group("u"))
    return (amount, unit) if amount is not None and unit else None


def durations(text: str) -> list[Entity]:
    """ "خلال ٣٠ يومًا" → 30 days; "ثلاثين يومًا", "شهرين" (two months)."""
    folded, index = ar.fold(text)
    out = []
    for m in _PERIOD_RE.finditer(folded):
        got = _period(m)
        if got is None:
            continue
        amount, unit = got
        value = {"amount": amount, "unit": unit, "days": round(amount * _DAYS_PER[unit], 2)}
        out.append(Entity("duration", _text(text, index, m), value))
    return out


_NOTICE_RES = (
    _compile(
        r"(?:اشعار|اخطار|نخطر|نشعر|نبلغ|ابلاغ|اعلام)\w*[^.;?]{0,40}?"
        r"قبل\s+(?:(?:ما\s+)?لا\s+يقل\s+عن\s+)?(?:" + _PERIOD + r")"
    ),
    _compile(
        r"(?:"
        + _PERIOD
        + r")\s+(?:على\s+الاقل\s+)?(?:من\s+)?(?:الاشعار|الاخطار|اشعارا?|اخطارا?)"
        + _END
    ),
)


def notice_periods(text: str) -> list[Entity]:
    """ "إشعارًا قبل ٣٠ يومًا على الأقل" → a notice period of 30 days."""
    folded, index = ar.fold(text)
    out = []
    for rx in _NOTICE_RES:
        for m in rx.finditer(folded):
            got = _period(m)
            if got is not None:
                value = {"amount": got[0], "unit": got[1]}
                out.append(Entity("notice_period", _text(text, index, m), value))
        if out:
            break
    return out


# --- ages -------------------------------------------------------------------------------

_AGE_RE = _compile(
    r"(?:عمر|سن)\w*\s+(?:\S+\s+){0,3}?(?P<n>\d{1,2})\s*(?:عاما|عام|سنة|سنوات)"
    + _END
    + r"|(?:البالغين|البالغ)\s+(?P<n2>\d{1,2})\s*(?:عاما|عام|سنة)"
    + _END
)
_AT_LEAST = _compile(r"لا\s+يقل|على\s+الاقل|او\s+اكثر|فما\s+فوق|فاكثر")


def ages(text: str) -> list[Entity]:
    """ "يجب ألا يقل عمرك عن ١٣ عامًا" → age 13, at least."""
    folded, index = ar.fold(text)
    out = []
    for m in _AGE_RE.finditer(folded):
        age = int(m.group("n") or m.group("n2"))
        if not 5 <= age <= 30:
            continue
        qualifier = "at least" if _AT_LEAST.search(folded) else None
        out.append(Entity("age", _text(text, index, m), {"age": age, "qualifier": qualifier}))
    return out


# --- percentages ------------------------------------------------------------------------

_PERCENT_RE = _compile(r"(?P<p>\d{1,3}(?:[.,]\d+)?)\s?(?:%|بالمائة|بالمئة|في\s+المائة|في\s+المئة)")


def percentages(text: str) -> list[Entity]:
    """ "٣٠٪", "١٥ بالمئة" → 30, 15 percent."""
    folded, index = ar.fold(text)
    return [
        Entity("percentage", _text(text, index, m), {"percent": float(m.group("p"))})
        for m in _PERCENT_RE.finditer(folded)
    ]


# --- places, venues and governing law ---------------------------------------------------

_PLACE_RE = _compile(_START + r"(?:" + ar.PLACE_ALT + r")" + _END)


def _places_in(folded: str, start: int = 0, end: int | None = None) -> list[re.Match[str]]:
    return list(_PLACE_RE.finditer(folded, start, len(folded) if end is None else end))


def places(text: str) -> list[Entity]:
    """Countries and regions named in Arabic: "المملكة المتحدة" → United Kingdom."""
    folded, index = ar.fold(text)
    out, seen = [], set()
    for m in _places_in(folded):
        name = ar.folded_place(m.group(0))
        if name and name not in seen:
            seen.add(name)
            out.append(Entity("place", _text(text, index, m), {"name": name}))
    return out


def _place_value(names: list[str]) -> dict[str, str | None]:
    state = next((n for n in names if n in ar.US_STATES), None)
    country = next((n for n in names if n not in ar.US_STATES), None)
    if state and not country:
        country = "United States"
    return {"city": None, "county": None, "state": state, "country": country}


_COURTS_RE = _compile(r"(?:المحاكم|محاكم|المحكمة|محكمة|هيئة\s+التحكيم|التحكيم)" + _END)


def venues(text: str) -> list[Entity]:
    """Where disputes go: "أمام محاكم ... في مقاطعة تارانت، تكساس" → a venue in Texas."""
    folded, index = ar.fold(text)
    out: list[Entity] = []
    taken = -1
    for m in _COURTS_RE.finditer(folded):
        if m.start() < taken:
            continue
        found = _places_in(folded, m.end(), min(len(folded), m.end() + 160))
        if not found:
            continue
        # the places named one after another ("تكساس، الولايات المتحدة")
        run = [found[0]]
        for p in found[1:]:
            if p.start() - run[-1].end() > 30:
                break
            run.append(p)
        names = [n for n in (ar.folded_place(p.group(0)) for p in run) if n]
        if not names:
            continue
        taken = run[-1].end()
        a, _ = ar.span_of(index, m.start(), m.end())
        _, b = ar.span_of(index, run[-1].start(), run[-1].end())
        out.append(Entity("venue", text[a:b].strip(" ,،"), {"court": None, **_place_value(names)}))
    return out


_LAW_RE = _compile(
    r"(?:ل?ل?قوانين|ل?ل?قانون|التشريعات)\s+(?:\S+\s+){0,3}?(?P<place>" + ar.PLACE_ALT + r")" + _END
)
_GOVERN_RE = _compile(r"تخضع|يخضع|تحكم|يحكم|تفسر|يفسر|وفقا|بموجب|المعمول\s+بها|السارية")


def governing_law(text: str) -> list[Entity]:
    """ "تخضع هذه الشروط لقوانين ولاية تكساس" → jurisdiction Texas, United States."""
    folded, index = ar.fold(text)
    if not _GOVERN_RE.search(folded):
        return []
    out = []
    for m in _LAW_RE.finditer(folded):
        name = ar.folded_place(m.group("place"))
        if not name:
            continue
        if name in ar.US_STATES:
            value = {"jurisdiction": name, "state": name, "country": "United States"}
        else:
            value = {"jurisdiction": name, "country": name}
        out.append(Entity("governing_law", _text(text, index, m), value))
    return out


# --- AI-training terms ------------------------------------------------------------------

_AI_OPT_OUT = _compile(
    r"الانسحاب|الغاء\s+الاشتراك|ما\s+لم\s+تعترض|الاعتراض|ايقاف\s+تشغيل|تعطيل|الاعدادات"
)
_AI_OPT_IN = _compile(r"بموافقتك|اذا\s+وافقت|اذا\s+اخترت|باذن\s+منك|الاشتراك\s+الاختياري")
_AI_DATA = {
    "chats": r"محادث|دردش|رسائل|الموجهات|تفاعلاتك",
    "public posts": r"(?:المنشورات|المحتوى|المعلومات)\s+(?:العامة|العام|المتاحة\s+للعموم)",
    "posts": r"منشور|تغريد|صور|مقاطع\s+الفيديو|المحتوى\s+الخاص\s+بك|المحتوى\s+الذي\s+(?:تنشره|تشاركه)",
    "voice": r"صوت|تسجيلات",
    "personal data": r"البيانات\s+الشخصية|المعلومات\s+الشخصية|بياناتك\s+الشخصية",
}
_AI_DATA_RX = {k: _compile(v) for k, v in _AI_DATA.items()}
_AI_SCOPE = {
    "third parties": r"اطراف\s+ثالثة|الاطراف\s+الثالثة|طرف\s+ثالث|شركائنا|الشركاء",
    "minors": r"القاصرين|الاطفال|دون\s+سن",
}
_AI_SCOPE_RX = {k: _compile(v) for k, v in _AI_SCOPE.items()}


def ai_terms(text: str) -> list[Entity]:
    """How an Arabic AI-training clause treats the user: choice, data, scope."""
    folded = ar.fold_text(text)
    choice = None
    if _AI_OPT_IN.search(folded):
        choice = "opt_in"
    if _AI_OPT_OUT.search(folded):
        choice = "opt_out"
    data = [k for k, rx in _AI_DATA_RX.items() if rx.search(folded)]
    if "public posts" in data and "posts" in data:
        data.remove("posts")
    scope = [k for k, rx in _AI_SCOPE_RX.items() if rx.search(folded)]
    if choice is None and not data and not scope:
        return []
    return [
        Entity("ai_terms", text.strip()[:200], {"choice": choice, "data": data, "scope": scope})
    ]
