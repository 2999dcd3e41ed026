"""Voices (issue 16): direct quotes with who said them, German and English. The sentences here
are invented; the last test measures the hand-labelled quotes of benchmarks/voices_labelled.jsonl."""

import json

import pytest
from builders import ROOT, SHARED, build_article

from briefing.compare.voices import quotes_with_speakers, section_voices
from briefing.ingest import read_articles
from briefing.models import Article, Cluster, Coverage, Section, Statement, Voice
from briefing.settings import Settings
from briefing.summarise.segment import segment_articles
from briefing.text.names import fold

RUTTE_DE = (
    "Die Außenminister der NATO haben sich am Mittwoch in Brüssel getroffen. "
    "NATO-Generalsekretär Mark Rutte warb für mehr Hilfe für die Ukraine."
)


def voices_of(text: str, language: str = "de", **fields) -> list[Voice]:
    article = build_article(text, language=language, **fields)
    voices = quotes_with_speakers(article, segment_articles([article])[article.id])
    for voice in voices:  # every quote stands verbatim in the passage it cites first
        assert voice.quote in voice.citations[0].quote
        assert voice.citations[0].quote == article.text[voice.citations[0].start : voice.citations[0].end]
    return voices


def speakers(text: str, language: str = "de") -> list[str]:
    return [voice.speaker for voice in voices_of(text, language)]


# --- the speaker in the quote's sentence ---------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "„Wir werden die Ukraine weiter unterstützen“, sagte Rutte.",
        "„Wir werden die Ukraine weiter unterstützen“, so Rutte.",
        "Rutte sagte: „Wir werden die Ukraine weiter unterstützen.“",
        "Rutte: „Wir werden die Ukraine weiter unterstützen“",
        "Zur Lage in Kiew sagte Rutte: „Wir werden die Ukraine weiter unterstützen.“",
        "Laut Rutte gilt: „Wir werden die Ukraine weiter unterstützen.“",
        "»Wir werden die Ukraine weiter unterstützen«, sagte Rutte am Rande des Treffens.",
    ],
)
def test_german_speaker_patterns(sentence):
    assert speakers(f"{RUTTE_DE}\n{sentence}") == ["Mark Rutte"]


@pytest.mark.parametrize(
    "sentence",
    [
        '"We will keep supporting Ukraine," said Rubio.',
        '"We will keep supporting Ukraine," Rubio said.',
        '"We will keep supporting Ukraine," Rubio told reporters in Brussels.',
        'Rubio said: "We will keep supporting Ukraine."',
        'According to Rubio, "we will keep supporting Ukraine for as long as it takes."',
        "“We will keep supporting Ukraine,” Rubio, the secretary of state, said on Tuesday.",
    ],
)
def test_english_speaker_patterns(sentence):
    opening = "NATO foreign ministers met in Brussels on Wednesday. Secretary of State Marco Rubio joined them late."
    assert speakers(f"{opening}\n{sentence}", "en") == ["Marco Rubio"]


def test_a_role_and_title_before_the_name_are_not_part_of_it():
    (voice,) = voices_of("„Der Weg der Ukraine ist unumkehrbar“, erklärte der Minister Dr. Johann Wadephul in Berlin.")
    assert (voice.speaker, voice.role) == ("Johann Wadephul", "Minister")
    (voice,) = voices_of("„Die Lage bleibt sehr angespannt“, sagte NATO-Generalsekretär Mark Rutte.")
    assert (voice.speaker, voice.role) == ("Mark Rutte", "NATO-Generalsekretär")
    (voice,) = voices_of('"The alliance is ready to do more," said Foreign Minister Anna Berg of Sweden.', "en")
    assert (voice.speaker, voice.role) == ("Anna Berg", "Foreign Minister")


def test_a_role_in_an_apposition():
    (voice,) = voices_of('"Prices will stay high this winter," said Clara Weiss, chief economist at Nordbank.', "en")
    assert (voice.speaker, voice.role) == ("Clara Weiss", "chief economist")
    (voice,) = voices_of("„Die Preise bleiben hoch“, sagte Markus Eder, Chefvolkswirt der Inntaler Bank.")
    assert (voice.speaker, voice.role) == ("Markus Eder", "Chefvolkswirt")


