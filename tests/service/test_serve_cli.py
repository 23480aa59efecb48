"""``eventwire serve`` as a user runs it: the URL it prints, the token it makes or keeps to itself,
the access log, a port that is taken."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from testenv import free_port
from typer.testing import CliRunner

from eventwire.cli import app

EVENTWIRE = [sys.executable, "-c", "from eventwire.cli import main; main()"]


def _serve(db: Path, port: int, *options: str, env: dict[str, str] | None = None) -> subprocess.Popen:
    return subprocess.Popen([*EVENTWIRE, "serve", "--db", str(db), "--port", str(port), *options],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            env={**os.environ, **(env or {})})


def _wait_up(port: int, server: subprocess.Popen, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"eventwire serve exited early: {server.stdout.read() if server.stdout else ''}")
        try:
            httpx.get(f"http://127.0.0.1:{port}/health", timeout=1)
            return
        except httpx.HTTPError:
            time.sleep(0.2)
    pytest.fail("eventwire serve did not answer")


def _stop(server: subprocess.Popen) -> str:
    server.send_signal(signal.SIGINT)
    output, _ = server.communicate(timeout=30)
    return output


def test_read_only_serves_and_prints_its_url(filled_db) -> None:
    port = free_port()
    server = _serve(filled_db, port, "--read-only")
    try:
        _wait_up(port, server)
        assert httpx.get(f"http://127.0.0.1:{port}/events").json()["total"] > 0
        assert httpx.post(f"http://127.0.0.1:{port}/articles", json={"text": "x"}).status_code in (404, 405)
        page = httpx.get(f"http://127.0.0.1:{port}/")
        assert page.status_code == 200 and '<script type="module" src="/static/app.js">' in page.text
    finally:
        output = _stop(server)
    assert f"serving sqlite:///{filled_db} at http://127.0.0.1:{port}/ (read-only)" in output
    assert "#token=" not in output


def test_a_chosen_token_is_never_printed_and_is_what_writing_needs(tmp_path) -> None:
    port, token = free_port(), "chosen-token-7d41"
    server = _serve(tmp_path / "new.db", port, env={"EVENTWIRE_TOKEN": token})
    try:
        _wait_up(port, server)
        url = f"http://127.0.0.1:{port}/articles"
        article = {"text": "Japan pledged $50 million in aid to the Philippines on Tuesday.", "date": "2025-08-05"}
        assert httpx.post(url, json=article, headers={"Authorization": "Bearer other"}).status_code == 403
        stored = httpx.post(url, json=article, headers={"Authorization": f"Bearer {token}"}, timeout=60)
        assert stored.json()["articles"][0]["status"] == "stored"
    finally:
        output = _stop(server)
    assert f"at http://127.0.0.1:{port}/\n" in output and "#token=" not in output
    assert '"POST /articles HTTP/1.1" 200' in output  # the access log is on …
    assert token not in output and "Philippines" not in output  # … and holds neither token nor text


def test_a_taken_port_is_a_clear_error(tmp_path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(app, ["serve", "--db", str(tmp_path / "x.db"), "--port", str(port),
                                          "--read-only"])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"eventwire: error: cannot listen on 127.0.0.1:{port}")
    assert "--port" in result.stderr


def test_allowed_host_adds_a_name_and_others_are_refused(filled_db) -> None:
    port = free_port()
    server = _serve(filled_db, port, "--read-only", "--allowed-host", "events.lan")
    try:
        _wait_up(port, server)
        url = f"http://127.0.0.1:{port}/health"
        assert httpx.get(url, headers={"Host": f"events.lan:{port}"}).status_code == 200
        assert httpx.get(url, headers={"Host": f"localhost:{port}"}).status_code == 200
        assert httpx.get(url, headers={"Host": f"rebound.example:{port}"}).status_code == 400
    finally:
        _stop(server)


def test_read_only_refuses_a_file_that_is_no_database(tmp_path) -> None:
    empty = tmp_path / "empty.db"
    empty.touch()
    result = CliRunner().invoke(app, ["serve", "--db", str(empty), "--read-only", "--port", str(free_port())])
    assert result.exit_code == 2
    assert "is empty (0 bytes)" in result.stderr and empty.stat().st_size == 0
    missing = CliRunner().invoke(app, ["serve", "--db", str(tmp_path / "none.db"), "--read-only",
                                       "--port", str(free_port())])
    assert missing.exit_code == 2 and "no database at" in missing.stderr
    assert not (tmp_path / "none.db").exists()
