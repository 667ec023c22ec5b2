"""How often each kind of date signal gives the right publication day: the resolver's weights.

The counts are those of ``archiver eval dates CORPUS --split look --signal-counts`` on the
look parts of ``dates-dev`` and ``metadata-dev``, added up (pages where the kind gave a
usable publication day, pages where that day was the gold one). Only the look part: the
check part stays unseen, so it can tell whether weighing by these counts helps. Rerun
both commands and replace the table when the signals change.
"""

from __future__ import annotations

import math

# kind (``Signal.kind``) -> (pages, right)
COUNTS: dict[str, tuple[int, int]] = {
    "json-ld:datePublished tier 0": (171, 165),
    "text:date-element tier 2": (152, 143),
    "meta:article:published_time tier 0": (135, 133),
    "text:own-line tier 4": (75, 59),
    "text:date-element tier 4": (72, 56),
    "text tier 5": (70, 11),
    "time[datetime] tier 1": (67, 63),
    "url tier 2": (58, 57),
    "text:date-element tier 6": (52, 27),
    "time[datetime] tier 4": (41, 36),
    "text:boilerplate tier 6": (32, 13),
    "json-ld:datePublished tier 1": (32, 32),
    "meta:date tier 4": (31, 28),
    "json-ld:dateCreated tier 1": (30, 24),
    "meta:datepublished tier 0": (28, 26),
    "time[datetime] tier 6": (27, 17),
    "itemprop:datePublished tier 1": (26, 26),
    "text:relative tier 6": (14, 4),
    "meta:* tier 4": (14, 14),
    "meta:cxenseparse:recs:publishtime tier 0": (13, 13),
    "meta:dc.date.issued tier 0": (11, 11),
    "json-ld-text:uploadDate tier 3": (8, 5),
    "meta:sailthru.date tier 0": (7, 7),
    "text:label tier 2": (5, 4),
    "json-ld:uploadDate tier 1": (4, 1),
    "meta:pubdate tier 4": (3, 2),
    "meta:parsely-pub-date tier 0": (3, 3),
    "meta:og:article:published_time tier 0": (3, 3),
    "text:as-of tier 3": (3, 3),
    "json-ld-text:dateCreated tier 3": (2, 2),
    "json-ld-text:datePublished tier 3": (2, 2),
    "meta:datecreated tier 0": (2, 1),
    "json-ld:uploadDate tier 0": (2, 2),
    "meta:dc.date tier 4": (2, 2),
    "itemprop:dateCreated tier 1": (1, 0),
    "abbr[title] tier 2": (1, 1),
    "meta:displaydate tier 4": (1, 1),
    "meta:article:published tier 0": (1, 1),
}
# A kind never counted: as if seen once right and once wrong.
UNSEEN = (2, 1)


def weight(kind: str) -> float:
    """Log-odds that a signal of this kind gives the right day (add-one smoothed), and
    never below zero: an unreliable signal adds no evidence, it takes none away."""
    pages, right = COUNTS.get(kind, UNSEEN)
    return max(0.0, math.log((right + 1) / (pages - right + 1)))
