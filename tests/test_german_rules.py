# ruff: noqa: E501  (whole sentences read better unbroken)
"""German clause rules (diffs/rules.py, "German"): one positive sentence and near misses
per category.  The sentences are written for these tests, in the usual wording of German
privacy policies and terms, Sie and du forms alike."""

from __future__ import annotations

import pytest

from diffs.flagger import Flagger, flag_text
from diffs.german import is_german
from diffs.model import load_model
from diffs.rules import GERMAN_CATEGORIES


def _flags(text: str) -> dict[str, str]:
    return {f.category: f.polarity for f in flag_text(text)}


POSITIVE = [
    (
        "data_sharing",
        "Wir geben Ihre personenbezogenen Daten an Dritte weiter, wenn dies zur Vertragserfüllung erforderlich ist.",
    ),
    ("data_sharing", "Wir können deine Nutzungsdaten an Werbepartner übermitteln."),
    (
        "data_sharing",
        "Im Falle einer Fusion können Ihre Daten an den Erwerber übertragen und offengelegt werden.",
    ),
    ("data_sharing", "Wir verwenden Ihre Nutzungsdaten für personalisierte Werbung."),
    ("data_retention", "Wir speichern Ihre Nachrichten für 30 Tage auf unseren Servern."),
    ("data_retention", "Protokolldaten werden nach sechs Monaten automatisch gelöscht."),
    ("data_retention", "Ihre Daten werden so lange aufbewahrt, wie Ihr Konto besteht."),
    (
        "data_retention",
        "Wenn Sie sich 24 Monate lang nicht anmelden, wird Ihr Konto mit allen Inhalten gelöscht.",
    ),
    (
        "data_location_and_transfers",
        "Ihre Daten können in Drittländer außerhalb des Europäischen Wirtschaftsraums übermittelt werden.",
    ),
    (
        "data_location_and_transfers",
        "Für die Übermittlung Ihrer Daten in die USA verwenden wir die Standardvertragsklauseln der EU-Kommission.",
    ),
    (
        "subprocessors",
        "Wir setzen externe Dienstleister ein, die Ihre Daten in unserem Auftrag verarbeiten.",
    ),
    (
        "subprocessors",
        "Unsere Auftragsverarbeiter sind vertraglich an unsere Weisungen gebunden und dürfen Ihre Daten nicht für eigene Zwecke nutzen.",
    ),
    ("unilateral_change", "Wir behalten uns vor, diese Nutzungsbedingungen jederzeit zu ändern."),
    ("unilateral_change", "Wir können diese Datenschutzerklärung von Zeit zu Zeit aktualisieren."),
    (
        "arbitration",
        "Alle Streitigkeiten werden durch ein Schiedsgericht in Singapur endgültig entschieden.",
    ),
    (
        "arbitration",
        "Sie stimmen zu, dass Ansprüche in einem verbindlichen Schiedsverfahren beigelegt werden.",
    ),
    ("jurisdiction", "Ausschließlicher Gerichtsstand für alle Streitigkeiten ist Berlin."),
    (
        "jurisdiction",
        "Für Klagen aus diesem Vertrag sind ausschließlich die Gerichte in Dublin zuständig.",
    ),
    (
        "choice_of_law",
        "Diese Bedingungen unterliegen deutschem Recht unter Ausschluss des UN-Kaufrechts.",
    ),
    ("choice_of_law", "Auf diesen Vertrag findet das Recht der Republik Irland Anwendung."),
    ("ai_training", "Wir nutzen Ihre Inhalte, um unsere KI-Modelle zu trainieren."),
    (
        "ai_training",
        "Deine Beiträge können verwendet werden, um Systeme der künstlichen Intelligenz zu verbessern und zu trainieren.",
    ),
    (
        "content_licence",
        "Mit dem Hochladen räumen Sie uns ein weltweites, unentgeltliches und übertragbares Nutzungsrecht an Ihren Inhalten ein.",
    ),
    ("content_licence", "Du gewährst uns eine nicht-exklusive Lizenz an deinen Fotos und Videos."),
    (
        "unilateral_termination",
        "Wir können Ihr Konto jederzeit und ohne Angabe von Gründen sperren.",
    ),
    (
        "unilateral_termination",
        "Wir behalten uns das Recht vor, den Vertrag fristlos zu kündigen und den Zugang zu entziehen.",
    ),
]

