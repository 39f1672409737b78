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

__all__ = ["Rule", "RULES", "RESTRICT", "rule_hits"]


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
