"""`briefing clusters`: how the articles group into topics, without summarising them."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Annotated

import typer

from briefing.cli.app import app, errors_as_messages, tell_report, warn, write_output
from briefing.cli.options import (
    BaseUrl,
    ConfigPath,
    EmbeddingModel,
    Embeddings,
    FromDay,
    Paths,
    Quiet,
    Timezone,
    ToDay,
    run_settings,
)  # fmt: skip
from briefing.cluster.explain import explain_cluster
from briefing.output.clusters import clusters_as_data, clusters_as_text
from briefing.pipeline import cluster_paths, make_clusterer, open_vectors
from briefing.settings import DEFAULT_TIMEZONE, Settings, llm_settings, load_config


@app.command()
def clusters(
    paths: Paths,
    date_from: FromDay = None,
    date_to: ToDay = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the clusters as JSON (format in the README).")] = False,
    explain: Annotated[bool, typer.Option("--explain", help="Show what ties each cluster together.")] = False,
    embeddings: Embeddings = Settings.embeddings,
    embedding_model: EmbeddingModel = None,
    base_url: BaseUrl = None,
    config: ConfigPath = None,
    timezone: Timezone = DEFAULT_TIMEZONE,
    quiet: Quiet = False,
) -> None:
    """Show how the articles group into topics, without summarising them."""
    with errors_as_messages():
        settings = replace(
            run_settings(date_from, date_to, timezone, None), embeddings=embeddings, embedding_model=embedding_model
        )
        endpoint = None
        loaded = load_config(config, required=False)
        if settings.embeddings == "endpoint":  # no chat model needed
            endpoint = llm_settings(loaded, {"base_url": base_url}, chat=False)
        clusterer = make_clusterer(settings, endpoint, open_vectors(loaded.llm.cache, None, warn))
        result = cluster_paths(paths, settings, clusterer)
        tell_report(result.report, quiet)
        explanations = {c.id: explain_cluster(c, clusterer) for c in result.clusters} if explain else {}
        if as_json:
            data = clusters_as_data(result.clusters, result.unclustered, explanations)
            write_output(json.dumps(data, ensure_ascii=False, indent=2) + "\n", None)
        else:
            write_output(clusters_as_text(result.clusters, result.unclustered, explanations), None)
