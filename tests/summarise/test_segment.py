from builders import build_article

from briefing.summarise.segment import segment_article, sentence_spans


def texts(text: str, language: str = "de") -> list[str]:
    return [text[start:end] for start, end in sentence_spans(text, language)]


def test_german_abbreviations_ordinals_and_quotes_stay_inside_sentences():
    text = (
        "Das gilt z. B. für Panzer. Zum 1. Mal kamen alle am 3. Dezember zusammen. "
        "„Wir stehen zusammen“, sagte Rutte. Der Etat stieg um 3,5 Prozent."
    )
    assert texts(text) == [
        "Das gilt z. B. für Panzer.",
        "Zum 1. Mal kamen alle am 3. Dezember zusammen.",
        "„Wir stehen zusammen“, sagte Rutte.",
        "Der Etat stieg um 3,5 Prozent.",
    ]


def test_lines_are_segmented_separately_and_headings_are_their_own_passage():
    text = "Rutte lobt die USA\nDer NATO-Chef äußerte sich am Morgen. Danach reiste er ab.\n\nEin Absatz."
    assert texts(text) == ["Rutte lobt die USA", "Der NATO-Chef äußerte sich am Morgen.", "Danach reiste er ab.", "Ein Absatz."]


def test_passages_point_into_the_article_text_with_stable_ids():
    article = build_article("  First sentence here.  Second one follows!\n\n  Third line  ", id="x")
    passages = segment_article(article)
    assert [p.id for p in passages] == ["x#p0", "x#p1", "x#p2"]
    assert all(article.text[p.start : p.end] == p.text for p in passages)
    assert [p.text for p in passages] == ["First sentence here.", "Second one follows!", "Third line"]
    assert segment_article(article) == passages  # the same text gives the same ids


def test_every_seed_passage_is_an_exact_slice(seeds_dir):
    from briefing.ingest import read_articles
    from briefing.settings import Settings

    articles, _ = read_articles([seeds_dir], Settings())
    for article in articles:
        passages = segment_article(article)
        assert len(passages) > 10
        assert all(article.text[p.start : p.end] == p.text and p.text.strip() == p.text for p in passages)


def test_two_processes_give_exactly_what_one_gives():
    from briefing.summarise.segment import PARALLEL_FROM_ARTICLES, segment_articles

    articles = [
        build_article(f"Bericht {k}: Das gilt z. B. für Panzer. Zum {k}. Mal trafen sich alle.", id=f"a{k}", language="de")
        for k in range(PARALLEL_FROM_ARTICLES + 1)
    ]
    parallel = segment_articles(articles)
    assert list(parallel) == [a.id for a in articles]
    assert all(parallel[a.id] == segment_article(a) for a in articles)
