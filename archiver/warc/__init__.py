"""WARC capture of live crawls: every raw response, with its request, before extraction.

``middleware.py`` is the Scrapy component (switched by ``ARCHIVER_WARC_ENABLED``);
``files.py`` writes and rotates the files; ``digests.py`` remembers archived payloads so an
unchanged page becomes a ``revisit`` record instead of a second copy. Reading WARCs back is
a transport: ``archiver.transport.warc``.
"""
