"""Find a profile by name: user folders first (so a user can override a shipped one)."""

from __future__ import annotations

from collections.abc import Iterable
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path
from urllib.parse import urlsplit

from archiver.sites.profile import ProfileError, SiteProfile


def _packaged() -> list[Traversable]:
    """Through importlib.resources: the package may be inside a zipped egg (scrapyd)."""
    folder = resources.files("archiver.sites")
    return sorted((p for p in folder.iterdir() if p.name.endswith(".toml")), key=lambda p: p.name)


def _candidates(user_dirs: Iterable[str | Path]) -> list[Traversable]:
    found: list[Traversable] = []
    for folder in user_dirs:
        path = Path(folder)
        if not path.is_dir():
            raise ProfileError(f"sites folder not found: {path}")
        found.extend(sorted(path.glob("*.toml")))
    return found + _packaged()


def _stem(path: Traversable) -> str:
    return path.name.removesuffix(".toml")


def profile_names(user_dirs: Iterable[str | Path] = ()) -> list[str]:
    return sorted({_stem(p) for p in _candidates(user_dirs)})


def find_profile(site: str, user_dirs: Iterable[str | Path] = ()) -> SiteProfile:
    """A profile by name, or the default profile when ``site`` is an http(s) URL."""
    if site.startswith(("http://", "https://")):
        return SiteProfile.for_url(site)
    dirs = list(user_dirs)
    for path in _candidates(dirs):
        if _stem(path) == site:
            return SiteProfile.from_file(path)
    known = ", ".join(profile_names(dirs)) or "none"
    raise ProfileError(f"no site profile named {site!r} (known: {known}); or give a URL")


def profiles_by_host(user_dirs: Iterable[str | Path] = ()) -> dict[str, SiteProfile]:
    """Every profile (user folders first, then the packaged ones) by each of its domains."""
    dirs = list(user_dirs)
    by_host: dict[str, SiteProfile] = {}
    for name in profile_names(dirs):
        profile = find_profile(name, dirs)
        for domain in profile.domains:
            by_host.setdefault(domain.strip().lower().rstrip("."), profile)
    return by_host


def profile_for(url: str, profiles: dict[str, SiteProfile]) -> SiteProfile | None:
    """The profile of the URL's host, or of the nearest parent domain that has one."""
    host = (urlsplit(url).hostname or "").rstrip(".")
    while host:
        if host in profiles:
            return profiles[host]
        _, _, host = host.partition(".")
    return None
