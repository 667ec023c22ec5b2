"""Downloader middlewares for live crawls that Scrapy does not ship."""
