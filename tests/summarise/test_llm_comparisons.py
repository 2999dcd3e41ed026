"""What the model adds to the comparison of a section's reports, against a scripted server:
where the outlets differ (each side one outlet, verified and judged) and the voices in
translation (checked against the quote's passage and judged)."""

import json
import re

import pytest
from builders import EXAMPLES, RANGE, assert_citations_verified
from openai_script import (
    QUOTE,
    ScriptedOpenAI,
    faithful_model,
    faithful_verdict,
    is_judge_prompt,
    judge_verdicts,
    reply_json,
    reply_text,
    status,
)
from typer.testing import CliRunner

from briefing.cli import app

DIFFERENCES_PROMPT = "comparing how different outlets"
TRANSLATION_PROMPT = "You translate short quotations"
PASSAGE_WITH_OUTLET = re.compile(r'<passage id="(P\d+)" outlet="([^"]*)"[^>]*>(.*?)</passage>', re.DOTALL)
TRANSLATED = " (translated)"

# The sections of the examples, by their clusters' labels (the record's `where`).
NATO = "NATO ministers meet in Brussels as Rubio stays away"
KREMLIN = "Ukraine-Plan: Kreml sieht nach Witkoff-Treffen noch offene Fragen"
# What tells the sections' differences prompts apart: a passage each one shows.
NATO_MARK = "nearly four hours"
KREMLIN_MARK = "Das Treffen dauerte nach russischen Angaben rund fünf Stunden"
PENSION = "Rentenpaket: Koalition wirbt vor der Abstimmung um jede Stimme"
PENSION_MARK = "Haltelinie, die das Rentenniveau bis 2031"
GAS = "EU agrees to phase out Russian gas imports by 2027"  # Continental Wire (en), Rheinische Abendpost (de)
GAS_MARK = "Für Pipelinegas aus langfristigen Lieferverträgen"

# The disagreements the scripted model names (topics: what the brief shows).
DIPLOMAT = "Where the quoted diplomat comes from"  # Rheinische Abendpost vs Berlin Ledger, an attribution: kept
HOURS = "How long Witkoff and Putin talked"  # Hanse Kurier vs Berlin Ledger, a figure (the plain run): kept
SAME_OUTLET = "Two Berlin Ledger passages"  # both sides one outlet: dropped
MIXED_SIDE = "A side from two outlets"  # one side cites Hanse Kurier and Rheinische Abendpost: dropped
CONSTRUCTIVE = "Who called the talks constructive"  # Tagesfunk Elbaue vs Berlin Ledger, an attribution: kept
SIX_HOURS = "Length of the Kremlin talks"  # a side with a number its passage lacks: dropped by the checks
NEXT_CONTACTS = "What comes next with Kyiv"  # a side the judge finds not stated: dropped
GAS_QUOTES = "Who is quoted on the ban"  # each side quotes its outlet verbatim, in its language (the plain run)
# The Rheinische Abendpost's side of DIPLOMAT, in English (its passage quotes in German:
# quoted verbatim, a statement in English would be a translation not marked as one).
NORTHERN_DIPLOMAT = ("A senior diplomat from a northern member state said on the sidelines of the meeting "
                     "that the security of the continent cannot be decided without them.")  # fmt: skip
# What the scripted judge finds not stated, though the passages carry it word for word.
DOUBTED = ("Man warte zunächst auf eine Unterrichtung", "Wir sind mit einem blauen Auge davongekommen")

# The voices' translations, by the start of the German quote: (text, what becomes of it).
TRANSLATIONS = {
    "Wer bei Sicherheitsgarantien": (
        "Whoever wants a say on security guarantees must also say what they themselves are prepared to contribute",
        "set",
    ),
    "Die Haltelinie ist ein Versprechen": (
        "The holding line is a promise to the older generation; its financing remains a question for the younger one",
        "set",
    ),
    "Das Verbot schafft Planungssicherheit": (
        "The ban creates planning certainty, even if prices could rise somewhat in the short term",
        "set",
    ),
    "Die letzte Meile zur Zwei-Prozent-Marke": (  # a wrong number
        "The last mile to the three percent mark is the hardest, because service prices are only slowly easing",
        "number",
    ),
    "Fünf Stunden Gespräch zeigen": (  # the negation flipped
        "Five hours of talks show that both sides are serious, and that is already a result",
        "negation",
    ),
    "Wir sind mit einem blauen Auge davongekommen": (  # echoed: no translation, never checked or judged
        "Wir sind mit einem blauen Auge davongekommen",
        "echo",
    ),
}
FAITHFUL_TRANSLATIONS = {text for text, fate in TRANSLATIONS.values() if fate == "set"}
# What the scripted judge finds supported though not word for word in its sources.
FAITHFUL = FAITHFUL_TRANSLATIONS | {NORTHERN_DIPLOMAT}


