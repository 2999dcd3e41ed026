"""Language tools that every stage shares: words and stems (`terms.py`), the language of
a text (`language.py`), one spelling for a name (`names.py`), multilingual embeddings
(`embeddings.py`), and per-article work in two processes (`parallel.py`).

May import: models, settings, errors, `endpoint` (for embeddings from an endpoint).
"""
