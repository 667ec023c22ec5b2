"""What carries over from one crawl of a site to the next, and across a killed crawl.

A SQLite file in the output folder remembers each article URL's content hash, version and
HTTP validators, which runs were started and finished, and which URLs each run has
finished. Scrapy's JOBDIR keeps the request queue across a clean stop; this state is what
keeps records exactly-once across an unclean one (SIGKILL, power cut of the process).
"""
