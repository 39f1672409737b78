"""Quotable pieces of a clause, for headlines that quote rather than list words.

A headline may quote the policy, but only in pieces a reader can read on their own:

- :func:`quotable` gives a whole sentence of a clause, or a complete clause of it cut
  at a natural boundary (before "such as", "including", a parenthesis, a semicolon…)
  and marked with "…"; never a cut before a condition ("unless you opt out", "only
  if…"), which would make the quote say more than the policy does;
- :func:`changed_phrase` gives the phrase a reworded clause changed, with enough
  context to read it: “induce or facilitate” → “induce or knowingly facilitate”;
- :func:`is_english` says whether a text is English at all: the rules and the quotes
  are English-only, and a text they cannot read gets an honest general headline.

Pure functions of text; no flags, no diff alignment.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

__all__ = [
    "FUNCTION_WORDS",
    "MEANT_WORDS",
    "META_SECTION",
    "changed_phrase",
    "content_words",
    "is_english",
    "plain",
    "quotable",
    "sentences",
]

#: words that carry no content of their own (English)
FUNCTION_WORDS = frozenset(
    """
    a an the this that these those it its it's they them their theirs we us our ours you
    your yours he she his her i me my of to in on at by for with from as into onto upon
    about over under than then also which who whom whose what where when why how be is are
    was were been being have has had having do does did shall will would should can could
    may might must such so there here both each either neither per via and or nor but if
    any all some other not no own same too very just only
    """.split()
)

_MD_LINK = re.compile(
    r"!?\[((?:[^\[\]]|\[[^\[\]]*\])*)\]\((?:[^()\s]|\([^()]*\))*(?:\s+\"[^\"]*\")?\)"
)
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>~])")
_EMPHASIS = re.compile(r"(?<!\w)[*_]{1,3}(?=\S)|(?<=\S)[*_]{1,3}(?!\w)|`")
_HTML = re.compile(r"<\s*br\s*/?\s*>|<\s*/?\s*[a-z][a-z0-9]*\b[^>]*>|&nbsp;|&#160;", re.I)
_URL = re.compile(r"\(?\b(?:https?://|www\.)\S+|\S+@\S+\.\w+", re.I)
#: a bold run-in label that opens a clause: "**Your content:** You own…"
_RUN_IN = re.compile(r"^\s*(?:\*\*|__)(?P<label>[^*_\n]{2,120}?)[:.]?(?:\*\*|__)[:.]?\s+(?=\S)")
_WS = re.compile(r"\s+")
_WORD = re.compile(r"[^\W\d_][\w'’-]*|\d[\d.,]*")

#: English words frequent enough that any English sentence has some
_ENGLISH = frozenset(
    """
    the of and to in a is that for it as with be by on not this are or your you we our
    from at an will may have has can if any such these those other their us which when
    use used information data services service terms account content
    """.split()
)
#: frequent words of other languages the policies come in (German, French, Spanish, …)
_FOREIGN = frozenset(
    """
    der die das und ist nicht mit von zu den dem des ein eine einer eines auf für im sich
    wir sie ihre ihr ihren oder auch werden wird kann können sind bei nach wenn dass
    le la les et est des du une un pour dans sur avec nous vous votre vos sont pas qui que
    el los las y es en por con una del para como nosotros sus su
    """.split()
)


def plain(text: str, *, drop_label: bool = False) -> str:
    """``text`` as a reader sees it: link labels kept, targets, Markdown marks, escapes
    and HTML dropped, whitespace collapsed.  With ``drop_label`` a bold run-in label
    ("**Your content:** …") is left out too."""
    if drop_label:
        m = _RUN_IN.match(text)
        if m and len(text) - m.end() > 20:
            text = text[m.end() :]
    t = _MD_LINK.sub(r"\1", text)
    t = _ESCAPE.sub(r"\1", t)
    t = _HTML.sub(" ", t)
    t = _EMPHASIS.sub("", t)
    t = t.replace("|", " ").replace("#", " ").replace(">", " ")
    return _WS.sub(" ", t).strip()


#: small words that still change what a sentence says
MEANT_WORDS = frozenset(
    "not no never nor must may might shall will can cannot only all any".split()
)


def _meant_words(text: str) -> list[str]:
    words = (m.group(0).lower() for m in _WORD.finditer(text))
    return [w for w in words if w not in FUNCTION_WORDS or w in MEANT_WORDS]


def content_words(text: str) -> list[str]:
    """The lower-cased words of ``text`` that are not function words."""
    return [
        w for w in (m.group(0).lower() for m in _WORD.finditer(text)) if w not in FUNCTION_WORDS
    ]


def is_english(text: str) -> bool:
    """Whether ``text`` reads as English (short texts, such as titles, always do)."""
    words = [m.group(0).lower() for m in _WORD.finditer(text) if not m.group(0)[0].isdigit()]
    if len(words) < 6:
        return not (len(words) >= 3 and sum(w in _FOREIGN for w in words) >= 2)
    english = sum(w in _ENGLISH for w in words)
    foreign = sum(w in _FOREIGN for w in words)
    return english >= max(2, 0.12 * len(words)) and english > foreign


# --- sentences -----------------------------------------------------------------------------

_SENT_END = re.compile(
    r"(?<=[.!?؟۔])[\"”’')\]»]*\s+(?=[\"“‘'(\[«]*[A-Z0-9\u0621-\u064a\u0660-\u0669\u06f0-\u06f9])"
)  # Arabic: ؟ and ۔ end a sentence, an Arabic letter or digit starts one
_ABBREV_END = re.compile(
    r"(?:\b(?:e\.g|i\.e|etc|inc|ltd|llc|co|corp|no|nos|vs|v|u\.s|u\.k|e\.u|st|mr|ms|mrs|dr|art|"
    r"sec|para|incl|approx|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)|\b[A-Z])\.$",
    re.I,
)


def sentences(text: str) -> list[str]:
    """The sentences of a plain text (abbreviations and initials do not end one)."""
    out: list[str] = []
    start = 0
    for m in _SENT_END.finditer(text):
        piece = text[start : m.start()].strip()
        if _ABBREV_END.search(piece) or len(piece) < 12:
            continue
        out.append(piece)
        start = m.end()
    tail = text[start:].strip()
    if tail:
        if out and len(tail) < 12:
            out[-1] = f"{out[-1]} {tail}"
        else:
            out.append(tail)
    return out


# --- quoting ---------------------------------------------------------------------------------

#: where a sentence may be cut: what follows only elaborates on what comes before
_CUTS = re.compile(
    r";\s|\s[–—]\s|:\s|\s\("
    r"|,?\s(?:such as|including(?: but not limited to)?|for example|for instance|e\.g\.|i\.e\.|"
    r"like)\s"
    r"|,\s(?:which|and|as well as|along with|in addition to)\s|,\sor\s(?!if|unless|when|where|only)"
)
#: words that open a subordinate clause: a cut right after it is no statement
_SUBORDINATE = re.compile(
    r"^(?:if|when|whenever|where|wherever|unless|while|although|though|because|since|as|once|"
    r"before|after|until|to the extent|in order|for example|for instance|subject to|except|"
    r"notwithstanding|in addition|additionally|however|for|by|with|without|in|on|at|"
    r"regardless|depending)\b",
    re.I,
)
#: a finite verb or an auxiliary: a statement has one
#: verbs a policy's subject does things with, in the third person ("Spotify collects")
_VERBS_S = (
    r"accesses|agrees|allows|applies|asks|assumes|becomes|begins|belongs|blocks|builds|"
    r"calls|cancels|changes|charges|checks|chooses|collects|combines|comes|complies|confirms|"
    r"contains|continues|controls|covers|creates|decides|deletes|describes|determines|"
    r"disables|disclaims|discloses|displays|ends|enables|ensures|estimates|excludes|expires|"
    r"explains|forbids|gets|gives|goes|governs|grants|handles|has|helps|holds|includes|"
    r"informs|keeps|learns|lets|limits|makes|manages|means|monitors|moves|needs|notifies|"
    r"obtains|offers|operates|owns|permits|places|plans|prevents|processes|prohibits|"
    r"protects|provides|publishes|reads|receives|refers|refuses|relies|remains|removes|"
    r"renews|replaces|reports|requests|requires|reserves|restricts|retains|reviews|runs|"
    r"says|sees|sells|sends|serves|sets|shares|shows|stops|stores|sues|supports|suspends|"
    r"takes|terminates|tracks|trains|transfers|treats|updates|uses|verifies|waives|wants|"
    r"warrants|works|detects|identifies|links|analyzes|analyses|infers|contacts|depends|"
    r"happens|occurs|prevails|survives|lasts|expires|stays|falls|seeks|tells|gives|asks"
)
#: … and in the plural: "Certain laws require", "Our partners collect"
_VERBS_PLURAL = "|".join(
    sorted(
        {
            re.sub(r"ies$", "y", v)
            if v.endswith("ies")
            else v[:-2]
            if re.search(r"(?:ss|sh|ch|x|z|o)es$", v)
            else v[:-1]
            for v in _VERBS_S.split("|")
            if v not in ("has", "is", "does")
        }
    )
)
_VERBISH = re.compile(
    r"(?i:\b(?:may|might|must|shall|should|will|would|can|cannot|could|is|are|was|were|been|"
    r"has|have|had|do|does|did|means|includes|applies)\b|\w(?:'|’)(?:re|ve|ll|d|m)\b"
    r"|n(?:'|’)t\b)"
    r"|\b(?:[Ww]e|[Yy]ou|[Tt]hey|I)\s+(?:\w+ly\s+)?[a-z]{2,}\b"
    r"|\b(?:[Ii]t|[Hh]e|[Ss]he|[A-Z][\w.&-]*)\s+(?:\w+ly\s+)?(?:" + _VERBS_S + r")\b"
    r"|\b[a-z]{3,}s\s+(?:\w+ly\s+)?(?:" + _VERBS_PLURAL + r")\b"
)
_OPEN_CLOSE = (("(", ")"), ("[", "]"), ("“", "”"))
#: table cells, line breaks and list items are separate statements
_PIECES = re.compile(r"<\s*br\s*/?\s*>|\n+|(?:^|\s)\|(?:\s|$)", re.I)
_LIST_MARK = re.compile(r"^\s*(?:[*+•-]|\d{1,3}[.)]|\(?[a-z]\))\s+", re.I)
#: a sentence that points elsewhere says nothing of its own
_POINTER = re.compile(
    r"^(?:learn more|find out more|read more|click here|see (?:our|the|section|below|above|here)|"
    r"visit|for more (?:information|details)|to learn more|please (?:see|refer|visit|read))\b",
    re.I,
)
#: a sentence about the editing of the document, not about what it says
_EDITORIAL = re.compile(
    r"^(?:no (?:other )?changes? (?:were|was|have been|has been) made"
    r"|we(?:'|’)?(?:ve| have)? (?:made (?:some |a few |several )?(?:changes|updates|edits)|"
    r"updated|changed|revised|clarified|added|removed|expanded|introduced)\b)",
    re.I,
)
#: a section that describes the changes made to the document ("Summary of changes")
META_SECTION = re.compile(
    r"\b(?:summary of (?:the )?(?:changes|updates|revisions)|"
    r"what(?:'|’)?s (?:new|changed|changing)|key (?:updates|changes)|recent (?:changes|updates)|"
    r"changes to (?:this|these|our) "
    r"(?:polic(?:y|ies)|terms|notice)|(?:policy|terms) updates?|update summary|changelog)\b",
    re.I,
)
#: a sentence that leans on the one before cannot be quoted alone ("This includes…",
#: "They may…"; "These Terms…" names what it means)
_ANAPHOR = re.compile(
    r"^(?:[Tt]h(?:is|ese|at|ose)\b(?!\s+[A-Z])|(?i:(?:it|they|such|also|otherwise|similarly|"
    r"however|as a result|to do (?:this|so|that)|(?:for example, )?as (?:described|mentioned|noted|"
    r"explained|set out|stated) (?:above|below|earlier)|in (?:this|that|such) "
    r"(?:case|event)|as (?:described|mentioned|noted|explained) (?:above|below))\b))"
)


def _balanced(text: str) -> bool:
    if text.count('"') % 2:
        return False
    return all(text.count(a) == text.count(b) for a, b in _OPEN_CLOSE)


def _statement(head: str, whole: bool = False) -> bool:
    """Whether ``head`` (the start of a sentence, or a ``whole`` one) reads as a complete
    statement."""
    words = _WORD.findall(head)
    if len(words) < 4 or (words[-1].lower() in FUNCTION_WORDS and not whole):
        return False
    if _SUBORDINATE.match(head) and "," not in head:
        return False
    return bool(_VERBISH.search(head)) and _balanced(head)


#: what a cut may not drop: a condition or a limit on what comes before it
_LIMITING = re.compile(
    r"\b(?:unless|only|except|excluding|provided (?:that|you)|subject to|to the extent|"
    r"as long as|so long as|if|with(?:out)? your (?:prior |express |explicit )?"
    r"(?:consent|permission|approval)|not)\b",
    re.I,
)


#: an example, up to the end of its clause: what it says limits nothing
_EXAMPLES = re.compile(r"\b(?:for example|for instance|e\.g\.|such as)\b[^;]*", re.I)


#: a cut that ends in a condition of a list of them ("…, when needed to comply with law")
_CONDITION_LAST = re.compile(
    r"(?:^|[,;:]\s*)(?:if|when|whenever|where|unless|while|although|because|since|once|"
    r"before|after|until)\b[^,;:]*$",
    re.I,
)


def _cut(sentence: str, limit: int) -> str | None:
    """The longest complete statement that opens ``sentence`` and fits, with "…".

    Never a cut that drops a condition or a limit ("unless you opt out", "only if",
    "except", "subject to"): the quote would say more than the policy does."""
    best = None
    for m in _CUTS.finditer(sentence):
        head = sentence[: m.start()].rstrip(" ,;:")
        if len(head) + 1 > limit:
            break
        if _LIMITING.search(_EXAMPLES.sub(" ", sentence[m.start() :])):
            break  # everything later would drop it too
        if _CONDITION_LAST.search(head):
            continue  # "In certain situations, such as when …, when needed by law": no main clause
        if _statement(head) and len(_WORD.findall(head)) >= 6:
            best = head
    return best + "…" if best else None


#: an opening phrase that adds to what a sentence says rather than limiting it: "In
#: addition to, and notwithstanding, any other rights we may have under these Terms, we
#: reserve the right to…"; a quote may leave it out, marked with "…"
_LEAD_IN = re.compile(
    r"^(?:(?:in addition to|notwithstanding|without limiting|without prejudice to)"
    r"(?:,? (?:and|or) (?:in addition to|notwithstanding|without limiting),?)?\s[^,;:()]{1,100}"
    r"|in addition|additionally|further(?:more)?|moreover|also|for the avoidance of doubt|"
    r"to be clear|for clarity|in particular|please note(?: that)?|note that|importantly),\s+"
    r"(?=(?:we|you|our|your|the|this|these|[A-Z][\w&.-]*)\b)",
    re.I,
)


#: "You agree that …": what follows is what the user agrees to, and reads alone
_AGREE_THAT = re.compile(
    r"^you (?:also |further |hereby |expressly )?(?:agree|acknowledge|understand|accept)"
    r"(?: and (?:agree|acknowledge|understand|accept))? that\s+(?=(?:we|our|the|this|these|"
    r"[A-Z][\w&.-]*)\b)",
    re.I,
)


def _without_lead_in(sentence: str) -> str | None:
    """``sentence`` without an opening phrase that only adds ("In addition, …",
    "Notwithstanding anything else, …", "You also agree that …"), starting with "…", or
    None."""
    m = _LEAD_IN.match(sentence) or _AGREE_THAT.match(sentence)
    if m is None:
        return None
    rest = sentence[m.end() :]
    if _SUBORDINATE.match(rest) or len(_WORD.findall(rest)) < 6:
        return None
    return "…" + rest


def _title_case(text: str) -> bool:
    words = [w for w in _WORD.findall(text) if w.lower() not in FUNCTION_WORDS or w[0].isupper()]
    caps = sum(w[0].isupper() for w in words)
    return 3 <= len(words) <= 10 and caps >= 0.75 * len(words)


def _clean_end(sentence: str) -> str:
    s = sentence.strip().strip(" ,;:")
    s = re.sub(r"(?<=[a-z])\.\d{1,3}\.(?:\s+\S{1,2})?$", ".", s)  # a footnote number glued on
    if s.endswith(".") and not s.endswith(("..", "etc.", "Inc.", "Ltd.", "Corp.", "Co.")):
        s = s[:-1]
    return s


def _saying(sents: list[str], prefer: str) -> list[str]:
    """The sentences that hold ``prefer`` (words of a flag's evidence), best first."""
    key = plain(prefer).lower()
    holding = [s for s in sents if key[:60] in s.lower() or key[-60:] in s.lower()]
    if holding:
        return holding
    want = set(content_words(key))
    if not want:
        return sents
    scored = [(len(want & set(content_words(s))) / len(want), k) for k, s in enumerate(sents)]
    return [sents[k] for share, k in sorted(scored, key=lambda t: (-t[0], t[1])) if share >= 0.3]


def quotable(text: str | None, limit: int = 90, *, prefer: str | None = None) -> str | None:
    """A whole sentence of ``text`` in at most ``limit`` characters, or None.

    The sentence holding ``prefer`` (a phrase, such as a flag's evidence) comes first,
    then the others in order.  A sentence too long for ``limit`` may be cut at a natural
    boundary when what precedes it is a complete statement; the cut is marked "…".  A
    text in another language is quoted only by a whole sentence (:func:`_quotable_other`):
    where it would have to be cut, the caller says something general instead.
    """
    flat = plain(text, drop_label=True) if text else ""
    if not text or not flat or _URL.fullmatch(flat):
        return None
    if not is_english(flat):
        return _quotable_other(text, limit, prefer)
    return _quotable_english(text, flat, limit, prefer)


def _quotable_english(text: str, flat: str, limit: int, prefer: str | None) -> str | None:
    label = _RUN_IN.match(text)
    sents = [
        s
        for piece in _PIECES.split(text)
        for s in sentences(plain(_LIST_MARK.sub("", piece), drop_label=True))
        if len(_WORD.findall(s)) >= 3
        and not (_ANAPHOR.match(s) or _POINTER.match(s) or _EDITORIAL.match(s))
    ]
    if prefer:  # the sentence that says it, never another one of the clause
        sents = _saying(sents, prefer)
    sents = sents[:3]
    if label is not None and flat != plain(text):
        sents.append(plain(label.group("label")))  # "**You will see ads:** …" says it too
    for s in sents:
        if s.rstrip(" *_").endswith(":"):
            continue  # it introduces a list: the statement is in the items
        s = _clean_end(s)
        if not s[:1].isupper() and not s[:1].isdigit() and s[:1] not in "“\"'(":
            continue  # a fragment of a list, not a sentence
        if s.endswith("?"):
            continue  # a question is a heading of a FAQ, not a statement
        if _title_case(s):
            continue  # a heading set in bold: "Direct Messages Are Private"
        if len(s) <= limit and _statement(s, whole=True):
            return s
        cut = _cut(s, limit)
        if cut:
            return cut
        short = _without_lead_in(s)
        if short is not None:
            if len(short) <= limit and _statement(short[1:], whole=True):
                return short
            cut = _cut(short, limit)
            if cut:
                return cut
    return None


#: a definition: "“User Content” means …", "**Content** (the “Content”) includes …"; a
#: term that is neither quoted nor bold is a definition only with "means" or "refers to"
_DEFINITION = re.compile(
    r"^[\s>•-]*(?:\(?[a-z0-9]{1,3}[.)]\s*)?(?P<open>[“\"'‘]?[*_]*)"
    r"(?P<term>[A-Z][\w’'&-]*(?: [\w’'&-]+){0,4}?)(?P<close>[*_]*[”\"'’]?)[*_]*"
    r"(?:\s*\([^()]{0,60}\))?,?\s+(?P<verb>means|shall mean|refers to|is defined as|includes?|"
    r"shall include)\b"
)
_NOT_A_TERM = frozenset("this that it which each the we you they our your these those".split())


def defined_term(text: str | None) -> str | None:
    """The term a clause defines ("User Content" for "“User Content” means …"), or None."""
    m = _DEFINITION.match(text or "")
    if not m or m.group("term").split()[0].lower() in _NOT_A_TERM:
        return None
    marked = m.group("open").strip() and m.group("close").strip()
    if not marked and m.group("verb").startswith(("include", "shall include")):
        return None
    return m.group("term")


#: how a question or the lead-in of a list ends (any language): no statement
_NOT_STATEMENT_END = ("?", "؟", ":")


#: a sentence that points elsewhere, in the other languages the analysis reads
_POINTER_OTHER = re.compile(
    r"\b(?:klicken Sie hier|hier klicken|klicke hier|erfahren Sie mehr|mehr erfahren|"
    r"weitere Informationen finden)\b|(?:انقر هنا|اضغط هنا|لمزيد من المعلومات)",
    re.I,
)


def _quotable_other(text: str, limit: int, prefer: str | None) -> str | None:
    """A whole sentence of a text that is not English, in at most ``limit`` characters.

    The English cuts and checks do not read other languages (German capitalises every
    noun, Arabic has no capitals), so only a whole sentence of five words or more is
    quoted: a complete statement in the policy's own words, never a piece of one."""
    sents = [
        _clean_end(s)
        for piece in _PIECES.split(text)
        for s in sentences(plain(_LIST_MARK.sub("", piece), drop_label=True))
    ]
    if prefer:  # the sentence that says it, never another one of the clause
        sents = _saying(sents, prefer)
    for s in sents[:3]:
        if len(_WORD.findall(s)) < 5 or len(s) > limit or not _balanced(s):
            continue
        if (
            s.rstrip(" *_").endswith(_NOT_STATEMENT_END)
            or _URL.search(s)
            or _POINTER_OTHER.search(s)
        ):
            continue
        latin = [w for w in _WORD.findall(s) if w[:1].isalpha() and w[:1].isascii()]
        if latin and sum(w[:1].islower() for w in latin) < 0.4 * len(latin):
            continue  # names, an address, a heading: no sentence
        first = s[:1]
        if first.isdigit() or first in "“\"'(«„" or (first.isalpha() and not first.islower()):
            return s
    return None


def title(text: str | None, limit: int = 60) -> str | None:
    """A heading's words, quotable as a name (any language), or None when too long."""
    if not text:
        return None
    t = plain(re.sub(r"^\s*#{1,6}\s+", "", text)).strip(" :.")
    t = re.sub(
        r"^(?:\d{1,3}(?:\.\d{1,3})*\.?|[a-z]\.|[A-Z]\.(?=\s)|[ivxIVX]{1,5}\.|\(\w{1,4}\))\s*(?=[^\W\d_])",
        "",
        t,
    )
    t = t.strip()
    if not t or len(t) > limit or not re.search(r"[^\W\d_]", t):
        return None
    return t


# --- changed phrases -------------------------------------------------------------------------


#: a list enumerator inside a sentence: "(ii)", "(b)", "3."
_ENUM = re.compile(r"^\(?(?:[ivx]{1,4}|[a-h]|\d{1,2})[.)]$")


def _left_context(before: str, max_words: int = 4, short: bool = True) -> str:
    """The end of ``before`` an edit needs to be read: back to a content word (and the small
    word in front of it: "your request"), never across the end of a sentence or into a
    link target."""
    words = list(re.finditer(r"\S+", before))
    start = len(before)
    taken = 0
    found = lone = False
    for m in reversed(words):
        w = m.group(0)
        if "](" in w or "http" in w or "/" in w or re.search(r"[.;:!?]$", w) or _ENUM.match(w):
            break
        core = w.strip("“”\"'()[],*_").lower()
        content = bool(core) and core not in FUNCTION_WORDS
        if found and (w.endswith(",") or (content and not (taken == 1 and lone))):
            break
        start = m.start()
        taken += 1
        if found or taken >= max_words:
            break
        found = content and (len(core) > 3 or core[0].isdigit())
        # a lower-case word alone may take the word before it, when the edit is short
        # itself: "arbitration agreement"
        lone = found and short and w[:1].islower()
    return before[start:]


def _right_context(after: str, glued: bool = False, max_words: int = 3) -> str:
    """The start of ``after`` an edit needs: up to a content word or a punctuation mark.
    ``glued``: the edit ended inside a word, whose rest ``after`` starts with."""
    if glued and after[:1].isalnum():  # keep the word whole
        m = re.match(r"\S+", after)
        assert m is not None
        return after[: m.end()]
    end = 0
    taken = 0
    for m in re.finditer(r"\S+", after):
        w = m.group(0)
        if "](" in w or "http" in w or "/" in w or _ENUM.match(w):
            break
        end = m.end()
        taken += 1
        core = w.strip("“”\"'()[],.;:*_").lower()
        if (
            re.search(r"[.;:!?,)]$", w)
            or (core and core not in FUNCTION_WORDS)
            or taken >= max_words
        ):
            break
    return after[:end]


def _hunks(ops: Sequence[tuple[str, str]]) -> list[tuple[int, int]]:
    """Runs of edits (start, end index into ``ops``), a run bridging blanks between edits."""
    out: list[tuple[int, int]] = []
    k = 0
    while k < len(ops):
        if ops[k][0] == "equal":
            k += 1
            continue
        start = k
        while k < len(ops) and (
            ops[k][0] != "equal"
            or (not re.search(r"\w", ops[k][1]) and k + 1 < len(ops) and ops[k + 1][0] != "equal")
        ):
            k += 1
        out.append((start, k))
    return out


def _side(ops: Sequence[tuple[str, str]], start: int, end: int, keep: str) -> str:
    return "".join(t for op, t in ops[start:end] if op in ("equal", keep))


def _whole_sentences(removed: str, added: str) -> tuple[str, str] | None:
    """A long edit that only adds (or only removes) whole sentences, as ("", added) or
    (removed, ""): the sentences to quote, for the caller to cut to its room."""
    for text, other in ((added, removed), (removed, added)):
        if re.search(r"\w", plain(other)):
            continue
        flat = plain(_LIST_MARK.sub("", text.strip().strip("*").strip()))
        first = _clean_end(sentences(flat)[0]) if flat else ""
        if first[:1].isupper() and len(first.split()) >= 5 and _statement(first):
            return ("", first[:400]) if text is added else (first[:400], "")
    return None


#: a sentence end inside an edit ("… outside the U.S. How long"), abbreviations included
_ACROSS = re.compile(r"[.!?]\s+[A-Z]")


def changed_phrase(ops: Sequence[tuple[str, str]], limit: int = 48) -> tuple[str, str] | None:
    """The most telling edit of a reworded clause as (old phrase, new phrase), in context.

    The edit that changes the most content words wins; a few words on each side (up to
    the nearest content word, never across a sentence end) make it readable:
    ("induce or facilitate", "induce or knowingly facilitate").  None when the edit is
    longer than ``limit`` characters or there is none.
    """
    from diffs.cosmetic import loose_key

    best: tuple[int, int, int] | None = None
    for start, end in _hunks(ops):
        removed = _side(ops, start, end, "delete")
        added = _side(ops, start, end, "insert")
        meant = set(_meant_words(removed)) ^ set(_meant_words(added))
        score = len(meant) * 10 + len(_WORD.findall(removed + " " + added))
        if loose_key(removed).replace(" ", "") == loose_key(added).replace(" ", ""):
            score -= 1000  # quotes, dashes, spacing, case: said only when nothing else changed
        if best is None or score > best[0]:
            best = (score, start, end)
    if best is None:
        return None
    _, start, end = best
    before = "".join(t for _, t in ops[max(0, start - 1) : start] if ops[start - 1][0] == "equal")
    after = ops[end][1] if end < len(ops) and ops[end][0] == "equal" else ""
    removed = _side(ops, start, end, "delete")
    added = _side(ops, start, end, "insert")
    if len(plain(removed)) > limit or len(plain(added)) > limit:
        return _whole_sentences(removed, added)
    edited = removed or added
    glued = bool(re.search(r"\w$", removed) or re.search(r"\w$", added)) and bool(edited)
    short = len(_WORD.findall(removed)) <= 3 and len(_WORD.findall(added)) <= 3
    left, right = _left_context(before, short=short), _right_context(after, glued)
    old = plain(left + removed + right).replace("[", "").replace("]", "").strip(" ,;:.")
    new = plain(left + added + right).replace("[", "").replace("]", "").strip(" ,;:.")
    if not old or not new or _ACROSS.search(old) or _ACROSS.search(new):
        # nothing around the edit to read it by, or a phrase across a sentence end
        return _whole_sentences(removed, added)
    if old == new or len(old) > limit + 25 or len(new) > limit + 25:
        return None
    return old, new
