"""archiver.meta is the one place that names request.meta keys, each with its documentation."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from archiver import meta
from tests.conftest import ROOT

PACKAGE = ROOT / "archiver"
META = PACKAGE / "meta.py"
# "archiver_..." strings that are not meta keys: the JSON keys of the WARC metadata record.
WARC_FILES = PACKAGE / "warc" / "files.py"
NOT_META = {"archiver_hints": {WARC_FILES}, "archiver_site_rules": {WARC_FILES}}


def documented_keys() -> dict[str, str]:
    """Each constant of archiver/meta.py with the docstring that follows it."""
    body = ast.parse(META.read_text(encoding="utf-8")).body
    keys: dict[str, str] = {}
    for node, after in zip(body, body[1:], strict=False):
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            doc = after.value.value if isinstance(after, ast.Expr) else None
            keys[node.target.id] = doc if isinstance(doc, str) else ""
    return keys


def test_every_key_is_documented_with_setter_and_reader() -> None:
    keys = documented_keys()
    assert {"HINTS", "ROLE", "START", "ARTICLE", "REPLAY_KEY", "FETCHED_AT"} <= set(keys)
    for name, doc in keys.items():
        assert "set" in doc.lower() and "read" in doc.lower(), f"{name}: who sets it, who reads it"
    values = [getattr(meta, name) for name in keys]
    assert len(set(values)) == len(values)


def test_no_other_module_spells_a_meta_key() -> None:
    values = {getattr(meta, name) for name in documented_keys()}
    found: list[str] = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path == META:
            continue
        for literal in re.findall(r"[\"'](archiver_[a-z_]+)[\"']", path.read_text("utf-8")):
            if path not in NOT_META.get(literal, set()):
                found.append(f"{path.relative_to(ROOT)}: {literal}")
    assert found == []
    assert "archiver_hints" in values  # the WARC record's key only mirrors the meta key


def test_the_warc_middleware_does_not_import_the_spider() -> None:
    source = Path(PACKAGE / "warc" / "middleware.py").read_text(encoding="utf-8")
    assert "archiver.spiders" not in source
