"""Stage 8 and after: sections → the brief (`assemble.py`: overview, further reports,
numbered sources), rendered as Markdown, HTML or PDF through the Jinja templates
(`render.py`) or as JSON (`export.py`), written atomically with its run record
(`files.py`), and mailed as a digest (`mail.py`). `clusters.py` writes the clusters of
`briefing clusters`.

May import: models, settings, errors, `endpoint` (the run record), and `cluster.explain`
(for the clusters' JSON).
"""
