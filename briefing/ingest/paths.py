"""From what the user named (files, folders, glob patterns) to the files to read, each with
the kind of reader it needs."""

from __future__ import annotations

import glob
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from briefing.ingest.files import read_head
from briefing.models import Problem

Kind = Literal["text", "records", "html", "feed"]

KIND_BY_SUFFIX: dict[str, Kind] = {
    ".txt": "text",
    ".md": "text",
    ".markdown": "text",
    ".json": "records",
    ".jsonl": "records",
    ".ndjson": "records",
    ".html": "html",
    ".htm": "html",
    ".xml": "feed",
    ".rss": "feed",
    ".atom": "feed",
}
# Files that describe a folder rather than hold an article (the shared data sets have a
# README.md beside their articles). Skipped when walking a folder, read when named.
NOT_ARTICLES_IN_FOLDERS = frozenset({"readme", "license", "licence", "changelog", "notice"})
_GLOB_CHARACTERS = frozenset("*?[")
_SNIFF_BYTES = 1024


@dataclass(frozen=True)
class InputFile:
    path: Path  # as the user wrote it (joined with a folder's relative path), not resolved
    kind: Kind


def expand_paths(paths: Sequence[str | Path]) -> tuple[list[InputFile], list[Problem]]:
    """Every article file the paths name, each once, in a stable order; Problems for the rest."""
    files: list[InputFile] = []
    problems: list[Problem] = []
    seen: set[Path] = set()
    for given in paths:
        found, problem = _files_named_by(str(given))
        if problem:
            problems.append(problem)
        for file in found:
            if file.path.resolve() not in seen:
                seen.add(file.path.resolve())
                files.append(file)
    return files, problems


def _files_named_by(given: str) -> tuple[list[InputFile], Problem | None]:
    path = Path(given)
    if path.is_file():
        return [InputFile(path, kind_of_named_file(path))], None
    if path.is_dir():
        return _folder(path)
    if path.exists():
        return [], Problem(given, "not a regular file or folder")
    if _GLOB_CHARACTERS & set(given):
        return _pattern(given)
    return [], Problem(given, "no such file or folder")


def _folder(folder: Path) -> tuple[list[InputFile], Problem | None]:
    found = [InputFile(path, KIND_BY_SUFFIX[path.suffix.lower()]) for path in _walk(folder)]
    if not found:
        suffixes = " ".join(sorted(KIND_BY_SUFFIX))
        return [], Problem(str(folder), f"no article files in this folder (looked for {suffixes})")
    return found, None


def _pattern(pattern: str) -> tuple[list[InputFile], Problem | None]:
    found: list[InputFile] = []
    for match in sorted(glob.glob(pattern, recursive=True)):
        path = Path(match)
        if path.is_dir():
            found.extend(_folder(path)[0])
        elif path.is_file():
            found.append(InputFile(path, kind_of_named_file(path)))
    if not found:
        return [], Problem(pattern, "no article file matches this pattern")
    return found, None


def _walk(folder: Path) -> Iterator[Path]:
    """Article files under `folder`, sorted, skipping hidden files and folders."""
    for root, folders, names in os.walk(folder):
        folders[:] = sorted(name for name in folders if not name.startswith("."))
        for name in sorted(names):
            path = Path(root, name)
            if _is_article_file_name(path):
                yield path


def _is_article_file_name(path: Path) -> bool:
    return (
        not path.name.startswith(".")
        and path.suffix.lower() in KIND_BY_SUFFIX
        and path.stem.lower() not in NOT_ARTICLES_IN_FOLDERS
    )


def kind_of_named_file(path: Path) -> Kind:
    """By extension; a file named with another extension is sniffed by its first bytes."""
    return KIND_BY_SUFFIX.get(path.suffix.lower()) or sniff_kind(read_head(path, _SNIFF_BYTES))


def sniff_kind(head: bytes) -> Kind:
    """Feed if it starts like XML/RSS/Atom, HTML like a web page, records like JSON, else text."""
    start = head.removeprefix(b"\xef\xbb\xbf").lstrip().lower()
    if start.startswith(b"<?xml"):
        return "html" if b"<html" in start else "feed"
    if start.startswith((b"<rss", b"<feed", b"<rdf")):
        return "feed"
    if start.startswith((b"<!doctype", b"<html")):
        return "html"
    if start.startswith((b"{", b"[")):
        return "records"
    return "text"
