"""The User-Agent names whoever runs the crawl.

settings.py builds ``USER_AGENT`` from ``ARCHIVER_CONTACT_URL`` once, at import; an
operator who sets only ``-s ARCHIVER_CONTACT_URL=...`` (or a profile that does) would
otherwise still announce no contact to every site. A live crawl without a contact says so
once, when it starts: sites that want to reach the operator of a crawler have no way to.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from archiver import __version__

if TYPE_CHECKING:
    from scrapy.settings import Settings

logger = logging.getLogger(__name__)


def contact_user_agent(settings: Settings) -> None:
    """Rebuild USER_AGENT from a contact URL set above it, unless USER_AGENT was set too.

    Called once per live crawl; warns when no contact address reaches the sites."""
    contact = settings.get("ARCHIVER_CONTACT_URL") or ""
    contact_priority = settings.getpriority("ARCHIVER_CONTACT_URL") or 0
    if contact and contact_priority > (settings.getpriority("USER_AGENT") or 0):
        settings.set("USER_AGENT", f"archiver/{__version__} (+{contact})", contact_priority)
    agent = str(settings.get("USER_AGENT") or "")
    if not contact and "http" not in agent and "@" not in agent:
        logger.warning(
            "No contact address in the User-Agent (%s): set ARCHIVER_CONTACT_URL "
            "(-s ARCHIVER_CONTACT_URL=https://your.site/crawler or mailto:you@your.site) "
            "so that sites can reach whoever runs this crawl",
            settings.get("USER_AGENT"),
        )