def system_of(request) -> str:
    return request["messages"][0]["content"]


def prompt_of(request) -> str:
    return request["messages"][1]["content"]


def passage(request, words: str) -> tuple[str, str, str]:
    """(label, outlet, text) of the one passage in the prompt that contains `words`."""
    (found,) = [p for p in PASSAGE_WITH_OUTLET.findall(prompt_of(request)) if words in p[2]]
    return found


def side(text: str, *cited: tuple[str, str, str]) -> dict:
    return {"text": text, "cites": [label for label, _, _ in cited]}


def point(topic: str, kind: str, first: dict, second: dict) -> dict:
    return {"topic": topic, "kind": kind, "first": first, "second": second}


def hours_point(request) -> dict:
    """The talks' length: Hanse Kurier says about five hours, Berlin Ledger nearly four."""
    five = passage(request, "rund fünf Stunden mit Kremlchef")
    four = passage(request, NATO_MARK)
    assert (five[1], four[1]) == ("Hanse Kurier", "Berlin Ledger")
    return point(HOURS, "figure", side(five[2], five), side(four[2], four))


def nato_points(request) -> list[dict]:
    """Whose diplomat was quoted (Rheinische Abendpost: a northern European state's;
    Berlin Ledger: a central European state's), and two points whose sides are not one
    outlet each."""
    northern = passage(request, "eines nordeuropäischen Mitgliedstaats")  # Rheinische Abendpost
    central = passage(request, "a diplomat from a central European member state")  # Berlin Ledger
    calm = passage(request, "Rutte sought to calm the mood")  # Berlin Ledger
    aid = passage(request, "argue for steady military aid")  # Berlin Ledger
    assured = passage(request, "versicherte, die Unterstützung für Kiew")  # Hanse Kurier
    played_down = passage(request, "die Abwesenheit herunterzuspielen")  # Rheinische Abendpost
    wire_rutte = passage(request, "saw no reason to read a message")  # Continental Wire
    assert [p[1] for p in (northern, central, calm, aid, assured, played_down, wire_rutte)] == [
        "Rheinische Abendpost", "Berlin Ledger", "Berlin Ledger", "Berlin Ledger", "Hanse Kurier",
        "Rheinische Abendpost", "Continental Wire"]  # fmt: skip
    return [
        point(DIPLOMAT, "attribution", side(NORTHERN_DIPLOMAT, northern), side(central[2], central)),
        point(SAME_OUTLET, "figure", side(calm[2], calm), side(aid[2], aid)),
        point(MIXED_SIDE, "denial", side(assured[2], assured, played_down), side(wire_rutte[2], wire_rutte)),
    ]


def kremlin_points(request) -> list[dict]:
    """Who called the talks constructive (kept), the talks' length with a number changed,
    and a point the judge doubts."""
    kremlin = passage(request, "seien konstruktiv gewesen")  # Tagesfunk Elbaue
    ushakov = passage(request, "useful and constructive")  # Berlin Ledger
    hours = passage(request, "rund fünf Stunden lang")  # Tagesfunk Elbaue
    five = passage(request, "met for about five hours")  # Berlin Ledger
    waiting = passage(request, DOUBTED[0])  # Alpenblick Zeitung
    contacts = passage(request, "further contacts with the Ukrainian side")  # Berlin Ledger
    assert "fünf" in hours[2]
    return [
        point(CONSTRUCTIVE, "attribution", side(kremlin[2], kremlin), side(ushakov[2], ushakov)),
        point(SIX_HOURS, "figure", side(hours[2].replace("fünf", "sechs"), hours), side(five[2], five)),
        point(NEXT_CONTACTS, "denial", side(waiting[2], waiting), side(contacts[2], contacts)),
    ]


