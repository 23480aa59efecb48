"""POST /articles: the token, coding and storing one article or a batch, the limits (413), bad
bodies (422), one bad article in a batch; read-only mode, CORS, headers and logs."""

from __future__ import annotations

import logging
import shutil
import sqlite3
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from service_corpus import AUTH, LOCAL, TOKEN

from eventwire.service import ServiceSettings, create_app
from eventwire.store import StoreError

ARTICLE = {"text": "North Korea sent 11,000 troops to Russia, according to South Korea's intelligence agency.",
           "date": "2025-06-02", "source": "Wire One", "title": "Troops"}


def _post(client, body, **params):
    return client.post("/articles", json=body, params=params, headers=AUTH)


def test_writing_needs_the_token(writer) -> None:
    missing = writer.post("/articles", json=ARTICLE)
    assert missing.status_code == 401 and missing.headers["www-authenticate"] == "Bearer"
    wrong = writer.post("/articles", json=ARTICLE, headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 403
    assert writer.post("/articles", json=ARTICLE, headers={"Authorization": TOKEN}).status_code == 401
    assert writer.get("/health").json()["counts"]["articles"] == 0


def test_an_article_is_coded_stored_and_then_known(writer) -> None:
    (first,) = _post(writer, ARTICLE).json()["articles"]
    assert first["status"] == "stored" and first["error"] is None and first["text"] == ARTICLE["text"]
    (event,) = first["events"]
    assert (event["cameo"], event["source"]["code"], event["target"]["code"]) == ("154", "PRK", "RUS")
    spans = {(a["kind"], ARTICLE["text"][a["start"]:a["end"]]) for a in first["annotations"]}
    assert {("source", "North Korea"), ("quantity", "11,000 troops"), ("target", "Russia"),
            ("attribution", "South Korea's intelligence agency")} <= spans
    stored = writer.get(f"/articles/{first['article_id']}").json()
    assert stored["text"] == ARTICLE["text"] and stored["outlet"] == "Wire One"
    (again,) = _post(writer, ARTICLE).json()["articles"]
    assert (again["status"], again["article_id"]) == ("known", first["article_id"])
    assert writer.get("/health").json()["counts"] == {"articles": 1, "events": 1, "mentions": 1, "claims": 1,
                                                      "errors": 0}


def test_store_false_codes_without_storing(writer) -> None:
    (coded,) = _post(writer, ARTICLE, store="false").json()["articles"]
    assert coded["status"] == "coded" and coded["article_id"] is None and coded["events"]
    assert writer.get("/health").json()["counts"]["articles"] == 0


def test_one_bad_article_of_a_batch_loses_nothing_else(writer) -> None:
    batch = {"articles": [{"text": "   \n  "}, ARTICLE,
                          {"text": "Thousands of farmers protested in Paris against a new fuel tax.",
                           "date": "2025-07-21"}]}
    results = _post(writer, batch).json()["articles"]
    assert [r["status"] for r in results] == ["error", "stored", "stored"]
    assert "empty" in results[0]["error"] and results[0]["events"] == []
    counts = writer.get("/health").json()["counts"]
    assert (counts["articles"], counts["errors"]) == (2, 1)


@pytest.mark.parametrize(("body", "field"), [
    ({"text": ""}, "text"),
    ({"date": "2025-06-02"}, "text"),
    ({"text": "x", "date": "next week"}, "date"),
    ({"text": "x", "colour": "red"}, "unknown field"),
    ({"articles": []}, "articles"),
    ({"text": 5}, "text"),
    ({"text": "x", "date": 20250602}, "date"),
    ({"text": "x", "date": 0}, "date"),
    ({"text": "x", "date": "0.0"}, "date"),
    ({"text": "x", "date": "2025-02-30"}, "date"),
    ('{"text": "half a pair \\ud800 here"}', "text"),  # JSON may hold half a UTF-16 pair; text may not
    ('{"text": "fine", "title": "\\udfff"}', "title"),
])
def test_bad_bodies_are_422_with_a_reason(writer, body, field) -> None:
    if isinstance(body, str):
        response = writer.post("/articles", content=body, headers={**AUTH, "Content-Type": "application/json"})
    else:
        response = _post(writer, body)
    assert response.status_code == 422
    assert field in response.json()["reason"]


def test_422_does_not_echo_unknown_key_names(writer) -> None:
    response = _post(writer, {"text": "x", "<img src=x onerror=alert(1)>": 1, "articles": 2})
    assert response.status_code == 422
    assert "onerror" not in response.text and "unknown field" in response.json()["reason"]


def test_a_body_that_is_not_json_is_refused_with_a_reason(writer) -> None:
    for raw in (b"\xff\xfe\x00binary", b'{"text": "unterminated', b"text=plain"):
        response = writer.post("/articles", content=raw, headers={**AUTH, "Content-Type": "application/json"})
        assert response.status_code in (400, 422), raw
        assert response.json()["detail"]


def test_limits_are_413_with_what_was_too_large(writer) -> None:
    too_many = _post(writer, {"articles": [ARTICLE] * 6})
    assert too_many.status_code == 413 and "limit is 5" in too_many.json()["detail"]
    too_long = _post(writer, {"text": "word " * 12_000})
    assert too_long.status_code == 413 and "50,000" in too_long.json()["detail"]
    too_big = _post(writer, {"text": "x" * 250_000})
    assert too_big.status_code == 413 and "200,000 bytes" in too_big.json()["detail"]


def test_a_body_without_length_is_counted_as_it_arrives(writer) -> None:
    def chunks():
        yield b'{"text": "'
        for _ in range(30):
            yield b"y" * 10_000
        yield b'"}'

    response = writer.post("/articles", content=chunks(), headers={**AUTH, "Content-Type": "application/json"})
    assert response.status_code == 413


def test_read_only_serves_no_write_endpoint(filled_db) -> None:
    app = create_app(ServiceSettings(db=str(filled_db), read_only=True))
    with TestClient(app, base_url=LOCAL) as client:
        assert client.post("/articles", json=ARTICLE, headers=AUTH).status_code in (404, 405)
        assert "post" not in client.get("/openapi.json").json()["paths"].get("/articles", {})
        assert client.get("/health").json()["read_only"] is True
        assert client.get("/events").status_code == 200


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.1:8000", "localhost:8000", "LOCALHOST.", "[::1]:8000"])
def test_local_host_names_are_answered(reader, host) -> None:
    assert reader.get("/health", headers={"Host": host}).status_code == 200


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8000", "127.0.0.1.evil.example", "", "[::2]"])
def test_a_foreign_host_name_is_refused_without_echo(reader, host) -> None:
    # DNS rebinding: a page of evil.example, its name pointed at 127.0.0.1, reads nothing
    for path in ("/events", "/health", "/"):
        response = reader.get(path, headers={"Host": host})
        assert response.status_code == 400, (path, host)
        assert "--allowed-host" in response.json()["detail"] and (not host or host not in response.text)


def test_allowed_hosts_add_names_or_allow_any(filled_db) -> None:
    settings = ServiceSettings(db=str(filled_db), read_only=True, allowed_hosts=("events.lan", "10.0.0.5"))
    with TestClient(create_app(settings), base_url="http://events.lan:8000") as client:
        assert client.get("/health").status_code == 200
        assert client.get("/health", headers={"Host": "10.0.0.5:8000"}).status_code == 200
        assert client.get("/health", headers={"Host": "localhost"}).status_code == 400
    anything = ServiceSettings(db=str(filled_db), read_only=True, allowed_hosts=("*",))
    with TestClient(create_app(anything), base_url="http://whatever.example") as client:
        assert client.get("/health").status_code == 200


def test_read_only_changes_nothing_in_the_file(filled_db, tmp_path) -> None:
    db = tmp_path / "copy.db"
    shutil.copy(filled_db, db)
    with sqlite3.connect(db) as connection:
        connection.execute("PRAGMA journal_mode = DELETE")  # a reader must not switch it to WAL
    before = db.read_bytes()
    with TestClient(create_app(ServiceSettings(db=str(db), read_only=True)), base_url=LOCAL) as client:
        assert client.get("/events").json()["total"] > 0
        assert client.get("/health").status_code == 200
    assert db.read_bytes() == before and not Path(f"{db}-wal").exists()


def test_read_only_refuses_an_empty_file_and_reports_a_corrupt_one(filled_db, tmp_path) -> None:
    empty = tmp_path / "empty.db"
    empty.touch()
    with pytest.raises(StoreError, match=r"empty \(0 bytes\)"):
        create_app(ServiceSettings(db=str(empty), read_only=True))
    assert empty.stat().st_size == 0
    corrupt = tmp_path / "corrupt.db"
    shutil.copy(filled_db, corrupt)
    with sqlite3.connect(corrupt) as raw:  # the events table's pages, not the schema's: it opens, then fails
        size = raw.execute("PRAGMA page_size").fetchone()[0]
        (page,) = raw.execute("SELECT rootpage FROM sqlite_master WHERE name = 'events'").fetchone()
    data = bytearray(corrupt.read_bytes())
    data[(page - 1) * size:page * size] = b"\x5a" * size
    corrupt.write_bytes(bytes(data))
    with TestClient(create_app(ServiceSettings(db=str(corrupt), read_only=True)), base_url=LOCAL) as client:
        response = client.get("/events")
    assert response.status_code == 503
    assert "malformed" in response.json()["detail"] and "SELECT" not in response.text


def test_a_writing_service_needs_a_token() -> None:
    with pytest.raises(ValueError, match="token"):
        ServiceSettings(db="x.db")


def test_cors_is_off_unless_asked_for(filled_db, reader) -> None:
    origin = {"Origin": "https://analyst.example"}
    assert "access-control-allow-origin" not in reader.get("/events", headers=origin).headers
    app = create_app(ServiceSettings(db=str(filled_db), read_only=True, cors_origins=("https://analyst.example",)))
    with TestClient(app, base_url=LOCAL) as client:
        allowed = client.get("/events", headers=origin)
        assert allowed.headers["access-control-allow-origin"] == "https://analyst.example"
        other = client.get("/events", headers={"Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in other.headers


def test_pages_forbid_foreign_and_inline_scripts(reader) -> None:
    for path in ("/", "/health", "/events"):
        headers = reader.get(path).headers
        assert "script-src 'self';" in headers["content-security-policy"]
        assert headers["x-content-type-options"] == "nosniff"
    docs = reader.get("/docs")
    assert docs.status_code == 200 and "/docs-assets/swagger-ui-bundle.js" in docs.text
    assert "cdn" not in docs.text.lower()
    assert reader.get("/docs-assets/swagger-ui-bundle.js").status_code == 200
    assert reader.head("/").status_code == 200


def test_no_token_and_no_article_text_in_the_logs(writer, caplog) -> None:
    secret_text = "The ambassador of Chile met Argentina's foreign minister in Santiago on Tuesday."
    with caplog.at_level(logging.DEBUG):
        _post(writer, {"text": secret_text, "date": "2025-06-02"})
        writer.post("/articles", json=ARTICLE, headers={"Authorization": "Bearer wrong-guess"})
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "coded 1 article" in logged
    assert TOKEN not in logged and "wrong-guess" not in logged and "Santiago" not in logged
