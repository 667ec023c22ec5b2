"""Finding article URLs before fetching them: sitemaps, feeds and link rules.

Each module turns one kind of document into URLs plus the date signals it carries, so the
spider can put those signals on the request (``request.meta[HINTS]``) for extraction.
"""