def scripted_verdict(statement: str, sources: list[str]) -> str:
    """Faithful (word for word), but doubting DOUBTED and trusting FAITHFUL;
    a translation is compared without its "(translated)"."""
    plain = statement.removesuffix(TRANSLATED)
    if plain.startswith(DOUBTED):
        return "not_stated"
    if plain in FAITHFUL:
        return "supported"
    return faithful_verdict(plain, sources)


def translations(request):
    answers = []
    for qid, quote in QUOTE.findall(prompt_of(request)):
        text = next((text for start, (text, _) in TRANSLATIONS.items() if quote.startswith(start)), quote)
        answers.append({"id": qid, "text": text})
    return reply_json({"translations": answers})


def disagreeing_model(request):
    """A careful model that names disagreements in the NATO and Kremlin sections, and
    translates the voices as TRANSLATIONS says; its judge is `scripted_verdict`."""
    if is_judge_prompt(request):
        return judge_verdicts(request, scripted_verdict)
    if DIFFERENCES_PROMPT in system_of(request):
        if NATO_MARK in prompt_of(request):
            return reply_json({"differences": nato_points(request)})
        if KREMLIN_MARK in prompt_of(request):
            return reply_json({"differences": kremlin_points(request)})
        return reply_json({"differences": []})
    if TRANSLATION_PROMPT in system_of(request):
        return translations(request)
    return faithful_model(request)


def gas_point(request) -> dict:
    """Each side quoting its own outlet word for word: the German outlet in German, the
    English one in English ("the language of the passages", as the prompt asks without --language)."""
    okafor = passage(request, "Das Verbot schafft Planungssicherheit")  # Rheinische Abendpost
    official = passage(request, "For years we paid for our own vulnerability")  # Continental Wire
    return point(GAS_QUOTES, "attribution", side(okafor[2], okafor), side(official[2], official))


def plain_model(request):
    """Faithful, but naming how long the talks lasted in the NATO section and who is quoted
    in the gas section; the Kremlin section's differences answer is always a 500, the
    pension section's is not JSON."""
    if not is_judge_prompt(request) and DIFFERENCES_PROMPT in system_of(request):
        if NATO_MARK in prompt_of(request):
            return reply_json({"differences": [hours_point(request)]})
        if GAS_MARK in prompt_of(request):
            return reply_json({"differences": [gas_point(request)]})
        if KREMLIN_MARK in prompt_of(request):
            return status(500)
        if PENSION_MARK in prompt_of(request):
            return reply_text('{"differences": [ this is not json')
    return faithful_model(request)


def run_cli(model, folder, *extra):
    """`briefing build` of the examples against a server answering `model`: the brief, the
    run record, every request, and the folder."""
    with ScriptedOpenAI(default=model) as server:
        arguments = ["build", EXAMPLES / "articles", *RANGE, "--llm", "--model", "scripted-model",
                     "--base-url", server.base_url, "--out", folder / "brief.json", *extra]  # fmt: skip
        result = CliRunner().invoke(app, [str(a) for a in arguments], catch_exceptions=False,
                                    env={"XDG_CACHE_HOME": str(folder / "cache")})  # fmt: skip
        requests = [request.json for request in server.requests]
    assert result.exit_code == 0, result.output
    brief = json.loads((folder / "brief.json").read_text())
    record = json.loads((folder / "brief.run.json").read_text())["llm"]
    assert_citations_verified(brief)
    assert_comparisons_verified(brief)
    return brief, record, requests


def assert_comparisons_verified(brief: dict) -> None:
    """Every citation of a voice or a side of a difference quotes its article exactly, is a
    numbered source, and each side's outlets are those of the articles it cites."""
    articles = brief["articles"]
    sources = {source["number"]: source["passage_id"] for source in brief["sources"]}
    for section in brief["sections"]:
        citations = [c for voice in section["voices"] for c in voice["citations"]]
        for difference in section["differences"]:
            for s in difference["sides"]:
                citations += s["citations"]
                assert s["outlets"] == sorted({articles[c["article_id"]]["source"] for c in s["citations"]})
        for c in citations:
            assert c["quote"] == articles[c["article_id"]]["text"][c["start"] : c["end"]]
            assert c["passage_id"].startswith(c["article_id"] + "#")
            assert sources[c["number"]] == c["passage_id"]


