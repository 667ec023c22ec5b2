"""Titles and authors as pages without JSON-LD would get them, beside trafilatura's.

Pages nobody tuned for declare JSON-LD less often than the development pages do, so the
fallbacks decide more of them. ``archiver eval metadata CORPUS --without-jsonld`` scores
title exact and authors F1 six ways on the same pages: this project and trafilatura's own
metadata (``trafilatura.extract_metadata``, what ``bare_extraction`` returns), each on the
page as it is and on the page with every ``<script type="application/ld+json">`` removed.

Trafilatura gives its authors as one string ("Jane Doe; John Roe"); it is split and cleaned
by ``extract.authors.split_names`` as this project's own sources are, so both are scored on
the same footing. Its title is scored as given, and again after this project's cleaning
(site name and section suffixes stripped, ``extract.title``), which is how it would weigh
as one more title signal (the two "cleaned" rows).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from archiver.evaluate.extraction import CORPUS_CONTENT_TYPE, Page

# The script element whole, with its type written in any case or quoting.
_JSONLD = re.compile(
    rb"<script\b[^>]*?\btype\s*=\s*[\"']?\s*application/ld\+json\s*[\"']?[^>]*>.*?</script\s*>",
    re.I | re.S,
)


def strip_jsonld(html: bytes) -> bytes:
    """The page with its JSON-LD blocks removed and everything else left as it was."""
    return _JSONLD.sub(b"", html)


@dataclass
class TitleAuthors:
    title: str | None
    authors: list[str]


def ours(page: Page, html: bytes) -> TitleAuthors:
    from archiver.extract import extract_article

    art = extract_article(
        html, page.url, page.truth["crawl_date"], content_type=CORPUS_CONTENT_TYPE
    )
    return TitleAuthors(art.title, art.authors)


def split_trafilatura_authors(value: str | None) -> list[str]:
    """Trafilatura's "A; B" author string as this project's list of cleaned names."""
    from archiver.extract.authors import split_names

    names: dict[str, str] = {}
    for part in (value or "").split(";"):
        for name in split_names(part):
            names.setdefault(name.casefold(), name)
    return list(names.values())


def trafilatura_metadata(page: Page, html: bytes) -> tuple[TitleAuthors, TitleAuthors]:
    """Trafilatura's title and authors, as given and after this project's title cleaning."""
    import trafilatura

    from archiver.extract import structured, title
    from archiver.extract.parse import parse_page

    doc = trafilatura.extract_metadata(html, default_url=page.url, extensive=False)
    names = split_trafilatura_authors(doc.author)
    raw = doc.title or None
    cleaned = None
    if raw:
        data = structured.collect(parse_page(html, CORPUS_CONTENT_TYPE))
        cleaned = title.strip_site(title.repair(raw), title.site_names(data, page.url)) or None
    return TitleAuthors(raw, names), TitleAuthors(cleaned, names)


@dataclass
class Tally:
    exact: list[float] = field(default_factory=list)
    authors_f: list[float] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)

    def add(self, page: Page, got: TitleAuthors) -> None:
        from archiver.evaluate.metadata import author_scores, norm_title

        gold = page.truth
        ok = norm_title(got.title) == norm_title(gold["title"])
        self.exact.append(float(ok))
        if not ok:
            self.misses.append(f"{page.id} title: {got.title!r} != {gold['title']!r}")
        if gold.get("authors"):
            f1 = author_scores(got.authors, gold["authors"])[2]
            self.authors_f.append(f1)
            if f1 < 1:
                self.misses.append(f"{page.id} authors: {got.authors} != {gold['authors']}")


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0


ROWS = (
    "archiver, with json-ld",
    "archiver, without json-ld",
    "trafilatura, with json-ld",
    "trafilatura, without json-ld",
    "trafilatura cleaned, with json-ld",
    "trafilatura cleaned, without json-ld",
)


@dataclass
class WithoutJsonld:
    tallies: dict[str, Tally] = field(default_factory=lambda: {row: Tally() for row in ROWS})
    pages_with_jsonld: int = 0

    def add(
        self,
        page: Page,
        predict: Callable[[Page, bytes], TitleAuthors] = ours,
        with_jsonld: TitleAuthors | None = None,
    ) -> None:
        """Score one page in every row; ``with_jsonld`` is this project's result on the page as
        it is, when the caller has it already."""
        bare = strip_jsonld(page.html)
        self.pages_with_jsonld += bare != page.html
        self.tallies[ROWS[0]].add(page, with_jsonld or predict(page, page.html))
        self.tallies[ROWS[1]].add(page, predict(page, bare))
        for html, raw_row, clean_row in ((page.html, 2, 4), (bare, 3, 5)):
            raw, cleaned = trafilatura_metadata(page, html)
            self.tallies[ROWS[raw_row]].add(page, raw)
            self.tallies[ROWS[clean_row]].add(page, cleaned)

    def report(self, pages: int) -> str:
        lines = [
            f"title and authors with and without JSON-LD ({self.pages_with_jsonld} of {pages} "
            "pages declare some)",
            "",
            "| tool | title exact | authors F1 | pages with authors |",
            "|---|---|---|---|",
        ]
        for row, tally in self.tallies.items():
            lines.append(
                f"| {row} | {_mean(tally.exact):.3f} | {_mean(tally.authors_f):.3f} "
                f"| {len(tally.authors_f)} |"
            )
        return "\n".join(lines)

    def misses(self, row: str) -> list[str]:
        return self.tallies[row].misses
