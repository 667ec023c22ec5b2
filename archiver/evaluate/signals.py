"""How often each title and author signal is right: the counts behind their precedence.

``archiver eval metadata CORPUS --signals`` prints, for the pages scored, how often each
headline signal (JSON-LD, og:title, twitter:title, h1, <title>) equals the gold title after
cleaning, how often each pair disagrees and which side is then right, and the share of the
names each author source gives that the gold lists. The precedence in ``extract.title`` and
``extract.authors`` is read off these tables on the look part, so it can be re-derived
whenever the corpus or the cleaning changes. It also scores the choice with some signals
left out, as pages lacking them would get it: the fallbacks are where unseen pages differ.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from itertools import combinations

from archiver.evaluate.extraction import CORPUS_CONTENT_TYPE, Page

# The choice as pages without some signals would get it: how well the fallbacks hold up.
TITLE_WITHOUT: dict[str, tuple[str, ...]] = {
    "all signals": (),
    "without json-ld": ("json-ld",),
    "from h1 and <title> only": ("json-ld", "og:title", "twitter:title"),
}
AUTHORS_WITHOUT: dict[str, tuple[str, ...]] = {
    "all sources": (),
    "without json-ld": ("json-ld",),
    "from the visible byline only": ("json-ld", "meta"),
}


@dataclass
class SignalCounts:
    title_present: Counter[str] = field(default_factory=Counter)
    title_right: Counter[str] = field(default_factory=Counter)
    # (first, second) -> [disagreements, first right, second right]
    pairs: dict[tuple[str, str], list[int]] = field(default_factory=dict)
    author_pages: Counter[str] = field(default_factory=Counter)
    author_names: Counter[str] = field(default_factory=Counter)
    author_right: Counter[str] = field(default_factory=Counter)
    # the choice made with some signals left out, as on pages that lack them:
    # label -> (pages, title exact) and label -> (pages, authors F1 sum)
    title_without: dict[str, list[int]] = field(default_factory=dict)
    authors_without: dict[str, list[float]] = field(default_factory=dict)

    def add(self, page: Page) -> None:
        from archiver.evaluate.metadata import author_scores, norm_name, norm_title
        from archiver.extract import authors, structured, title
        from archiver.extract.parse import parse_page

        tree = parse_page(page.html, CORPUS_CONTENT_TYPE)
        data = structured.collect(tree)
        sites = title.site_names(data, page.url)
        gold = norm_title(page.truth["title"])
        found = title.candidates(data, tree, sites)
        said = {kind: norm_title(text) for kind, text in found}
        heads = title.headings(tree)
        for label, left_out in TITLE_WITHOUT.items():
            chosen = title.choose([c for c in found if c[0] not in left_out], heads)
            tally = self.title_without.setdefault(label, [0, 0])
            tally[0] += 1
            tally[1] += norm_title(chosen) == gold
        for kind, text in said.items():
            self.title_present[kind] += 1
            self.title_right[kind] += text == gold
        for first, second in combinations(title.SIGNALS, 2):
            if first in said and second in said and said[first] != said[second]:
                pair = self.pairs.setdefault((first, second), [0, 0, 0])
                pair[0] += 1
                pair[1] += said[first] == gold
                pair[2] += said[second] == gold
        if not page.truth.get("authors"):
            return
        want = {norm_name(n) for n in page.truth["authors"]}
        by_source = authors.sources(data, tree, sites)
        for label, left_out in AUTHORS_WITHOUT.items():
            names = authors.choose({k: v for k, v in by_source.items() if k not in left_out})
            scored = self.authors_without.setdefault(label, [0.0, 0.0])
            scored[0] += 1
            scored[1] += author_scores(names, page.truth["authors"])[2]
        for source, (people, outlets) in by_source.items():
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
        lines += ["", "title chosen | pages | exact", "---|---|---"]
        for label, (pages, right) in self.title_without.items():
            lines.append(f"{label} | {pages} | {right / pages:.3f}")
        lines += ["", "authors chosen | pages | F1", "---|---|---"]
        for label, (scored, total) in self.authors_without.items():
            lines.append(f"{label} | {scored:.0f} | {total / scored:.3f}")
        lines += ["", "author source | pages | names | right | share", "---|---|---|---|---"]
        for kind in sorted(self.author_pages):
            names, right = self.author_names[kind], self.author_right[kind]
            pages = self.author_pages[kind]
            lines.append(f"{kind} | {pages} | {names} | {right} | {right / names:.3f}")
        return "\n".join(lines)
