"""The article body: trafilatura on the parsed tree, then furniture lines removed."""

from __future__ import annotations

from dataclasses import dataclass

from lxml import html as lxml_html
from trafilatura import bare_extraction
from trafilatura.settings import Document

from archiver.extract.boilerplate import clean_paragraphs


@dataclass
class BodyResult:
    text: str
    document: Document | None  # trafilatura's own metadata, a fallback for the record


def extract_body(tree: lxml_html.HtmlElement, url: str, title: str | None) -> BodyResult:
    # trafilatura copies the tree it is given, so the caller's tree stays whole.
    doc = bare_extraction(
        tree,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        favor_precision=True,
        deduplicate=False,
    )
    if not isinstance(doc, Document) or not doc.text:
        return BodyResult(text="", document=doc if isinstance(doc, Document) else None)
    paragraphs = [line.strip() for line in doc.text.split("\n")]
    kept = clean_paragraphs(paragraphs, title or doc.title)
    return BodyResult(text="\n\n".join(kept), document=doc)