def test_the_fullest_name_and_its_role_come_from_elsewhere_in_the_article():
    (voice,) = voices_of(f"{RUTTE_DE}\n„Wir stehen an der Seite der Ukraine“, so Rutte.")
    assert (voice.speaker, voice.role, len(voice.citations)) == ("Mark Rutte", "NATO-Generalsekretär", 1)


def test_the_listener_of_told_is_not_the_speaker():
    text = (
        'Omar Haddad met the reporter in Amman.\n"The border has been closed for weeks," Omar Haddad told Maria Lopez.'
    )
    assert speakers(text, "en") == ["Omar Haddad"]


def test_the_subject_of_a_reporting_verb_speaks_not_a_name_after_it():
    text = 'Pollster Tom Baxter said Harris "has put her party back into the race in every swing state."'
    assert speakers(text, "en") == ["Tom Baxter"]


# --- quotes that are no voice --------------------------------------------------------------


@pytest.mark.parametrize(
    "text, language",
    [
        ("„Die Lage an der Front bleibt äußerst schwierig“, hieß es in Regierungskreisen.", "de"),
        ("„Die Lage an der Front bleibt äußerst schwierig“, sagte ein Sprecher des Ministeriums.", "de"),
        ('"The situation at the front remains very difficult," a senior diplomat said.', "en"),
        ('"The situation at the front remains very difficult," said one official on the sidelines.', "en"),
        ('"The situation at the front remains very difficult," Downing Street said.', "en"),
        ('"The situation at the front remains very difficult," the ministry said in a statement.', "en"),
        ("Lehrer: „Wie heißen die Eisheiligen?“ Schüler: „Langnese, Schöller und Mövenpick.“", "de"),
        ("„Die Lage an der Front bleibt äußerst schwierig.“", "de"),
    ],
)
def test_a_quote_whose_speaker_cannot_be_found_is_no_voice(text, language):
    assert voices_of(text, language) == []


def test_a_short_scare_quote_or_a_title_is_no_voice():
    text = (
        f"{RUTTE_DE}\nRutte nannte die sogenannten „eingefrorenen Vermögen“ eine Frage für später. "
        "Rutte lobte die „Prioritised Ukraine Requirements List“ sehr."
    )
    assert voices_of(text) == []
    assert voices_of('"Paper tiger," said Rubio, who met Secretary of State Marco Rubio.', "en") == []


def test_an_article_in_another_language_has_no_voices():
    assert voices_of("« Nous ne céderons pas sur ce point », a déclaré Emmanuel Macron : « Jamais. »", "fr") == []


def test_a_quote_in_a_relative_clause_is_not_the_verbs_subjects():
    text = (
        f"{RUTTE_DE}\nDazu sprach Rutte über die Firmen, die sich an der Kampagne „Gemeinsam stark für "
        "Europa und die Ukraine“ beteiligt haben."
    )
    assert voices_of(text) == []


# --- pronouns, roles and the sentence before --------------------------------------------------


def test_a_pronoun_is_the_one_person_the_sentence_before_names():
    text = (
        "Die Ökonomin Dr. Lena Brandt hält den Beschluss für richtig. „Das war überfällig und ist gut so“, sagte sie."
    )
    (voice,) = voices_of(text)
    assert (voice.speaker, voice.role) == ("Lena Brandt", "Ökonomin")
    assert [citation.passage_id for citation in voice.citations] == ["a1#p1", "a1#p0"]


def test_an_english_pronoun_may_follow_in_the_next_paragraph():
    text = (
        "Senator Lindsey Graham spoke to reporters on Monday.\n“The state has become much more competitive,” he said."
    )
    assert speakers(text, "en") == ["Lindsey Graham"]


@pytest.mark.parametrize(
    "text, language",
    [
        ("Lena Brandt traf Jonas Weber in Kiel. „Das war überfällig und ist gut so“, sagte sie.", "de"),
        ("Er kritisiert, dass Jonas Weber zu spät kam. „Das war überfällig und ist gut so“, sagte er.", "de"),
        ("Die Kommission tagte am Montag. „Das war überfällig und ist gut so“, sagte sie.", "de"),
        ('Rubio met David Lammy in London. "That was long overdue and a good thing," he said.', "en"),
        ('The decision was welcomed. "That was long overdue and a good thing," she said.', "en"),
    ],
)
def test_a_pronoun_in_doubt_is_no_voice(text, language):
    assert voices_of(text, language) == []


