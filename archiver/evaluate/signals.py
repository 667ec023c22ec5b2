"""How often each title and author signal is right: the counts behind their precedence.

``archiver eval metadata CORPUS --signals`` prints, for the pages scored, how often each
headline signal (JSON-LD, og:title, twitter:title, h1, <title>) equals the gold title after
cleaning, how often each pair disagrees and which side is then right, and the share of the
names each author source gives that the gold lists. The precedence in ``extract.title`` and
``extract.authors`` is read off these tables on the look part, so it can be re-derived
whenever the corpus or the cleaning changes.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from itertools import combinations

from archiver.evaluate.extraction import CORPUS_CONTENT_TYPE, Page


@dataclass
class SignalCounts:
    title_present: Counter[str] = field(default_factory=Counter)
    title_right: Counter[str] = field(default_factory=Counter)
    # (first, second) -> [disagreements, first right, second right]
    pairs: dict[tuple[str, str], list[int]] = field(default_factory=dict)
    author_pages: Counter[str] = field(default_factory=Counter)
    author_names: Counter[str] = field(default_factory=Counter)
    author_right: Counter[str] = field(default_factory=Counter)

    def add(self, page: Page) -> None:
        from archiver.evaluate.metadata import norm_name, norm_title
        from archiver.extract import authors, structured, title
        from archiver.extract.parse import parse_page

        tree = parse_page(page.html, CORPUS_CONTENT_TYPE)
        data = structured.collect(tree)
        sites = title.site_names(data, page.url)
        gold = norm_title(page.truth["title"])
        said = {kind: norm_title(text) for kind, text in title.candidates(data, tree, sites)}
        for kind, text in said.items():
            self.title_present[kind] += 1
            self.title_right[kind] += text == gold
        for first, second in combinations(title.SIGNALS, 2):
            if first in said and second in said and said[first] != said[second]:
                row = self.pairs.setdefault((first, second), [0, 0, 0])
                row[0] += 1
                row[1] += said[first] == gold
                row[2] += said[second] == gold
        if not page.truth.get("authors"):
            return
        want = {norm_name(n) for n in page.truth["authors"]}
        for source, (people, outlets) in authors.sources(data, tree, sites).items():
            for kind, names in ((f"{source} people", people), (f"{source} outlets", outlets)):
                given = {norm_name(n) for n in names} - {""}
                if given:
                    self.author_pages[kind] += 1
                    self.author_names[kind] += len(given)
                    self.author_right[kind] += len(given & want)

    def report(self) -> str:
        from archiver.extract import title

        lines = ["title signal | pages | right | share", "---|---|---|---"]
        for kind in title.SIGNALS:
            n = self.title_present[kind]
            if n:
                right = self.title_right[kind]
                lines.append(f"{kind} | {n} | {right} | {right / n:.3f}")
        lines += ["", "title pair | disagree | first right | second right", "---|---|---|---"]
        for first, second in combinations(title.SIGNALS, 2):
            if (first, second) not in self.pairs:
                continue
            n, a, b = self.pairs[first, second]
            lines.append(f"{first} / {second} | {n} | {a} | {b}")
        lines += ["", "author source | pages | names | right | share", "---|---|---|---|---"]
        for kind in sorted(self.author_pages):
            names, right = self.author_names[kind], self.author_right[kind]
            pages = self.author_pages[kind]
            lines.append(f"{kind} | {pages} | {names} | {right} | {right / names:.3f}")
        return "\n".join(lines)
