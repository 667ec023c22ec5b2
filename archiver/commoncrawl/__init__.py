"""Common Crawl as a source: CC-NEWS files streamed whole, or main-crawl records found in
its CDX index and fetched with range requests (docs/commoncrawl.md).

Records go through the news spider's pipelines like a replay's; their ``warc_file`` and
``warc_offset`` point into Common Crawl, so one range request re-reads any of them.
"""
