"""Briefs on disk: every file written atomically, and the run record beside the brief.

The run record (`<name>.run.json`) has one shape for `build` and `daily`: the brief's
title, the time it is "as of", the input report, and the LLM's record when a model
wrote sections.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import Any

from briefing.models import Brief


def write_atomically(path: Path, content: str | bytes) -> None:
    """Write to a temporary file beside `path`, then rename: never a half-written brief."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = content.encode("utf-8") if isinstance(content, str) else content
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.chmod(temporary, 0o666 & ~_umask())  # as open() would; mkstemp makes it 0600
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def run_record(brief: Brief) -> dict[str, Any]:
    """What the run did: the input report, and the LLM's record when one wrote sections."""
    record: dict[str, Any] = {
        "title": brief.title,
        "as_of": brief.generated_at.isoformat(),
        "report": asdict(brief.report),
    }
    if brief.record is not None:
        record["llm"] = brief.record.as_dict()
    return record


def write_run_record(path: Path, brief: Brief) -> Path:
    """The run record of `brief` at `path`, atomically."""
    write_atomically(path, json.dumps(run_record(brief), indent=2, ensure_ascii=False) + "\n")
    return path
