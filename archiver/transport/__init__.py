"""Where responses come from: live HTTP, recorded fixture folders, or WARC files.

Replay sources answer requests through Scrapy's HTTP-cache seam (``storage.py``), so the
spider, extraction and output never know which transport is in use.
"""
