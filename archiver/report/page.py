"""The report page: one HTML file with its style and charts inline, no script, nothing to
fetch, so it opens the same from a mail attachment, a file share or a browser offline."""

from __future__ import annotations

from html import escape
from string import Template

from archiver import __version__
from archiver.report import svg
from archiver.report.figures import FILL_FIELDS, Figures

PAGE = Template("""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>$title</title>
<link rel="icon" href="data:,">
<style>
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 820px; color: #222;
       padding: 0 1rem; }
h1 { font-size: 1.5rem; margin-bottom: .25rem; }
.meta { color: #52606d; margin-top: 0; }
dl.numbers { display: grid; grid-template-columns: repeat(4, 1fr); gap: .5rem; }
dl.numbers div { background: #f0f4f8; padding: .6rem .8rem; border-radius: 4px; }
dl.numbers dt { font-size: .8rem; color: #52606d; }
dl.numbers dd { margin: 0; font-size: 1.3rem; font-weight: 600; }
figure.chart { margin: 1.5rem 0; }
figure.chart h2 { font-size: 1.05rem; margin: 0 0 .4rem; }
figcaption { color: #52606d; font-size: .85rem; margin-top: .3rem; }
svg { max-width: 100%; height: auto; }
</style>
</head>
<body>
<h1>$title</h1>
<p class="meta">$meta</p>
<dl class="numbers">$numbers</dl>
$charts
</body>
</html>
""")


def _figure(name: str, heading: str, chart: str, caption: str) -> str:
    return (
        f'<figure class="chart" id="{name}"><h2>{escape(heading)}</h2>{chart}'
        f"<figcaption>{escape(caption)}</figcaption></figure>"
    )


def _number(label: str, value: int) -> str:
    return f"<div><dt>{escape(label)}</dt><dd>{value:,}</dd></div>"


def render(figures: Figures, sources: list[str]) -> str:
    f = figures
    charts = [
        _figure(
            "published",
            f"Articles per publication {f.period}",
            svg.columns(f"Articles per publication {f.period}", f.published, empty="no dates"),
            f"{f.undated:,} articles have no publication day (no date, or a month or year only)."
            + (" The span is too long for one column a day." if f.period == "month" else ""),
        ),
        _figure(
            "sites",
            "Articles per site",
            svg.hbars("Articles per site", f.sites),
            "By the host of the article's URL; the 30 largest.",
        ),
        _figure(
            "languages",
            "Languages",
            svg.hbars("Languages", f.languages),
            "ISO 639-1 codes as detected or declared.",
        ),
        _figure(
            "precision",
            "Publication date precision",
            svg.hbars("Publication date precision", f.precision),
            "How much of the date the page gave: second, minute, hour, day, month, year.",
        ),
        _figure(
            "sources",
            "Publication date sources",
            svg.hbars("Publication date sources", f.sources),
            "The kind of signal the date came from (date_published_source).",
        ),
        _figure(
            "lengths",
            "Text length",
            svg.columns("Text length in words", f.lengths),
            "Articles by the number of words in their text.",
        ),
        _figure(
            "fill",
            "Field fill rates per site",
            svg.grid("Field fill rates per site", f.fill_sites, FILL_FIELDS, f.fill),
            "The share of a site's articles with the field present and not empty.",
        ),
        _figure(
            "skips",
            "Top skip reasons",
            svg.hbars("Top skip reasons", f.skips, empty="no skipped pages in the ledgers"),
            f"{f.skipped:,} pages skipped, from the ledgers beside the datasets "
            "(<dataset>.skipped.jsonl); the ten most frequent reasons.",
        ),
    ]
    numbers = [
        _number("articles (URLs)", f.urls),
        _number("records read", f.records),
        _number("pages skipped", f.skipped),
        _number("damaged lines", f.damaged),
    ]
    return PAGE.substitute(
        title="archiver dataset report",
        meta=escape(f"{', '.join(sources)} · archiver {__version__}"),
        numbers="".join(numbers),
        charts="\n".join(charts),
    )
