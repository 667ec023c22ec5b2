"""The run: worker threads stream tasks, the reactor turns their records into requests.

Reading and inflating WARC files is blocking work, so each of ``ARCHIVER_COMMONCRAWL_STREAMS``
threads reads one task at a time and hands records to the reactor through a bounded queue
(a full queue stops the readers; Scrapy pulls start requests only as fast as it can
process them, so a slow extraction slows the downloads instead of filling memory).

Every record ends as a request whose outcome (record written, dropped, failed) is seen
through Scrapy's signals, or as a skip. Per task, the run state keeps the offset before
which every record has ended; it is saved on the reactor's next turn, after the feed has
written the record.
"""

from __future__ import annotations

import asyncio
import io
import json
import logging
import queue
import threading
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from scrapy import Request, signals
from scrapy.utils.reactor import CallLaterOnce

from archiver.commoncrawl.reader import Streamed, next_member, read_records
from archiver.commoncrawl.remote import DownloadError, RemoteFile, address, session
from archiver.commoncrawl.state import RunState
from archiver.commoncrawl.storage import StreamedIndex
from archiver.commoncrawl.tasks import Task
from archiver.meta import CC_OFFSET, CC_TASK, HINTS, RECORD_EXTRA, REPLAY_KEY, SOURCE
from archiver.skips import skip_page
from archiver.transport.entry import Entry, Problem

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from twisted.python.failure import Failure

logger = logging.getLogger(__name__)

STATS = "archiver/commoncrawl/"
_BATCH = 256


def written_records(dataset: Path) -> set[tuple[str, int]]:
    """(warc_file, warc_offset) of every whole line of a dataset a killed run left; a line
    cut off by the kill is removed, so the file takes appends again."""
    found: set[tuple[str, int]] = set()
    if not dataset.is_file():
        return found
    whole = 0  # bytes up to the end of the last whole line
    with dataset.open("r+b") as fh:
        for line in fh:
            if not line.endswith(b"\n"):
                break
            whole += len(line)
            try:
                record = json.loads(line)
            except ValueError:
                continue
            if isinstance(record, dict) and "warc_offset" in record:
                found.add((str(record.get("warc_file")), int(record["warc_offset"])))
        fh.truncate(whole)
    return found


@dataclass
class _Progress:
    task: Task
    frontier: int  # where reading has reached: the next record starts here
    pending: set[int] = field(default_factory=set)  # offsets of records not yet ended
    read_all: bool = False
    failed: bool = False
    unsaved_bytes: int = 0

    @property
    def resume_offset(self) -> int:
        return min(self.pending) if self.pending else self.frontier

    @property
    def done(self) -> bool:
        return self.read_all and not self.failed and not self.pending


class _Tee(io.RawIOBase):
    """Keeps the bytes a stream reads in a local file (``--keep-warc``), at their offsets."""

    def __init__(self, stream: RemoteFile, copy: IO[bytes]) -> None:
        super().__init__()
        self.stream, self.copy = stream, copy
        copy.seek(stream.tell())

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        n = self.stream.readinto(buffer)
        self.copy.write(memoryview(buffer)[:n])
        return n

    def tell(self) -> int:
        return self.stream.tell()

    def close(self) -> None:
        self.copy.close()
        self.stream.close()
        super().close()