def section_for(brief: dict, label: str) -> dict:
    (section,) = [s for s in brief["sections"] if s["cluster"]["label"] == label]
    return section


def voice_of(brief: dict, speaker: str) -> dict:
    (voice,) = [v for s in brief["sections"] for v in s["voices"] if v["speaker"] == speaker]
    return voice


def asked(requests: list[dict], system_words: str) -> list[dict]:
    return [r for r in requests if r and not is_judge_prompt(r) and system_words in system_of(r)]


def judged_in(record: dict, where: str) -> dict[str, str]:
    """Statement → the judge's verdict, of what was judged where the record's section ends with `where`."""
    return {e["statement"]: e["verdict"] for e in record["judged"] if e["section"].endswith(where)}


def dropped_in(record: dict, where: str) -> dict[str, str]:
    """Statement → why it was dropped, of what was dropped where the record's section ends with `where`."""
    return {e["statement"]: " ".join(e["reasons"]) for e in record["dropped"] if e["section"].endswith(where)}


@pytest.fixture(scope="module")
def english(tmp_path_factory):
    """One run with --language en and the disagreeing model, rendered as Markdown, HTML and JSON."""
    folder = tmp_path_factory.mktemp("english")
    brief, record, requests = run_cli(disagreeing_model, folder, "--language", "en", "--format", "md,html,json")
    return brief, record, requests, folder


@pytest.fixture(scope="module")
def plain(tmp_path_factory):
    """One run without --language, two of whose differences answers fail (one retry for the 500s)."""
    folder = tmp_path_factory.mktemp("plain")
    config = folder / "briefing.toml"
    config.write_text("[llm]\nmax_retries = 1\n")
    return run_cli(plain_model, folder, "--config", config)


# Where reports differ


def test_a_disagreement_between_two_outlets_is_kept_before_the_offline_ones(english):
    brief, record, requests, _ = english
    nato = section_for(brief, NATO)
    assert nato["method"] == "llm"
    assert [d["topic"] for d in nato["differences"]] == [DIPLOMAT, "hours"]  # the model's, then the offline figure
    diplomat, offline = nato["differences"]
    assert diplomat["kind"] == "attribution" and offline["kind"] == "figure"
    first, second = diplomat["sides"]
    assert first["outlets"] == ["Rheinische Abendpost"] and second["outlets"] == ["Berlin Ledger"]
    assert first["text"] == NORTHERN_DIPLOMAT and "central European" in second["text"]
    assert ["nordeuropäischen Mitgliedstaats" in c["quote"] for c in first["citations"]] == [True]
    assert [c["quote"] for c in second["citations"]] == [second["text"]]
    # both sides were judged, and found supported
    assert judged_in(record, f"{NATO}: where reports differ") == {first["text"]: "supported",
                                                                   second["text"]: "supported"}  # fmt: skip
    kremlin = section_for(brief, KREMLIN)
    (constructive,) = kremlin["differences"]
    assert constructive["topic"] == CONSTRUCTIVE and constructive["kind"] == "attribution"
    assert [s["outlets"] for s in constructive["sides"]] == [["Tagesfunk Elbaue"], ["Berlin Ledger"]]
    # asked once per section with two outlets or more, the passages' ids an enum of the schema
    prompts = asked(requests, DIFFERENCES_PROMPT)
    assert len(prompts) == sum(len(s["coverage"]["outlets"]) > 1 for s in brief["sections"])
    schema = json.dumps(prompts[0]["response_format"]["json_schema"]["schema"])
    assert '"P1"' in schema and "attribution" in schema


