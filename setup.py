"""For ``scrapyd-deploy``, which builds the project's egg with ``setup.py bdist_egg``.

Everything (metadata, packages, package data, the ``scrapy`` settings entry point scrapyd
reads) comes from pyproject.toml; this file only gives the legacy command a way in.
"""

from setuptools import setup

setup()