#: a sentence that mentions the words of a category but is not it
NEAR_MISSES = [
    ("data_sharing", "Sie können Fotos und Inhalte mit anderen Nutzern teilen."),
    ("data_sharing", "Sie können personalisierte Werbung in den Einstellungen deaktivieren."),
    ("data_sharing", "Ihre Daten werden auf Servern in Drittländern gespeichert."),
    ("data_retention", "Sie können Ihre Nachrichten innerhalb von 48 Stunden löschen."),
    ("data_retention", "Sie haben das Recht, die Löschung Ihrer gespeicherten Daten zu verlangen."),
    ("data_retention", "Sie können den Dienst 30 Tage lang kostenlos testen."),
    (
        "data_location_and_transfers",
        "Wenn Sie in die USA reisen, können Sie den Dienst weiterhin nutzen.",
    ),
    ("data_location_and_transfers", "Unser Unternehmen hat seinen Sitz in Deutschland."),
    ("subprocessors", "Sie können einen Dienstleister beauftragen, der Ihr Konto verwaltet."),
    (
        "subprocessors",
        "Wir sind nicht Auftragsverarbeiter und setzen keine Auftragsverarbeiter ein.",
    ),
    ("unilateral_change", "Sie können Ihre Einstellungen jederzeit ändern."),
    ("unilateral_change", "Du kannst dein Profil und deinen Benutzernamen jederzeit ändern."),
    (
        "arbitration",
        "Wir sind nicht bereit und nicht verpflichtet, an Streitbeilegungsverfahren vor einer Verbraucherschlichtungsstelle teilzunehmen.",
    ),
    ("arbitration", "Die Verbraucherschiedsstelle ist für Beschwerden zuständig."),
    ("jurisdiction", "Wir geben Ihre Daten nur auf gerichtliche Anordnung an Behörden heraus."),
    ("jurisdiction", "Sie können sich mit einer Beschwerde an die Aufsichtsbehörde wenden."),
    ("choice_of_law", "Sie haben das Recht, Auskunft über Ihre gespeicherten Daten zu verlangen."),
    (
        "choice_of_law",
        "Zwingende Verbraucherschutzvorschriften Ihres Wohnsitzlandes bleiben unberührt.",
    ),
    ("ai_training", "Wir bieten KI-Funktionen an, mit denen Sie Texte zusammenfassen können."),
    ("ai_training", "Sie können eigene Modelle mit unseren Werkzeugen trainieren."),
    (
        "content_licence",
        "Wir räumen Ihnen ein einfaches, nicht übertragbares Nutzungsrecht an der Software ein.",
    ),
    ("content_licence", "Sie behalten alle Rechte an Ihren Inhalten."),
    ("unilateral_termination", "Sie können Ihr Konto jederzeit löschen."),
    ("unilateral_termination", "Der Nutzer ist berechtigt, seinen Vertrag jederzeit zu kündigen."),
    ("unilateral_change", "Jeder Nutzer ist berechtigt, seine Kontaktdaten jederzeit zu ändern."),
    ("unilateral_termination", "Du kannst deinen Vertrag jederzeit zum Monatsende kündigen."),
]

#: promises: the category is there, but as a protection
PROMISES = [
    ("data_sharing", "Wir verkaufen Ihre personenbezogenen Daten nicht an Dritte."),
    ("data_sharing", "Wir geben deine Daten niemals an Werbetreibende weiter."),
    ("ai_training", "Wir verwenden Ihre Nachrichten nicht zum Training von KI-Modellen."),
    ("arbitration", "Ein Schiedsverfahren findet nicht statt."),
]


@pytest.mark.parametrize(("category", "sentence"), POSITIVE)
def test_german_rule_flags(category: str, sentence: str) -> None:
    assert _flags(sentence).get(category) == "grants", sentence


@pytest.mark.parametrize(("category", "sentence"), NEAR_MISSES)
def test_german_near_miss_is_no_flag(category: str, sentence: str) -> None:
    assert category not in _flags(sentence), sentence


@pytest.mark.parametrize(("category", "sentence"), PROMISES)
def test_german_promise_restricts(category: str, sentence: str) -> None:
    assert _flags(sentence).get(category) == "restricts", sentence


def test_every_german_category_is_tested() -> None:
    assert {c for c, _ in POSITIVE} == GERMAN_CATEGORIES == {c for c, _ in NEAR_MISSES}


def test_transcribed_umlauts_match() -> None:
    assert "unilateral_change" in _flags("Wir koennen diese Nutzungsbedingungen jederzeit aendern.")


def test_is_german() -> None:
    assert is_german("Wir geben Ihre Daten nicht an Dritte weiter.")
    assert not is_german("We may share your data with third parties.")
    assert not is_german("Die Hard is a film.")


class _NoGerman:
    """A model that fails when it is given German text."""

    def __init__(self) -> None:
        real = load_model()
        assert real is not None
        self.real = real
        self.categories = real.categories
        self.threshold = real.threshold
        self.trusted_rules = real.trusted_rules

    def scores(self, norm: str, rule_features=()):  # type: ignore[no-untyped-def]
        assert not is_german(norm), norm
        return self.real.scores(norm, rule_features)

    def top_features(self, norm: str, category: str, k: int = 3) -> list[str]:
        return self.real.top_features(norm, category, k)


def test_english_model_never_reads_german() -> None:
    flagger = Flagger(_NoGerman(), mode="model")  # type: ignore[arg-type]
    assert flagger.flag_text("Wir können diese Nutzungsbedingungen jederzeit ändern.")
    assert flagger.flag_text("We may share your information with advertisers and partners.")


# --- change events on German versions -------------------------------------------------------


def _events(old: str, new: str) -> tuple[str, set[tuple[str, str]]]:
    from diffs.analysis import analyse_change

    a = analyse_change(old, new)
    return a.headline, {(e.kind, e.category) for e in a.events if e.category}


def test_german_retention_change_has_a_concrete_headline() -> None:
    headline, events = _events(
        "# Datenschutz\n\nWir speichern Ihre Nachrichten für 30 Tage.\n",
        "# Datenschutz\n\nWir speichern Ihre Nachrichten für 90 Tage.\n",
    )
    assert ("modified", "data_retention") in events
    assert "30 days" in headline and "90 days" in headline


def test_german_sharing_added() -> None:
    head = "# Datenschutz\n\nSie können Ihr Konto jederzeit löschen.\n"
    headline, events = _events(head, head + "\nWir geben Ihre Daten an Werbepartner weiter.\n")
    assert events == {("added", "data_sharing")}
    assert "data-sharing" in headline.lower()


def test_switch_to_german_removes_nothing_the_german_rules_cannot_read() -> None:
    _, events = _events(
        "# Terms\n\nTo the maximum extent permitted by law, we are not liable for any "
        "indirect or consequential damages.\n\nYou must be at least 16 years old.\n",
        "# Nutzungsbedingungen\n\nSoweit gesetzlich zulässig, haften wir nicht für mittelbare "
        "Schäden oder Folgeschäden.\n\nSie müssen mindestens 16 Jahre alt sein.\n",
    )
    assert not any(c == "limitation_of_liability" for _, c in events)
