#!/usr/bin/env python3
"""Benchmark the service's downloads: server memory while N clients download every event at once.

    .venv/bin/python bench/downloads.py --db FILE [--clients 8] [--format jsonl] [--json]

Starts ``eventwire serve --read-only`` on ``--db`` (fill one with ``bench/service.py --db FILE``)
as a process of its own, then has ``--clients`` threads download ``/events?format=…`` at the same
time, each reading the body in pieces and dropping it; the server's resident memory (RSS) is
sampled every 20 ms. Prints the RSS before, the peak during, the bytes each client got, how many
were refused (503, the cap on concurrent downloads) and the wall time.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import psutil

from bench import machine

HERE = Path(__file__).resolve().parent


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(db: Path, port: int, *options: str, env: dict[str, str] | None = None,
                 seconds: float = 60) -> subprocess.Popen[bytes]:
    """``eventwire serve`` on ``db`` with ``options``, once it answers ``/health`` (at most ``seconds``)."""
    command = [sys.executable, "-m", "eventwire.cli", "serve", "--db", str(db), "--port", str(port), *options]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              env={**os.environ, **(env or {})})
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{port}/health", timeout=1)
            return server
        except httpx.HTTPError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit(f"the server did not start within {seconds:g} s")


def download(url: str, out: dict[str, Any]) -> None:
    """One client: the whole body, read in pieces and dropped."""
    got = 0
    with httpx.stream("GET", url, timeout=600) as response:
        out["status"] = response.status_code
        for piece in response.iter_bytes():
            got += len(piece)
    out["bytes"] = got


def run(db: Path, clients: int, fmt: str) -> dict[str, Any]:
    port = free_port()
    server = start_server(db, port, "--read-only")
    process = psutil.Process(server.pid)
    try:
        before = process.memory_info().rss
        results: list[dict[str, Any]] = [{} for _ in range(clients)]
        url = f"http://127.0.0.1:{port}/events?format={fmt}"
        threads = [threading.Thread(target=download, args=(url, r)) for r in results]
        t0 = time.perf_counter()
        for thread in threads:
            thread.start()
        peak = before
        while any(t.is_alive() for t in threads):
            peak = max(peak, process.memory_info().rss)
            time.sleep(0.02)
        seconds = time.perf_counter() - t0
    finally:
        server.terminate()
        server.wait(10)
    served = [r for r in results if r.get("status") == 200]
    return {"clients": clients, "format": fmt, "rss_before_mb": round(before / 2**20, 1),
            "rss_peak_mb": round(peak / 2**20, 1), "served": len(served),
            "refused_503": sum(r.get("status") == 503 for r in results),
            "bytes_each": sorted({r["bytes"] for r in served}), "seconds": round(seconds, 1), "machine": machine()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, required=True, help="a filled SQLite file (bench/service.py --db FILE)")
    parser.add_argument("--clients", type=int, default=8, help="concurrent downloads (default 8)")
    parser.add_argument("--format", default="jsonl", choices=("jsonl", "csv"))
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    result = run(args.db, args.clients, args.format)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(f"{args.clients} concurrent {args.format} downloads: server RSS {result['rss_before_mb']} MB before, "
              f"{result['rss_peak_mb']} MB at peak; {result['served']} served "
              f"({', '.join(f'{b:,}' for b in result['bytes_each'])} bytes each), {result['refused_503']} refused "
              f"(503); {result['seconds']} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
