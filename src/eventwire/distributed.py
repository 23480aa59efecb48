"""Coding on a dask.distributed cluster: one loaded Coder per worker, results in input order.

``code_on_dask(documents, address)`` is ``Coder(...).code_many(documents)`` run on the workers of
a Dask cluster (``address`` a scheduler like ``tcp://10.0.0.5:8786``, or ``"local"`` for a
``LocalCluster`` of one single-threaded worker process per core, closed at the end). A worker
plugin carries the data files (their contents, so the workers need no shared disk) and loads the
Coder once per worker process, cached by the files' hash: a second run on the same cluster with
the same files loads nothing. Documents go out in batches of ``batch_size``, a bounded window of
batches at a time, so an endless input is never held in memory whole. A batch that fails on a
worker is coded again one document at a time; a document that still fails becomes a ``Problem``
on that document, and the others are kept. Needs the ``dask`` extra: ``pip install
'eventwire[dask]'`` (and eventwire installed on every worker). DOCS: bench/README.md
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import tempfile
import threading
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from eventwire.errors import EventwireError
from eventwire.extras import MissingExtra
from eventwire.model import CodedDocument, Document, Problem

try:
    from distributed import WorkerPlugin
except ImportError:  # the dask extra is not installed: code_on_dask says so when called
    WorkerPlugin = object  # type: ignore[assignment,misc]

if TYPE_CHECKING:
    from eventwire.pipeline import Coder

# no dashboard, and the scheduler's health and metrics pages on any free port, not on :8787
QUIET_SCHEDULER = {"dashboard": False, "dashboard_address": ":0"}
WINDOW = 2  # batches in flight per worker thread: every worker busy, the input read lazily

DataFiles = tuple[tuple[str, bytes], ...]  # (file name, contents) of each data file, in order


class DaskError(EventwireError):
    """Dask is missing, the cluster cannot be reached, or its workers cannot load the Coder."""


def local_cores() -> int:
    """The cores this process may use: the workers of ``--dask local``."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


# ---- on the workers --------------------------------------------------------------------------

_CODERS: dict[str, Coder] = {}  # one per worker process and set of data files
_LOCK = threading.Lock()


def _spec_key(actors: DataFiles, patterns: DataFiles, statements: bool, batch_size: int) -> str:
    digest = hashlib.sha256(repr((statements, batch_size)).encode())
    for kind, files in (("actors", actors), ("patterns", patterns)):
        for name, data in files:
            digest.update(f"\0{kind}\0{name}\0".encode())
            digest.update(data)
    return digest.hexdigest()[:16]


def _written(files: DataFiles, folder: Path, kind: str) -> list[Path]:
    paths = []
    for n, (name, data) in enumerate(files):
        path = folder / f"{kind}-{n}-{name}"
        path.write_bytes(data)
        paths.append(path)
    return paths


def _load(key: str, actors: DataFiles, patterns: DataFiles, statements: bool, batch_size: int) -> Coder:
    """The Coder of ``key`` in this process, loaded on first use."""
    with _LOCK:
        if key not in _CODERS:
            from eventwire.pipeline import Coder

            with tempfile.TemporaryDirectory(prefix="eventwire-") as tmp:  # read at load, not after
                folder = Path(tmp)
                _CODERS[key] = Coder(actors=_written(actors, folder, "actors"),
                                     patterns=_written(patterns, folder, "patterns"),
                                     statements=statements, batch_size=batch_size)
        return _CODERS[key]


class CoderPlugin(WorkerPlugin):
    """Loads the Coder on each worker when registered, and on each worker that joins later.

    Idempotent: registering it again under the same name (same files) leaves the workers as they are.
    """

    idempotent = True

    def __init__(self, actors: DataFiles, patterns: DataFiles, statements: bool, batch_size: int) -> None:
        self.actors, self.patterns = actors, patterns
        self.statements, self.batch_size = statements, batch_size
        self.key = _spec_key(actors, patterns, statements, batch_size)
        self.name = f"eventwire-coder-{self.key}"

    def coder(self) -> Coder:
        return _load(self.key, self.actors, self.patterns, self.statements, self.batch_size)

    async def setup(self, worker: Any) -> None:
        # off the worker's event loop: loading takes seconds, and the loop must keep answering
        try:
            await asyncio.get_running_loop().run_in_executor(None, self.coder)
        except Exception as err:  # noqa: BLE001 - our errors do not all unpickle; their text does
            raise RuntimeError(f"{type(err).__name__}: {err}") from None

    def teardown(self, worker: Any) -> None:
        """The Coder stays cached in the process: registering the same files again reuses it."""


