"""The service's coding: the Coder in a worker process of its own, one batch at a time, at most
``max_queued`` batches waiting; what it codes is stored back in the server, one batch at a time.

Coding holds the CPU for seconds, and spaCy and our own stages hold Python's GIL while they do:
on a thread of the server, a long article slowed every reader down with it. In a process of its
own it takes nothing from the server but a core; the server only sends documents, receives
CodedDocuments (pydantic models: they pickle) and stores them. The process starts on the first
article ('spawn': a new interpreter that loads the model once, and inherits neither the server's
threads, its sockets nor its memory). A process that dies (killed, out of memory) fails its own
batch, each article with a reason, and the next batch starts a new one.

This module imports neither FastAPI nor spaCy: the worker process imports it, and the coder alone.
DOCS: docs/service.md#coding
"""

from __future__ import annotations

import asyncio
import math
import multiprocessing
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING, Protocol, TypeVar

from eventwire.model import CodedDocument, Document, Problem

if TYPE_CHECKING:
    from multiprocessing.context import SpawnProcess

    from eventwire.pipeline import Coder

T = TypeVar("T")
STOP_SECONDS = 5.0  # how long a worker may take to end once told to, before it is killed


class Busy(Exception):
    """The coding queue is full; ``retry_after`` is a guess, in seconds, of when it has room."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(retry_after)
        self.retry_after = retry_after


class CodesMany(Protocol):
    """What the service needs of a coder given to it (a Coder, or a test's stand-in)."""

    def code_many(self, documents: Iterable[Document]) -> Iterator[CodedDocument]: ...


@dataclass(frozen=True)
class CoderSpec:
    """What the worker process builds its Coder from (sent to it: only plain values)."""

    actors: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()
    time_budget: float | None = 120.0

    def build(self) -> Coder:
        from eventwire.pipeline import Coder

        return Coder(actors=self.actors, patterns=self.patterns, time_budget=self.time_budget)


class WorkerFailed(Exception):
    """The worker process could not code a batch: it died, or could not load its coder."""


# ---- the worker process ------------------------------------------------------------------------


def work(connection: Connection, spec: CoderSpec) -> None:
    """The worker process: build the coder once, then code each batch received until told to stop
    (``None``) or until the server goes away (the pipe closes).

    Each answer is ``("coded", [CodedDocument, …])``, one per document in order, or
    ``("failed", reason)`` when the batch as a whole could not be coded.
    """
    # Ctrl-C in a terminal reaches the whole process group: the server stops this process itself
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    coder, failure = None, ""
    try:
        coder = spec.build()
    except Exception as err:  # noqa: BLE001 - said to the server with each batch, which says it to the client
        failure = f"the coder could not be loaded: {type(err).__name__}: {err}"
    while True:
        try:
            documents = connection.recv()
        except EOFError:
            return
        if documents is None:
            return
        connection.send(_coded(coder, documents) if coder is not None else ("failed", failure))


def _coded(coder: Coder, documents: list[Document]) -> tuple[str, object]:
    try:
        return "coded", list(coder.code_many(documents))
    except Exception as err:  # noqa: BLE001 - the batch fails, with its reason; the worker goes on
        return "failed", f"could not be coded: {type(err).__name__}: {err}"


class Worker:
    """One worker process and the server's end of its pipe. Used by one thread at a time."""

    def __init__(self, spec: CoderSpec) -> None:
        context = multiprocessing.get_context("spawn")
        self._connection, child = context.Pipe()
        self.process: SpawnProcess = context.Process(target=work, args=(child, spec), name="eventwire-coding",
                                                     daemon=True)  # daemon: it never outlives the server
        self.process.start()
        child.close()  # the server keeps its own end only: the pipe then closes when the worker dies

    def alive(self) -> bool:
        return self.process.is_alive()

    def code(self, documents: list[Document]) -> list[CodedDocument]:
        """The batch coded by the worker; WorkerFailed when it dies meanwhile or cannot code it."""
        try:
            self._connection.send(documents)
            kind, answer = self._connection.recv()
        except (EOFError, OSError) as err:
            self.process.join(STOP_SECONDS)
            self._connection.close()  # here, on the one thread that reads it, never under a read
            raise WorkerFailed(f"the coding worker stopped ({_how(self.process.exitcode)}) while it coded "
                               f"this batch; send the batch again") from err
        if kind != "coded":
            raise WorkerFailed(str(answer))
        return list(answer)

    def stop(self) -> None:
        """End the process now, even mid-batch (its batch then fails: the coding thread reading the
        pipe sees it close, and closes its end), and wait for it."""
        if self.process.is_alive():
            self.process.terminate()
            self.process.join(STOP_SECONDS)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(STOP_SECONDS)


def _how(exitcode: int | None) -> str:
    if exitcode is None:
        return "it did not answer"
    if exitcode < 0:
        try:
            return f"killed by {signal.Signals(-exitcode).name}"
        except ValueError:
            return f"killed by signal {-exitcode}"
    return f"exit status {exitcode}"


def failed(documents: Sequence[Document], reason: str) -> list[CodedDocument]:
    """Each document of a batch that could not be coded, as a CodedDocument with that problem."""
    return [CodedDocument(document=d, problems=[Problem(input=d.id, reason=reason)]) for d in documents]


# ---- the server's side -------------------------------------------------------------------------


class Coding:
    """Codes batches one at a time, with at most ``max_queued`` waiting, and stores what each gives
    on a storing thread of the server, one batch at a time.

    With no ``coder`` given, the coding runs in a worker process (started on the first batch, again
    after one dies); a ``coder`` given (tests, a stand-in) codes on the coding thread itself. A POST
    waits for its turn without a thread, and one that finds the queue full is refused at once
    (:class:`Busy`, 503) instead of waiting minutes.
    """

    def __init__(self, spec: CoderSpec, max_queued: int, coder: CodesMany | None = None) -> None:
        self._spec = spec
        self._max_queued = max_queued
        self._coder = coder
        self._guard = threading.Lock()
        self._threads: tuple[ThreadPoolExecutor, ThreadPoolExecutor] | None = None  # coding, storing
        self._worker: Worker | None = None  # used by the coding thread only; replaced when it dies
        self._pending = 0  # the batches admitted and not yet stored: being coded, waiting, storing
        self._seconds = 1.0  # a running mean of a batch's coding time, for Retry-After

    async def run(self, documents: list[Document], store: Callable[[list[CodedDocument]], T]) -> T:
        """``store(coded)`` of the batch coded, once the batches before it are done; Busy when the queue
        is full. A batch the worker could not code comes back as one problem per document."""
        with self._guard:
            if self._pending > self._max_queued:
                raise Busy(self._retry_after())
            self._pending += 1
            if self._threads is None:
                self._threads = (ThreadPoolExecutor(1, thread_name_prefix="eventwire-coding"),
                                 ThreadPoolExecutor(1, thread_name_prefix="eventwire-storing"))
            coding, storing = self._threads
        try:
            coded = await asyncio.wrap_future(coding.submit(self._timed, documents))
            # the next batch is coded while this one is stored
            return await asyncio.wrap_future(storing.submit(store, coded))
        finally:
            with self._guard:
                self._pending -= 1

    def _timed(self, documents: list[Document]) -> list[CodedDocument]:
        start = time.perf_counter()
        try:
            return self._code(documents)
        finally:
            self._seconds = 0.8 * self._seconds + 0.2 * (time.perf_counter() - start)

    def _code(self, documents: list[Document]) -> list[CodedDocument]:
        """One CodedDocument per document, in order, whatever happens to the coder."""
        if not documents:
            return []
        try:
            coded = self._coded(documents)
        except WorkerFailed as err:
            return failed(documents, str(err))
        if len(coded) != len(documents):  # storing pairs them up in order: a short answer must not shift them
            return failed(documents, f"the coder answered {len(coded)} documents for {len(documents)}")
        return coded

    def _coded(self, documents: list[Document]) -> list[CodedDocument]:
        if self._coder is not None:
            return list(self._coder.code_many(documents))
        try:
            worker = self._live_worker()
        except OSError as err:  # no process to be had (a process or memory limit): this batch fails
            raise WorkerFailed(f"the coding worker could not start: {err}") from err
        try:
            return worker.code(documents)
        except WorkerFailed:
            if not worker.alive():
                self._forget(worker)
            raise

    def _live_worker(self) -> Worker:
        """The worker process, started now if there is none or it died between batches."""
        with self._guard:
            if self._worker is None or not self._worker.alive():
                self._worker = Worker(self._spec)
            return self._worker

    def _forget(self, worker: Worker) -> None:
        with self._guard:
            if self._worker is worker:
                self._worker = None
        worker.stop()

    def _retry_after(self) -> int:
        return max(1, min(600, math.ceil(self._pending * self._seconds)))

    @property
    def worker_pid(self) -> int | None:
        """The worker process's id, None before the first batch (tests and benchmarks watch it)."""
        worker = self._worker
        return worker.process.pid if worker is not None else None

    def close(self) -> None:
        """Stop the threads and the worker process (a batch being coded fails, one still waiting is
        dropped); the next batch starts them again."""
        with self._guard:
            threads, self._threads = self._threads, None
            worker, self._worker = self._worker, None
        if threads is not None:
            for executor in threads:
                executor.shutdown(wait=False, cancel_futures=True)
        if worker is not None:
            worker.stop()
