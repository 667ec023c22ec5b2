"""``-o FILE`` without risk to FILE: write beside it, rename over it only on success.

The run writes ``.FILE.partial-PID`` (and its ledger likewise) in FILE's own folder, so
the final ``os.replace`` is atomic. A failed, interrupted or mistyped run leaves the old
FILE whole; a run that cannot even create its temporary file fails before Scrapy starts.
Temporary files of a killed run (its PID no longer running) are removed by the next run
to the same FILE.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from scrapy.utils.conf import feed_process_params_from_cli

from archiver.ledger import ledger_path

if TYPE_CHECKING:
    from scrapy.settings import Settings

GZIP_PLUGIN = "scrapy.extensions.postprocessing.GzipPlugin"


class OutputError(Exception):
    """The output cannot be written: one line for the user."""


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True


def left_by_killed_runs(final: Path) -> list[Path]:
    """``.FILE.partial-PID`` files whose run is gone (a run still going keeps its own)."""
    found = []
    for path in final.parent.glob(f".{final.name}.partial-*"):
        pid = path.name.rpartition("-")[2]
        if pid.isdigit() and int(pid) != os.getpid() and not _running(int(pid)):
            found.append(path)
    return sorted(found)


@dataclass
class AtomicOutput:
    final: Path
    temp: Path
    final_ledger: Path
    temp_ledger: Path
    leftovers: list[Path] = field(default_factory=list)  # removed: left by killed runs

    @classmethod
    def prepare(cls, output: str) -> AtomicOutput:
        """Check that FILE's folder takes a new file, by creating the temporary one."""
        final = Path(output)
        if final.is_dir():
            raise OutputError(f"{final} is a folder, not a file")
        temp = final.with_name(f".{final.name}.partial-{os.getpid()}")
        final_ledger = ledger_path(final)
        temp_ledger = final_ledger.with_name(f".{final_ledger.name}.partial-{os.getpid()}")
        try:
            temp.touch()
            temp_ledger.touch()
        except OSError as exc:
            temp.unlink(missing_ok=True)
            raise OutputError(f"cannot write {final}: {exc.strerror or exc}") from None
        atomic = cls(final, temp, final_ledger, temp_ledger)
        atomic.leftovers = left_by_killed_runs(final) + left_by_killed_runs(final_ledger)
        for path in atomic.leftovers:
            path.unlink(missing_ok=True)
        return atomic

    def configure(self, settings: Settings) -> None:
        """FEEDS and the ledger pointed at the temporary files; gzip for ``*.gz``."""
        gzip = self.final.name.endswith(".gz")
        named = str(self.final)[: -len(".gz")] if gzip else str(self.final)
        # The format from FILE's suffix, as ``scrapy crawl -O FILE`` would choose it.
        feeds = feed_process_params_from_cli(settings, [], overwrite_output=[named])
        options = dict(next(iter(feeds.values())))
        if gzip:
            options["postprocessing"] = [GZIP_PLUGIN]
        settings.set("FEEDS", {str(self.temp): options}, priority="cmdline")
        settings.set("ARCHIVER_LEDGER_FILE", str(self.temp_ledger), priority="cmdline")

    def commit(self) -> None:
        os.replace(self.temp, self.final)
        os.replace(self.temp_ledger, self.final_ledger)

    def abort(self) -> None:
        for path in (self.temp, self.temp_ledger):
            with contextlib.suppress(OSError):
                path.unlink()
