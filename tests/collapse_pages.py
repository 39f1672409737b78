"""Written pages for the collapse tests (not a test module): a policy, its rewrite, its rot.

``policy_html()`` is a terms-of-service page of twelve sections (about 1,450 words)
inside ``<main id="content">``.  ``rewrite_html()`` is the same company's shorter
rewrite, about 30% of the words in six sections, reworded as a lawyer would.
``redesign_html()`` is the same full text after a site redesign that leaves only the
page's heading inside ``main#content``: the selector's rot, not an edit.
"""

from __future__ import annotations

TOPICS = [
    ("Who we are", "Acme Social, Inc. runs the Acme service and is responsible for it"),
    ("Your account", "you must be at least 13 years old and keep your password safe"),
    ("Your content", "you own what you post and give us a licence to host and show it"),
    ("Acceptable use", "you may not spam, scrape, or harass other people on the service"),
    ("Privacy", "our Privacy Policy explains how we collect and use personal data"),
    ("Fees and payments", "paid features are billed monthly and can be cancelled at any time"),
    ("Advertising", "we may show ads next to your content, chosen by your activity"),
    ("Termination", "you can leave at any time, and we may suspend accounts that break rules"),
    ("Liability", "the service is provided as is and our liability is limited by law"),
    ("Disputes", "these terms are governed by the laws of Oregon, United States"),
    ("Arbitration", "disputes go to binding individual arbitration, not to court"),
    ("Changes to these terms", "we give you 30 days notice of changes by e-mail"),
]

SENTENCES = [
    "In short, {topic}.",
    "This section explains what that means for you, and it applies to every account, "
    "whether free or paid, in every country where the service is offered.",
    "Where the law of your country gives you more rights than this section does, those "
    "rights apply and nothing here takes them away.",
    "If you have questions about {title_lower}, you can write to our support team at any "
    "time and a person will answer within ten working days.",
    "We may give examples in this section; they illustrate the rule and do not limit it.",
    "Some features described here may not be available in your region yet, and we will "
    "tell you in the app when they become available to you.",
    "When we say we may do something, we mean that we are allowed to do it, not that we "
    "will always do it, and we will act reasonably when we do.",
    "These rules also apply to people who use the service through an organisation, such "
    "as a school or an employer, unless that organisation has a separate agreement.",
]


def _section(number: int, title: str, topic: str, paragraphs: int = 1) -> str:
    sentences = [s.format(topic=topic, title_lower=title.lower()) for s in SENTENCES * paragraphs]
    per = len(SENTENCES)
    body = "".join(
        "<p>" + " ".join(sentences[i * per + k] for k in range(per) if (i + k) % 3) + "</p>"
        for i in range(paragraphs)
    )
    return f"<h2>{number}. {title}</h2>{body}"


def policy_body(sections: int = len(TOPICS)) -> str:
    return "".join(_section(i, t, topic) for i, (t, topic) in enumerate(TOPICS[:sections], start=1))


def page(main: str, outside: str = "") -> str:
    return (
        "<!doctype html><html><head><title>Terms of Service | Acme</title></head><body>"
        '<nav><a href="/">Home</a> <a href="/privacy">Privacy</a></nav>'
        f"{main}{outside}<footer>Acme Social, Inc. · 1 Main St, Portland</footer></body></html>"
    )


def policy_html() -> str:
    """The full terms: twelve sections, about 1,450 words, in ``main#content``."""
    return page(f'<main id="content"><h1>Acme Terms of Service</h1>{policy_body()}</main>')


def partial_html(sections: int) -> str:
    """Only the first ``sections`` sections are left in ``main#content``."""
    return page(f'<main id="content"><h1>Acme Terms of Service</h1>{policy_body(sections)}</main>')


def redesign_html() -> str:
    """A redesign: ``main#content`` now holds only the heading; the text moved beside it."""
    return page(
        '<main id="content"><h1>Acme Terms of Service</h1></main>',
        f'<div class="legal-layout"><article class="legal-body">{policy_body()}</article></div>',
    )


REWRITE = [
    (
        "About these terms",
        "These terms are an agreement between you and Acme Social, Inc., which runs the "
        "Acme service. By using Acme you accept them. We wrote them to be read: each "
        "section starts with what matters most. You must be at least 13 years old to use "
        "Acme, and you are responsible for what happens on your account. Keep your password "
        "to yourself and tell us at once if you think someone else has used it.",
    ),
    (
        "Using Acme",
        "You own what you post. You give us a worldwide licence to host, show and share "
        "it on the service, which ends when you delete it. Do not spam, scrape or harass "
        "anyone, and do not post anything that breaks the law. We may remove content that "
        "breaks these rules and will tell you why when we do. If you think we got it wrong, "
        "you can ask us to look again, and a person will review the decision.",
    ),
    (
        "Paid features",
        "Paid features are billed monthly in advance. You can cancel at any time in your "
        "settings, and the feature stays on until the end of the month you paid for. We "
        "do not refund partial months except where the law requires it. Prices include the "
        "taxes of your country; we will tell you a month ahead before any price goes up.",
    ),
    (
        "Ending the agreement",
        "You can leave at any time by deleting your account. We may suspend or close "
        "accounts that seriously or repeatedly break these terms, and we will give notice "
        "first unless that would put someone at risk. After an account is closed, you can "
        "still download your content for thirty days, and then we delete it.",
    ),
    (
        "Liability and disputes",
        "Acme is provided as is. Our liability is limited to the amount you paid us in the "
        "last twelve months, except where the law does not allow such a limit. These terms "
        "are governed by the laws of Oregon, and disputes go to the courts of Portland. "
        "If you live in the European Union, you may also bring a claim in the courts of "
        "your country, and the consumer law of your country still protects you.",
    ),
    (
        "Changes",
        "We will tell you about changes to these terms by e-mail 30 days before they take "
        "effect. If you do not agree with a change, you can leave before it applies. Small "
        "fixes, such as typos or clearer wording that changes nothing, take effect at once "
        "and are listed on this page with their date.",
    ),
]


def rewrite_html() -> str:
    """The company's real rewrite: six reworded sections, about 30% of the words."""
    body = "".join(
        f"<h2>{i}. {title}</h2><p>{text}</p>" for i, (title, text) in enumerate(REWRITE, start=1)
    )
    return page(f'<main id="content"><h1>Acme Terms of Service</h1>{body}</main>')
