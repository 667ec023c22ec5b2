"""Find a profile by name: user folders first (so a user can override a shipped one)."""

from __future__ import annotations

from collections.abc import Iterable
from importlib import resources
from pathlib import Path

from archiver.sites.profile import ProfileError, SiteProfile


def _packaged() -> list[Path]:
    folder = resources.files("archiver.sites")
    return sorted(Path(str(p)) for p in folder.iterdir() if p.name.endswith(".toml"))


def _candidates(user_dirs: Iterable[str | Path]) -> list[Path]:
    found: list[Path] = []
    for folder in user_dirs:
        path = Path(folder)
        if not path.is_dir():
            raise ProfileError(f"sites folder not found: {path}")
        found.extend(sorted(path.glob("*.toml")))
    return found + _packaged()


def profile_names(user_dirs: Iterable[str | Path] = ()) -> list[str]:
    return sorted({p.stem for p in _candidates(user_dirs)})


def find_profile(site: str, user_dirs: Iterable[str | Path] = ()) -> SiteProfile:
    """A profile by name, or the default profile when ``site`` is an http(s) URL."""
    if site.startswith(("http://", "https://")):
        return SiteProfile.for_url(site)
    dirs = list(user_dirs)
    for path in _candidates(dirs):
        if path.stem == site:
            return SiteProfile.from_file(path)
    known = ", ".join(profile_names(dirs)) or "none"
    raise ProfileError(f"no site profile named {site!r} (known: {known}); or give a URL")
