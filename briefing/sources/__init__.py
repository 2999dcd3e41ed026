"""Where articles wait between runs: RSS/Atom feeds fetched over HTTP (`fetch.py`; the
checked, deadline-bound GET in `http.py`, the address rules of `[sources] allow_hosts` in
`addresses.py`, teaser pages in `pages.py`) into the SQLite article store (`store.py`),
which `build` and `daily` read.

May import: models, settings, errors, `ingest` (to read a feed's items as articles).
"""
