"""What the command line does with hostile or unusual input and output (issue 10): bad records lose
only themselves in ``code`` and ``ingest``, skipped files are reported, stdin is read from a pipe,
output formats are never guessed, spreadsheet cells are safe, and a missing extra is one line."""

from __future__ import annotations

import csv
import io
import json
import os
import pty
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from eventwire import cli
from eventwire.cli import app
from eventwire.extras import EXTRAS, MissingExtra, missing_module, require

GOOD = {"id": "good", "text": "Japan accused China of spying.", "date": "2025-02-01"}
LAST = {"id": "last", "text": "France condemned Russia over the shelling of Kharkiv.", "date": "2025-02-02"}
# each a JSONL line that must be a Problem of its own, the lines around it coded
HOSTILE = {
    "surrogate": '{"id": "bad", "text": "Kyiv accused \\ud800 Moscow."}',
    "nan": '{"id": "bad", "text": "Kyiv accused Moscow.", "date": NaN}',
    "infinity": '{"id": "bad", "text": "Kyiv accused Moscow.", "date": Infinity}',
    "1e309": '{"id": "bad", "text": "Kyiv accused Moscow.", "date": 1e309}',
    "raw NUL": '{"id": "bad", "text": "Kyiv accused\x00 Moscow."}',
}


@pytest.fixture
def runner(coder, monkeypatch) -> CliRunner:
    """The CLI with the session's Coder already loaded."""
    monkeypatch.setitem(cli._CODERS, ((), (), False, cli.DEFAULT["batch_size"]), coder)
    return CliRunner()


def hostile_jsonl(folder: Path, line: str) -> Path:
    path = folder / "docs.jsonl"
    path.write_text("\n".join([json.dumps(GOOD), line, json.dumps(LAST)]) + "\n", encoding="utf-8")
    return path


def problem_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("eventwire: ")]


# ---- items 3, 4 and 5: one bad record loses only itself ---------------------------------------


@pytest.mark.parametrize("kind", list(HOSTILE))
def test_code_reports_a_hostile_record_and_codes_the_rest(runner, tmp_path, kind):
    path = hostile_jsonl(tmp_path, HOSTILE[kind])
    result = runner.invoke(app, ["code", str(path)])
    assert result.exit_code == 0, result.output
    assert {json.loads(line)["doc_id"] for line in result.stdout.splitlines()} == {"good", "last"}
    (line,) = problem_lines(result.stderr)
    assert line.startswith(f"eventwire: {path}:2: ")
    assert "internal error" not in result.stderr
    assert result.stderr.splitlines()[-1].startswith("coded 2 documents, ")


@pytest.mark.parametrize("kind", ["surrogate", "nan", "1e309", "raw NUL"])
def test_ingest_reports_a_hostile_record_and_stores_the_rest(runner, tmp_path, kind):
    path = hostile_jsonl(tmp_path, HOSTILE[kind])
    db = tmp_path / "events.db"
    result = runner.invoke(app, ["ingest", str(path), "--db", str(db)])
    assert result.exit_code == 0, result.output
    (line,) = problem_lines(result.stderr)
    assert line.startswith(f"eventwire: {path}:2: ")
    assert result.stderr.splitlines()[-1].startswith("ingested 2 articles (")
    assert result.stderr.splitlines()[-1].endswith("; 0 already known; 1 error")
    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT count(*) FROM articles").fetchone() == (2,)
        (errors,) = connection.execute("SELECT count(*) FROM errors").fetchone()
    assert errors == 1


