"""eventwire's command line: what a user types, what comes out, and the exit status.

The Coder loads once for the whole file: the CLI keeps one per set of data files in-process.
"""

from __future__ import annotations

import csv
import inspect
import io
import json
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest
import spacy
from typer.testing import CliRunner

from eventwire.cli import app
from eventwire.nlp import MODEL_PACKAGE
from eventwire.pipeline import Coder
from eventwire.read import iter_documents
from eventwire.settings import BY_NAME, SETTINGS

ARTICLE = (
    "PARIS — France condemned Russia on Tuesday over the shelling of Kharkiv, the foreign ministry said.\n"
    "Japan accused China of violating its airspace.\n"
)
BAD = {  # file name → its bytes: each one is a Problem, and only one
    "empty.txt": b"",
    "image.bin": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
    "latin1.txt": "Le président a critiqué la Russie.".encode("latin-1"),
    "menu.html": b"<html><body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav></body></html>",
}
GOLD = [
    {"id": "g1", "date": "2025-03-14",
     "text": "France condemned Russia on Tuesday over the shelling of Kharkiv.",
     "events": [{"plover": ["ACCUSE"], "cameo_root": ["11"], "source": ["FRA"], "target": ["RUS"],
                 "evidence": "France condemned Russia"}]},
    {"id": "g2", "text": "Japan accused China of violating its airspace.", "quad": 3},
]


@pytest.fixture(scope="module")
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("inputs")
    (folder / "good.txt").write_text(ARTICLE, encoding="utf-8")
    for name, data in BAD.items():
        (folder / name).write_bytes(data)
    good = {"id": "j1", "text": "Japan accused China of spying.", "date": "2025-02-01"}
    lines = [json.dumps(good), "{not json"]
    (folder / "docs.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    many = [json.dumps({"id": f"m{i}", "text": f"Japan accused China of spying {i} times."})
            for i in range(40)]
    (folder / "many.jsonl").write_text("\n".join(many) + "\n", encoding="utf-8")
    (folder / "gold.jsonl").write_text("".join(json.dumps(doc) + "\n" for doc in GOLD), encoding="utf-8")
    (folder / "bad_actors.yaml").write_text("format: eventwire.actors.v0\nactors: []\n", encoding="utf-8")
    return folder


def code(runner: CliRunner, *args: object, stdin: str | None = None):
    return runner.invoke(app, ["code", *map(str, args)], input=stdin)


def events(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines()]


def problem_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("eventwire: ")]


# ---- eventwire code --------------------------------------------------------------------------


def test_cli_code_text_file_prints_jsonl_named_after_the_file(runner, inputs):
    result = code(runner, inputs / "good.txt")
    assert result.exit_code == 0, result.stderr
    found = events(result.stdout)
    assert found and {e["doc_id"] for e in found} == {"good.txt"}
    assert "ACCUSE" in {e["plover"]["event"] for e in found}
    plural = "" if len(found) == 1 else "s"
    assert result.stderr.splitlines()[-1] == f"coded 1 document, {len(found)} event{plural}; 0 problems"


def test_cli_code_format_csv(runner, inputs):
    result = code(runner, inputs / "good.txt", "--format", "csv")
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows and {row["doc_id"] for row in rows} == {"good.txt"}


@pytest.mark.parametrize("name, load", [
    ("out.json", json.loads),
    ("out.jsonl", events),
    ("out.csv", lambda text: list(csv.DictReader(io.StringIO(text)))),
])
def test_cli_code_output_extension_sets_the_format(runner, inputs, tmp_path, name, load):
    result = code(runner, inputs / "good.txt", "-o", tmp_path / name)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    written = load((tmp_path / name).read_text(encoding="utf-8"))
    assert written and {row["doc_id"] for row in written} == {"good.txt"}


def test_cli_code_bad_inputs_get_one_line_each_and_the_rest_is_coded(runner, inputs):
    names = ["good.txt", *BAD, "docs.jsonl"]
    result = code(runner, *(inputs / name for name in names))
    assert result.exit_code == 0, result.stderr
    assert {e["doc_id"] for e in events(result.stdout)} == {"good.txt", "j1"}
    lines = problem_lines(result.stderr)
    for bad in [*BAD, "docs.jsonl:2"]:
        assert len([line for line in lines if f"{bad}: " in line]) == 1, (bad, lines)
    assert len(lines) == len(BAD) + 1
    assert result.stderr.splitlines()[-1].endswith(f"; {len(BAD) + 1} problems")


