"""The service on PostgreSQL answers as it does on SQLite: the same corpus ingested into both,
the same requests, the same JSON (but for the database's name)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from service_corpus import LOCAL, REPORTS, TOKEN

from eventwire.service import ServiceSettings, create_app
from eventwire.store import Store, ingest

REQUESTS = [
    ("/events", {"limit": 500}),
    ("/events", {"q": "strike", "outlet": "wire", "modality": "asserted"}),
    ("/events", {"attribution": "none"}),
    ("/events", {"place": "kharkiv", "quad": 4}),
    ("/events", {"since": "2025-07-01", "until": "2025-12-31"}),
    ("/actors", {}),
    ("/actors", {"prefix": "ukr"}),
    ("/timeseries", {"interval": "week", "by": "root"}),
    ("/timeseries", {"interval": "month", "by": "plover", "actor": "RUS"}),
    ("/network", {}),
    ("/network", {"level": "code", "min_weight": 2}),
    ("/articles/1", {}),
    ("/articles/3", {}),
]


@pytest.fixture(scope="module")
def on_postgres(postgres_url_module, coder) -> TestClient:
    with Store(postgres_url_module) as store:
        assert ingest(store, REPORTS, coder).articles == len(REPORTS)
    app = create_app(ServiceSettings(db=postgres_url_module, token=TOKEN), coder=coder)
    with TestClient(app, base_url=LOCAL) as client:
        yield client


@pytest.mark.postgresql
@pytest.mark.parametrize(("path", "params"), REQUESTS, ids=[f"{p} {sorted(q.items())}" for p, q in REQUESTS])
def test_postgresql_answers_as_sqlite(reader, on_postgres, path, params) -> None:
    expected = reader.get(path, params=params)
    got = on_postgres.get(path, params=params)
    assert got.status_code == expected.status_code == 200
    assert got.json() == expected.json()


@pytest.mark.postgresql
def test_each_event_is_the_same_on_both(reader, on_postgres) -> None:
    ids = [e["id"] for e in reader.get("/events", params={"limit": 500}).json()["events"]]
    for event_id in ids:
        assert on_postgres.get(f"/events/{event_id}").json() == reader.get(f"/events/{event_id}").json()


@pytest.mark.postgresql
@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_downloads_are_the_same_on_both(reader, on_postgres, fmt) -> None:
    # streamed from a server-side cursor on PostgreSQL
    params = {"format": fmt, "sort": "most_reported"}
    expected, got = reader.get("/events", params=params), on_postgres.get("/events", params=params)
    assert got.status_code == expected.status_code == 200
    total = reader.get("/events").json()["total"]
    assert got.text == expected.text and got.text.count("\n") == total + (fmt == "csv") >= 4


@pytest.mark.postgresql
def test_writing_on_postgresql(on_postgres) -> None:
    article = {"text": "Chile's foreign minister met his Argentine counterpart in Santiago on Tuesday.",
               "date": "2025-09-02"}
    (first,) = on_postgres.post("/articles", json=article, headers={"Authorization": f"Bearer {TOKEN}"}).json()[
        "articles"]
    (again,) = on_postgres.post("/articles", json=article, headers={"Authorization": f"Bearer {TOKEN}"}).json()[
        "articles"]
    assert (first["status"], again["status"]) == ("stored", "known")
    assert first["article_id"] == again["article_id"]
    assert on_postgres.get(f"/articles/{first['article_id']}").json()["text"] == article["text"]


# ---- NUL: PostgreSQL cannot hold it, SQLite matched everything with it; both now answer alike ----

NUL_REQUESTS = [
    ("/events", {"q": "\x00"}), ("/events", {"outlet": "\x00"}), ("/events", {"place": "kh\x00arkiv"}),
    ("/events", {"attribution": "\x00"}), ("/events", {"q": "x", "format": "csv", "outlet": "\x00"}),
    ("/actors", {"outlet": "\x00"}), ("/timeseries", {"q": "\x00"}),
    ("/network", {"place": "\x00"}), ("/events", {"\x00": "1"}),
]


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)])
def either(request) -> TestClient:
    """The service on SQLite, then on PostgreSQL: the same corpus in both."""
    return request.getfixturevalue("reader" if request.param == "sqlite" else "on_postgres")


@pytest.mark.parametrize(("path", "params"), NUL_REQUESTS, ids=[f"{p!r} {q!r}" for p, q in NUL_REQUESTS])
def test_a_nul_in_a_request_is_422_with_one_line(either, path, params) -> None:
    response = either.get(path, params=params)
    assert response.status_code == 422
    reason = response.json()["reason"]
    assert "NUL" in reason and "\n" not in reason and "SELECT" not in reason


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)])
def either_new(request, coder) -> TestClient:
    """The service on a new database: a SQLite file, then a PostgreSQL database."""
    if request.param == "sqlite":
        yield request.getfixturevalue("writer")
        return
    app = create_app(ServiceSettings(db=request.getfixturevalue("postgres_url"), token=TOKEN), coder=coder)
    with TestClient(app, base_url=LOCAL) as client:
        yield client


def test_a_nul_in_a_path_finds_nothing(either) -> None:
    for path in ("/events/ab%00cd", "/articles/1%00"):
        response = either.get(path)
        assert response.status_code == 404 and "NUL" in response.json()["detail"]


def test_an_article_with_nul_is_stored_without_it(either_new) -> None:
    either = either_new
    article = {"text": "Peru's president\x00 visited Bolivia on Monday.\x00", "title": "Vis\x00it",
               "date": "2025-09-08"}
    response = either.post("/articles", json=article, headers={"Authorization": f"Bearer {TOKEN}"})
    (result,) = response.json()["articles"]
    assert result["status"] in ("stored", "known"), result
    assert result["text"] == "Peru's president visited Bolivia on Monday."
    stored = either.get(f"/articles/{result['article_id']}").json()
    assert (stored["text"], stored["title"]) == (result["text"], "Visit")
    only_nul = either.post("/articles", json={"text": "\x00\x00"}, headers={"Authorization": f"Bearer {TOKEN}"})
    (empty,) = only_nul.json()["articles"]
    assert empty["status"] == "error" and "empty" in empty["error"]
