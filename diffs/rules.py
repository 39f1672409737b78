# ruff: noqa: E501  (regular expressions read better unbroken)
"""Hand-written clause rules: the explainable core of the flagger.

Rules match the *normalised* clause (see :func:`diffs.flagger.normalize`): lower case,
straight quotes, single spaces, tokenised punctuation re-joined, Markdown stripped.
A rule is "strong" when a hit is enough to flag on its own; "weak" rules only feed
the statistical model as features (and raise confidence when the model agrees).

Pattern shorthands, expanded before compiling:

- ``<NOT>``   not / n't / never
- ``<W3>``    up to three words (``(?:\\S+ ){0,3}?``), likewise any other number
- ``<G80>``   up to 80 characters inside the sentence, likewise other numbers
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = [
    "DETAIL_RULES",
    "GERMAN_CATEGORIES",
    "REQUIRES",
    "RESTRICT",
    "RESTRICT_DE",
    "RESTRICT_EXTRA",
    "RULES",
    "Rule",
    "VETOES",
    "detail_rule_hits",
    "rule_hits",
]


def _expand(p: str) -> str:
    p = p.replace("<NOT>", r"(?:not|n't|never)")
    p = re.sub(r"<W(\d+)>", lambda m: r"(?:\S+ ){0," + m.group(1) + "}?", p)
    p = re.sub(r"<G(\d+)>", lambda m: r"[^;]{0," + m.group(1) + "}?", p)
    return p


@dataclass(frozen=True)
class Rule:
    category: str
    name: str
    pattern: re.Pattern[str]
    strong: bool = True
    keywords: tuple[str, ...] = ()  # cheap prefilter: one of these must be a substring
    require: re.Pattern[str] | None = None  # must also match somewhere in the clause
    unless: re.Pattern[str] | None = None  # vetoes the hit when it matches the clause
    weight: float = 0.9  # confidence of a strong hit on its own
    always: bool = False  # flags even when the model disagrees


def _r(
    category: str,
    name: str,
    pattern: str,
    *,
    strong: bool = True,
    kw: str | tuple[str, ...] = (),
    require: str | None = None,
    unless: str | None = None,
    weight: float = 0.9,
    always: bool = False,
) -> Rule:
    return Rule(
        category,
        name,
        re.compile(_expand(pattern)),
        strong,
        (kw,) if isinstance(kw, str) else kw,
        re.compile(_expand(require)) if require else None,
        re.compile(_expand(unless)) if unless else None,
        weight,
        always,
    )


_MAY = r"(?<!you )(?<!users )\b(?:may|can|will|shall|might|could|reserves? the right to|has the right to|have the right to|is entitled to|are entitled to)"
_DISCRETION = r"\b(?:at any time|any reason|without (?:prior |advance |any )?(?:notice|liability|cause|reason)|(?:sole|absolute|own) discretion|for any or no reason|at (?:our|its) discretion)"
_AI = r"(?:machine[- ]learning|artificial[- ]intelligence|ai|a\.i\.|ml|generative|llms?|large language|neural|foundation models?|language models?)"

# the user's own right to end the contract, which is no unilateral termination
_USER_ENDS = r"\byou (?:may|can|have (?:a|the) right to) (?:\S+ ){0,3}?(?:terminate|cancel|close|delete|deactivate)"

RULES: list[Rule] = [
    # --- arbitration ---------------------------------------------------------
    _r(
        "arbitration",
        "binding_arbitration",
        r"\bbinding,? <W3>arbitration",
        kw="arbitra",
    ),
    _r(
        "arbitration",
        "resolved_by_arbitration",
        r"\b(?:resolved|settled|determined|decided|submitted|referred|submit|resolve|settle)"
        r" <W5>(?:by|through|to|in|via) <W4>arbitration\b",
        kw="arbitra",
    ),
    _r(
        "arbitration",
        "agree_to_arbitrate",
        r"\bagree(?:s|d)? to <W4>(?:arbitrate|arbitration)\b",
        kw="arbitra",
    ),
    # a plain agreement to arbitrate every dispute flags whatever the model says; the
    # broader patterns above also match procedural sentences (where the arbitration
    # takes place, who pays) that CLAUDETTE's annotators leave untagged, so there the
    # model and the rules it learnt to trust decide
    _r(
        "arbitration",
        "agree_to_arbitrate_disputes",
        r"\bagree(?:s|d)? to <W2>arbitrat(?:e|ion of) (?:any|all|every|each)\b <W4>"
        r"(?:disputes?|claims?|controvers(?:y|ies))\b",
        kw="arbitra",
        always=True,
    ),
    _r(
        "arbitration",
        "exclusive_means",
        r"\bexclusive (?:means|method|forum|remedy)<G80>arbitrat",
        kw="arbitra",
    ),
    _r(
        "arbitration",
        "arbitrator_authority",
        r"\barbitrator\S* <W3>(?:exclusive|sole) (?:authority|power)",
        kw="arbitrat",
    ),
    _r(
        "arbitration",
        "arbitration_clause",
        r"\barbitration (?:agreement|clause|provision|notice)",
        strong=False,
        kw="arbitra",
    ),
    _r("arbitration", "faa", r"\bfederal arbitration act\b", strong=False, kw="arbitra"),
    _r(
        "arbitration",
        "arbitral_body",
        r"\b(?:american arbitration association|aaa|jams|icc|lcia)\b<G60>\brules\b",
        strong=False,
        kw=("aaa", "jams", "icc", "lcia", "arbitra"),
    ),
    _r(
        "arbitration",
        "arbitration_location",
        r"\barbitration <W4>(?:will|shall|must|may) <W3>(?:take place|be conducted|be held|occur)\b",
        strong=False,
        kw="arbitra",
    ),
    _r("arbitration", "arbitration_word", r"\barbitrat", strong=False, kw="arbitra"),
    # --- unilateral change -----------------------------------------------------
    _r(
        "unilateral_change",
        "reserve_right_to_change",
        r"\b(?:reserves?|retains?) the right,?(?: [^,]{0,40},)?(?: at any time,?)? to <W2>"
        r"(?:change|modify|amend|update|revise|alter|vary|adjust|replace|add|supplement)\b",
        kw="right",
    ),
    _r(
        "unilateral_change",
        "may_change_terms",
        _MAY + r" <W3>(?:change|modify|amend|update|revise|alter|vary|supplement)\w* <W4>"
        r"(?:terms|agreement|polic(?:y|ies)|conditions|tos|eula|guidelines|rules|prices?|pricing|fees?|charges|rates)\b",
        kw=("chang", "modif", "amend", "updat", "revis", "alter", "var", "supplement"),
    ),
    _r(
        "unilateral_change",
        "terms_may_be_changed",
        r"\b(?:terms|agreement|polic(?:y|ies)|conditions|prices?|fees?)\b <W5>(?:may|can|will|shall|might) "
        r"(?:\S+ )?(?:be )?(?:changed|modified|amended|updated|revised|altered|varied)",
        kw=("changed", "modified", "amended", "updated", "revised", "altered", "varied"),
    ),
    _r(
        "unilateral_change",
        "changes_effective",
        r"\b(?:changes?|modifications?|amendments?|revisions?|updates?)\b <W6>"
        r"(?:effective|take effect|apply|in force)\b <W3>(?:immediately|upon|when|as soon|on (?:the )?post)",
        kw=("effect", "apply", "force"),
    ),
    _r(
        "unilateral_change",
        "continued_use_after_changes",
        r"\bcontinu\w* <W3>(?:use|access)\w*\b<G100>\b(?:changes?|modifications?|amend\w*|revis\w*|updated?)\b",
        strong=False,
        kw="continu",
    ),
    _r(
        "unilateral_change",
        "from_time_to_time",
        r"\bfrom time to time\b",
        strong=False,
        kw="time to time",
    ),
    _r(
        "unilateral_change",
        "change_services",
        _MAY
        + r" <W3>(?:change|modify|update|alter|add|remove)\w* <W4>(?:services?|features?|functionality|content|products?|offerings?)\b",
        strong=False,
        kw=("chang", "modif", "updat", "alter", "add", "remov"),
    ),
    # --- content removal ---------------------------------------------------------
    _r(
        "content_removal",
        "may_remove_content",
        r"\b(?:remove|delete|disable|take down|block|edit|modify|refuse|reject|screen|filter|withhold|hide)\w*"
        r"(?: or \w+)?,? <W6>(?:content|materials?|posts?|submissions?|uploads?|messages?|videos?|photos?|"
        r"images?|comments?|listings?|reviews?|tweets?|information you (?:post|submit|upload))\b",
        require=r"\b(?:may|can|reserves?|right|discretion|at any time|without (?:prior )?notice|for any reason)\b",
        unless=r"\byou (?:may|can) (?:\S+ ){0,3}?(?:remove|delete|edit)",
        kw=(
            "remov",
            "delet",
            "disabl",
            "take down",
            "block",
            "edit",
            "modif",
            "refus",
            "reject",
            "screen",
            "filter",
            "withhold",
            "hid",
        ),
    ),
    _r(
        "content_removal",
        "content_may_be_removed",
        r"\b(?:content|materials?|posts?|submissions?)\b <W6>(?:may|can|will) (?:\S+ )?be (?:removed|deleted|disabled|blocked|taken down|edited)",
        kw=("removed", "deleted", "disabled", "blocked", "taken down", "edited"),
    ),
    _r(
        "content_removal",
        "no_obligation_to_host",
        r"\b(?:no|not|n't) <W3>(?:obligation|obligated|required) to <W3>(?:store|host|keep|maintain|display|post|monitor|review)",
        strong=False,
    ),
    # --- jurisdiction ------------------------------------------------------------
    _r(
        "jurisdiction",
        "exclusive_jurisdiction",
        r"\b(?:exclusive|sole|personal) (?:and \w+ )?jurisdiction\b",
        kw="jurisdiction",
    ),
    _r(
        "jurisdiction",
        "submit_to_jurisdiction",
        r"\b(?:submit|consent|agree)\w* <W3>to <W3>jurisdiction\b",
        kw="jurisdiction",
    ),
    _r(
        "jurisdiction",
        "brought_in_courts",
        r"\b(?:brought|filed|commenced|litigated|resolved|heard|adjudicated|decided|instituted|tried|exclusively|solely|only)"
        r" <W4>(?:in|before|by) <W6>(?:courts?|tribunals?)\b",
        kw="court",
        unless=r"small claims|\bcourt of competent jurisdiction\b(?!<G40>located)",
    ),
    _r(
        "jurisdiction",
        "courts_have_jurisdiction",
        r"\bcourts?\b<G80>\bhave <W2>jurisdiction\b",
        kw="jurisdiction",
    ),
    _r("jurisdiction", "venue", r"\b(?:exclusive |proper |sole )?venue\b", kw="venue"),
    _r(
        "jurisdiction",
        "inconvenient_forum",
        r"\b(?:inconvenient forum|forum non conveniens|objection to venue)",
        kw=("forum", "venue"),
    ),
    _r(
        "jurisdiction",
        "venue_clauses",
        r"\b(?:law|jurisdiction|venue|forum)(?:,? (?:or|and) (?:law|jurisdiction|venue|forum))+ (?:clauses?|provisions?)\b",
        kw=("venue", "forum"),
        always=True,
        weight=0.7,
    ),
    _r(
        "jurisdiction",
        "may_sue_in_any_court",
        r"\b(?:may|can|reserves? the right to) (?:\S+ ){0,2}?(?:bring|commence|file|initiate)\b<G80>\bin (?:any|a) (?:\S+ )?courts?\b",
        kw="court",
        always=True,
        weight=0.8,
    ),
    _r("jurisdiction", "jurisdiction_word", r"\bjurisdiction\b", strong=False, kw="jurisdiction"),
    _r(
        "jurisdiction",
        "courts_of",
        r"\bcourts? (?:located |situated |sitting )?(?:of|in) ",
        strong=False,
        kw="court",
    ),
    # --- choice of law ----------------------------------------------------------
    _r(
        "choice_of_law",
        "governed_by_law",
        r"\bgoverned <W8>by <W7>laws?\b",
        kw="govern",
    ),
    _r(
        "choice_of_law",
        "laws_of_state",
        r"\blaws? of the (?:state|commonwealth|province) of\b",
        kw="law",
    ),
    _r(
        "choice_of_law",
        "law_governs",
        r"\blaws?\b <W6>(?:will|shall|to|which|that) (?:\S+ )?(?:govern|apply)\b",
        kw="law",
    ),
    _r("choice_of_law", "conflict_of_laws", r"\b(?:conflicts?|choice) of laws?\b", kw="law"),
    _r("choice_of_law", "governing_law", r"\bgoverning law\b", strong=False, kw="law"),
    _r("choice_of_law", "laws_of", r"\blaws? of\b", strong=False, kw="law"),
    # --- limitation of liability ---------------------------------------------------
    _r(
        "limitation_of_liability",
        "not_liable",
        r"\b(?:not|no|n't|never|nor)\b <W4>(?:be )?(?:held )?(?:liable|responsible|accountable)\b",
        kw=("liab", "respons", "accountab"),
        unless=r"\byou (?:will|shall|are|agree|acknowledge) <W3>(?:be )?(?:solely )?(?:responsible|liable)",
    ),
    _r(
        "limitation_of_liability",
        "disclaims",
        r"\b(?:disclaim|exclude|waive)\w* <W4>(?:warrant|liabilit|responsibilit|representation|guarantee)",
        kw=("warrant", "liab", "respons", "represent", "guarant"),
    ),
    _r("limitation_of_liability", "as_is", r"\bas (?:is|available)\b", kw="as "),
    _r(
        "limitation_of_liability",
        "total_liability",
        r"\b(?:total|aggregate|maximum|entire|cumulative|sole) <W3>liabilit",
        kw="liab",
    ),
    _r(
        "limitation_of_liability",
        "damages_types",
        r"\b(?:indirect|incidental|consequential|special|punitive|exemplary)\b<G80>\b(?:damages?|loss(?:es)?)\b",
        kw=("damage", "loss"),
    ),
    _r(
        "limitation_of_liability",
        "own_risk",
        r"\b(?:at|is at|are at) (?:your|the user's) (?:own |sole )+risk",
        kw="risk",
    ),
    _r(
        "limitation_of_liability",
        "liability_limited",
        r"\bliabilit\w* <W4>(?:is |are |will be |shall be )?(?:limited|capped|shall not exceed|will not exceed|not exceed)",
        kw="liab",
    ),
    _r(
        "limitation_of_liability",
        "no_warranty",
        r"\b(?:no|without|not|n't) <W3>(?:warrant\w*|guarantee\w*|representations?)\b",
        kw=("warrant", "guarant", "represent"),
    ),
    _r(
        "limitation_of_liability",
        "does_not_guarantee",
        r"\b(?:do|does|will|can|cannot|shall)(?: not|n't|not)? <W2>(?:guarantee|warrant|endorse|assume|ensure|represent)\w*\b",
        strong=False,
        kw=("guarant", "warrant", "endorse", "assume", "ensure", "represent"),
    ),
    _r(
        "limitation_of_liability",
        "liability_word",
        r"\b(?:liab\w*|damages|loss(?:es)?|responsib\w*|indemnif\w*)\b",
        strong=False,
        kw=("liab", "damage", "loss", "respons", "indemn"),
    ),
    # --- unilateral termination ---------------------------------------------------------
    _r(
        "unilateral_termination",
        "may_terminate",
        _MAY
        + r" <W4>(?:terminate|suspend|deactivate|disable|cancel|close|block|restrict|discontinue|delete|ban|revoke|limit|deny|refuse)\w*"
        r"(?:,? (?:or|and|and/or) \w+)* <W6>(?:accounts?|access|membership|subscription|use|licen[cs]e|agreement|terms|services?|registration|profile|participation|right)\b",
        kw=(
            "terminat",
            "suspend",
            "deactivat",
            "disabl",
            "cancel",
            "clos",
            "block",
            "restrict",
            "discontinu",
            "delet",
            "ban",
            "revok",
            "limit",
            "deny",
            "refus",
        ),
    ),
    _r(
        "unilateral_termination",
        "terminate_any_time",
        r"\b(?:terminat|suspen|deactivat|disabl|cancel|discontinu|clos)\w*\b<G100>" + _DISCRETION,
        unless=_USER_ENDS,
        kw=("terminat", "suspen", "deactivat", "disabl", "cancel", "discontinu", "clos"),
    ),
    _r(
        "unilateral_termination",
        "account_may_be_terminated",
        r"\b(?:accounts?|access|membership|subscription|licen[cs]e|agreement|services?)\b <W6>(?:may|can|will|shall) (?:\S+ )?be "
        r"(?:\S+ )?(?:terminated|suspended|deleted|disabled|closed|cancell?ed|revoked|restricted|discontinued)",
        kw=(
            "terminated",
            "suspended",
            "deleted",
            "disabled",
            "closed",
            "cancel",
            "revoked",
            "restricted",
            "discontinued",
        ),
    ),
    _r(
        "unilateral_termination",
        "termination_word",
        r"\b(?:terminat|suspen|deactivat)\w*",
        strong=False,
        # the user's own right to leave is not the platform's power to end the contract
        unless=_USER_ENDS + r"(?!<G200>\b(?:we|us)\b)",
        kw=("terminat", "suspen", "deactivat"),
    ),
    # --- contract by using -----------------------------------------------------------------
    _r(
        "contract_by_using",
        "by_using_you_agree",
        r"\bby <W3>(?:using|accessing|visiting|downloading|installing|registering|browsing|continuing|signing|creating|"
        r"clicking|playing|submitting|participating|purchasing|opening|logging|joining|subscribing)\b<G160>\b"
        r"(?:you|user|users)\b <W4>(?:agree|accept|acknowledge|consent|confirm|represent|are bound|will be bound|become bound)",
        kw="by ",
    ),
    _r(
        "contract_by_using",
        "use_constitutes_acceptance",
        r"\b(?:use|access|usage|using|accessing)\b <W8>(?:constitutes?|signif\w+|indicates?|means|represents?|confirms?|shows?|is deemed|deemed|evidences?)"
        r" <W4>(?:acceptance|agreement|consent|assent|accept|agree)",
        kw=(
            "constitut",
            "signif",
            "indicat",
            "means",
            "represent",
            "confirm",
            "show",
            "deemed",
            "evidenc",
        ),
    ),
    _r(
        "contract_by_using",
        "continued_use_is_acceptance",
        r"\bcontinu\w* <W3>(?:to )?(?:use|access)\w*\b<G120>\b(?:constitutes?|signif\w+|means|indicates?|deemed|considered|will be bound|acceptance|accept|agree)",
        kw="continu",
    ),
    _r(
        "contract_by_using",
        "if_you_do_not_agree",
        r"\bif you do <NOT> agree\b<G100>\b(?:do not|don't|not|must not|may not|should not|cannot|stop|cease|discontinue|refrain)\b <W3>(?:use|using|access|accessing)",
        strong=False,
        kw="agree",
    ),
    _r(
        "contract_by_using",
        "bound_by",
        r"\b(?:agree|consent)\w* to (?:be )?bound by\b",
        strong=False,
        kw="bound",
    ),
    # --- AI training (this project) -------------------------------------------------------
    _r(
        "ai_training",
        "train_ai",
        r"\b(?:train|trains|trained|training|fine[- ]?tun\w*|pre[- ]?train\w*)\b<G80>\b"
        + _AI
        + r"\b",
        kw=("train", "tun"),
    ),
    _r(
        "ai_training",
        "ai_models_trained",
        r"\b" + _AI + r" <W2>models?\b<G60>\b(?:train|trains|trained|training|fine[- ]?tun\w*)\b",
        kw=("train", "tun"),
    ),
    _r(
        "ai_training",
        "develop_ai_models",
        r"\b(?:develop\w*|build\w*|improv\w*|creat\w*|enhanc\w*)\b(?: and \w+)? (?:our |their |its |new |the )?(?:\S+ ){0,2}?"
        + _AI
        + r" <W2>(?:models?|systems?)\b",
        kw=("model", "system"),
    ),
    _r(
        "ai_training",
        "text_and_data_mining",
        r"\btext and data mining\b",
        strong=False,
        kw="mining",
    ),
    # --- liquidated damages ---------------------------------------------------------------
    _r("liquidated_damages", "liquidated_damages", r"\bliquidated damages\b", kw="liquidated"),
    _r(
        "liquidated_damages",
        "penalty_amount",
        r"\b(?:penalt(?:y|ies)|fines?|damages) (?:of|in the amount of|equal to|amounting to) <W2>(?:[$€£¥]|us\$|usd|eur|gbp)? ?\d",
        kw=("penalt", "fine", "damages"),
    ),
    _r(
        "liquidated_damages",
        "pay_per_violation",
        r"\b(?:pay|owe|liable|charged?)\b<G80>(?:[$€£¥]|usd |eur |gbp )\s?\d<G60>\b(?:per|for each|for every|each)\b <W3>"
        r"(?:violation|breach|infringement|instance|occurrence|offen[cs]e|posts?|requests?|day)",
        kw=("pay", "owe", "liable", "charge"),
    ),
    _r(
        "liquidated_damages",
        "reasonable_estimate",
        r"\b(?:reasonable|fair|good faith) (?:pre-)?estimate of\b<G40>\bdamages|\bnot (?:a|an) (?:penalty|unenforceable penalty)\b",
        kw=("estimate", "penalty"),
    ),
    # --- class action waiver ------------------------------------------------------------------
    _r(
        "class_action_waiver",
        "class_action",
        r"\b(?:class[- ]action|class (?:or \w+ )?(?:arbitration|proceeding|member|basis|claims?|wide|suit|representative)|"
        r"representative (?:or class )?(?:action|proceeding|capacity|basis|claims?|suit)|collective (?:action|arbitration|proceeding)|"
        r"private attorney[- ]general|consolidated (?:or class )?(?:action|arbitration|proceeding))",
        kw=("class", "representative", "collective", "attorney", "consolidat"),
        require=r"\b(?:waiv\w*|not|no|n't|only|individual\w*|cannot|prohibit\w*|bar\w*|exclud\w*|neither|nor|solely)\b",
    ),
    _r(
        "class_action_waiver",
        "individual_basis",
        r"\b(?:only|solely|exclusively) (?:on an? |in (?:your|their|its|each party's) )?individual (?:basis|capacity)|\bindividual (?:basis|capacity) (?:only|and not)",
        kw="individual",
    ),
    # --- content licence ------------------------------------------------------------------------
    _r(
        "content_licence",
        "broad_licence",
        r"\b(?:grant|give|provide|license|licence|confer)\w*\b<G200>\blicen[cs]e\b|\blicen[cs]e\b<G40>\bto (?:use|copy|reproduce|modify|distribute|publish)",
        kw=("licen",),
        require=r"(?:\b(?:worldwide|world-wide|royalty[- ]free|sub-?licens\w+|right to sublicense|perpetual|irrevocable|transferable|fully[- ]paid|unrestricted)\b<G200>){2}",
        unless=r"\b(?:we|x|company|it|[a-z]+ inc\.?) (?:hereby )?(?:give|grant|provide)s? you\b|\bgrants? you\b|\blicen[cs]e to use the (?:software|app|application|services?)\b",
    ),
    _r(
        "content_licence",
        "you_grant_us",
        r"\byou (?:hereby )?(?:grant|give|provide)\w* <W4>(?:us|[a-z]+)\b <W8>(?:licen[cs]e|right)",
        kw=("grant", "give", "provide"),
        require=r"\bcontent|submi|post|upload|material",
        weight=0.8,
    ),
    # --- data sharing ------------------------------------------------------------------------------
    _r(
        "data_sharing",
        "share_with_third_parties",
        r"\b(?:share|shares|shared|sharing|disclose\w*|sell|sells|sold|selling|rent|rents|transfer\w*|provide|make \S+ available|trade)\b<G120>\b"
        r"(?:third[- ]part(?:y|ies)|affiliates?|partners?|advertisers?|service providers|other companies|data brokers|law enforcement|"
        r"corporate family|related companies|subsidiaries|vendors)\b",
        require=r"\b(?:personal (?:data|information)|your (?:data|information|details)|information (?:about you|we (?:collect|receive))|data we collect|information)\b",
        kw=(
            "third",
            "affiliat",
            "partner",
            "advertis",
            "provider",
            "compan",
            "broker",
            "enforcement",
            "corporate",
            "subsidiar",
            "vendor",
        ),
    ),
    _r(
        "data_sharing",
        "third_parties_receive",
        r"\b(?:third[- ]part(?:y|ies)|affiliates?|partners?|advertisers?)\b <W4>(?:may )?(?:receive|access|collect|obtain|use)\w* <W4>(?:personal )?(?:data|information)\b",
        kw=("third", "affiliat", "partner", "advertis"),
    ),
    _r(
        "data_sharing",
        "sell_data",
        r"\b(?:sell|sale of|rent|monetiz\w*) <W3>(?:personal )?(?:data|information)\b",
        kw=("sell", "sale", "rent", "monetiz"),
    ),
    # --- biometric data ------------------------------------------------------------------------------
    _r(
        "biometric_data",
        "biometric",
        r"\bbiometric\w*|\bface ?prints?\b|\bfacial (?:recognition|geometry|scans?|scanning|templates?|features|analysis|images?|age estimation)|"
        r"\bfingerprints?\b|\bvoice ?prints?\b|\bretina\w*|\biris scans?\b|\bhand geometry\b|\bface scans?\b",
        kw=("biometric", "face", "facial", "finger", "voice", "retina", "iris", "hand geometry"),
    ),
    # --- scraping ban ---------------------------------------------------------------------------------
    _r(
        "scraping_ban",
        "no_scraping",
        r"\b(?:scrap\w*|crawl\w*|spiders?|robots?|bots?|automated (?:means|systems?|scripts?|tools?|access|queries|software|process\w*|methods?|devices?)|"
        r"data mining|harvest\w*|screen[- ]scrap\w*)\b",
        kw=("scrap", "crawl", "spider", "robot", "bot", "automated", "mining", "harvest"),
        require=r"\b(?:not|n't|no|prohibit\w*|forbid\w*|without <W3>(?:consent|permission|authori[sz]ation)|agree not|may not|must not|cannot|refrain|restrict\w*|unless)\b",
        unless=r"\brobots\.txt\b(?!<G60>prohibit)",
    ),
    # --- jury waiver -------------------------------------------------------------------------------------
    _r(
        "jury_waiver",
        "jury_waiver",
        r"\bwaiv\w* <W10>(?:jury|trial by jury)|\bjury trial waiver|\bno jury\b|\bjury (?:trial )?(?:is |are )?waived|\bwithout a jury\b|\bjury trial\b<G60>\bwaive",
        kw="jury",
    ),
    # --- minimum age -----------------------------------------------------------------------------------
    _r(
        "minimum_age",
        "minimum_age",
        r"\b(?:must|have to|need to|required to|should) be (?:at least|over|older than)\b <W4>\d|\bminimum age\b|"
        r"\bage (?:verification|assurance|estimation|check)|\b(?:under|younger than|below) (?:the age of )?(?:\d{1,2}|thirteen|sixteen|eighteen)\b<G80>\b(?:may not|must not|cannot|not permitted|not allowed|prohibited|not eligible)",
        kw=(
            "must",
            "have to",
            "need to",
            "required",
            "should",
            "minimum",
            "age",
            "under",
            "younger",
            "below",
        ),
    ),
]

# Clauses that protect the user rather than grant the company something: if one of these
# matches near the evidence, the flag's polarity is "restricts".
_NEG_USE = (
    r"\b(?:do|does|will|shall|would|did|is|are|be|can|may|must)\s?<NOT> <W3>"
    r"(?:use[ds]?|using|train\w*|sell|sold|share[ds]?|sharing|allow|permit|license|provide|make|rent|disclose|transfer|collect|retain|store|process|receive|possess|have access)\b"
    r"|\bnever <W2>(?:use|train|sell|share|rent|disclose|collect|store|retain)"
    r"|\bwithout (?:your|the user's) <W2>(?:consent|permission|authori[sz]ation|approval)"
    r"|\b(?:prohibit\w*|not permitted|forbid\w*)\b"
    r"|\bno (?:\S+ )?(?:ai|model|machine learning) training\b"
)
RESTRICT: dict[str, re.Pattern[str]] = {
    "ai_training": re.compile(_expand(_NEG_USE)),
    "data_sharing": re.compile(_expand(_NEG_USE)),
    "biometric_data": re.compile(_expand(_NEG_USE)),
    "content_licence": re.compile(
        _expand(r"\b(?:do|does|will)\s?<NOT> <W3>(?:claim|take|own|obtain|acquire|license|sell)\b")
    ),
    "limitation_of_liability": re.compile(
        _expand(
            r"\bnothing (?:in|contained in) <W6>(?:limit|exclude|affect|restrict|prevent)\w*"
            r"|\b(?:do|does|shall|will|are|is)\s?<NOT> <W3>(?:purport to )?(?:limit|exclude|affect|restrict)\w* <W6>(?:liabilit|rights)"
            r"|\b(?:we|company) (?:are|is|will be|shall be|remain) (?:\S+ )?(?:liable|responsible) for (?:\S+ ){0,6}?(?:negligence|death|personal injury|fraud|gross)"
        )
    ),
    "arbitration": re.compile(
        _expand(
            r"\barbitration <W3>(?:does|will|shall|may)\s?<NOT> apply\b|\bnot (?:be )?(?:required|obligated) to arbitrate"
        )
    ),
    "class_action_waiver": re.compile(
        _expand(r"\bclass action waiver <W3>(?:does|will|shall)\s?<NOT> apply")
    ),
}


_ALL_KEYWORDS: tuple[str, ...] = tuple(sorted({k for r in RULES for k in r.keywords}))


def rule_hits(norm: str) -> list[tuple[Rule, re.Match[str]]]:
    """All rules that fire on the normalised text, with their first match."""
    present = {k for k in _ALL_KEYWORDS if k in norm}
    out = []
    for rule in RULES:
        if rule.keywords and present.isdisjoint(rule.keywords):
            continue
        m = rule.pattern.search(norm)
        if m is None:
            continue
        if rule.require is not None and not rule.require.search(norm):
            continue
        if rule.unless is not None and rule.unless.search(norm):
            continue
        out.append((rule, m))
    return out


# --- detail rules: categories the model never sees ---------------------------------------
#
# The rules above are also the statistical model's inputs (``R:<name>`` features), so the
# shipped model was trained with exactly them: changing them means retraining.  The rules
# below only flag; they are never model features.  They cover the categories this project
# added for the change reports (retention, fees, human review, data location, service
# providers, the arbitration opt-out) and more ways of saying "trains AI on your data".

_N = (
    r"(?:\d{1,4}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|"
    r"fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|twenty-four|thirty|forty|"
    r"forty-five|sixty|ninety|hundred)"
)
_DURATION = (
    _N + r"(?: \(\d{1,4}\))?[ -](?:calendar |business )?(?:days?|weeks?|months?|years?|hours?)"
)
_DATA_WORDS = (
    r"(?:data|information|content|messages?|chats?|conversations?|logs?|records?|recordings?|"
    r"media|it|them|accounts?|history|photos?|videos?|posts?|files?|copies|backups?|details|"
    r"communications?|inputs?|prompts?|selfies?|images?|ids?|documents?)"
)
_PERSONS = (
    r"(?:employees?|staff|personnel|contractors?|moderators?|reviewers?|team members?|"
    r"trust (?:and|&) safety|humans?|human beings|people|our teams?|agents?|analysts?|"
    r"annotators?|raters?|specialists?)"
)
_COMMS = (
    r"(?:content|messages?|chats?|conversations?|communications?|recordings?|posts?|dms|"
    r"direct messages|audio|voice|prompts?|inputs?|interactions?|reports?|private)"
)
_PLACES = (
    r"(?:united states|u\.s\.?|usa|us|european economic area|eea|european union|eu|"
    r"united kingdom|uk|switzerland|japan|korea|south korea|singapore|india|ireland|canada|"
    r"australia|brazil|china|hong kong|taiwan|thailand|indonesia|germany|netherlands|"
    r"france|other countries|third countries)"
)

DETAIL_RULES: list[Rule] = [
    # --- data retention -------------------------------------------------------------
    _r(
        "data_retention",
        "retain_for",
        r"\b(?:retain|retains|retained|retaining|keep|keeps|kept|keeping|store|stores|stored|"
        r"storing|preserve[sd]?|preserving|hold|holds|held|maintain\w*|save[sd]?)\b<G100>"
        r"\b(?:for (?:up to |a period of |at least |at most |no (?:more|longer) than |about )?"
        + _DURATION
        + r"|as long as|so long as|for (?:the )?(?:period|duration|time|length)|until (?:you|your|the|it|we|they)"
        r"|no longer than|only (?:for )?(?:as|so) long|indefinitely|permanently|for (?:a )?(?:limited|short|longer) (?:period|time))",
        kw=("retain", "keep", "kept", "store", "preserv", "hold", "held", "maintain", "save"),
        require=r"\b" + _DATA_WORDS + r"\b",
    ),
    _r(
        "data_retention",
        "do_not_keep",
        r"\b(?:do|does|will|would)(?: not|n't) <W2>(?:keep|retain|store|save|log)\b <W4>"
        + _DATA_WORDS
        + r"\b"
        r"|\bnever (?:keep|retain|store|save|log)\b"
        # kept on the user's device, not by the company: "your messages are stored on your
        # device and not on our servers", "messages are not stored on our servers"
        r"|\b"
        + _DATA_WORDS
        + r"\b <W2>(?:are|is) (?:only )?(?:stored|kept|saved|retained) (?:only )?"
        r"on (?:your|the user's|users') (?:own )?(?:devices?|phones?)\b<G20>\bnot on our servers\b"
        r"|\b"
        + _DATA_WORDS
        + r"\b <W2>(?:are|is) not (?:stored|kept|saved|retained) on our servers\b",
        kw=("keep", "retain", "store", "save", "log", "kept"),
    ),
    _r(
        "data_retention",
        "retention_word",
        r"\b(?:data )?retention (?:periods?|polic\w*|schedules?|practices?|times?)\b"
        r"|\bhow long (?:we|they|meta|google) (?:keep|retain|store)\b|\bstorage periods?\b"
        r"|\bretention of (?:your |personal )?(?:data|information)\b",
        kw=("retention", "how long", "storage period"),
    ),
    _r(
        "data_retention",
        "deleted_after",
        r"\b(?:delete[sd]?|deleting|deletion|erase[sd]?|remove[sd]?|purge[sd]?|destroy\w*|"
        r"anonymi[sz]\w*|de-?identif\w*)\b<G80>\b(?:after|within|once|in|for)\b<G40>" + _DURATION,
        kw=("delet", "eras", "remov", "purg", "destroy", "anonymi", "identif"),
    ),
    _r(
        "data_retention",
        "deleted_right_after",
        r"\b(?:delete[sd]?|erase[sd]?|discard\w*|destroy\w*)\b <W4>(?:immediately|right away|promptly|"
        r"as soon as|once|after (?:the|your) (?:check|verification|estimation|process))",
        kw=("delet", "eras", "discard", "destroy"),
        require=r"\b" + _DATA_WORDS + r"\b",
    ),
    # --- fees and refunds ---------------------------------------------------------------
    _r(
        "fees_and_refunds",
        "non_refundable",
        r"\bnon-?refundable\b|\bno refunds?\b|\b(?:not|n't|never) (?:be )?(?:eligible for (?:a |any )?)?refund\w*"
        r"|\brefunds? (?:will|shall|are|is) (?:not|n't)\b|\bwithout (?:a |any )?refund\b",
        kw=("refund",),
    ),
    _r(
        "fees_and_refunds", "refund", r"\brefund\w*\b|\bchargebacks?\b", kw=("refund", "chargeback")
    ),
    _r(
        "fees_and_refunds",
        "auto_renew",
        r"\bauto(?:matically)?[- ]?renew\w*|\brenew\w* automatically\b|\bautomatic(?:ally)? (?:renewal|billing|charges?)\b"
        r"|\brecurring (?:billing|charges?|payments?|fees?|subscriptions?|basis)\b|\bbilled (?:monthly|annually|yearly|automatically|in advance)\b"
        r"|\bcharged? (?:you )?(?:automatically|on a recurring basis|each (?:month|year)|monthly|annually)",
        kw=("renew", "recurring", "billed", "charge", "automatic"),
    ),
    _r(
        "fees_and_refunds",
        "fees",
        r"\b(?:subscription|membership|service|platform|processing|transaction|late|cancellation|payout|"
        r"commission|usage|premium) (?:fees?|charges?|prices?)\b|\bfees? (?:are|is|will be|may be|shall be) "
        r"(?:charged|payable|due|deducted|applied)\b|\b(?:prices?|pricing|fees?)\b<G60>\b(?:chang|increas|adjust|rais)\w*"
        r"|\bpay (?:a |the |any )?(?:fees?|price|subscription)\b|\btaxes\b<G60>\b(?:subscriptions?|purchases?|fees?|prices?)",
        kw=("fee", "charge", "price", "pricing", "pay", "tax"),
    ),
    _r(
        "fees_and_refunds",
        "credits_expire",
        r"\b(?:credits?|coins?|tokens?|gift cards?|balances?|points|stars|gems|diamonds)\b(?! (?:or debit )?cards?\b)<G60>"
        r"\b(?:expir\w*|forfeit\w*|lapse\w*)(?! dates?\b)"
        r"|\b(?:expir\w*|forfeit\w*)\b(?! dates?\b)<G60>\b(?:credits?|coins?|gift cards?|balances?|points|stars)\b(?! (?:or debit )?cards?\b)",
        kw=("expir", "forfeit", "lapse"),
        unless=r"\b(?:credit|debit|payment) cards?\b<G80>\bexpir\w* dates?\b|\bcard (?:type|number)\b",
    ),
    _r(
        "fees_and_refunds",
        "costs_money",
        r"\b(?:pay|pays|paid|charge[sd]?|costs?|price[sd]?|fees?|subscriptions?)\b<G40>(?:[$€£¥]|usd |eur |gbp )\s?\d",
        kw=("pay", "paid", "charge", "cost", "price", "fee", "subscription"),
        # a sum owed for a breach is a penalty, not a price
        unless=r"\b(?:liquidated damages|damages|penalt(?:y|ies)|fines?|liab(?:le|ility))\b",
    ),
    # --- human review ----------------------------------------------------------------------
    _r(
        "human_review",
        "staff_review",
        r"\b" + _PERSONS + r"\b<G80>\b(?:review|read|access|view|listen|look at|examine|inspect|"
        r"check|monitor|annotate|label|rate|see)\w*\b<G80>\b" + _COMMS + r"\b",
        kw=(
            "employee",
            "staff",
            "personnel",
            "contractor",
            "moderator",
            "reviewer",
            "team",
            "safety",
            "human",
            "people",
            "agent",
            "analyst",
            "annotator",
            "rater",
            "specialist",
        ),
    ),
    _r(
        "human_review",
        "reviewed_by_staff",
        r"\b"
        + _COMMS
        + r"\b<G80>\b(?:are|is|may be|will be|can be|could be|might be|get|gets)\b <W2>"
        r"(?:reviewed|read|checked|accessed|seen|viewed|listened to|monitored|examined|inspected|annotated|assessed)"
        r" by <W3>" + _PERSONS + r"\b",
        kw=(
            "reviewed",
            "read",
            "checked",
            "accessed",
            "seen",
            "viewed",
            "listened",
            "monitored",
            "examined",
            "inspected",
            "annotated",
            "assessed",
        ),
    ),
    _r(
        "human_review",
        "accessed_for_moderation",
        # passive, for the purpose the people who read them serve: "DMs can be accessed
        # for Trust & Safety purposes"; "these"/"they" at a sentence's start stand for the
        # messages the sentence before named (sentences are flagged one by one)
        r"(?:\b" + _COMMS + r"\b<G80>|^(?:these|they|such \S+)\b <W4>)"
        r"\b(?:are|is|may be|will be|can be|could be|might be)\b <W2>"
        r"(?:reviewed|read|checked|accessed|seen|viewed|listened to|monitored|examined|inspected)"
        r" (?:for|during|as part of) (?:\S+ )?(?:trust (?:and|&) safety|(?:content )?moderation)\b",
        kw=("safety", "moderation"),
    ),
    _r(
        "human_review",
        "no_one_reads",
        r"\b(?:no one|nobody|no person|no human|not even \S+)\b<G60>\b(?:can|could|will|may|is able to|has access to)?\s?"
        r"(?:read|access|see|view|listen to|review)\w*\b<G60>\b" + _COMMS + r"\b",
        kw=("no one", "nobody", "no person", "no human", "not even"),
    ),
    _r(
        "human_review",
        "human_review",
        r"\bhuman (?:review\w*|oversight|moderat\w*|reviewers?|evaluat\w*)\b|\bmanual(?:ly)? (?:review\w*|check\w*|inspect\w*)",
        kw=("human", "manual"),
    ),
    _r(
        "human_review",
        "may_monitor",
        # "we may", or the company by its name: "Spotify may, but has no obligation to,"
        r"(?:\b(?:we|us)\b <W4>|^(?!(?:you|users?|others?|members?|anyone|people|parents?|"
        r"guardians?|creators?|third parties)\b)[a-z][\w&.-]* )"
        r"(?:may|can|will|reserves? the right to|ha(?:ve|s) the right to)\b"
        r"(?:,? but (?:has|have|is|are) (?:no|not) (?:obligation|obligated|required) to,?)? "
        r"(?:\S+ly |also |sometimes |occasionally |and \w+ )?(?:be able to )?"
        r"(?:monitor|review|read|access|screen|inspect|listen to)\w*\b <W6>(?:your |any |all |user )?"
        + _COMMS
        + r"\b",
        kw=("monitor", "review", "read", "access", "screen", "inspect", "listen"),
    ),
    # --- data location and transfers ----------------------------------------------------------
    _r(
        "data_location_and_transfers",
        "international_transfer",
        r"\b(?:transfer\w*|stor\w*|process\w*|host\w*|access\w*|located)\b<G100>\b(?:outside (?:of )?(?:the )?"
        r"(?:eea|eu|european|uk|united kingdom|country|countries|your country|jurisdiction|region|"
        # a named country or province: "processed inside and outside of Quebec and/or Canada"
        r"(?:\S+ (?:and/or|and|or) )?" + _PLACES + r"\b|quebec\b|ontario\b|california\b)|"
        r"to (?:other|third|another) countr\w*|internationally|across (?:national )?borders|cross-border|"
        r"in (?:other|different|many) countries|countries other than|jurisdictions? (?:other than|outside))",
        kw=("transfer", "stor", "process", "host", "access", "locat"),
        # data go abroad, not a user who reaches the service from abroad
        require=r"\b(?:data|information|content|servers?|records?|messages?|files?|it|them)\b",
    ),
    _r(
        "data_location_and_transfers",
        "transfer_mechanisms",
        r"\bstandard contractual clauses\b|\badequacy (?:decisions?|regulations?)\b|\bdata privacy frameworks?\b"
        r"|\bbinding corporate rules\b|\bcross-border (?:data )?(?:transfers?|privacy rules)\b|\bcbpr\b"
        r"|\binternational (?:data )?transfers?\b|\bprivacy shield\b|\btransfer (?:mechanisms?|impact assessments?)\b",
        kw=(
            "contractual",
            "adequacy",
            "framework",
            "binding corporate",
            "cross-border",
            "cbpr",
            "international",
            "privacy shield",
            "transfer",
        ),
    ),
    _r(
        "data_location_and_transfers",
        "stored_in_country",
        r"\b(?:stored|store|stores|processed|process|hosted|kept|located|transferred|transfer|servers?|"
        r"data cent(?:er|re)s?)\b <W6>(?:in|to|within|located in) (?:the )?(?:\S+ )?"
        + _PLACES
        + r"\b",
        kw=("stor", "process", "host", "kept", "locat", "transfer", "server", "data cent"),
        require=r"\b(?:data|information|servers?|data cent\w+)\b",
    ),
    # --- sub-processors and service providers ----------------------------------------------------
    _r(
        "subprocessors",
        "subprocessor",
        r"\bsub-?processors?\b|\bsub-?processing\b|\b(?:data )?processors? (?:acting )?on (?:our|its) behalf\b",
        kw=("processor", "processing"),
    ),
    _r(
        "subprocessors",
        "service_providers",
        r"\b(?:service providers?|vendors?|third[- ]party (?:providers?|vendors?|services?|companies)|"
        r"providers?|suppliers|partners|contractors)\b<G100>\b(?:on (?:our|its|their) behalf|"
        r"(?:who|that|which) (?:help|assist|support|perform|provide|process|host|verify|estimate|operate)\w*|"
        r"to (?:help|assist|support|perform|provide|process|host|verify|estimate|operate) (?:us|services|our)|perform services)",
        kw=("provider", "vendor", "third", "supplier", "partner", "contractor"),
        require=r"\b(?:data|information|services?|process\w*|verif\w*|stor\w*|host\w*)\b",
    ),
    # --- arbitration opt-out --------------------------------------------------------------------
    _r(
        "arbitration_opt_out",
        "opt_out_of_arbitration",
        r"\bopt[- ]?out\b<G100>\b(?:arbitrat\w*|agreement to arbitrate|dispute resolution|class action)"
        r"|\barbitrat\w*\b<G150>\bopt[- ]?out\b|\b(?:reject|decline)\w* <W6>(?:arbitration|agreement to arbitrate|arbitration agreement)",
        kw=("opt", "reject", "declin"),
    ),
    _r(
        "data_location_and_transfers",
        "countries_listed",
        r"\b(?:countries|regions|jurisdictions|locations)\b <W6>(?:to which|where|in which|from which)\b<G80>"
        r"\b(?:transferred|stored|processed|hosted|located|kept|accessed)\b",
        kw=("countries", "regions", "jurisdictions", "locations"),
    ),
    # --- biometric data: the ways age checks and voice features say it ---------------------
    _r(
        "biometric_data",
        "face_voice_data",
        r"\bvoice (?:data|recordings?|samples?)\b|\b(?:audio )?recordings? of your voice\b|\bvideo selfies?\b"
        r"|\bselfies?\b<G80>\b(?:age|estimat|verif|identity|match)|\b(?:photos?|images?|pictures?|scans?) of your face\b"
        r"|\bface (?:photos?|images?|data|matching)\b|\b(?:facial|face-based) (?:age )?(?:estimation|verification)\b"
        r"|\blikeness (?:detection|management|protection)\b|\bestimates? (?:your )?age\b<G60>\b(?:photo|image|video|selfie|face)",
        kw=("voice", "selfie", "face", "facial", "likeness", "estimat"),
    ),
    # --- minimum age: children's privacy sections ------------------------------------------
    _r(
        "minimum_age",
        "children_under",
        r"\b(?:minors?|children|child|kids|teens?|anyone|persons?|users?)\b<G120>\b(?:under|below|younger than) "
        r"(?:the age of )?(?:\d{1,2}|thirteen|fourteen|fifteen|sixteen|eighteen)\b",
        kw=("minor", "child", "kid", "teen", "anyone", "person", "user"),
        require=r"\b(?:not|n't|no|never|knowingly|consent|parent\w*|guardian|permission|allowed|permitted|eligible|may only|must)\b",
    ),
    # --- AI training: more ways to say it -------------------------------------------------------
    _r(
        "ai_training",
        "use_to_train_models",
        r"\b(?:use|uses|used|using|process\w*|analy[sz]\w*|leverag\w*)\b<G120>\b(?:to|for|in)\b <W3>"
        r"(?:train|training|fine-tun\w*|develop\w*|improv\w*|build\w*)\b<G60>\b"
        r"(?:ai|a\.i\.|artificial intelligence|machine[- ]learning|ml|generative|llms?|large language models?|"
        r"(?:ai |ml |language |foundation |algorithmic )?models?)\b",
        kw=("train", "tun", "develop", "improv", "build"),
        require=r"\b(?:ai|a\.i\.|artificial intelligence|machine[- ]learning|ml|generative|llms?|models?)\b",
    ),
]


DETAIL_RULES += [
    # --- scraping: "scraping … without our consent is expressly prohibited" -----------------
    _r(
        "scraping_ban",
        "scraping_prohibited",
        r"\b(?:scrap\w*|crawl\w*)\b<G120>\b(?:prohibited|forbidden|not (?:permitted|allowed))\b"
        r"|\b(?:may not|must not|cannot|can't|agree not to|not to|shall not)\b <W6>(?:scrap\w*|crawl\w*)",
        kw=("scrap", "crawl"),
    ),
    _r(
        "content_licence",
        "licence_terms",
        r"\b(?:the|this|such|that|our|your) licen[cs]e (?:is|will be|shall be|remains|granted)\b",
        kw=("licen",),
        require=r"(?:\b(?:worldwide|world-wide|royalty[- ]free|non-?exclusive|sub-?licens\w+|perpetual|irrevocable|transferable|fully[- ]paid)\b<G200>){2}",
        unless=r"\bopen[- ]source\b|\bsoftware\b",
    ),
    # --- minimum age: "you must be 18 or older" ------------------------------------------------
    _r(
        "minimum_age",
        "age_or_older",
        r"\b(?:be|are|is) (?:\d{1,2}|thirteen|sixteen|eighteen)(?: \(\d{1,2}\))? (?:years? )?(?:of age |old )?or (?:older|over)\b"
        r"|\b(?:be|are|is) (?:of|over|above) the age of (?:majority|\d{1,2})\b",
        kw=("older", "over", "age of"),
    ),
    # --- content licence: what the licence you grant covers and how long it lasts ------------
    _r(
        "content_licence",
        "this_licence",
        r"\b(?:this|the|such|that) licen[cs]e\b(?! to use (?:the|our) (?:software|apps?|services?))<G100>"
        r"\b(?:includes?|permits?|allows?|covers?|extends?|ends?|terminates?|continues?|survives?|lasts?)\b"
        r"|\b(?:licen[cs]e|rights) (?:you grant|granted by you|you give)\b",
        kw=("licen", "rights"),
        require=r"\b(?:content|posts?|submissions?|uploads?|materials?|broadcasts?|streams?|videos?|works?)\b",
        unless=r"\b(?:we|x|company|it) (?:hereby )?(?:give|grant|provide)s? you\b|\bgrants? you\b",
    ),
]

# The ways real policies say these without the words the rules above look for.
DETAIL_RULES += [
    # retention without a period: "we will retain your personal data … only as necessary
    # for trust and safety", "we keep your backups while your subscription is active"
    _r(
        "data_retention",
        "retain_as_needed",
        r"\bwe (?:\S+ ){0,3}?(?:retain|keep|store|preserve)s?\b<G80>"
        r"\b(?:(?:only )?as (?:is )?(?:reasonably |strictly )?(?:necessary|needed|required)\b"
        r"|while (?:you|your|the|it|we|they)\b|through an active (?:subscription|account)"
        r"|in accordance with (?:our|the|this) (?:data )?retention)",
        kw=("retain", "keep", "kept", "store", "preserv"),
        require=r"\b(?:your|personal|user) (?:\w+ )?"
        + _DATA_WORDS
        + r"\b|\b"
        + _DATA_WORDS
        + r" (?:you|we)\b",
        unless=r"\b(?:keep|kept|store|stored)s? <W4>(?:secure|safe|confidential|private|accurate|"
        r"up to date)\b|\bkeep (?:you|users) (?:informed|updated|safe)\b",
    ),
    # the face or body features a photo feature processes ("parts of your face or body
    # features in the photo frame")
    _r(
        "biometric_data",
        "face_body_features",
        r"\bparts of your (?:face|body)\b|\b(?:face|body) (?:or (?:face|body) )?features\b",
        kw=("face", "body"),
        require=r"\b(?:photos?|images?|pictures?|videos?|selfies?|camera|scan\w*)\b",
    ),
    # a purchased service or a feature that may be taken away: "a Paid Service you
    # previously purchased may later be removed from the Services and become unavailable"
    _r(
        "unilateral_change",
        "service_may_be_withdrawn",
        r"\b(?:services?|features?|functionalit(?:y|ies)|products?|purchases?|subscriptions?)\b"
        r" <W6>(?:may|might|can|could) (?:\S+ )?be (?:removed|discontinued|withdrawn|retired|"
        r"deprecated|made unavailable|changed or discontinued|modified or discontinued)\b",
        kw=("removed", "discontinued", "withdrawn", "retired", "deprecated", "unavailable"),
        unless=r"\b(?:you|users?) (?:may|can) (?:request|ask)\b",
        always=True,
    ),
]

# Clauses that protect the user, for the detail categories (used for polarity only).
RESTRICT_EXTRA: dict[str, re.Pattern[str]] = {
    "human_review": re.compile(
        _expand(
            r"\b(?:no one|nobody|not even|never|neither)\b<G60>\b(?:read|access|see|listen|view|review)"
            r"|\b(?:do|does|will|would|can|cannot|could)\s?<NOT> <W4>(?:read|access|see|listen|view|review|monitor)"
            r"|\bcannot <W3>(?:read|access|see|listen)|\bend-to-end encrypt"
            r"|\bwithout (?:your|the user's|their) <W2>(?:consent|permission|authori[sz]ation)"
        )
    ),
    "data_retention": re.compile(
        _expand(
            r"\b(?:do|does|will|would)\s?<NOT> <W3>(?:retain|keep|store|save|preserve)\b|\bnever (?:retain|keep|store)"
            r"|\bnot on our servers\b|\b(?:is|are) not (?:stored|kept|saved|retained) on our servers\b"
        )
    ),
    "data_location_and_transfers": re.compile(
        _expand(r"\b(?:do|does|will|would)\s?<NOT> <W3>(?:transfer|store|process)\b<G40>\boutside")
    ),
    "fees_and_refunds": re.compile(
        _expand(r"\bfree of charge\b|\bat no (?:extra |additional )?cost\b")
    ),
}

# A hit for the category is vetoed when one of these matches the sentence: the words are
# there, but the clause is the user's own right or duty, or an advertisement.
VETOES: dict[str, re.Pattern[str]] = {
    # the user may not train models on the service or its output: a ban on the user
    "ai_training": re.compile(
        _expand(
            r"\byou (?:\S+ ){0,3}?(?:may|must|shall|will|can|agree|should)(?: to)? (?:not|n't|never)\b<G160>\b(?:train|develop|build|improve|create)\w*"
            r"|\b(?:may|must|shall|will|can)(?: not|n't) (?:\S+ ){0,3}?(?:use|using) (?:\S+ ){0,6}?(?:outputs?|the services?|our services?|content|data)\b<G80>\bto (?:train|develop|build|improve)\w*\b<G60>\b(?:competing|competitive|compete|models?|ai|machine learning|products?|services?)"
            r"|\bprohibit\w*\b<G60>\b(?:train|develop|build)\w*\b<G40>\b(?:competing|models?)"
            r"|\bcompeting (?:ai |machine learning )?(?:models?|products?|services?)\b"
        )
    ),
    # the user's own right to leave is no power of the company's
    "unilateral_termination": re.compile(
        _expand(
            r"^(?!.*\b(?:we|us|our)\b <W4>(?:may|can|will|might|reserve|have the right)\b<G60>\b(?:terminat|suspend|cancel|clos|delet|disabl|deactivat|restrict|revok))"
            r".*(?:"
            + _USER_ENDS
            + r"|\bif you (?:want|wish|decide|choose|would like) to (?:terminate|cancel|close|delete|leave|stop|deactivate)"
            r"|\byou (?:may|can) (?:stop|cease) using\b|\b(?:to|how to) (?:cancel|close|delete|deactivate) your (?:account|subscription)\b)"
        )
    ),
    # the user's own duty of confidentiality is no sharing of the user's data; nor is what
    # the user shares, what third-party sites collect, data received from partners, or a
    # list of what the user may ask to know about sharing
    "data_sharing": re.compile(
        _expand(
            r"^(?!.*\bwe (?:may |will |also |can )?(?:share|disclose|sell|provide|transfer)).*(?:"
            r"\b(?:if|when|where|once) you(?:'ve| have)? (?:\S+ ){0,2}?(?:share|shared|post|posted|disclose|disclosed|publish|published|make \S+ public)\b"
            r"|^(?:you|users?|another user|other users|you or another user)\b <W3>(?:can|may|might|choose to|decide to)? ?(?:share|post|disclose|publish)\b"
            r"|\b(?:clicking|click|following|visiting|visit) (?:on )?(?:such |these |those |any |third-party |external )?(?:links?|sites?|websites?)\b"
            r"|\b(?:shared|provided|obtained|received) (?:with us )?(?:by|from) (?:(?:our|third-party|ad|advertising|business|other|and|or),? )*(?:partners?|third parties|advertisers?)\b)"
            # the user's right to ask whom data went to, however long the list of what may
            # be asked ("…with whom we shared it" inside that list grants nothing), unless
            # the company shares before the right is stated
            r"|^(?:(?!\bwe (?:may |will |also |can )?(?:share|disclose|sell|provide|transfer)\b).)*?"
            r"\bright to (?:request|know|access|obtain)\b<G400>\b(?:categories|list|names?) of (?:the )?(?:specific )?(?:third parties|recipients)\b"
            r"|^(?!.*\bwe\b).*\byou (?:\S+ ){0,3}?(?:agree|must|shall|will|may|should)(?: to)? (?:not|n't|never) <W3>(?:disclose|share|reveal|publish|transfer|distribute)"
            # the Data Privacy Framework's liability for onward transfers says who answers
            # for a transfer, it allows none ("participants may be liable for the transfer
            # of personal data to third parties", "liable in cases of onward transfers")
            r"|^(?!.*\bwe (?:may |will |also |can )?(?:share|disclose|sell|provide)\b).*\bliab(?:le|ility)\b <W3>(?:for|in cases? of|with respect to) (?:the |any )?(?:onward )?transfers?\b"
            r"|^(?!.*\bwe\b).*\bconfidential information\b"
            r"|^(?!.*\bwe\b).*\byou\b<G80>\b(?:keep|treat|maintain|hold)\b <W4>(?:confidential|secret|private)\b"
            r"|^(?!.*\bwe\b).*\byou\b<G40>\b(?:agree|undertake|promise)s? (?:\S+ ){0,14}?(?:not to|to not|never) (?:disclose|share|reveal|publish)"
        )
    ),
}

# the company's own automated tools are no ban on the user's
VETOES["scraping_ban"] = re.compile(
    _expand(
        r"^(?!.*\b(?:you|users?) (?:may|must|shall|will|can|agree)\b).*\b(?:we|our)\b <W3>(?:use|uses|employ|rely on|deploy|apply)\w* (?:\S+ ){0,3}?automated"
    )
)
# a pointer to another section says where a clause is; it is not the clause
_POINTER = (
    r"^(?:please )?(?:refer to|see|read|review|check|visit)\b<G100>\b(?:section|below|above|here|"
    r"our \S+ (?:policy|terms|page))\b"
    r"|^(?:for|to learn) (?:more|further) (?:information|details)\b<G100>\b(?:see|visit|refer|read)\b"
)
VETOES["unilateral_change"] = re.compile(_expand(_POINTER))

# --- Arabic ------------------------------------------------------------------------------
#
# Arabic terms are matched on the folded text (diffs.arabic.fold, applied by the
# flagger's normalize: Arabic-Indic digits → 0-9, no tatweel or diacritics, أ إ آ → ا,
# ى → ي), so the patterns are written in plain Arabic and folded here.  They are detail
# rules (the English-only model never sees them) and flag on their own (``always``).


def _ar(category: str, name: str, pattern: str, kw: tuple[str, ...]) -> Rule:
    from diffs.arabic import fold_text

    return _r(
        category,
        "ar_" + name,
        fold_text(pattern),
        kw=tuple(fold_text(k) for k in kw),
        always=True,
    )


_AR_AI = r"(?:الذكاء\s+الاصطناعي|التعلم\s+الآلي|التعلم\s+الالي|تعلم\s+الآلة|النماذج\s+اللغوية|نماذج\s+لغوية|التوليدي)"
DETAIL_RULES += [
    _ar(
        "ai_training",
        "ai_training",
        r"(?:تدريب|لتدريب|بتدريب|تدرب|يدرب|ندرب|تحسين)\w*\s+(?:\S+\s+){0,6}?"
        + _AR_AI
        + r"|"
        + _AR_AI
        + r"[^.;?]{0,80}?(?:تدريب|لتدريب|بتدريب|تدرب|يدرب|ندرب)",
        ("تدريب", "تدرب", "يدرب", "ندرب", "تحسين"),
    ),
    _ar(
        "liquidated_damages",
        "liquidated_damages",
        r"تعويض\w*\s+(?:اتفاقي|اتفاقية|مقطوع|محدد\s+مسبقا)|شرط\s+جزائي|الشرط\s+الجزائي|غرامة|غرامات|رسوم\s+جزائية",
        ("تعويض", "جزائي", "غرام"),
    ),
    _ar(
        "arbitration",
        "arbitration",
        r"(?:يحال|تحال|تسوى|يسوى|يفصل|تسوية|حل|يحل|تحل|اللجوء|الاحالة)\w*\s+(?:\S+\s+){0,12}?(?:ب|عن\s+طريق\s+|من\s+خلال\s+|الى\s+)?(?:ال)?تحكيم"
        r"|(?:ال)?تحكيم\s+(?:ال)?(?:ملزم|فردي)|اتفاقية\s+(?:ال)?تحكيم|هيئة\s+(?:ال)?تحكيم|محكم\s+(?:واحد|منفرد)",
        ("تحكيم",),
    ),
    _ar(
        "jurisdiction",
        "jurisdiction",
        r"(?:نزاع|النزاع|نزاعات|خلاف|دعوى|دعاوى|مطالبة|مطالبات)\w*\s+(?:\S+\s+){0,14}?(?:حصرا\s+)?(?:امام|أمام|لدى|الى)\s+(?:\S+\s+){0,2}?(?:ال)?(?:محاكم|محكمة)"
        r"|(?:ال)?اختصاص\s+(?:ال)?قضائي|(?:ال)?ولاية\s+(?:ال)?قضائية|(?:ال)?اختصاص\s+(?:ال)?حصري\s+(?:ل|لل)",
        ("نزاع", "خلاف", "دعوى", "دعاوى", "مطالب", "اختصاص", "ولاية"),
    ),
    _ar(
        "choice_of_law",
        "choice_of_law",
        r"(?:تخضع|يخضع|تحكم|يحكم|تفسر|يفسر|تسري|يسري)\s+(?:\S+\s+){0,5}?(?:ل?ل?قوانين|ل?ل?قانون|(?:وفقا|طبقا)\s+ل?ل?قوانين|(?:وفقا|طبقا)\s+ل?ل?قانون)"
        r"|(?:ال)?قانون\s+(?:ال)?واجب\s+(?:ال)?تطبيق",
        ("قانون", "قوانين"),
    ),
]

# --- German ------------------------------------------------------------------------------
#
# Policies get republished in the reader's language.  These rules read German privacy
# policies and terms for the categories they commonly state, in the words of German legal
# drafting ("Weitergabe an Dritte", "Speicherdauer", "Drittländer", "Auftragsverarbeiter",
# "Gerichtsstand", "Nutzungsrecht" …).  Like the Arabic rules they are detail rules (the
# English-only model never reads German: diffs.german.is_german) and flag on their own.
# Umlauts and ß match their transcriptions too (ä/ae, ß/ss).  A clause whose subject is
# the user ("Sie können …") and in which the company does nothing is the user's right,
# not the company's: the rules that could read it so have that veto.


def _umlauts(p: str) -> str:
    for ch, alt in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        p = p.replace(ch, f"(?:{ch}|{alt})")
    return p


def _de(category: str, name: str, pattern: str, kw: tuple[str, ...], **more: str | None) -> Rule:
    return _r(
        category,
        "de_" + name,
        _umlauts(pattern),
        kw=kw,
        require=_umlauts(more["require"]) if more.get("require") else None,
        unless=_umlauts(more["unless"]) if more.get("unless") else None,
        always=True,
    )


#: the user, not the company, is the one who acts ("Sie können Ihr Konto löschen")
_DE_USER_ACTS = (
    r"^(?!.*\b(?:wir|uns|unsere?[mnrs]?)\b).*"
    r"\b(?:sie (?:können|dürfen|haben|sollten|müssen|werden)|du (?:kannst|darfst|hast|solltest|musst|wirst)|"
    r"(?:können|dürfen|müssen) (?:sie|du))\b"
    r"|\b(?:der|die|jede[rs]?) (?:nutzer\w*|kunde|kundin|mitglied|teilnehmer\w*) "
    r"(?:\S+ )?(?:kann|darf|ist berechtigt|hat das recht)\b"
    r"|\bdas mitglied (?:\S+ )?(?:kann|darf|ist berechtigt)\b"
)
#: the company acts: "wir", or a third person that reserves a right ("Der Anbieter behält
#: sich vor", "X ist berechtigt"); the user in the third person is vetoed (_DE_USER_ACTS)
_DE_COMPANY = r"\b(?:wir|behalten uns|behält sich|ist berechtigt|sind berechtigt)\b"
#: the data a clause is about
_DE_DATA = (
    r"\b(?:\w*daten|\w*informationen|inhalte\w*|nachrichten|mitteilungen|kommunikation\w*|"
    r"ip-adressen?|telefonnummern?|e-mail-adressen?|kontaktdaten|protokolle|logs?|kopien|"
    r"sicherungskopien|backups?|aufzeichnungen|chats?|fotos|videos|beiträge\w*|konto|kontos|"
    r"nutzerkontos?|accounts?)\b"
)
#: whom data goes to
_DE_RECIPIENTS = (
    r"\b(?:dritte[nr]?|drittanbieter\w*|drittunternehmen|drittparteien|partner\w*|werbepartner\w*|werbetreibende\w*|"
    r"werbekunden|dienstleister\w*|behörden|strafverfolgungsbehörden|sicherheitsbehörden|"
    r"gerichte\w*|konzernunternehmen|verbundene\w* unternehmen|unternehmensgruppe|"
    r"andere\w* unternehmen|datenhändler\w*|käufer\w*|erwerber\w*)\b"
)
_DE_NUM = (
    r"(?:\d{1,4}|ein\w*|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|elf|zwölf|"
    r"achtzehn|vierundzwanzig|dreißig|sechzig|neunzig|hundert)"
)
_DE_DURATION = (
    _DE_NUM
    + r"(?: \(\d{1,4}\))? (?:kalendertage\w*|werktage\w*|tage\w*|wochen?|monate?n?|jahre?n?|stunden?)\b"
)
_DE_AI = (
    r"(?:\w*ki\b|ki-\w+|künstliche\w* intelligenz|maschinelle\w* lernen\w*|machine learning|"
    r"sprachmodell\w*|\w*-?modelle?n?\b|algorithmen|neuronale\w* netz\w*|generative\w*)"
)

#: moving or keeping data (for transfers)
_DE_MOVE = (
    r"\b(?:übermitt\w+|übertrag\w*|übertragen|übermittelt|verarbeit\w*|speicher\w*|gespeichert|"
    r"transfer\w*|weitergeleitet|gehostet)\b"
)
#: abroad: third countries, the United States, outside the EU or EEA
_DE_ABROAD = (
    r"\b(?:drittländer\w*|drittland\w*|drittstaat\w*|in (?:die|den) (?:usa|vereinigten staaten)|"
    r"(?:in|nach) (?:länder|staaten) außerhalb|außerhalb (?:des|der) (?:europäischen|eu\b|ewr\b)|"
    r"außerhalb (?:ihres|deines) (?:wohnsitz|aufenthalts)?landes|in anderen ländern|"
    r"in (?:andere|anderen) länder)"
)

DETAIL_RULES += [
    # data sharing: handed on, disclosed, sold, made available to third parties
    _de(
        "data_sharing",
        "weitergabe",
        r"\b(?:weiter(?:geben|gegeben|gibt|zugeben)|geben\b[^.;]{0,80}?\bweiter|übermitt\w+|"
        r"offen(?:legen|gelegt|zulegen|legung)|legen\b[^.;]{0,60}?\boffen|weitergabe|"
        r"verkauf\w*|vermiet\w*|zugänglich (?:gemacht|machen|zu machen)|bereitgestellt|bereitstellen|"
        r"teilen|geteilt|teilt|herausgeben|herausgegeben|herausgabe)\b"
        r"|\b(?:dritte\w*|partner\w*|werbe\w+|behörden)\b[^.;]{0,60}?\bzugriff auf\b",
        (
            "weiter",
            "übermitt",
            "uebermitt",
            "offen",
            "verkauf",
            "vermiet",
            "zugänglich",
            "zugaenglich",
            "bereit",
            "teil",
            "heraus",
            "zugriff",
        ),
        require=_DE_DATA
        + r"[^.;]*?"
        + _DE_RECIPIENTS
        + "|"
        + _DE_RECIPIENTS
        + r"[^.;]*?"
        + _DE_DATA,
        unless=_DE_USER_ACTS + r"|\b(?:mit|an) (?:anderen|ihren) (?:nutzern|kontakten|freunden)\b",
    ),
    # advertising use of personal data: profiles and targeted advertising (showing ads
    # is no use of data; targeting them is)
    _de(
        "data_sharing",
        "werbung",
        r"\b(?:personalisierte|zielgerichtete|interessenbasierte|verhaltensbasierte|"
        r"personenbezogene)\w* (?:werbung|anzeigen|werbeanzeigen)\b|\bzielgruppenansprache\b|"
        r"\bwerbeprofile?\w*|\b(?:für|zu) (?:\S+ ){0,2}?(?:werbezwecke\w*|marketingzwecke\w*)\b",
        ("werb", "marketing", "anzeige", "zielgruppe"),
        require=_DE_DATA + r"|\bprofil\w*",
        unless=_DE_USER_ACTS,
    ),
    # data retention: how long data is kept, when it is deleted
    _de(
        "data_retention",
        "speicherdauer",
        r"\b(?:speicher\w*|gespeichert|aufbewahr\w*|aufzubewahren|bewahren|aufbewahrt|vorgehalten|"
        r"vorhalten|archivier\w*|lösch\w*|gelöscht|behalten)\b[^.;]{0,120}?"
        r"\b(?:(?:für|bis zu|maximal|höchstens|mindestens|nach|innerhalb von|binnen|über|von) "
        r"(?:einen zeitraum von |die dauer von |ablauf von )?"
        + _DE_DURATION
        + r"|"
        + _DE_DURATION
        + r" (?:lang|nach)\b|solange|so lange|bis zu[mr]\b|dauerhaft|unbefristet|"
        r"unbegrenzt|nicht länger als)"
        r"|\b(?:solange|so lange|dauerhaft|unbefristet|unbegrenzt)\b[^.;]{0,60}?\b(?:gespeichert|"
        r"aufbewahrt|vorgehalten|archiviert)\b"
        r"|\b(?:speicherdauer|aufbewahrungsfrist\w*|löschfrist\w*|aufbewahrungsdauer|speicherfrist\w*)\b"
        r"|(?:\b(?:nach|innerhalb von|binnen|für|bis zu|von) (?:mehr als |mindestens |höchstens )?"
        + _DE_DURATION
        + r"|\b"
        + _DE_DURATION
        + r" lang\b)[^.;]{0,180}?\b(?:gelöscht|löschen|zu löschen|gespeichert|aufbewahrt|anonymisiert|vernichtet|entfernt)\b",
        (
            "speicher",
            "aufbewahr",
            "bewahr",
            "vorgehalten",
            "vorhalten",
            "archivier",
            "lösch",
            "loesch",
            "behalten",
        ),
        require=_DE_DATA + r"|\bspeicherdauer|\b(?:aufbewahrungs|lösch)fristen?",
        unless=_DE_USER_ACTS,
    ),
    # data location and transfers: third countries, the United States, outside the EEA
    _de(
        "data_location_and_transfers",
        "drittland",
        rf"{_DE_MOVE}[^.;]{{0,120}}?{_DE_ABROAD}|{_DE_ABROAD}[^.;]{{0,120}}?{_DE_MOVE}"
        r"|\b(?:standardvertragsklauseln|angemessenheitsbeschluss\w*|data privacy framework|"
        r"datenschutzrahmen)\b",
        (
            "übermitt",
            "uebermitt",
            "übertrag",
            "uebertrag",
            "verarbeit",
            "speicher",
            "transfer",
            "weitergeleitet",
            "gehostet",
            "standardvertrag",
            "angemessenheit",
            "framework",
            "datenschutzrahmen",
        ),
        require=_DE_DATA + r"|standardvertragsklauseln|angemessenheitsbeschluss",
        unless=_DE_USER_ACTS + r"|\b(?:reisen|urlaub)\b",
    ),
    # subprocessors: service providers that process data on the company's behalf
    _de(
        "subprocessors",
        "auftragsverarbeiter",
        r"\b(?:unter)?auftragsverarbeit\w*|\bauftragsdatenverarbeitung\b"
        r"|\b(?:dienstleister\w*|anbieter\w*|hosting-?anbieter\w*|zahlungsdienstleister\w*|"
        r"subunternehmer\w*)\b[^.;]{0,100}?\b(?:in unserem auftrag|im auftrag|für uns|auf unsere weisung|"
        r"nach unseren weisungen)\b"
        r"|\b(?:in unserem auftrag|für uns|nach unseren weisungen)\b[^.;]{0,60}?\b(?:dienstleister\w*|"
        r"anbieter\w*|subunternehmer\w*)\b"
        r"|\b(?:wir (?:setzen|nutzen|beauftragen|verwenden|arbeiten)|(?:setzen|nutzen|beauftragen|"
        r"verwenden) wir)\b[^.;]{0,80}?\b(?:externe\w* )?(?:dienstleister\w*|subunternehmer\w*|"
        r"zahlungsdienstleister\w*|hosting-?anbieter\w*)\b",
        ("auftrag", "dienstleister", "anbieter", "subunternehmer"),
        require=_DE_DATA + r"|\b(?:unter)?auftragsverarbeit|\bdienstleister",
        unless=_DE_USER_ACTS + r"|\bkeine?[nr]? (?:unter)?auftragsverarbeit",
    ),
    # unilateral changes to the terms or the policy
    _de(
        "unilateral_change",
        "aenderungen",
        _DE_COMPANY + r"[^.;]{0,60}?\b(?:diese\w*|die|unsere\w*)\s(?:\S+ ){0,2}?"
        r"(?:\w*bedingungen|datenschutz\w*|richtlinie\w*|agb|bestimmungen|vereinbarung|erklärung)\b"
        r"[^.;]{0,80}?\b(?:ändern|zu ändern|abzuändern|aktualisieren|zu aktualisieren|anpassen|"
        r"anzupassen|überarbeiten|ergänzen|modifizieren)\b"
        r"|\b(?:können|dürfen|werden|behalten uns)\b[^.;]{0,40}?\b(?:diese\w*|die|unsere\w*)\s(?:\S+ ){0,2}?"
        r"(?:\w*bedingungen|datenschutz\w*|richtlinie\w*|agb|bestimmungen)\b[^.;]{0,60}?\b(?:jederzeit|"
        r"von zeit zu zeit|gelegentlich)\b"
        r"|\bänderungen (?:dieser|der|an diesen|an dieser|an den|an der|unserer)\s(?:\S+ ){0,2}?"
        r"(?:\w*bedingungen|datenschutz\w*|richtlinie\w*|agb|bestimmungen)\b[^.;]{0,80}?"
        r"\b(?:vorbehalten|jederzeit|treten\b[^.;]{0,40}?in kraft|werden (?:wir )?\S+ (?:mitgeteilt|bekannt))",
        (
            "änder",
            "aender",
            "aktualis",
            "anpass",
            "überarbeit",
            "ueberarbeit",
            "ergänz",
            "ergaenz",
            "modifiz",
            "vorbehalten",
            "jederzeit",
            "zeit zu zeit",
            "gelegentlich",
        ),
        unless=_DE_USER_ACTS
        + r"|\b(?:einstellungen|profil\w*|passwort|benutzername\w*|ihre daten)\b[^.;]{0,30}?ändern",
    ),
    # arbitration: a Schiedsgericht instead of the courts (a consumer conciliation body,
    # Schlichtungsstelle or Verbraucherschiedsstelle, is no arbitration)
    _de(
        "arbitration",
        "schiedsverfahren",
        r"\bschieds(?:verfahren\w*|gericht\w*|gerichtsverfahren\w*|spruch\w*|vereinbarung\w*|"
        r"klausel\w*|richter\w*|ordnung)\b|\bschiedsgerichtlich\w*\b",
        ("schieds",),
        unless=r"\bverbraucherschieds|\bschiedsstelle",
    ),
    # jurisdiction: which courts hear a dispute
    _de(
        "jurisdiction",
        "gerichtsstand",
        r"\b(?:ausschließlicher |ausschliesslicher )?gerichtsstand\b"
        r"|\b(?:gerichte?|gerichten)\b[^.;]{0,80}?\b(?:ausschließlich |allein )?zuständig"
        r"|\bzuständig\w* (?:sind|ist|sein) (?:ausschließlich |allein )?(?:die |das )?(?:\S+ )?gericht\w*"
        r"|\b(?:streitigkeiten|rechtsstreitigkeiten|klagen|ansprüche)\b[^.;]{0,100}?\b(?:vor|von) "
        r"(?:den|dem) (?:\S+ ){0,2}?gericht\w* (?:in|von|des|der|am)\b",
        ("gerichtsstand", "zuständig", "zustaendig", "gericht"),
        unless=r"\b(?:auf|nach|gemäß) (?:\S+ ){0,2}?(?:gerichtliche\w*|richterliche\w*) (?:anordnung|beschluss)",
    ),
    # choice of law: which law governs the contract
    _de(
        "choice_of_law",
        "anwendbares_recht",
        r"\b(?:unterlieg\w*|unterstehen|untersteht|gilt|gelten|findet|finden|regel[nt]|geregelt|"
        r"anwendbar\w*|anzuwenden\w*|ausgelegt)\b[^.;]{0,80}?\b(?:ausschließlich )?"
        r"(?:(?:dem )?(?:recht|rechts|gesetzen|gesetze) (?:der|des|von) (?!ihnen\b|nutzer)\S+"
        r"|\w+(?:isch|sch)(?:es|em|en) recht\w*)"
        r"|\b\w+(?:isch|sch)(?:es|em) recht\b[^.;]{0,40}?\b(?:anwendbar|anwendung|gilt|unterlieg)"
        r"|\b(?:anwendbares|geltendes) recht\s*:|\bunter ausschluss des un-kaufrechts"
        r"|\brechtswahl\b",
        ("recht", "gesetze"),
        unless=r"\bsie haben\b[^.;]{0,40}?\brecht\b|\bzwingend\w* (?:\S+ )?(?:recht|vorschrift)",
    ),
    # AI training on users' data or content
    _de(
        "ai_training",
        "ki_training",
        r"\b(?:trainier\w*|training|schul\w*|weiterentwickl\w*|weiterzuentwickeln|verbesser\w*|"
        r"entwickl\w*|zu entwickeln|feinabstimm\w*)\b[^.;]{0,80}?"
        + _DE_AI
        + r"|"
        + _DE_AI
        + r"[^.;]{0,80}?\b(?:trainier\w*|training|zu trainieren|trainingsdaten)\b",
        ("trainier", "training", "schul", "entwick", "verbesser", "feinabstimm"),
        require=_DE_DATA + r"|\btrainingsdaten",
        unless=_DE_USER_ACTS,
    ),
    # content licence: the user grants the company rights in their content
    _de(
        "content_licence",
        "nutzungsrecht",
        r"\b(?:räumen|räumst|gewähren|gewährst|erteilen|erteilst|übertragen|überträgst)\b (?:\S+ ){0,2}?"
        r"(?:uns|dem unternehmen|unseren? \w+)\b[^.;]{0,120}?\b(?:\w*nutzungsrecht\w*|\w*lizenz\w*|recht\w*,)"
        r"|\b(?:\w*nutzungsrecht\w*|\w*lizenz\w*)\b (?:an|für|zur nutzung) (?:ihren|deinen|den von ihnen|"
        r"allen von ihnen|sämtlichen von ihnen|ihre)\b[^.;]{0,60}?\b(?:inhalte\w*|beiträge\w*|materialien|"
        r"fotos|videos|daten|werke\w*|nachrichten)\b",
        (
            "räum",
            "raeum",
            "gewähr",
            "gewaehr",
            "erteil",
            "übertrag",
            "uebertrag",
            "nutzungsrecht",
            "lizenz",
        ),
        unless=r"\b(?:wir|räumen|gewähren|erteilen)\b (?:\S+ ){0,2}?(?:ihnen|dir)\b",
    ),
    # termination: the company may suspend or close the account, or end the contract
    _de(
        "unilateral_termination",
        "kuendigung",
        _DE_COMPANY + r"[^.;]{0,80}?\b(?:konto|kontos|konten|nutzerkont\w*|account\w*|"
        r"zugang\w*|zugriff|vertrag\w*|nutzungsvertrag\w*|mitgliedschaft)\b[^.;]{0,80}?\b(?:sperren|"
        r"zu sperren|kündigen|zu kündigen|löschen|zu löschen|deaktivieren|zu deaktivieren|beenden|"
        r"zu beenden|aussetzen|auszusetzen|einschränken|einzuschränken|entziehen|zu entziehen|"
        r"schließen|zu schließen)\b"
        r"|\b(?:können|dürfen|sind berechtigt)\b[^.;]{0,20}?\bwir\b[^.;]{0,80}?\b(?:sperren|kündigen|"
        r"löschen|deaktivieren|beenden|aussetzen|einschränken|entziehen)\b",
        ("konto", "konten", "account", "zugang", "zugriff", "vertrag", "mitgliedschaft"),
        unless=_DE_USER_ACTS
        + r"|\bauf ihren wunsch\b|\bwenn sie (?:ihr|ihren) (?:konto|account|vertrag)\w* (?:löschen|kündigen)",
    ),
]

#: the categories the German rules read (a German version says nothing of the others)
GERMAN_CATEGORIES = frozenset(r.category for r in DETAIL_RULES if r.name.startswith("de_"))

#: German protections: what the company promises not to do ("geben … nicht weiter")
RESTRICT_DE: dict[str, re.Pattern[str]] = {
    cat: re.compile(_umlauts(p))
    for cat, p in {
        "data_sharing": r"\b(?:nicht|niemals|nie|keine[nmrs]?|weder)\b|\bohne (?:ihre|deine) (?:\S+ )?(?:einwilligung|zustimmung|erlaubnis)",
        "ai_training": r"\b(?:nicht|niemals|nie|keine[nmrs]?|weder)\b|\bohne (?:ihre|deine) (?:\S+ )?(?:einwilligung|zustimmung|erlaubnis)",
        "content_licence": r"\b(?:beanspruchen|erwerben|erhalten) (?:\S+ ){0,2}?(?:keine[nmrs]?|nicht)\b|\bbleiben (?:\S+ ){0,3}?(?:eigentum|inhaber)",
        "arbitration": r"\bkeine[nmrs]? (?:\S+ ){0,2}?schieds|\bschieds\w* (?:\S+ ){0,4}?(?:findet|gilt|gelten|ist) (?:\S+ )?(?:nicht|keine)\b",
    }.items()
}


# A flag of the category stands only when the sentence also matches: an AI clause that
# names no data, content or training is an advertisement for a feature, not a licence.
REQUIRES: dict[str, re.Pattern[str]] = {
    "ai_training": re.compile(
        r"\b(?:train\w*|fine-?tun\w*|(?:machine|deep) learning|data|information|content|posts?|"
        r"messages?|chats?|conversations?|inputs?|prompts?|interactions?|images?|photos?|videos?|"
        r"audio|voice|recordings?|text|materials?|submissions?|works?)\b"
        # Arabic (folded): training, data, content, posts, messages
        r"|تدريب|تدرب|يدرب|ندرب|بيانات|معلومات|محتوي|منشور|رسائل|محادث|صور"
        # German: training, data, content, messages
        r"|trainier|training|daten|informationen|inhalte|nachrichten|beiträge|beitraege"
    ),
}

_DETAIL_KEYWORDS: tuple[str, ...] = tuple(sorted({k for r in DETAIL_RULES for k in r.keywords}))


def detail_rule_hits(norm: str) -> list[tuple[Rule, re.Match[str]]]:
    """The detail rules (never model features) that fire on the normalised text."""
    present = {k for k in _DETAIL_KEYWORDS if k in norm}
    out = []
    for rule in DETAIL_RULES:
        if rule.keywords and present.isdisjoint(rule.keywords):
            continue
        m = rule.pattern.search(norm)
        if m is None:
            continue
        if rule.require is not None and not rule.require.search(norm):
            continue
        if rule.unless is not None and rule.unless.search(norm):
            continue
        out.append((rule, m))
    return out
