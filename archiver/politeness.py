"""The User-Agent names whoever runs the crawl.

settings.py builds ``USER_AGENT`` from ``ARCHIVER_CONTACT_URL`` once, at import; an
operator who sets only ``-s ARCHIVER_CONTACT_URL=...`` (or a profile that does) would
otherwise still announce the project's default contact to every site.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from archiver import __version__

if TYPE_CHECKING:
    from scrapy.settings import Settings


def contact_user_agent(settings: Settings) -> None:
    """Rebuild USER_AGENT from a contact URL set above it, unless USER_AGENT was set too."""
    contact_priority = settings.getpriority("ARCHIVER_CONTACT_URL") or 0
    if contact_priority > (settings.getpriority("USER_AGENT") or 0):
        contact = settings["ARCHIVER_CONTACT_URL"]
        settings.set("USER_AGENT", f"archiver/{__version__} (+{contact})", contact_priority)