def test_a_pronoun_is_not_a_name_after_it_in_its_own_sentence():
    text = "Lena Brandt sprach in Kiel. „Das war überfällig und ist gut so“, sagte er über Jonas Weber."
    assert voices_of(text) == []


@pytest.mark.parametrize(
    "text, language",
    [
        ("Die Ministerin entließ Staatssekretär Max Müller. „Das war überfällig und gut so“, sagte sie.", "de"),
        ('The president met Senator Anna Berg. "That was long overdue and a good thing," she said.', "en"),
    ],
)
def test_a_pronoun_is_in_doubt_beside_someone_named_by_a_role_alone(text, language):
    assert voices_of(text, language) == []


def test_words_someone_else_said_are_not_the_reporters():
    text = 'Jonas Weber said Lena Brandt had told him: "We will not sign this agreement before the summer."'
    assert voices_of(text, "en") == []
    text = "Jonas Weber sagte, Lena Brandt habe erklärt: „Wir werden das Abkommen nicht vor dem Sommer unterschreiben.“"
    assert voices_of(text) == []


def test_a_second_reporting_verb_shares_the_subject_of_the_first():
    text = (
        'Foreign Secretary Vikram Misri spoke in New Delhi. "All it has done is deny and accuse," Misri said '
        'and added that Pakistan had "a reputation as a haven for terrorists."'
    )
    assert speakers(text, "en") == ["Vikram Misri", "Vikram Misri"]


def test_a_bare_role_is_the_person_of_the_sentence_before_who_holds_it():
    text = (
        "Am Abend traf Außenminister Johann Wadephul in Brüssel ein. "
        "„Wir brauchen jetzt mehr Druck auf Moskau“, sagte der Außenminister."
    )
    assert speakers(text) == ["Johann Wadephul"]
    other = "Am Abend traf Außenminister Johann Wadephul ein. „Wir brauchen jetzt mehr Druck“, sagte der Kanzler."
    assert voices_of(other) == []


def test_a_quote_alone_continues_the_speaker_of_the_sentence_before():
    text = "„Wir sind auf alles vorbereitet“, sagte Jonas Weber. „Niemand muss sich heute Sorgen machen.“"
    voices = voices_of(text)
    assert [voice.speaker for voice in voices] == ["Jonas Weber", "Jonas Weber"]
    assert [citation.passage_id for citation in voices[1].citations] == ["a1#p1", "a1#p0"]


def test_a_quote_alone_after_another_paragraph_has_no_speaker():
    text = "„Wir sind auf alles vorbereitet“, sagte Jonas Weber.\n„Niemand muss sich heute Sorgen machen.“"
    assert speakers(text) == ["Jonas Weber"]


def test_voices_have_the_articles_language():
    (voice,) = voices_of('"We will keep supporting Ukraine," said Marco Rubio.', "en")
    assert voice.language == "en"


# --- choosing a section's voices ---------------------------------------------------------------


def section_with(articles: list[Article]) -> Section:
    cluster = Cluster("c1", articles, label="NATO")
    statement = Statement(articles[0].text, [])
    return Section(cluster, "NATO", [statement], "extractive", Coverage.of(cluster))


def test_section_voices_prefer_distinct_speakers_then_outlets_and_stop_at_most():
    first = build_article(
        "„Wir stehen fest an der Seite der Ukraine“, sagte Mark Rutte. "
        "„Die Hilfe für die Ukraine geht ohne Pause weiter“, sagte Mark Rutte. "
        "„Der Druck auf Moskau muss jetzt steigen“, sagte Johann Wadephul.",
        id="a1",
        source="Hanse Kurier",
        language="de",
    )
    second = build_article(
        '"Europe must be in the room when peace is discussed," said Marco Rubio. '
        '"We stand firmly with Ukraine for as long as it takes," said Mark Rutte.',
        id="a2",
        source="Berlin Ledger",
    )
    third = build_article(
        '"Sanctions on Russia will tighten again next month," said Kaja Kallas.', id="a3", source="Hanse Kurier"
    )
    articles = [first, second, third]
    passages = segment_articles(articles)
    chosen = section_voices(section_with(articles), passages)
    assert [voice.speaker for voice in chosen] == ["Mark Rutte", "Marco Rubio", "Johann Wadephul"]
    assert [voice.speaker for voice in section_voices(section_with(articles), passages, most=2)] == [
        "Mark Rutte",
        "Marco Rubio",
    ]
    assert section_voices(section_with(articles), passages, most=5)[3].speaker == "Kaja Kallas"
    assert section_voices(section_with(articles), passages) == chosen  # the same order every time


