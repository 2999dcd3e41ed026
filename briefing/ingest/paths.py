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
BROKEN_LINK = "a symbolic link that loops or leads nowhere; not read"
NO_ARTICLE_FILES = "no article files in this folder"
_SNIFF_BYTES = 1024


@dataclass(frozen=True)
class InputFile:
    path: Path  # as the user wrote it (joined with a folder's relative path), not resolved
    kind: Kind


def expand_paths(paths: Sequence[str | Path]) -> tuple[list[InputFile], list[Problem]]:
    """Every article file the paths name, each once, in a stable order; Problems for the rest.

    A symlink named on the command line is followed wherever it leads. One met in a folder
    (or matched by a glob) is followed only to a file inside that folder (the glob's fixed
    leading folders): `passwd.txt -> /etc/passwd` dropped into a shared folder is refused
    with a Problem naming the link. A link that loops or leads nowhere is a Problem too."""
    files: list[InputFile] = []
    problems: list[Problem] = []
    seen: set[Path] = set()
    for given in paths:
        found, found_problems = _files_named_by(str(given))
        problems.extend(found_problems)
        for file in found:
            identity = _real_path(file.path) or file.path.absolute()
            if identity not in seen:
                seen.add(identity)
                files.append(file)
    return files, problems


def _files_named_by(given: str) -> tuple[list[InputFile], list[Problem]]:
    path = Path(given)
    if path.is_file():
        return [InputFile(path, kind_of_named_file(path))], []
    if path.is_dir():
        return _folder(path, inside=path)
    if path.is_symlink():  # it exists, yet leads to nothing
        return [], [Problem(given, BROKEN_LINK)]
    if path.exists():
        return [], [Problem(given, "not a regular file or folder")]
    if _GLOB_CHARACTERS & set(given):
        return _pattern(given)
    return [], [Problem(given, "no such file or folder")]


def _folder(folder: Path, inside: Path) -> tuple[list[InputFile], list[Problem]]:
    """The article files under `folder`; a symlink among them only if it leads inside `inside`."""
    found: list[InputFile] = []
    refused: list[Problem] = []
    root = _real_path(inside)
    for path in _walk(folder):
        refusal = _link_refusal(path, inside, root) if path.is_symlink() else None
        if refusal:
            refused.append(Problem(str(path), refusal))
        else:
            found.append(InputFile(path, KIND_BY_SUFFIX[path.suffix.lower()]))
    if not found and not refused:
        suffixes = " ".join(sorted(KIND_BY_SUFFIX))
        return [], [Problem(str(folder), f"{NO_ARTICLE_FILES} (looked for {suffixes})")]
    return found, refused


def _pattern(pattern: str) -> tuple[list[InputFile], list[Problem]]:
    """What a glob matches; a match reached through a symlink only if it stays inside the
    pattern's fixed leading folders (`news` for `news/**/*.txt`)."""
    found: list[InputFile] = []
    refused: list[Problem] = []
    base = _fixed_part(pattern)
    root = _real_path(base)
    for match in sorted(glob.glob(pattern, recursive=True)):
        path = Path(match)
        refusal = _link_refusal(path, base, root)
        if refusal:
            refused.append(Problem(match, refusal))
        elif path.is_dir():
            folder_files, folder_problems = _folder(path, inside=base)
            found.extend(folder_files)
            refused.extend(problem for problem in folder_problems if not problem.reason.startswith(NO_ARTICLE_FILES))
        elif path.is_file():
            found.append(InputFile(path, kind_of_named_file(path)))
    if not found and not refused:
        return [], [Problem(pattern, "no article file matches this pattern")]
    return found, refused


def _fixed_part(pattern: str) -> Path:
    """The folders a glob pattern names before its first wildcard; `.` if none."""
    fixed: list[str] = []
    for part in Path(pattern).parts[:-1]:
        if _GLOB_CHARACTERS & set(part):
            break
        fixed.append(part)
    return Path(*fixed) if fixed else Path(".")


def _link_refusal(path: Path, inside: Path, root: Path | None) -> str | None:
    """Why `path`, met in the folder `inside` (really `root`), is not read; None if it may be."""
    target = _real_path(path)
    if target is None:
        return BROKEN_LINK
    if root is not None and target.is_relative_to(root):
        return None
    return f"a symbolic link to {target}, outside {inside}; not read (name the link itself to read it)"


def _real_path(path: Path) -> Path | None:
    """`path` with every symlink resolved; None for a link that loops or leads nowhere."""
    try:
        return path.resolve(strict=True)
    except (OSError, RuntimeError):  # RuntimeError: a loop, on Python 3.11
        return None


def _walk(folder: Path) -> Iterator[Path]:
    """Article files under `folder`, sorted, skipping hidden files and folders. Links to
    folders are not walked into (os.walk does not follow them)."""
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
