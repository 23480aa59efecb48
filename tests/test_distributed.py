"""Coding on Dask (``eventwire.distributed``): on a real LocalCluster of two worker processes, the
events are exactly those of the local path, in order; ``eventwire ingest --dask local`` stores what
a local ingest stores; a batch that fails on a worker is a Problem on each document that fails."""

from __future__ import annotations

import sqlite3
from importlib import resources
from pathlib import Path

import pytest
from distributed import LocalCluster
from typer.testing import CliRunner

from eventwire import cli, distributed
from eventwire.cli import app
from eventwire.distributed import DaskError, code_on_dask
from eventwire.model import CodedDocument, Document
from eventwire.pipeline import Coder
from eventwire.read import iter_documents
from eventwire.store import Store, ingest

DEMO = Path(str(resources.files("eventwire") / "data" / "corpus" / "demo.jsonl"))


@pytest.fixture(scope="module")
def cluster():
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                      scheduler_kwargs=distributed.QUIET_SCHEDULER) as started:
        yield started


@pytest.fixture(scope="module")
def demo() -> list[Document]:
    documents = [item for item in iter_documents([str(DEMO)]) if isinstance(item, Document)]
    assert len(documents) == 13
    return documents


def _ids(coded: list[CodedDocument]) -> list[tuple[str, list[str]]]:
    return [(c.document.id, [e.event_id for e in c.events]) for c in coded]


@pytest.fixture(scope="module")
def user_coder() -> Coder:
    """The Coder a user gets (the decision model's own threshold), as every dask worker loads it."""
    return Coder()


def test_dask_gives_the_events_of_the_local_path_in_order(cluster, demo, user_coder) -> None:
    local = list(user_coder.code_many(demo))
    # batches of 3 over two workers: results come back out of order, and must be put back in it
    on_dask = list(code_on_dask(demo, cluster.scheduler_address, batch_size=3))
    assert _ids(on_dask) == _ids(local)
    assert sum(len(c.events) for c in on_dask) > 40
    assert [c.events for c in on_dask] == [c.events for c in local]  # every field, not only the ids
    # the same files again: the workers keep their Coder (the plugin is idempotent)
    assert _ids(code_on_dask(demo[:2], cluster.scheduler_address)) == _ids(local[:2])


def test_a_data_file_the_workers_cannot_load_is_one_error(cluster, tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("format: eventwire.patterns.v1\npatterns: 7\n", encoding="utf-8")
    with pytest.raises(DaskError, match="could not load the coder"):
        list(code_on_dask(["Russia attacked Ukraine."], cluster.scheduler_address, patterns=[broken]))
    with pytest.raises(DaskError, match="cannot read the patterns file"):
        list(code_on_dask(["Russia attacked Ukraine."], cluster.scheduler_address, patterns=[tmp_path / "none"]))


class _Future:
    def __init__(self, result: list[CodedDocument] | None = None, error: Exception | None = None) -> None:
        self._result, self._error = result, error

    def result(self) -> list[CodedDocument]:
        if self._error is not None:
            raise self._error
        assert self._result is not None
        return self._result


def test_a_failed_batch_is_retried_document_by_document_and_loses_none() -> None:
    a, b, c = (Document(id=name, text=f"text {name}") for name in "abc")

    def submit(batch: list[Document]) -> _Future:
        (document,) = batch
        if document.id == "b":
            return _Future(error=RuntimeError("worker died"))
        return _Future([CodedDocument(document=document)])

    out = list(distributed._results([a, b, c], _Future(error=RuntimeError("KilledWorker")), submit))
    assert [o.document.id for o in out] == ["a", "b", "c"]
    assert [bool(o.problems) for o in out] == [False, True, False]
    assert out[1].problems[0].input == "b" and "RuntimeError: worker died" in out[1].problems[0].reason


def _events_table(db: Path) -> list[tuple]:
    with sqlite3.connect(db) as con:
        return con.execute("SELECT id, cameo, source_code, target_code, day_first, day_last, n_mentions, n_sources, "
                           "n_articles, location_name FROM events ORDER BY id").fetchall()


def test_ingest_dask_local_stores_what_a_local_ingest_stores(user_coder, monkeypatch, tmp_path: Path) -> None:
    with Store(tmp_path / "local.db") as store:
        report = ingest(store, iter_documents([str(DEMO)]), user_coder)
    assert report.articles == 13 and report.errors == 0

    monkeypatch.setattr(distributed, "local_cores", lambda: 2)  # the LocalCluster of `local`: 2 workers
    monkeypatch.setattr(cli, "load_coder", None)  # --dask loads no model in this process
    db = tmp_path / "dask.db"
    result = CliRunner().invoke(app, ["ingest", str(DEMO), "--db", str(db), "--dask", "local", "--batch-size", "4"])
    assert result.exit_code == 0, result.output
    assert result.stderr.strip().splitlines()[-1] == \
        f"ingested 13 articles ({report.new_events} new events, {report.mentions} mentions); 0 already known; 0 errors"
    assert _events_table(db) == _events_table(tmp_path / "local.db")
    with sqlite3.connect(db) as con:
        assert con.execute("SELECT count(*) FROM mentions").fetchone()[0] == report.mentions