def test_section_voices_take_the_same_quote_from_two_outlets_once():
    quote = "„Wir stehen fest an der Seite der Ukraine“, sagte Mark Rutte."
    articles = [
        build_article(quote, id="a1", source="Hanse Kurier", language="de"),
        build_article(quote, id="a2", source="Rheinische Abendpost", language="de"),
    ]
    assert len(section_voices(section_with(articles), segment_articles(articles))) == 1


def test_section_voices_prefer_substantive_quotes_from_news():
    news = build_article(
        "„Das ist sehr gut“, sagte Mark Rutte. „Wir stehen fest an der Seite der Ukraine“, sagte Johann Wadephul.",
        id="a1",
        source="Hanse Kurier",
        language="de",
    )
    comment = build_article(
        "„Die Allianz hat sich heute als geschlossen und handlungsfähig erwiesen“, sagte Kaja Kallas.",
        id="a2",
        source="Rheinische Abendpost",
        title="Kommentar: Einig in Brüssel",
        language="de",
    )
    passages = segment_articles([comment, news])
    assert len(quotes_with_speakers(news, passages["a1"])) == 2  # "Das ist sehr gut" is a voice, but a short one
    chosen = section_voices(section_with([comment, news]), passages, most=1)
    assert [voice.speaker for voice in chosen] == ["Johann Wadephul"]


def test_section_voices_prefer_a_clause_to_a_list():
    article = build_article(
        "„Flugzeuge, Panzer, Schiffe, Drohnen und Raketen“, sagte Mark Rutte. "
        "„Die Allianz muss jetzt deutlich mehr produzieren“, sagte Mark Rutte.",
        id="a1",
        source="Hanse Kurier",
        language="de",
    )
    (voice,) = section_voices(section_with([article]), segment_articles([article]), most=1)
    assert voice.quote == "Die Allianz muss jetzt deutlich mehr produzieren"


# --- the labelled quotes -----------------------------------------------------------------------


def surname(name: str | None) -> str:
    return fold(name.split()[-1]) if name else ""


def test_precision_on_the_labelled_quotes():
    """benchmarks/voice_quality.py's precision: a wrong speaker is worse than none."""
    if not (SHARED / "seeds").is_dir():
        pytest.skip("../shared/seeds is not beside this checkout")
    rows = [json.loads(line) for line in (ROOT / "benchmarks" / "voices_labelled.jsonl").read_text().splitlines()]
    correct = wrong = 0
    for file in sorted({row["file"] for row in rows}):
        path = ROOT / file if file.startswith("examples/") else SHARED / file
        if not path.exists():
            continue
        labelled = [row for row in rows if row["file"] == file]
        articles, _ = read_articles([path], Settings())
        articles = [a for a in articles if a.id in {row["id"] for row in labelled} or not file.startswith("data/")]
        passages = segment_articles(articles)
        for article in articles:
            for voice in quotes_with_speakers(article, passages[article.id]):
                citation = voice.citations[0]
                start = citation.start + citation.quote.index(voice.quote)
                end = start + len(voice.quote)
                row = next(
                    (
                        r
                        for r in labelled
                        if r["id"] == article.id and r["offset"] < end and start < r["offset"] + r["length"]
                    ),
                    None,
                )
                if row is not None and row["speaker"] and surname(row["speaker"]) == surname(voice.speaker):
                    correct += 1
                else:
                    wrong += 1
    assert correct >= 50
    assert correct / (correct + wrong) >= 0.95
