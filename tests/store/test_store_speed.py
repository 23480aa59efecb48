"""The paths that keep storing cheap next to coding (eventwire.store.ingest): the storing thread,
the known check of several documents per query, mention ids taken without a lookup first, the
event's JSON text from pydantic. On SQLite and PostgreSQL (the ``store`` fixture). Nothing here
is timed: bench/ingest.py measures the speed."""

from __future__ import annotations

import sys
import threading

import pytest
from corpus import STRIKE, paired_corpus
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from eventwire.model import CodedDocument, Document, Problem
from eventwire.store import Store, StoreError, ingest
from eventwire.store.query import counts, errors
from eventwire.store.schema import Article, Mention

ingest_module = sys.modules["eventwire.store.ingest"]  # ``eventwire.store.ingest`` is the function

THREAD = "eventwire-store"


def docs(records) -> list[Document]:
    return [Document(**r) for r in records]


def storing_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == THREAD]


def precoded(coded: list[CodedDocument]):
    """A coder (the callable kind) that hands back documents coded before."""
    by_id = {c.document.id: c for c in coded}
    return lambda documents: (by_id[d.id] for d in documents)


def test_with_a_coder_on_one_process_a_thread_of_its_own_stores(store: Store, coder) -> None:
    where: list[str] = []
    items = [Problem(input="x.txt", reason="file is empty"), *docs(STRIKE[:2])]
    report = ingest(store, items, coder, on_problem=lambda _: where.append(threading.current_thread().name))
    assert (report.articles, report.errors, where) == (2, 1, [THREAD])
    assert not storing_threads()  # ended with the run
    # a callable coder (a cluster, say): stored on the caller's thread
    coded = list(coder.code_many(docs(STRIKE[2:4])))
    ingest(store, [Problem(input="y.txt", reason="file is empty"), *[c.document for c in coded]], precoded(coded),
           on_problem=lambda _: where.append(threading.current_thread().name))
    assert where == [THREAD, threading.current_thread().name]


def test_two_articles_under_one_id_reporting_one_event_keep_both_mentions(store: Store, coder) -> None:
    first = Document(**{**STRIKE[0], "url": None})
    second = Document(**{**STRIKE[0], "url": None, "source": "Wire Nine",
                         "text": STRIKE[0]["text"] + " Officials gave no other details."})
    coded = list(coder.code_many([first, second]))
    shared = {e.event_id for e in coded[0].events} & {e.event_id for e in coded[1].events}
    assert shared, "the two articles should give their events the same ids"
    # the second article's first try takes a mention id already stored: the database refuses
    # it, and the retry gives it a new one
    report = ingest(store, [first, second], coder)
    assert (report.articles, report.errors) == (2, 0)
    with store.session() as session:
        ids = list(session.scalars(select(Mention.id)))
    assert len(ids) == len(set(ids)) == report.mentions == sum(len(c.events) for c in coded)


def test_the_same_text_twice_in_one_run_is_stored_once(store: Store, coder) -> None:
    # both are checked before coding, in one query, before either is stored: the insert decides
    twice = [Document(**STRIKE[2]), Document(**{**STRIKE[2], "id": "wire-3-again"})]
    report = ingest(store, twice, coder)
    assert (report.articles, report.skipped) == (1, 1)
    assert counts(store).articles == 1


def test_known_documents_and_problems_keep_their_order_across_query_chunks(store: Store, coder) -> None:
    documents = docs(paired_corpus(40))
    coded = list(coder.code_many(documents))
    ingest(store, documents[::4], precoded(coded))  # 10 known already
    items: list[Document | Problem] = []
    for n, document in enumerate(documents):
        if n % 7 == 3:
            items.append(Problem(input=f"broken-{n}.txt", reason="invalid UTF-8"))
        items.append(document)
    seen: list[Problem] = []
    report = ingest(store, items, precoded(coded), on_problem=seen.append)
    assert (report.articles, report.skipped, report.errors) == (30, 10, 6)
    assert [p.input for p in seen] == [where for where, _ in errors(store)] == \
        [f"broken-{n}" + ".txt" for n in range(40) if n % 7 == 3]
    assert counts(store).articles == 40


def test_an_article_that_cannot_be_stored_is_an_error_and_the_others_are_stored(
        store: Store, coder, monkeypatch) -> None:
    real = ingest_module.regroup

    def regroup(connection, new, *args):
        if new and new[0].event["doc_id"] == "wire-2":
            raise ValueError("no room")
        return real(connection, new, *args)

    monkeypatch.setattr(ingest_module, "regroup", regroup)
    seen: list[Problem] = []
    report = ingest(store, docs(STRIKE), coder, on_problem=seen.append)
    assert (report.articles, report.errors) == (len(STRIKE) - 1, 1)
    assert errors(store) == [("wire-2", "could not be stored: ValueError")]  # its message may quote the text
    assert [p.input for p in seen] == ["wire-2"]
    with store.session() as session:  # its transaction was rolled back whole
        assert "wire-2" not in set(session.scalars(select(Article.doc_id)))


def test_a_database_failure_ends_the_run_with_a_store_error(store: Store, coder, monkeypatch) -> None:
    real = ingest_module._store_article
    calls: list[str] = []

    def store_article(connection, coded, window):
        calls.append(coded.document.id)
        if len(calls) == 3:
            raise OperationalError("INSERT INTO articles …", {}, Exception("disk I/O error"))
        return real(connection, coded, window)

    monkeypatch.setattr(ingest_module, "_store_article", store_article)
    with pytest.raises(StoreError, match="cannot write to .*: disk I/O error"):
        ingest(store, docs(STRIKE), coder)
    assert calls == ["wire-1", "wire-2", "wire-3"]  # nothing after the failure
    assert counts(store).articles == 2
    assert not storing_threads()


def test_an_input_that_fails_mid_run_stops_the_thread_and_a_rerun_finishes(store: Store, coder) -> None:
    def items():
        yield from docs(STRIKE[:3])
        raise RuntimeError("the feed broke")

    with pytest.raises(RuntimeError, match="the feed broke"):
        ingest(store, items(), coder)
    assert not storing_threads()
    stored = counts(store).articles
    again = ingest(store, docs(STRIKE[:3]), coder)
    assert (again.articles, again.skipped) == (3 - stored, stored)


def test_the_stored_event_json_is_the_events_json(store: Store, coder) -> None:
    coded = list(coder.code_many(docs(STRIKE[:3])))
    ingest(store, [c.document for c in coded], precoded(coded))
    events = {e.event_id: e for c in coded for e in c.events}
    with store.session() as session:
        stored = {i: j for i, j in session.execute(select(Mention.id, Mention.event_json))}
    assert stored == {i: e.model_dump(mode="json") for i, e in events.items()}
