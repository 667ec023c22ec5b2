"""Copy pages of the extraction-dev corpus into fixture folders, ground truth kept beside.

    python bench/import_extraction_fixtures.py ../shared/corpus/extraction-dev ID_PREFIX...

Each page becomes ``fixtures/<domain>/<id[:12]>/`` with ``body.html``, ``info.json`` and
``truth.txt`` (the benchmark's reference body). The benchmark does not record capture
times; its pages were fetched in November 2019, so ``fetched_at`` is set to the end of
that month, after every page's own date. ``expected.json`` is written by hand.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path
from urllib.parse import urlsplit

FETCHED_AT = "2019-11-30T00:00:00Z"


def main(corpus: Path, prefixes: list[str], into: Path = Path("fixtures")) -> None:
    truth = json.loads((corpus / "ground-truth.json").read_text(encoding="utf-8"))
    for prefix in prefixes:
        (page_id,) = [k for k in truth if k.startswith(prefix)]
        url = truth[page_id]["url"]
        domain = urlsplit(url).hostname.removeprefix("www.")  # type: ignore[union-attr]
        folder = into / domain / page_id[:12]
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(corpus / f"{page_id}.html", folder / "body.html")
        info = {"url": url, "fetched_at": FETCHED_AT, "status": 200, "corpus_id": page_id}
        (folder / "info.json").write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")
        (folder / "truth.txt").write_text(truth[page_id]["articleBody"], encoding="utf-8")
        print(folder)


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2:])
