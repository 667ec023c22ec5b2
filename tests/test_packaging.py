"""What a user expects of an installed package: a version, licence metadata, type hints,
and a crawl that says so when nobody can be reached through its User-Agent."""

from __future__ import annotations

import logging
import tomllib
from importlib.metadata import metadata
from pathlib import Path

import pytest
from scrapy.settings import Settings

from archiver import __version__
from archiver.politeness import contact_user_agent
from tests.conftest import ROOT, run_cli
from tests.crawl_helpers import scripted_site

ARTICLE = (
    b"<html lang='en'><head><title>A story</title></head><body><article><h1>A story</h1>"
    + b"<p>" + b"Words of the story, one after another. " * 30 + b"</p></article></body></html>"
)  # fmt: skip


def test_version_option_prints_the_package_version() -> None:
    proc = run_cli("--version")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith(f"archiver {__version__} (Scrapy 2.")


def test_one_version_source() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    assert "version" not in project and project["dynamic"] == ["version"]
    assert metadata("archiver")["Version"] == __version__


def test_licence_and_typing_markers_are_installed() -> None:
    meta = metadata("archiver")
    assert meta["License-Expression"] == "Apache-2.0"
    assert "Apache License" in (ROOT / "LICENSE").read_text("utf-8")[:200]
    assert (ROOT / "archiver" / "py.typed").exists()
    assert meta["Requires-Python"] == ">=3.11"
    # Ranges for users, exact pins only in the CI constraints file.
    assert not [r for r in meta.get_all("Requires-Dist") or [] if "==" in r.split(";")[0]]


def test_constraints_pin_every_dependency() -> None:
    pins = {
        line.split("==")[0].lower().replace("_", "-")
        for line in (ROOT / ".ci" / "constraints.txt").read_text("utf-8").splitlines()
        if "==" in line and not line.startswith("#")
    }
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    wanted = project["dependencies"] + project["optional-dependencies"]["test"]
    names = {r.split(">")[0].split("<")[0].split("=")[0].strip().lower() for r in wanted}
    assert names - pins == set()


def _settings(**cmdline: str) -> Settings:
    settings = Settings()
    settings.setmodule("archiver.settings", priority="project")
    settings.setdict(cmdline, priority="cmdline")
    return settings


def test_no_contact_warns_and_keeps_the_plain_agent(caplog: pytest.LogCaptureFixture) -> None:
    settings = _settings()
    with caplog.at_level(logging.WARNING, logger="archiver.politeness"):
        contact_user_agent(settings)
    assert settings["USER_AGENT"] == f"archiver/{__version__}"
    warnings = [r.getMessage() for r in caplog.records]
    assert len(warnings) == 1 and "ARCHIVER_CONTACT_URL" in warnings[0]


def test_a_contact_silences_the_warning(caplog: pytest.LogCaptureFixture) -> None:
    for settings in (
        _settings(ARCHIVER_CONTACT_URL="mailto:desk@lab.example"),
        _settings(USER_AGENT="labbot/2 (+https://lab.example/bot)"),
    ):
        with caplog.at_level(logging.WARNING, logger="archiver.politeness"):
            contact_user_agent(settings)
    assert caplog.records == []
    assert _settings(ARCHIVER_CONTACT_URL="mailto:desk@lab.example")["USER_AGENT"] == (
        f"archiver/{__version__}"
    )  # rebuilt by contact_user_agent, not at import


def test_a_live_crawl_without_contact_warns_once(tmp_path: Path) -> None:
    with scripted_site() as site:
        site.page("/", b"<html><body><a href='/a.html'>a</a></body></html>")
        site.page("/a.html", ARTICLE)
        proc = run_cli(
            "crawl", site.url("/"), "--output-dir", str(tmp_path),
            "-s", "ARCHIVER_PROGRESS=0", "-s", "SPIDERMON_ENABLED=0",
        )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stderr.count("No contact address in the User-Agent") == 1
    assert "progress:" not in proc.stderr  # ARCHIVER_PROGRESS=0: switched off