def test_code_keeps_a_text_file_with_a_nul(runner, tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(b"Japan accused\x00 China of spying.\n")
    result = runner.invoke(app, ["code", str(path)])
    assert result.exit_code == 0, result.output
    (event,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert event["evidence"]["text"].startswith("Japan accused China")


# ---- item 14: skipped files are reported; an output format is never guessed -------------------


def test_directory_reports_each_skipped_file(runner, tmp_path):
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "a.txt").write_text("Japan accused China of spying.", encoding="utf-8")
    (folder / "notes.pdf").write_bytes(b"%PDF-1.4\n" + bytes(range(256)))
    (folder / "x.bin").write_bytes(bytes(range(256)) * 4)
    (folder / "data.bin").write_text("plain text in a file of another type", encoding="utf-8")
    (folder / ".hidden").write_text("skipped quietly", encoding="utf-8")
    result = runner.invoke(app, ["code", str(folder)])
    assert result.exit_code == 0, result.output
    assert problem_lines(result.stderr) == [
        f"eventwire: {folder / 'data.bin'}: skipped: unsupported file type '.bin'; give .txt, .md, .html, .htm, "
        ".json, .jsonl, .csv, .tsv, .rss, .atom, .xml, .warc or .warc.gz files (or - for stdin)",
        f"eventwire: {folder / 'notes.pdf'}: skipped: file is a PDF; convert it to text first (e.g. with pdftotext)",
        f"eventwire: {folder / 'x.bin'}: skipped: file looks binary (e.g. PDF/ZIP/image), not text; "
        "convert it to text first",
    ]
    assert result.stderr.splitlines()[-1].endswith("; 3 problems")


@pytest.mark.parametrize("name", ["out.txt", "out", "events.tsv"])
def test_unknown_output_extension_is_a_usage_error(runner, tmp_path, name):
    source = tmp_path / "a.txt"
    source.write_text("Japan accused China of spying.", encoding="utf-8")
    result = runner.invoke(app, ["code", str(source), "-o", str(tmp_path / name)])
    assert result.exit_code == 2
    assert "cannot tell the format of" in result.stderr and "--format" in result.stderr
    assert "jsonl" in result.stderr and "gdelt-mentions" in result.stderr  # the formats are named
    assert not (tmp_path / name).exists()
    named = runner.invoke(app, ["code", str(source), "-o", str(tmp_path / name), "--format", "jsonl"])
    assert named.exit_code == 0, named.output
    assert json.loads((tmp_path / name).read_text(encoding="utf-8").splitlines()[0])["doc_id"] == "a.txt"


def test_events_unknown_output_extension_is_a_usage_error(runner, tmp_path):
    db = tmp_path / "e.db"
    runner.invoke(app, ["ingest", str(hostile_jsonl(tmp_path, json.dumps(GOOD))), "--db", str(db)])
    for name in ("events.txt", "events.json"):  # the store writes no JSON array: .json would hold JSON Lines
        result = runner.invoke(app, ["events", "--db", str(db), "-o", str(tmp_path / name)])
        assert result.exit_code == 2 and f"cannot tell the format of {name}" in result.stderr
        assert "end it in .jsonl, .ndjson, .csv, .parquet or give --format (table, csv, jsonl" in \
            " ".join(result.stderr.split())
        assert not (tmp_path / name).exists()


# ---- item 15: stdin without "-", --place with a country's name --------------------------------


def test_code_reads_a_pipe_when_no_input_is_given(runner):
    result = runner.invoke(app, ["code"], input="Japan accused China of spying.\n")
    assert result.exit_code == 0, result.output
    assert {json.loads(line)["doc_id"] for line in result.stdout.splitlines()} == {"stdin"}


def test_ingest_reads_a_pipe_when_no_source_is_given(runner, tmp_path):
    result = runner.invoke(app, ["ingest", "--db", str(tmp_path / "e.db")], input=json.dumps(GOOD) + "\n")
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[-1].startswith("ingested 1 article (")


def test_no_input_on_a_terminal_is_a_usage_error():
    """A real terminal on stdin (a pseudo-terminal), as a user typing ``eventwire code`` alone has."""
    leader, follower = pty.openpty()
    try:
        done = subprocess.run([sys.executable, "-m", "eventwire.cli", "code"], stdin=follower,
                              capture_output=True, text=True, timeout=120)
    finally:
        os.close(leader)
        os.close(follower)
    assert done.returncode == 2
    assert done.stderr == ("eventwire: error: no INPUT given, and stdin is a terminal: name files, directories or "
                           "feed URLs, or pipe text in (echo 'Kyiv accused Moscow.' | eventwire code); see eventwire "
                           "code -h\n")
    assert "Traceback" not in done.stderr


def test_place_takes_a_country_name(runner, tmp_path):
    article = {"id": "k1", "date": "2025-07-01", "text": "Kenyan police arrested 20 protesters in Nairobi on Tuesday."}
    db = tmp_path / "e.db"
    ingested = runner.invoke(app, ["ingest", str(hostile_jsonl(tmp_path, json.dumps(article))), "--db", str(db)])
    assert ingested.exit_code == 0, ingested.output

    def ids(place: str) -> set[str]:
        listed = runner.invoke(app, ["events", "--db", str(db), "--place", place, "--format", "jsonl"])
        assert listed.exit_code == 0, listed.output
        return {json.loads(line)["id"] for line in listed.stdout.splitlines()}

    found = ids("KEN")
    assert found and ids("Kenya") == found == ids("kenya") == ids("Nairobi") == ids("Republic of Kenya") | found
    assert not ids("Uganda")


# ---- item 9: no cell a spreadsheet would run ------------------------------------------------


FORMULA_OUTLET = '=HYPERLINK("http://evil.example","x")'


@pytest.fixture
def formula_article(tmp_path) -> Path:
    """An article whose outlet and id a spreadsheet would run as formulas."""
    article = {"id": "@SUM(1+1)", "date": "2025-07-01", "source": FORMULA_OUTLET,
               "text": "Kenyan police arrested 20 protesters in Nairobi on Tuesday."}
    path = tmp_path / "f.jsonl"
    path.write_text(json.dumps(article) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def formula_db(runner, formula_article) -> Path:
    db = formula_article.with_suffix(".db")
    assert runner.invoke(app, ["ingest", str(formula_article), "--db", str(db)]).exit_code == 0
    return db


def cells(text: str, delimiter: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text), delimiter=delimiter) for cell in row]