def test_cli_code_nothing_coded_exits_1(runner, inputs):
    result = code(runner, inputs / "empty.txt", inputs / "image.bin", inputs / "missing.txt")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert len(problem_lines(result.stderr)) == 3
    assert result.stderr.splitlines()[-1] == "coded 0 documents, 0 events; 3 problems"


def test_cli_code_bad_actors_file_is_one_line_with_status_2(runner, inputs):
    result = code(runner, inputs / "good.txt", "--actors", inputs / "bad_actors.yaml")
    assert result.exit_code == 2
    assert result.stderr.startswith("eventwire: error: ")
    assert "bad_actors.yaml" in result.stderr and "format" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output


def test_cli_console_script_shows_no_traceback(inputs):
    """Through main(), as the console script runs: an error is one line, never a traceback."""
    command = [sys.executable, "-m", "eventwire.cli", "code", str(inputs / "good.txt"),
               "--actors", str(inputs / "bad_actors.yaml")]
    done = subprocess.run(command, capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=120)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.startswith("eventwire: error: ") and len(done.stderr.strip().splitlines()) == 1
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("bad", ["2025-13-01", "14/03/2025", "yesterday", "20250314"])
def test_cli_code_date_must_be_a_real_iso_day(runner, inputs, bad):
    result = code(runner, inputs / "good.txt", "--date", bad)
    assert result.exit_code == 2
    assert "--date" in result.stderr and "2025-03-14" in result.stderr
    assert "Traceback" not in result.output


def test_cli_code_date_anchors_documents_without_one(runner, inputs):
    result = code(runner, "-", inputs / "docs.jsonl", "--date", "2025-03-14",
                  stdin="France condemned Russia on Tuesday over the shelling of Kharkiv.")
    dates = {e["doc_id"]: (e["date"] or {}).get("value") for e in events(result.stdout)}
    assert dates["stdin"] == "2025-03-11"  # the Tuesday before Friday 14 March
    assert result.exit_code == 0


def test_cli_code_reads_stdin(runner):
    result = code(runner, "-", stdin=ARTICLE)
    assert result.exit_code == 0, result.stderr
    assert {e["doc_id"] for e in events(result.stdout)} == {"stdin"}


def test_cli_code_processes_2_writes_what_1_does(runner, inputs):
    one = code(runner, inputs / "many.jsonl")
    two = code(runner, inputs / "many.jsonl", "--processes", "2")
    assert one.exit_code == two.exit_code == 0
    assert len(events(one.stdout)) >= 40
    assert two.stdout == one.stdout


def test_cli_code_refuses_to_write_over_an_input(runner, inputs):
    before = (inputs / "good.txt").read_bytes()
    result = code(runner, inputs / "good.txt", "-o", inputs / "good.txt")
    assert result.exit_code == 2
    assert (inputs / "good.txt").read_bytes() == before


# ---- eventwire eval, demo, version -----------------------------------------------------------


def test_cli_eval_prints_the_scorer_lines(runner, inputs, tmp_path):
    result = runner.invoke(app, ["eval", str(inputs / "gold.jsonl")])
    assert result.exit_code == 0, result.stderr
    keys = [line.split(":")[0] for line in result.stdout.splitlines()]
    assert keys[:2] == ["gold", "documents"] and {"type", "dyad", "cameo", "quad"} <= set(keys)
    assert json.loads(result.stdout.split("type: ")[1].splitlines()[0])["recall"] == 1.0

    as_json = json.loads(runner.invoke(app, ["eval", str(inputs / "gold.jsonl"), "--json"]).stdout)
    assert as_json["dyad"]["tp"] == 1
    code(runner, inputs / "gold.jsonl", "-o", tmp_path / "system.jsonl")
    system = ["--system", str(tmp_path / "system.jsonl")]
    again = runner.invoke(app, ["eval", str(inputs / "gold.jsonl"), *system])
    assert again.stdout == result.stdout


