"""Stage 8: what a section's reports say together, beyond its statements: the voices
(key quotes with their speakers, `voices.py`), where the outlets report differently
(`differences.py`), and how many outlets carry each statement (`corroboration.py`).

Everything here quotes passages, so it holds offline; with an endpoint, quotes gain a
checked translation and disagreements a written form, each side verified like a statement.
May import: models, settings, errors, `text`, `endpoint`, `verify`, `summarise`.
"""