@pytest.mark.parametrize("fmt", ["csv", "acled", "gdelt", "gdelt-mentions"])
def test_code_writes_no_formula_cell(runner, formula_article, fmt):
    result = runner.invoke(app, ["code", str(formula_article), "--format", fmt])
    assert result.exit_code == 0, result.output
    written = cells(result.stdout, "\t" if fmt.startswith("gdelt") else ",")
    assert written
    risky = [cell for cell in written if cell[:1] in ("=", "+", "@") or (cell[:1] == "-" and not _number(cell))]
    assert risky == []
    if fmt in ("acled", "gdelt-mentions"):  # the outlet is written, neutralised
        assert "'" + FORMULA_OUTLET in written
    if fmt in ("csv", "gdelt-mentions"):
        assert "'@SUM(1+1)" in written  # the document id


@pytest.mark.parametrize("fmt", ["csv", "acled", "gdelt", "gdelt-mentions"])
def test_events_writes_no_formula_cell(runner, formula_db, fmt):
    result = runner.invoke(app, ["events", "--db", str(formula_db), "--format", fmt])
    assert result.exit_code == 0, result.output
    written = cells(result.stdout, "\t" if fmt.startswith("gdelt") else ",")
    assert written and not [cell for cell in written if cell[:1] in ("=", "+", "@")]
    if fmt in ("acled", "gdelt-mentions"):
        assert "'" + FORMULA_OUTLET in written


def _number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def test_safe_cell_quotes_formulas_and_keeps_numbers():
    from eventwire.export.cells import safe_cell

    assert [safe_cell(v) for v in ("=1+1", "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx", "a=b", "")] == [
        "'=1+1", "'+1+1", "'-2+3", "'@SUM(A1)", "'\tx", "'\rx", "a=b", ""]
    assert [safe_cell(v) for v in ("-10", "-10.5", "+3", "-1", "-.5", "1e-3")] == [
        "-10", "-10.5", "+3", "-1", "-.5", "1e-3"]


# ---- item 19: extras --------------------------------------------------------------------------


@pytest.mark.parametrize(("args", "blocked", "message"), [
    (["serve", "--read-only"], "fastapi",
     "eventwire: error: eventwire serve needs the serve extra: pip install 'eventwire[serve]'"),
    (["serve", "--read-only"], "uvicorn",
     "eventwire: error: eventwire serve needs the serve extra: pip install 'eventwire[serve]'"),
    (["events"], "sqlalchemy",
     "eventwire: error: eventwire events needs the store extra: pip install 'eventwire[store]'"),
    (["ingest", "-"], "alembic",
     "eventwire: error: eventwire ingest needs the store extra: pip install 'eventwire[store]'"),
    (["events", "--db", "postgresql://nobody@127.0.0.1:1/none"], "psycopg",
     "eventwire: error: --db postgresql://… needs the postgres extra: pip install 'eventwire[postgres]'"),
    (["code", "-", "--dask", "local"], "distributed",
     "eventwire: error: --dask needs the dask extra: pip install 'eventwire[dask]'"),
    (["code", "-", "-o", "x.parquet"], "pyarrow",
     "eventwire: error: --format parquet needs the parquet extra: pip install 'eventwire[parquet]'"),
])
def test_a_missing_extra_is_one_line_naming_the_pip_command(runner, monkeypatch, tmp_path, args, blocked, message):
    monkeypatch.setitem(sys.modules, blocked, None)  # how Python marks a module that cannot be imported
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, args, input="Japan accused China of spying.\n")
    assert result.exit_code == 2, result.output
    assert result.stderr.strip() == message
    assert "Traceback" not in result.output and result.stdout == ""


def test_require_names_the_extra(monkeypatch):
    assert all(missing_module(extra) is None for extra in EXTRAS)  # make test installs every extra
    monkeypatch.setitem(sys.modules, "psutil", None)
    assert missing_module("bench") == "psutil"
    with pytest.raises(MissingExtra, match=r"^--x needs the bench extra: pip install 'eventwire\[bench\]'$"):
        require("bench", "--x")


BLOCK_EXTRAS = """
import sys
for name in {modules!r}:
    sys.modules[name] = None  # as if not installed: any import of it fails
sys.argv = ["eventwire", *sys.argv[1:]]
from eventwire.cli import main
main()
"""


@pytest.mark.parametrize("args", [["code"], ["code", "--format", "csv"], ["--help"], ["demo", "--help"], ["version"]])
def test_the_core_commands_need_no_extra(args):
    """The core path imports no module of an extra (cli.py's imports are lazy), in a real process."""
    modules = sorted({m for extra in EXTRAS.values() for m in extra} | {"starlette"})
    script = BLOCK_EXTRAS.format(modules=modules)
    done = subprocess.run([sys.executable, "-c", script, *args], input="Japan accused China of spying.\n",
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    if args[0] == "code":
        assert done.stderr.splitlines()[-1] == "coded 1 document, 1 event; 0 problems"
    if args == ["demo", "--help"]:  # item 18: the number of articles is counted, not written down
        articles = [line for line in cli.DEMO_CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()]
        assert len(articles) == 13 and "then what all 13 articles gave" in " ".join(done.stdout.split())
