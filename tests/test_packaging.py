"""An installed wheel carries its templates and prompts: it works outside the checkout."""

import subprocess
import sys
import zipfile

from builders import EXAMPLES, ROOT


def test_a_wheel_installed_elsewhere_finds_its_templates(tmp_path):
    build = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", tmp_path, ROOT]
    subprocess.run([str(part) for part in build], check=True)
    (wheel,) = tmp_path.glob("briefing-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "briefing/templates/brief.html.j2" in names and "briefing/templates/brief.md.j2" in names
    assert any(name.startswith("briefing/prompts/") for name in names)
    assert any(name.endswith("entry_points.txt") for name in names)

    site = tmp_path / "site"
    install = [sys.executable, "-m", "pip", "install", "--no-deps", "--no-index", "-q", "--target", site, wheel]
    subprocess.run([str(part) for part in install], check=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    command = [sys.executable, "-m", "briefing", "build", EXAMPLES / "articles", "--from", "2025-12-02", "--to", "2025-12-03"]
    result = subprocess.run(
        [str(part) for part in command],
        cwd=elsewhere, env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin", "XDG_CACHE_HOME": str(tmp_path / "cache")},
        capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("# News brief") and "## Sources" in result.stdout
    where = subprocess.run(
        [sys.executable, "-c", "import briefing.settings as r; print(r.templates_folder())"],
        cwd=elsewhere, env={"PYTHONPATH": str(site)}, capture_output=True, text=True, check=True,
    )
    assert where.stdout.strip() == str(site / "briefing" / "templates")