def test_cli_eval_unreadable_gold_is_one_line(runner, inputs):
    result = runner.invoke(app, ["eval", str(inputs / "nope.jsonl")])
    assert result.exit_code == 2
    assert result.stderr.startswith("eventwire: error: ") and "nope.jsonl" in result.stderr


def test_cli_demo_codes_the_bundled_corpus(runner):
    result = runner.invoke(app, ["demo"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("demo-001 ")
    assert "demo corpus: 13 documents, " in result.stdout


@pytest.mark.parametrize("args", [["version"], ["--version"]])
def test_cli_version_names_spacy_and_the_data(runner, args):
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.stderr
    assert f"spacy {spacy.__version__}" in result.stdout
    assert f"model {MODEL_PACKAGE} {metadata.version(MODEL_PACKAGE)}" in result.stdout
    assert "countries.yaml" in result.stdout and "CAMEO codes" in result.stdout


def test_cli_version_json(runner):
    info = json.loads(runner.invoke(app, ["version", "--json"]).stdout)
    assert info["spacy"] == spacy.__version__
    assert info["actors"]["phrases"] > 0 and info["patterns"]["patterns"] > 0
    assert info["codebook"]["cameo_codes"] > 0


# ---- settings --------------------------------------------------------------------------------


def test_settings_defaults_are_the_python_api_defaults():
    api = {
        "batch_size": inspect.signature(Coder).parameters["batch_size"].default,
        "processes": inspect.signature(Coder.code_many).parameters["processes"].default,
        "max_bytes": inspect.signature(iter_documents).parameters["max_bytes"].default,
        "encoding": inspect.signature(iter_documents).parameters["encoding"].default,
    }
    assert {s.name: s.default for s in SETTINGS} == api


def test_settings_feed_the_cli_help(runner):
    result = runner.invoke(app, ["code", "--help"], terminal_width=200)
    help_text = " ".join(result.stdout.split())
    for setting in SETTINGS:
        assert setting.option in help_text
        assert " ".join(BY_NAME[setting.name].help.split()) in help_text


def test_cli_eval_errors_lists_each_wrong_event_and_miss_with_its_sentence(runner, tmp_path):
    text = "Russia accused Ukraine of shelling Donetsk. Germany pledged aid to Poland. The talks went on."
    gold = {"id": "g1", "text": text, "date": "2025-07-13", "events": [
        {"plover": ["ACCUSE"], "source": ["RUS"], "target": ["UKR"], "required": True,
         "evidence": "Russia accused Ukraine"},
        {"plover": ["CONSULT"], "source": ["FRA"], "target": ["ITA"], "required": True, "evidence": "The talks"}]}
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(gold) + "\n", encoding="utf-8")
    system = tmp_path / "system.jsonl"
    coded = code(runner, path, "-o", system, "--min-confidence", "0")
    assert coded.exit_code == 0, coded.stderr
    result = runner.invoke(app, ["eval", str(path), "--system", str(system), "--errors"])
    assert result.exit_code == 0, result.stderr
    report = result.stdout.split("facets_on_dyad_matches")[1].strip().splitlines()[1:]
    miss = report.index("g1  MISS")
    assert report[miss + 1].split() == ["gold:", "CONSULT", "FRA", "→", "ITA"]
    assert report[miss + 2] == "  | The talks went on."
    assert "  | Russia accused Ukraine of shelling Donetsk." not in report  # matched: no error
    assert report[-1].endswith("1 miss")


def test_cli_eval_of_a_file_without_gold_is_an_error(runner, tmp_path):
    path = tmp_path / "plain.jsonl"
    path.write_text(json.dumps({"id": "a", "text": "Russia accused Ukraine."}) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["eval", str(path)])
    assert result.exit_code == 2 and "no document lists 'events' or 'quad'" in result.stderr


def test_cli_code_explain_shows_the_decision(runner, inputs):
    result = code(runner, inputs / "good.txt", "--explain", "--min-confidence", "0")
    assert result.exit_code == 0, result.stderr
    found = events(result.stdout)
    assert found and all(e["decision"]["features"] for e in found)
    assert all(set(e["decision"]["contributions"]) <= set(e["decision"]["features"]) for e in found)
