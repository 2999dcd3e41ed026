"""Where articles wait between runs: RSS/Atom feeds fetched over HTTP (`fetch.py`) into
the SQLite article store (`store.py`), which `build` and `daily` read.

May import: models, settings, errors, `ingest` (to read a feed's items as articles).
"""
