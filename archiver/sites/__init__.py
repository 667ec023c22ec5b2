"""Site profiles: one TOML file per site, packaged here or in a user folder (``--sites``).

``archiver crawl SITE`` looks the name up in the user folders first, then in this package;
``archiver crawl URL`` makes a default profile for that one site.
"""

from __future__ import annotations

from archiver.sites.loader import find_profile, profile_for, profile_names, profiles_by_host
from archiver.sites.profile import ProfileError, SiteProfile

__all__ = [
    "ProfileError",
    "SiteProfile",
    "find_profile",
    "profile_for",
    "profile_names",
    "profiles_by_host",
]