def _code_batch(name: str, key: str, documents: list[Document]) -> list[CodedDocument]:
    """Runs on a worker: code ``documents`` with the worker's Coder; a batch that fails as a whole
    (a parser error, say) is coded again one document at a time."""
    coder = _CODERS.get(key)
    if coder is None:  # the plugin's setup has not finished on this worker yet
        from distributed import get_worker

        coder = get_worker().plugins[name].coder()
    try:
        return list(coder.code_many(documents))
    except Exception:  # noqa: BLE001 - find the document at fault, keep the others
        if len(documents) == 1:
            raise
        return [_code_one(coder, document) for document in documents]


def _code_one(coder: Coder, document: Document) -> CodedDocument:
    try:
        return next(coder.code_many([document]))
    except Exception as err:  # noqa: BLE001 - a problem on this document only
        return _failed(document, err)


def _failed(document: Document, err: BaseException) -> CodedDocument:
    reason = f"could not be coded on dask: {type(err).__name__}: {err}".rstrip(": ")
    return CodedDocument(document=document, problems=[Problem(input=document.id, reason=reason)])


# ---- on the client ---------------------------------------------------------------------------


def _read_files(paths: Sequence[str | Path], kind: str) -> DataFiles:
    files = []
    for path in paths:
        try:
            files.append((Path(path).name, Path(path).read_bytes()))
        except OSError as err:
            raise DaskError(f"cannot read the {kind} file {path}: {err.strerror or err}",
                            "check the path given to --" + kind) from None
    return tuple(files)


def _batches(documents: Iterable[Document | str], size: int) -> Iterator[list[Document]]:
    batch: list[Document] = []
    for i, item in enumerate(documents):
        batch.append(item if isinstance(item, Document) else Document(id=f"doc{i}", text=item))
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _connect(address: str) -> tuple[Any, Any]:
    """A Client of the cluster at ``address`` and, for ``"local"``, the LocalCluster started."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise MissingExtra("--dask", "dask") from None
    cluster = None
    try:
        if address == "local":
            cluster = LocalCluster(n_workers=local_cores(), threads_per_worker=1, processes=True,
                                   dashboard_address=None, scheduler_kwargs=QUIET_SCHEDULER)
            return Client(cluster), cluster
        return Client(address), None
    except (OSError, TimeoutError, ValueError) as err:
        if cluster is not None:
            cluster.close()
        raise DaskError(f"cannot reach the dask scheduler at {address}: {err}",
                        "give a scheduler address like tcp://host:8786, or local") from None


def code_on_dask(
    documents: Iterable[Document | str],
    address: str,
    actors: Sequence[str | Path] = (),
    patterns: Sequence[str | Path] = (),
    batch_size: int = 32,
    statements: bool = False,
) -> Iterator[CodedDocument]:
    """Code ``documents`` on the Dask cluster at ``address`` (``"local"``: a LocalCluster started and
    closed here), one loaded Coder per worker; coded documents come back lazily, in input order."""
    plugin = CoderPlugin(_read_files(actors, "actors"), _read_files(patterns, "patterns"), statements, batch_size)
    client, cluster = _connect(address)
    try:
        try:
            client.register_plugin(plugin, name=plugin.name)
        except Exception as err:  # noqa: BLE001 - a worker's error, whatever its type
            raise DaskError(f"the dask workers could not load the coder: {err}",
                            "check the data files and that eventwire is installed on every worker") from None
        window = max(2, WINDOW * sum(client.nthreads().values()))
        batches = _batches(documents, batch_size)
        pending: deque[tuple[list[Document], Any]] = deque()

        def submit(batch: list[Document]) -> Any:
            return client.submit(_code_batch, plugin.name, plugin.key, batch, pure=False)

        while True:
            while len(pending) < window and (batch := next(batches, None)) is not None:
                pending.append((batch, submit(batch)))
            if not pending:
                return
            batch, future = pending.popleft()
            yield from _results(batch, future, submit)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _results(batch: list[Document], future: Any, submit: Any) -> Iterator[CodedDocument]:
    """The batch's coded documents; when the task failed (its worker died, say), each document
    again on its own, and each one that fails again is a Problem on that document."""
    try:
        yield from future.result()
        return
    except Exception as err:  # noqa: BLE001 - never lose the batch
        if len(batch) == 1:
            yield _failed(batch[0], err)
            return
    singles = [(document, submit([document])) for document in batch]
    for document, single in singles:
        try:
            yield from single.result()
        except Exception as err:  # noqa: BLE001
            yield _failed(document, err)