class CommonCrawlSource:
    def __init__(
        self,
        crawler: Crawler,
        list_tasks: Callable[[], list[Task]],
        wanted: Callable[[str], bool],
        state: RunState | None = None,
        written: set[tuple[str, int]] | None = None,
        keep_warc: Path | None = None,
    ) -> None:
        settings = crawler.settings
        self.crawler = crawler
        self.list_tasks = list_tasks
        self.wanted = wanted
        self.state = state
        self.written = written or set()
        self.keep_warc = keep_warc
        self.data_url = settings["ARCHIVER_COMMONCRAWL_DATA_URL"]
        self.streams = max(1, settings.getint("ARCHIVER_COMMONCRAWL_STREAMS"))
        self.retries = settings.getint("ARCHIVER_COMMONCRAWL_RETRIES")
        self.backoff = settings.getfloat("ARCHIVER_COMMONCRAWL_BACKOFF")
        self.timeout = settings.getfloat("ARCHIVER_COMMONCRAWL_TIMEOUT")
        self.session = session(
            self.retries, self.backoff, self.streams + 1, settings.get("USER_AGENT", "archiver")
        )
        self.index = StreamedIndex()
        self.progress: dict[str, _Progress] = {}
        self.todo: queue.Queue[Task | None] = queue.Queue()
        self.out: queue.Queue[tuple[str, Task, Any]] = queue.Queue(maxsize=4 * _BATCH)
        self.stop = threading.Event()
        self.dirty: set[str] = set()
        self.saver = CallLaterOnce(self._save)
        self.started = 0.0
        for handler, signal in (
            (self._item_ended, signals.item_scraped),
            (self._item_ended, signals.item_dropped),
            (self._item_ended, signals.item_error),
            (self._item_ended, signals.spider_error),
            (self._closed, signals.spider_closed),
        ):
            crawler.signals.connect(handler, signal=signal)

    # The reactor's side.

    async def requests(
        self, callback: Callable[..., Any], errback: Callable[..., Any]
    ) -> AsyncIterator[Request]:
        loop = asyncio.get_running_loop()
        tasks = await loop.run_in_executor(None, self.list_tasks)
        done = self.state.done() if self.state else set()
        offsets = self.state.resume_offsets() if self.state else {}
        todo = [t for t in tasks if t.key not in done]
        self._stat("tasks", len(tasks))
        self._stat("tasks_done_before", len(tasks) - len(todo))
        logger.info(
            "commoncrawl: %d files or records to read, %d done in an earlier run",
            len(todo),
            len(tasks) - len(todo),
        )
        self.started = time.monotonic()
        for task in todo:
            start = offsets.get(task.key, task.start)
            self.progress[task.key] = _Progress(task, start)
            self.todo.put(task)
        workers = [
            threading.Thread(target=self._work, name=f"commoncrawl-{i}", daemon=True)
            for i in range(min(self.streams, len(todo)))
        ]
        for worker in workers:
            self.todo.put(None)
            worker.start()
        ended = 0
        while ended < len(todo) and not self.stop.is_set():
            for kind, task, value in await loop.run_in_executor(None, self._take):
                progress = self.progress[task.key]
                if kind == "end":
                    ended += 1
                    read_bytes, error = value
                    progress.read_all = error is None
                    progress.failed = error is not None
                    self._stat("bytes", read_bytes)
                    progress.unsaved_bytes += read_bytes
                    if error is not None:
                        logger.error("commoncrawl: %s not read to its end: %s", task.path, error)
                        self._stat("failed_tasks")
                    self._changed(task.key)
                    continue
                request = self._record(progress, value, callback, errback)
                if request is not None:
                    yield request

    def _take(self) -> list[tuple[str, Task, Any]]:
        while True:
            if self.stop.is_set():
                return []
            try:
                batch = [self.out.get(timeout=0.5)]
                break
            except queue.Empty:
                continue
        while len(batch) < _BATCH:
            try:
                batch.append(self.out.get_nowait())
            except queue.Empty:
                break
        return batch

    def _record(
        self,
        progress: _Progress,
        streamed: Streamed,
        callback: Callable[..., Any],
        errback: Callable[..., Any],
    ) -> Request | None:
        task = progress.task
        progress.frontier = max(progress.frontier, streamed.next_offset)
        self._stat("records")
        item = streamed.item
        if not isinstance(item, Entry):
            skip_page(
                self.crawler,
                url=streamed.url or address(self.data_url, item.where),
                reason=item.reason,
                message=item.message,
                level=item.level,
                fetched_at=streamed.fetched_at or None,
                status=streamed.status,
                warc_file=task.path,
                warc_offset=streamed.offset,
            )
            self._changed(task.key)
            return None
        if (task.path, streamed.offset) in self.written:
            self._stat("already_written")
            self._changed(task.key)
            return None
        progress.pending.add(streamed.offset)
        self.index.entries[item.key] = item
        return Request(
            item.url,
            callback=callback,
            errback=errback,
            meta={
                REPLAY_KEY: item.key,
                SOURCE: item.key,
                RECORD_EXTRA: dict(item.extra),
                HINTS: {},
                CC_TASK: task.key,
                CC_OFFSET: streamed.offset,
            },
            dont_filter=True,
        )

    def request_failed(self, failure: Failure) -> None:
        meta = failure.request.meta  # type: ignore[attr-defined]
        self._ended(meta)

    def _item_ended(self, response: Response | None = None, **kwargs: Any) -> None:
        if response is not None:
            self._ended(response.meta)

    def _ended(self, meta: dict[str, Any]) -> None:
        progress = self.progress.get(str(meta.get(CC_TASK)))
        if progress is not None:
            progress.pending.discard(meta[CC_OFFSET])
            self._changed(progress.task.key)

    def _changed(self, key: str) -> None:
        self.dirty.add(key)
        # On the next turn: the feed writes a record in the same signal that ends it.
        self.saver.schedule()

    def _save(self) -> None:
        dirty, self.dirty = self.dirty, set()
        for key in sorted(dirty):
            progress = self.progress[key]
            if progress.done:
                self._stat("tasks_done")
            if self.state is not None:
                self.state.save(key, progress.resume_offset, progress.done, progress.unsaved_bytes)
            progress.unsaved_bytes = 0

    def _closed(self, spider: Any, reason: str) -> None:
        self.stop.set()
        self.saver.cancel()
        self._save()
        if self.state is not None:
            self.state.close()
        seconds = max(time.monotonic() - self.started, 1e-9) if self.started else 0.0
        stats = self.crawler.stats
        if stats is not None and seconds:
            records = stats.get_value(f"{STATS}records", 0)
            mb = stats.get_value(f"{STATS}bytes", 0) / 1e6
            stats.set_value(f"{STATS}seconds", round(seconds, 3))
            stats.set_value(f"{STATS}records_per_second", round(records / seconds, 1))
            stats.set_value(f"{STATS}mb_per_second", round(mb / seconds, 2))

    def _stat(self, name: str, count: int = 1) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(f"{STATS}{name}", count)

    # The readers' side (threads).

    def _work(self) -> None:
        while (task := self.todo.get()) is not None and not self.stop.is_set():
            read_bytes, error = 0, None
            start: int | None = self.progress[task.key].frontier
            while start is not None and error is None and not self.stop.is_set():
                damaged, done_bytes, error = self._read(task, start)
                read_bytes += done_bytes
                # A whole file goes on after a damaged member, from the next record.
                start = self._resync(task, damaged) if damaged is not None else None
            if self.stop.is_set():
                error = error or "the run stopped"
            if not self._put(("end", task, (read_bytes, error))):
                return

    def _stream(self, task: Task, start: int) -> RemoteFile:
        return RemoteFile(
            self.session,
            address(self.data_url, task.path),
            start,
            task.end,
            timeout=self.timeout,
            retries=self.retries,
            backoff=self.backoff,
        )

    def _read(self, task: Task, start: int) -> tuple[int | None, int, str | None]:
        """Records of ``task`` from ``start``: (offset of a damaged member, or None; bytes
        read; the error that stopped the reading, or None)."""
        stream = self._stream(task, start)
        reader: io.RawIOBase = stream
        damaged: int | None = None
        try:
            if self.keep_warc is not None and task.length is None:
                local = self.keep_warc / Path(task.path).name
                reader = _Tee(stream, local.open("r+b" if start and local.exists() else "wb"))
            for streamed in read_records(reader, task.path, start, self.wanted):
                if not self._put(("record", task, streamed)):
                    return None, stream.read_bytes, "the run stopped"
                if isinstance(streamed.item, Problem) and streamed.item.reason == "damaged_warc":
                    damaged = streamed.offset
        except (DownloadError, OSError) as exc:
            return None, stream.read_bytes, str(exc)
        finally:
            reader.close()
        return damaged, stream.read_bytes, None

    def _resync(self, task: Task, damaged: int) -> int | None:
        if task.length is not None:
            return None  # one record's range: nothing after it
        stream = self._stream(task, damaged + 1)
        try:
            found = next_member(stream)
        except (DownloadError, OSError) as exc:
            logger.error("commoncrawl: %s: no record found after %d: %s", task.path, damaged, exc)
            found = None
        finally:
            stream.close()
        if found is not None:
            logger.warning("commoncrawl: %s: reading on at %d after damage", task.path, found)
            self._stat("resynced")
        return found

    def _put(self, message: tuple[str, Task, Any]) -> bool:
        while not self.stop.is_set():
            try:
                self.out.put(message, timeout=0.5)
                return True
            except queue.Full:
                continue
        return False