def test_a_figure_the_offline_comparison_found_too_is_shown_once_as_the_model_wrote_it(plain):
    brief, record, _ = plain
    nato = section_for(brief, NATO)
    (hours,) = nato["differences"]  # the offline "hours" cites the same two passages: it gives way
    assert hours["topic"] == HOURS and hours["kind"] == "figure"
    first, second = hours["sides"]
    assert first["outlets"] == ["Hanse Kurier"] and second["outlets"] == ["Berlin Ledger"]
    assert "rund fünf Stunden" in first["text"] and "nearly four hours" in second["text"]
    assert [c["quote"] for c in first["citations"]] == [first["text"]]
    assert [c["quote"] for c in second["citations"]] == [second["text"]]
    assert set(judged_in(record, f"{NATO}: where reports differ").values()) == {"supported"}


def test_without_a_language_each_side_may_quote_its_outlet_in_its_own_language(plain):
    brief, record, requests = plain
    (prompt,) = [prompt_of(r) for r in asked(requests, DIFFERENCES_PROMPT) if GAS_MARK in prompt_of(r)]
    assert "Write in: the language of the passages" in prompt and section_for(brief, GAS)["language"] == "en"
    assert dropped_in(record, f"{GAS}: where reports differ") == {}
    assert [d["topic"] for d in section_for(brief, GAS)["differences"]] == [GAS_QUOTES]


def test_sides_that_are_not_one_outlet_each_are_dropped_before_any_check(english):
    brief, record, _, _ = english
    topics = [d["topic"] for s in brief["sections"] for d in s["differences"]]
    assert SAME_OUTLET not in topics and MIXED_SIDE not in topics
    # only the kept point's two sides reached the checks and the judge; nothing else was dropped there
    where = f"{NATO}: where reports differ"
    assert len(judged_in(record, where)) == 2
    assert set(dropped_in(record, where).values()) == {"its two sides do not each cite passages of one outlet, two different outlets"}
    printed = json.dumps([s["differences"] for s in brief["sections"]], ensure_ascii=False)
    assert "Rutte sought to calm the mood" not in printed and "versicherte, die Unterstützung" not in printed


def test_a_side_its_passages_do_not_carry_or_the_judge_doubts_drops_the_point(english):
    brief, record, _, _ = english
    topics = [d["topic"] for s in brief["sections"] for d in s["differences"]]
    assert SIX_HOURS not in topics and NEXT_CONTACTS not in topics
    where = f"{KREMLIN}: where reports differ"
    dropped = dropped_in(record, where)
    (six,) = [text for text in dropped if "sechs Stunden" in text]
    assert "sechs" in dropped[six] and "not in the cited passages" in dropped[six]  # the deterministic checks
    (doubted,) = [text for text in dropped if text.startswith(DOUBTED[0])]
    assert "not stated" in dropped[doubted]  # the judge
    judged = judged_in(record, where)
    assert judged[doubted] == "not_stated" and six not in judged  # what fails the checks is never judged
    # the sides that held are judged supported, but their points fall with the other side
    held = [text for text, verdict in judged.items() if verdict == "supported"]
    assert any("met for about five hours" in text for text in held)
    assert any("further contacts with the Ukrainian side" in text for text in held)
    printed = json.dumps(brief, ensure_ascii=False)
    assert "sechs Stunden" not in printed and NEXT_CONTACTS not in printed


def test_a_failing_differences_answer_leaves_the_sections_and_says_why(plain):
    brief, record, requests = plain
    assert len(brief["sections"]) == 6 and {s["method"] for s in brief["sections"]} == {"llm"}
    assert all(len(s["statements"]) >= 2 for s in brief["sections"]) and record["fallbacks"] == []
    kremlin_asked = [r for r in asked(requests, DIFFERENCES_PROMPT) if KREMLIN_MARK in prompt_of(r)]
    assert len(kremlin_asked) == 2  # asked, then once more (max_retries = 1)
    (kremlin_error,) = [e for e in record["errors"] if e.startswith(f"{KREMLIN}: where reports differ")]
    assert "500" in kremlin_error
    (pension_error,) = [e for e in record["errors"] if e.startswith(f"{PENSION}: where reports differ")]
    assert "JSON" in pension_error
    assert len(record["errors"]) == 2
    # nothing is invented where the answers failed; the sections keep their statements and voices
    assert section_for(brief, KREMLIN)["differences"] == [] and section_for(brief, PENSION)["differences"] == []
    assert section_for(brief, KREMLIN)["voices"] and section_for(brief, PENSION)["voices"]
    assert brief["overview"] and brief["watch"]


