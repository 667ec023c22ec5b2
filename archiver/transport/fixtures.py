"""Fixture folders: ``body.html`` + ``info.json`` (+ ``expected.json``), at any depth.

``info.json`` is ``{"url", "fetched_at", "status"?, "headers"?}``; other tools write these
folders too, so the names are a fixed interface.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from archiver.extract.fetched import isoformat, parse_fetched_at
from archiver.transport.entry import MAX_BODY, Entry, Problem, TooLarge

BODY, INFO, EXPECTED = "body.html", "info.json", "expected.json"
# body.html is stored decoded: headers that describe the wire encoding no longer apply.
_WIRE_HEADERS = {"content-encoding", "transfer-encoding", "content-length"}


def fixture_dirs(root: Path) -> list[Path]:
    """Every folder under ``root`` (or ``root`` itself) that holds a ``body.html``."""
    if (root / BODY).is_file():
        return [root]
    return sorted(p.parent for p in root.rglob(BODY))


def read_info(folder: Path) -> dict[str, object]:
    """The validated info.json of a fixture folder; ValueError says what is wrong."""
    path = folder / INFO
    if not path.is_file():
        raise ValueError("missing info.json")
    try:
        info = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise ValueError(f"info.json is not valid JSON: {exc}") from exc
    if not isinstance(info, dict):
        raise ValueError("info.json is not a JSON object")
    if not isinstance(info.get("url"), str) or not info["url"].startswith(("http://", "https://")):
        raise ValueError("info.json has no http(s) 'url'")
    if not isinstance(info.get("fetched_at"), str):
        raise ValueError("info.json has no 'fetched_at'")
    info["fetched_at"] = isoformat(parse_fetched_at(info["fetched_at"]))
    headers = info.get("headers", {})
    if not isinstance(headers, dict):
        raise ValueError("info.json 'headers' is not an object")
    status = info.get("status", 200)
    if not isinstance(status, int):
        raise ValueError("info.json 'status' is not an integer")
    return info


class _Body:
    """A fixture's body.html, measured on disk before it is read (stored decoded)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __call__(self, max_size: int = MAX_BODY) -> bytes:
        if max_size and self.path.stat().st_size > max_size:
            raise TooLarge(str(self.path), max_size)
        return self.path.read_bytes()


def scan(root: Path) -> Iterator[Entry | Problem]:
    for folder in fixture_dirs(root):
        try:
            info = read_info(folder)
        except ValueError as exc:
            yield Problem(str(folder), "bad_fixture", f"fixture {folder}: {exc}")
            continue
        body_path = folder / BODY
        headers = {
            str(k): str(v)
            for k, v in dict(info.get("headers") or {}).items()  # type: ignore[call-overload]
            if str(k).lower() not in _WIRE_HEADERS
        }
        yield Entry(
            key=str(folder),
            url=str(info["url"]),
            fetched_at=str(info["fetched_at"]),
            status=int(info.get("status", 200)),  # type: ignore[call-overload]
            headers=headers,
            load_body=_Body(body_path),
        )


def write_fixture(
    folder: Path, body: bytes, url: str, fetched_at: str, headers: dict[str, str] | None = None
) -> Path:
    """A fixture folder holding ``body`` as captured at ``fetched_at`` from ``url``."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / BODY).write_bytes(body)
    info: dict[str, object] = {"url": url, "fetched_at": fetched_at}
    if headers:
        info["headers"] = headers
    (folder / INFO).write_text(json.dumps(info), encoding="utf-8")
    return folder