# Voices in translation


def test_the_german_voices_are_sent_for_translation_and_faithful_ones_are_set(english):
    brief, _, requests, _ = english
    voices = [v for s in brief["sections"] for v in s["voices"]]
    prompts = asked(requests, TRANSLATION_PROMPT)
    sent = [quote for r in prompts for _, quote in QUOTE.findall(prompt_of(r))]
    assert sorted(sent) == sorted(v["quote"] for v in voices if v["language"] == "de") and len(sent) == 6
    assert all('language="de"' in prompt_of(r) and "Translate into: English" in prompt_of(r) for r in prompts)
    english_voices = [v for v in voices if v["language"] == "en"]
    assert english_voices and all(v["translation"] is None for v in english_voices)
    for start, (text, fate) in TRANSLATIONS.items():
        (voice,) = [v for v in voices if v["quote"].startswith(start)]
        assert voice["translation"] == (text if fate == "set" else None), voice["speaker"]
    assert voice_of(brief, "Miriam Kessler")["translation"] == TRANSLATIONS["Wer bei Sicherheitsgarantien"][0]


def test_a_translation_with_a_wrong_number_a_flipped_negation_or_only_the_quote_is_dropped(english):
    brief, record, _, _ = english
    dropped = dropped_in(record, ": voices in translation")  # of every section
    by_fate = {fate: text + TRANSLATED for text, fate in TRANSLATIONS.values()}
    assert set(dropped) == {by_fate["number"], by_fate["negation"], by_fate["echo"]}
    assert "three" in dropped[by_fate["number"]] and "not in the cited passages" in dropped[by_fate["number"]]
    assert "positive where the cited passage is negative" in dropped[by_fate["negation"]]
    assert "repeats the quote" in dropped[by_fate["echo"]]
    judged = judged_in(record, ": voices in translation")
    assert not {by_fate["number"], by_fate["negation"], by_fate["echo"]} & set(judged)  # the checks came first
    assert all(judged[text + TRANSLATED] == "supported" for text in FAITHFUL_TRANSLATIONS)
    # the voices whose translations failed stay, untranslated
    for speaker in ("Markus Eder", "Lukas Brenner", "Anke Petersen"):
        assert voice_of(brief, speaker)["translation"] is None and voice_of(brief, speaker)["quote"]


def test_without_a_language_no_translation_is_asked_for(plain):
    brief, record, requests = plain
    assert asked(requests, TRANSLATION_PROMPT) == [] and "voice_translation" not in record["by_prompt"]
    voices = [v for s in brief["sections"] for v in s["voices"]]
    assert any(v["language"] == "de" for v in voices) and all(v["translation"] is None for v in voices)


# Renders


def test_markdown_and_html_show_the_kept_difference_and_the_translation(english):
    _, _, _, folder = english
    translation = TRANSLATIONS["Wer bei Sicherheitsgarantien"][0]
    markdown = (folder / "brief.md").read_text()
    html = (folder / "brief.html").read_text()
    for rendered in (markdown, html):
        assert "Where reports differ" in rendered and f"{DIPLOMAT}:" in rendered and f"{CONSTRUCTIVE}:" in rendered
        assert "Translation, checked against the quote:" in rendered and translation in rendered
        assert NORTHERN_DIPLOMAT in rendered and "central European member state" in rendered
        for text, fate in TRANSLATIONS.values():
            if fate != "echo":  # the echo is the quote itself, shown anyway
                assert (text in rendered) == (fate == "set")
        assert SIX_HOURS not in rendered and NEXT_CONTACTS not in rendered and SAME_OUTLET not in rendered
    # each side after its outlet, whatever the layout around them
    assert f"_{DIPLOMAT}:_" in markdown and f"Rheinische Abendpost: {NORTHERN_DIPLOMAT}" in markdown
    assert f"_Translation, checked against the quote:_ {translation}" in markdown
    assert f"<em>{DIPLOMAT}:</em>" in html
    assert re.search(rf"Rheinische Abendpost:</span>\s*<span[^>]*>{re.escape(NORTHERN_DIPLOMAT)}</span>", html)
    assert re.search(rf"<em>Translation, checked against the quote:</em>\s*{re.escape(translation)}", html)
