"""The ``eventwire`` command: a thin layer over the Python API (STYLE habit 6).

=====================================  ==================================================
``eventwire code INPUT... [-o OUT]``   ``Coder(...).code_many(iter_documents(...))``, then
                                       ``write_events(..., fmt, out)``
``eventwire eval GOLD [--system S]``   the same coding, then ``evaluate.score``
``eventwire demo``                     the bundled demo corpus
``eventwire ingest SOURCE... [--db]``  ``eventwire.store.ingest(Store(db), iter_documents(...), Coder(...))``
``eventwire recode [--db] [--since]``  ``eventwire.store.recode.recode(Store(db), Coder(...), since=...)``
``eventwire events [--db] [filters]``  ``eventwire.store.export.export_events(Store(db), fmt, out, ...)``
``eventwire serve [--db]``             ``uvicorn.run(eventwire.service.create_app(ServiceSettings(db, token)))``
``eventwire version``                  versions, the data files loaded and the coder's fingerprint
=====================================  ==================================================

An input that cannot be read or coded is one line on stderr (``eventwire: <input>: <reason>``)
and the run goes on. An error that stops the run is one line too (``eventwire: error: …``),
with exit status 2, never a traceback. Exit status 1 means nothing at all could be coded.
"""

from __future__ import annotations

import codecs
import json
import platform
import re
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date as Date
from enum import StrEnum
from importlib import metadata, resources
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TextIO, get_args

import typer

from eventwire import __version__, model
from eventwire.errors import EventwireError
from eventwire.evaluate import EvalError, errors, events_by_document, format_errors, format_report, load_jsonl, score
from eventwire.export import FORMATS, write_events
from eventwire.extras import MissingExtra, require
from eventwire.model import CodedDocument, Document, Problem
from eventwire.read import iter_documents
from eventwire.read.jsonl import record_to_document
from eventwire.settings import SETTINGS
from eventwire.settings import get as setting

if TYPE_CHECKING:
    from eventwire.pipeline import Coder
    from eventwire.store.ingest import CodeFn

DEFAULT: dict[str, Any] = {s.name: s.default for s in SETTINGS}
OutputFormat = StrEnum("OutputFormat", {name: name for name in FORMATS})  # type: ignore[misc]
SUFFIX_FORMATS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json", ".csv": "csv", ".parquet": "parquet"}

app = typer.Typer(
    name="eventwire",
    help="Turn news articles into political event data (CAMEO and PLOVER), "
         "every field backed by the words of the text.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # help and messages print literally: a [bracket] in a path stays
    context_settings={"help_option_names": ["-h", "--help"]},
)


# ---- options shared by several commands, defined once ----------------------------------------


def _setting_option(name: str, *flags: str, **kwargs: Any) -> Any:
    """The option of a setting in eventwire.settings: its flag and help come from the data."""
    return typer.Option(setting(name).option, *flags, help=setting(name).help, **kwargs)


def _check_encoding(value: str) -> str:
    try:
        codecs.lookup(value)
    except LookupError:
        raise typer.BadParameter(f"unknown encoding {value!r}; give one like utf-8 or latin-1") from None
    return value


def _check_date(value: str | None) -> str | None:
    if value is None:
        return None
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise typer.BadParameter(f"{value!r} is not a date as YYYY-MM-DD; give it like 2025-03-14")
    try:
        Date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a day of the calendar; give it like 2025-03-14") from None
    return value


Processes = Annotated[int, _setting_option("processes", "-p", min=1, metavar="N")]
Workers = Annotated[int, _setting_option("processes", "-p", "--workers", min=1, metavar="N")]  # ingest: issue 3
DaskAddress = Annotated[str | None, typer.Option(
    "--dask", metavar="ADDRESS", show_default=False,
    help="code on the dask.distributed cluster at ADDRESS (tcp://host:8786), or 'local' for one worker "
         "per core; each worker loads the model once (needs eventwire[dask])")]
BatchSize = Annotated[int, _setting_option("batch_size", min=1, metavar="N")]
MaxBytes = Annotated[int, _setting_option("max_bytes", min=1, metavar="N")]
Encoding = Annotated[str, _setting_option("encoding", callback=_check_encoding, metavar="E")]
Actors = Annotated[list[Path] | None, typer.Option(
    "--actors", metavar="FILE", show_default=False,
    help="extra actor dictionary (YAML), read after the built-in ones; repeat for more")]
Patterns = Annotated[list[Path] | None, typer.Option(
    "--patterns", metavar="FILE", show_default=False,
    help="extra event patterns (YAML), read after the built-in ones; repeat for more")]
Statements = Annotated[bool, typer.Option(
    "--statements", help="also keep CAMEO 01 public statements, which have no PLOVER type")]
AsJson = Annotated[bool, typer.Option("--json", help="print one JSON object")]
MinConfidence = Annotated[float | None, typer.Option(
    "--min-confidence", min=0.0, max=1.0, metavar="P", show_default=False,
    help="keep events the decision model scores at least P (default: the model's own choice, for "
         "precision: its threshold in an article, the best event and strong others in a text of one or two "
         "sentences; 0 keeps every candidate reading); see docs/decision-model.md")]
Explain = Annotated[bool, typer.Option(
    "--explain", help="add each event's decision features and their weights (JSON field 'decision')")]
INPUT_HELP = ("files (.txt .md .html .json .jsonl .csv .tsv .rss .atom .xml .warc .warc.gz), directories "
              "(read recursively), feed URLs, or - for stdin (the default when stdin is a pipe)")
PublicationDate = Annotated[str | None, typer.Option(
    "--date", metavar="YYYY-MM-DD", callback=_check_date, show_default=False,
    help="publication date of documents that give none; anchors 'on Friday', 'last month'")]
TextColumn = Annotated[str | None, typer.Option(
    "--text-column", metavar="NAME", show_default=False,
    help="the column holding the article text in CSV/TSV inputs (default: text, body, content or article)")]
Fetch = Annotated[bool, typer.Option(
    "--fetch", help="for feed entries with only a teaser, download and extract the linked article")]


# ---- errors ----------------------------------------------------------------------------------


def _one_line(text: str) -> str:
    return text.replace("\r", " ").replace("\n", " ")


def _fail(message: str, code: int = 2) -> typer.Exit:
    print(f"eventwire: error: {_one_line(message)}", file=sys.stderr, flush=True)
    return typer.Exit(code)


def _require(extra: str, what: str) -> None:
    """Stop with one line naming the pip command when ``extra`` is not installed (eventwire.extras)."""
    try:
        require(extra, what)
    except MissingExtra as err:
        raise _fail(str(err)) from None


@contextmanager
def _user_errors() -> Iterator[None]:
    """An EventwireError or EvalError ends the command with its one-line message (and hint), status 2."""
    try:
        yield
    except (EventwireError, EvalError) as err:
        raise _fail(str(err)) from None


# ---- progress: costs nothing when off (STYLE habit 8) ----------------------------------------


class NullProgress:
    """No progress display (stderr is no terminal): every call does nothing."""

    def read(self) -> None:
        """One more document read."""

    def done_reading(self) -> None:
        """Every document has been read: the total is known."""

    def coded(self) -> None:
        """One more document coded."""

    def close(self) -> None:
        """Take the display off the screen."""


class BarProgress(NullProgress):
    """A rich progress bar on stderr, shown from the second document on."""

    def __init__(self) -> None:
        self.total = self.done = 0
        self.finished_reading = False
        self.bar: Any = None
        self.task: Any = None

    def read(self) -> None:
        self.total += 1

    def done_reading(self) -> None:
        self.finished_reading = True

    def coded(self) -> None:
        self.done += 1
        if self.bar is None:
            if self.total < 2:
                return
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                SpinnerColumn,
                TextColumn,
                TimeElapsedColumn,
            )

            self.bar = Progress(SpinnerColumn(), TextColumn("coding"), BarColumn(), MofNCompleteColumn(),
                                TextColumn("documents"), TimeElapsedColumn(),
                                console=Console(file=sys.stderr), transient=True, redirect_stdout=False)
            self.task = self.bar.add_task("coding", total=None)
            self.bar.start()
        self.bar.update(self.task, completed=self.done, total=self.total if self.finished_reading else None)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()
            self.bar = None


def _progress() -> NullProgress:
    return BarProgress() if sys.stderr.isatty() else NullProgress()


# ---- coding ----------------------------------------------------------------------------------

_CODERS: dict[tuple[Any, ...], Coder] = {}


def load_coder(actors: Iterable[Path] | None = None, patterns: Iterable[Path] | None = None,
               statements: bool = False, batch_size: int = DEFAULT["batch_size"],
               min_confidence: float | None = None, explain: bool = False) -> Coder:
    """A Coder, loaded once per process for each set of data files and options."""
    key = (tuple(map(str, actors or ())), tuple(map(str, patterns or ())), statements, batch_size,
           min_confidence, explain)
    if key not in _CODERS:
        from eventwire.pipeline import Coder

        _CODERS[key] = Coder(actors=key[0], patterns=key[1], statements=statements, batch_size=batch_size,
                             min_confidence=min_confidence, explain=explain)
    return _CODERS[key]


class Run:
    """One coding run: each problem is one line on stderr as it happens; what was coded is counted."""

    def __init__(self, progress: NullProgress | None = None) -> None:
        self.progress = progress or NullProgress()
        self.documents = self.events = self.problems = 0

    def problem(self, problem: Problem) -> None:
        self.problems += 1
        line = f"eventwire: {_one_line(problem.input)}: {_one_line(problem.reason)}"
        print(line, file=sys.stderr, flush=True)

    def read(self, items: Iterable[Document | Problem]) -> Iterator[Document]:
        """The Documents of ``items``; each Problem is reported."""
        for item in items:
            if isinstance(item, Problem):
                self.problem(item)
            else:
                self.progress.read()
                yield item
        self.progress.done_reading()

    def coded(self, stream: Iterable[CodedDocument]) -> Iterator[CodedDocument]:
        for coded in stream:
            self.progress.coded()
            for problem in coded.problems:
                self.problem(problem)
            if not coded.problems:
                self.documents += 1
            self.events += len(coded.events)
            yield coded

    def summary(self) -> str:
        return f"coded {_count(self.documents, 'document')}, {_count(self.events, 'event')}; " \
               f"{_count(self.problems, 'problem')}"


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def coding(dask: str | None, actors: Iterable[Path] | None = None, patterns: Iterable[Path] | None = None,
           statements: bool = False, batch_size: int = DEFAULT["batch_size"],
           min_confidence: float | None = None, explain: bool = False) -> Coder | CodeFn:
    """The Coder of this process; with ``--dask``, a function that codes on the cluster instead
    (``eventwire.distributed.code_on_dask``), and no model is loaded here."""
    if dask is None:
        return load_coder(actors, patterns, statements, batch_size, min_confidence, explain)
    if min_confidence is not None or explain:
        raise _fail("--min-confidence and --explain are not available with --dask yet; code without --dask",
                    code=2)
    require("dask", "--dask")
    from eventwire.distributed import code_on_dask

    actor_files, pattern_files = list(actors or ()), list(patterns or ())

    def on_dask(documents: Iterable[Document]) -> Iterator[CodedDocument]:
        return code_on_dask(documents, dask, actor_files, pattern_files, batch_size, statements)

    return on_dask


def code_stream(
    coder: Coder | CodeFn, items: Iterable[Document | Problem], processes: int, run: Run
) -> Iterator[CodedDocument]:
    """Coded documents in input order, as they finish; ``run`` reports every problem on the way.
    ``coder`` is a Coder (run on ``processes``) or a function coding a stream (see ``coding``)."""
    documents = run.read(items)
    yield from run.coded(coder(documents) if callable(coder) else coder.code_many(documents, processes=processes))
    run.progress.close()  # before anything is printed at the end, a table say


def _dated(items: Iterable[Document | Problem], date: str | None) -> Iterator[Document | Problem]:
    """Documents without a publication date get ``date``."""
    for item in items:
        if date and isinstance(item, Document) and not item.date:
            item = item.model_copy(update={"date": date})
        yield item


# ---- eventwire code --------------------------------------------------------------------------


def _to_stdout(output: Path | None) -> bool:
    return output is None or str(output) == "-"


def _output_format(fmt: str | None, output: Path | None, formats: Iterable[str] = FORMATS) -> str:
    """``--format``; else the extension of ``-o`` (a usage error naming ``formats`` when it names
    none); else a table in a terminal and JSONL in a pipe."""
    if fmt:
        return str(fmt)
    if _to_stdout(output):
        return "table" if sys.stdout.isatty() else "jsonl"
    assert output is not None
    formats = list(formats)
    suffixes = {suffix: name for suffix, name in SUFFIX_FORMATS.items() if name in formats}
    suffix = output.suffix.lower()
    if suffix not in suffixes:  # never guess: out.txt must not silently hold JSON Lines
        named = f"{suffix!r} names no format here" if suffix else "it has no extension"
        raise typer.BadParameter(
            f"cannot tell the format of {output.name} ({named}); end it in {', '.join(suffixes)} "
            f"or give --format ({', '.join(formats)})", param_hint="'-o' / '--output'")
    return suffixes[suffix]


def _inputs_or_stdin(inputs: list[str] | None, name: str, command: str) -> list[str]:
    """The inputs given; none: stdin when it is a pipe or a file (as jq and spaCy read it), else a usage error."""
    if inputs:
        return inputs
    if sys.stdin is None or sys.stdin.isatty():
        raise _fail(f"no {name} given, and stdin is a terminal: name files, directories or feed URLs, or pipe "
                    f"text in (echo 'Kyiv accused Moscow.' | eventwire {command}); see eventwire {command} -h")
    return ["-"]


def _check_output(output: Path | None, inputs: list[str]) -> None:
    """Refuse to write over an input, or into a directory being read."""
    if _to_stdout(output):
        return
    assert output is not None
    target = output.resolve()
    for item in inputs:
        if item == "-":
            continue
        source = Path(item).resolve()
        if target == source or (source.is_dir() and target.is_relative_to(source)):
            raise typer.BadParameter(f"{output} is an input (or inside one); write the output elsewhere",
                                     param_hint="'-o' / '--output'")


@contextmanager
def _open_output(output: Path | None) -> Iterator[TextIO]:
    if _to_stdout(output):
        yield sys.stdout
        return
    assert output is not None
    try:
        out = open(output, "w", encoding="utf-8", newline="")  # noqa: SIM115 - closed below
    except OSError as err:
        reason = err.strerror or str(err)
        raise _fail(f"cannot write {output}: {reason} (check the path and its permissions)") from None
    with out:
        yield out


@app.command("code")
def code_command(
    inputs: Annotated[list[str] | None, typer.Argument(metavar="INPUT", show_default=False,
                                                       help=INPUT_HELP)] = None,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", metavar="OUT", show_default=False,
        help="write the events here (default: stdout); .jsonl, .json, .csv or .parquet set the format")] = None,
    fmt: Annotated[OutputFormat | None, typer.Option(
        "--format", "-f", show_default=False,
        help="output format (default: table in a terminal, else jsonl or the extension of -o)")] = None,
    date: PublicationDate = None,
    processes: Processes = DEFAULT["processes"],
    dask: DaskAddress = None,
    actors: Actors = None,
    patterns: Patterns = None,
    encoding: Encoding = DEFAULT["encoding"],
    max_bytes: MaxBytes = DEFAULT["max_bytes"],
    batch_size: BatchSize = DEFAULT["batch_size"],
    statements: Statements = False,
    text_column: TextColumn = None,
    fetch: Fetch = False,
    min_confidence: MinConfidence = None,
    explain: Explain = False,
) -> None:
    """Code news articles into events.

    Writes JSON Lines (one event per line), JSON, CSV or a table. Each input that cannot be
    read or coded is one line on stderr and the others go on; the last line on stderr counts
    documents, events and problems. Exit status 0 when at least one document was coded, 1 when
    none could be, 2 on a usage or data-file error.
    """
    inputs = _inputs_or_stdin(inputs, "INPUT", "code")
    _check_output(output, inputs)
    fmt = _output_format(fmt, output)
    if fmt == "parquet":  # before any coding
        _require("parquet", "--format parquet")
    with _user_errors():
        coder = coding(dask, actors, patterns, statements, batch_size, min_confidence, explain)
    run = Run(_progress())
    try:
        with _user_errors(), _open_output(output) as out:
            items = _dated(iter_documents(inputs, encoding=encoding, max_bytes=max_bytes, text_column=text_column,
                                          fetch=fetch), date)
            write_events(code_stream(coder, items, processes, run), fmt, out)
    finally:
        run.progress.close()
    print(run.summary(), file=sys.stderr, flush=True)
    if run.documents == 0:
        raise typer.Exit(1)


# ---- eventwire eval --------------------------------------------------------------------------


def _gold_documents(records: list[dict[str, Any]], gold: str) -> Iterator[Document | Problem]:
    """Gold records as the JSONL reader reads them, so ``eval`` codes what ``code GOLD`` codes."""
    for number, record in enumerate(records, 1):
        yield record_to_document(record, f"{Path(gold).name}:{number}", f"{gold}:{number}")


@app.command("eval")
def eval_command(
    gold: Annotated[str, typer.Argument(metavar="GOLD.jsonl", help="gold file: one document per line")],
    system: Annotated[Path | None, typer.Option(
        "--system", metavar="SYSTEM.jsonl", show_default=False,
        help="score these coded events instead of coding the gold documents")] = None,
    as_json: AsJson = False,
    processes: Processes = DEFAULT["processes"],
    actors: Actors = None,
    patterns: Patterns = None,
    batch_size: BatchSize = DEFAULT["batch_size"],
    statements: Statements = False,
    min_confidence: MinConfidence = None,
    show_errors: Annotated[bool, typer.Option(
        "--errors", help="then list every false positive, wrong party and missed gold event (dyad level) "
                         "with its sentence")] = False,
) -> None:
    """Code a gold file's documents and score the events.

    Prints the figures of the team's scorer (``score.py GOLD SYSTEM``), the same lines, or
    with --json the same JSON object. A gold file whose documents list neither events nor a
    quad class cannot be scored: that is an error (exit 2), not a zero.
    """
    with _user_errors():
        gold_docs = load_jsonl(gold)
        if system is not None:
            events: list[Any] = load_jsonl(system)
        else:
            coder = load_coder(actors, patterns, statements, batch_size, min_confidence)
            run = Run(_progress())
            try:
                stream = code_stream(coder, _gold_documents(gold_docs, gold), processes, run)
                events = [event for coded in stream for event in coded.events]
            finally:
                run.progress.close()
        if not any("events" in doc or "quad" in doc for doc in gold_docs):
            raise EvalError(f"{gold}: no document lists 'events' or 'quad'; this is not a gold file")
        result = score(gold_docs, events, gold=gold)
    print(json.dumps(result) if as_json else format_report(result))
    if show_errors:
        print(format_errors(errors(gold_docs, events_by_document(events))))


# ---- eventwire demo --------------------------------------------------------------------------


DEMO_CORPUS = resources.files("eventwire") / "data" / "corpus" / "demo.jsonl"


def _demo_articles() -> int:
    """How many articles the demo corpus holds (one per non-blank line): its help says so, counted."""
    try:
        return sum(1 for line in DEMO_CORPUS.read_text(encoding="utf-8").splitlines() if line.strip())
    except OSError:  # the command itself says the corpus is missing
        return 0


@app.command("demo", help="Code the bundled demo corpus.\n\n"
                          f"Prints the events of its first article, then what all {_demo_articles()} articles gave.")
def demo_command(processes: Processes = DEFAULT["processes"]) -> None:
    """Code the bundled demo corpus (its help, with the number of articles counted, is above)."""
    with _user_errors(), resources.as_file(DEMO_CORPUS) as path:
        coder = load_coder()
        run = Run(_progress())
        try:
            coded = list(code_stream(coder, iter_documents([str(path)]), processes, run))
        finally:
            run.progress.close()
    if not coded:
        raise _fail(f"the demo corpus {path} gave no documents; reinstall eventwire", code=1)
    first = coded[0].document
    print(f"{first.id} ({first.date}): {first.title or first.text[:80]}")
    write_events(coded[0].events, "table", sys.stdout)
    types = Counter(event.plover.event or "(none)" for doc in coded for event in doc.events)
    per_type = ", ".join(f"{name} {n}" for name, n in sorted(types.items(), key=lambda kv: (-kv[1], kv[0])))
    print(f"demo corpus: {_count(run.documents, 'document')}, {_count(run.events, 'event')}"
          + (f" ({per_type})" if per_type else ""))
    print("code your own: eventwire code article.txt   (eventwire code --help for more)")


# ---- eventwire ingest, eventwire events (the event database, docs/store.md) -----------------

Database = Annotated[str, typer.Option(
    "--db", metavar="URL", help="the event database: a SQLite file or a SQLAlchemy URL")]
# eventwire.store.export.FORMATS (not imported here: the store loads SQLAlchemy)
STORE_FORMATS = ("table", "csv", "jsonl", "parquet", "gdelt", "gdelt-mentions", "plover", "acled")
ListFormat = StrEnum("ListFormat", {name: name for name in STORE_FORMATS})  # type: ignore[misc]


def _open_store(db: str, must_exist: bool = False, read_only: bool = False) -> Any:
    """The database, or exit 2 with one line; ``read_only`` opens it to read only (it must exist, as an
    event database; nothing in it changes: no migration, no WAL switch), what read commands do."""
    from eventwire.store import Store, StoreError, database_url

    url = database_url(db)
    if url.startswith("postgresql"):
        _require("postgres", "--db postgresql://…")
    if must_exist and url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).exists():
        raise _fail(f"no database at {db}; fill one with `eventwire ingest SOURCE --db {db}`")
    try:
        return Store(db, read_only=read_only)
    except StoreError as err:
        raise _fail(str(err)) from None


@contextmanager
def _database_errors(store: Any) -> Iterator[None]:
    """A database that fails while it is read (a corrupt file, a lost server) ends the command with
    one line, exit status 2: the driver's reason, never the SQL."""
    from sqlalchemy.exc import SQLAlchemyError

    from eventwire.store.db import failure

    try:
        yield
    except SQLAlchemyError as err:
        raise _fail(f"cannot read database {store.display}: {failure(err)}") from None


@app.command("ingest")
def ingest_command(
    inputs: Annotated[list[str] | None, typer.Argument(metavar="SOURCE", show_default=False,
                                                       help=INPUT_HELP)] = None,
    db: Database = "eventwire.db",
    date: PublicationDate = None,
    processes: Workers = DEFAULT["processes"],
    dask: DaskAddress = None,
    actors: Actors = None,
    patterns: Patterns = None,
    encoding: Encoding = DEFAULT["encoding"],
    max_bytes: MaxBytes = DEFAULT["max_bytes"],
    batch_size: BatchSize = DEFAULT["batch_size"],
    statements: Statements = False,
    text_column: TextColumn = None,
    fetch: Fetch = False,
    min_confidence: MinConfidence = None,
) -> None:
    """Code articles and store their events in the event database.

    An article already stored (same URL or same text) is skipped; each article commits with
    all its events at once, so an interrupted ingest is finished by running it again. Reports
    of one event from several articles become one event with several mentions. Each input that
    cannot be read or coded is one line on stderr and a row of the errors table. Exit status 0
    when at least one article was ingested or already known, 1 when none, 2 on a usage,
    data-file or database error.
    """
    inputs = _inputs_or_stdin(inputs, "SOURCE", "ingest")
    _require("store", "eventwire ingest")
    from eventwire.store import ingest

    with _user_errors():
        coder = coding(dask, actors, patterns, statements, batch_size, min_confidence)
    store = _open_store(db)
    run = Run(_progress())
    try:
        items = _dated(iter_documents(inputs, encoding=encoding, max_bytes=max_bytes, text_column=text_column,
                                      fetch=fetch), date)
        report = ingest(store, items, coder, processes, on_problem=run.problem, progress=run.progress)
    except EventwireError as err:  # the database (StoreError) or the dask cluster (DaskError) fails
        raise _fail(str(err)) from None
    finally:
        run.progress.close()
        store.close()
    print(report.summary(), file=sys.stderr, flush=True)
    if report.articles == 0 and report.skipped == 0:
        raise typer.Exit(1)


@app.command("recode")
def recode_command(
    db: Database = "eventwire.db",
    since: Annotated[str | None, typer.Option(
        "--since", metavar="YYYY-MM-DD", callback=_check_date, show_default=False,
        help="only the articles published on or after this day (articles with no date are left out)")] = None,
    force: Annotated[bool, typer.Option(
        "--force", help="also recode the articles this coder already coded")] = False,
    processes: Workers = DEFAULT["processes"],
    actors: Actors = None,
    patterns: Patterns = None,
    batch_size: BatchSize = DEFAULT["batch_size"],
    statements: Statements = False,
    min_confidence: MinConfidence = None,
) -> None:
    """Code the stored articles again with this coder and re-group their events in place.

    Takes the articles whose mentions another coder (another eventwire, spaCy model, data file
    or option) coded, oldest first; each is recoded in one transaction: its mentions and claims
    are replaced, the events they leave are described again from the mentions they keep (dropped
    when no mention is left), the new mentions join or found events by the dedup rule. Rerun it
    after a kill: it finishes the rest. Articles stored without their text (before texts were
    kept) are counted and skipped.
    Exit status 0 when no article failed, 1 when some did (they keep their old coding), 2 on a
    usage, data-file or database error.
    """
    _require("store", "eventwire recode")
    from eventwire.datafiles import coder_stamp
    from eventwire.store.recode import pending, recode

    day = Date.fromisoformat(since) if since else None
    with _user_errors():
        stamp = coder_stamp(actors or (), patterns or (), statements, min_confidence)
    store = _open_store(db, must_exist=True)
    print(f"eventwire: recoding {store.display} with coder {stamp.version}, fingerprint {stamp.fingerprint[:12]}",
          file=sys.stderr, flush=True)
    run = Run(_progress())
    try:
        with _database_errors(store):
            report, todo = pending(store, stamp, since=day, force=force)
            if todo:  # else a rerun with nothing left: no coder to load
                with _user_errors():
                    coder = load_coder(actors, patterns, statements, batch_size, min_confidence)
                report = recode(store, coder, since=day, force=force, processes=processes, on_problem=run.problem,
                                progress=run.progress)
    except EventwireError as err:  # the database fails (StoreError)
        raise _fail(str(err)) from None
    finally:
        run.progress.close()
        store.close()
    print(report.summary(), file=sys.stderr, flush=True)
    if report.failed:
        raise typer.Exit(1)


def _dyad(value: str) -> tuple[str, str] | None:
    parts = [part.strip() for part in value.split(",")]
    return (parts[0], parts[1]) if len(parts) == 2 and all(parts) else None


def _check_dyad(value: str | None) -> str | None:
    if value is not None and _dyad(value) is None:
        raise typer.BadParameter(f"{value!r} is not a dyad; give SOURCE,TARGET like PRK,RUS")
    return value


def _check_code(value: str | None) -> str | None:
    if value is not None and not re.fullmatch(r"\d{1,4}", value.strip()):
        raise typer.BadParameter(f"{value!r} is not a CAMEO code; give 2 to 4 digits like 07 or 190")
    return value


def _check_root(value: str | None) -> str | None:
    if value is not None and not (value.strip().isdigit() and 1 <= int(value) <= 20):
        raise typer.BadParameter(f"{value!r} is not a CAMEO root; give 01 to 20")
    return value.strip().zfill(2) if value is not None else None


# eventwire.store.query.ORDERS (not imported here: the store loads SQLAlchemy)
Order = StrEnum("Order", {name: name for name in ("oldest", "newest", "most_reported")})  # type: ignore[misc]
ModalityName = StrEnum("ModalityName", {name: name for name in get_args(model.Modality)})  # type: ignore[misc]


@app.command("events")
def events_command(
    db: Database = "eventwire.db",
    actor: Annotated[str | None, typer.Option(
        "--actor", metavar="CODE", show_default=False,
        help="events with this actor as source or target: a country (PRK) or a code prefix (RUSGOV)")] = None,
    dyad: Annotated[str | None, typer.Option(
        "--dyad", metavar="A,B", callback=_check_dyad, show_default=False,
        help="events from actor A to actor B, like PRK,RUS")] = None,
    code: Annotated[str | None, typer.Option(
        "--code", metavar="CAMEO", callback=_check_code, show_default=False,
        help="events whose CAMEO code starts with this: 07, 19, 190")] = None,
    plover: Annotated[str | None, typer.Option(
        "--plover", metavar="TYPE", show_default=False, help="events of this PLOVER type: AID, ASSAULT")] = None,
    since: Annotated[str | None, typer.Option(
        "--since", metavar="YYYY-MM-DD", callback=_check_date, show_default=False,
        help="events on or after this day")] = None,
    until: Annotated[str | None, typer.Option(
        "--until", metavar="YYYY-MM-DD", callback=_check_date, show_default=False,
        help="events on or before this day")] = None,
    root: Annotated[str | None, typer.Option(
        "--root", metavar="NN", callback=_check_root, show_default=False,
        help="events of this CAMEO root: 01 … 20")] = None,
    quad: Annotated[int | None, typer.Option(
        "--quad", min=0, max=4, metavar="0-4", show_default=False,
        help="events of this quad class (Phoenix): 0 neutral, 1 verbal cooperation, 2 material cooperation, "
             "3 verbal conflict, 4 material conflict")] = None,
    place: Annotated[str | None, typer.Option(
        "--place", metavar="WHERE", show_default=False,
        help="events in this country (UKR, or its name: Ukraine) or at a place whose name holds these words")] = None,
    outlet: Annotated[str | None, typer.Option(
        "--outlet", metavar="WORDS", show_default=False,
        help="events reported by an outlet whose name holds these words")] = None,
    attribution: Annotated[str | None, typer.Option(
        "--attribution", metavar="WHO", show_default=False,
        help="events some report attributes to a source with these words or code; none: unattributed")] = None,
    modality: Annotated[ModalityName | None, typer.Option(
        "--modality", show_default=False, help="events reported at least once with this modality")] = None,
    search: Annotated[str | None, typer.Option(
        "--search", metavar="WORDS", show_default=False,
        help="events with these words in a report's evidence or its article's title")] = None,
    sort: Annotated[Order, typer.Option(
        "--sort", help="oldest first, newest first, or most reported first")] = Order.oldest,
    fmt: Annotated[ListFormat | None, typer.Option(
        "--format", "-f", show_default=False,
        help="output format (default: table in a terminal, else jsonl or the extension of -o)")] = None,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", metavar="FILE", show_default=False,
        help="write here (default: stdout; parquet needs a file); .csv, .jsonl or .parquet set the format")] = None,
    limit: Annotated[int | None, typer.Option(
        "--limit", min=1, metavar="N", show_default=False, help="at most N events")] = None,
) -> None:
    """List or export the deduplicated events of the event database.

    One row per real-world event, oldest first, with its numbers of mentions, sources and
    articles, when it was first and last reported, and the range of the figures its sources
    give (killed 12–15). gdelt, gdelt-mentions, plover and acled write the anchors' layouts
    (GDELT 2.0 Events and Mentions TSV, PLOVER JSON Lines, ACLED CSV); parquet the listing.
    """
    _require("store", "eventwire events")
    from eventwire.store.export import export_events

    parsed_dyad = _dyad(dyad) if dyad else None
    chosen = _output_format(fmt, output, STORE_FORMATS)
    if chosen == "parquet" and _to_stdout(output):
        raise _fail("parquet is binary: write it to a file with -o, e.g. -f parquet -o events.parquet")
    store = _open_store(db, must_exist=True, read_only=True)
    try:
        with _user_errors(), _database_errors(store), _open_output(output) as out:
            export_events(store, chosen, out, actor=actor, dyad=parsed_dyad, code=code, plover=plover,
                          since=Date.fromisoformat(since) if since else None,
                          until=Date.fromisoformat(until) if until else None, root=root, quad=quad, place=place,
                          outlet=outlet, attribution=attribution, modality=modality.value if modality else None,
                          text=search, limit=limit, order=sort.value)
    finally:
        store.close()


# ---- eventwire serve (the service and web UI, docs/service.md) ------------------------------


def _check_port_free(host: str, port: int) -> None:
    import socket

    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        try:
            probe.bind((host, port))
        except OSError as err:
            raise _fail(f"cannot listen on {host}:{port}: {err.strerror or err}; pick another with --port") from None


def _allowed_hosts(local: tuple[str, ...], host: str, given: list[str] | None) -> tuple[str, ...]:
    """The Host names the service answers: this machine's, the address it listens on (unless that is
    every address: 0.0.0.0 or ::, where the names clients use must be given), and --allowed-host."""
    bound = () if host in ("0.0.0.0", "::", "") else (host,)
    return tuple(dict.fromkeys((*local, *bound, *(given or ()))))


def _check_data_files(actors: Iterable[Path] | None, patterns: Iterable[Path] | None) -> None:
    """Read the extra actor and pattern files now, so that a bad one stops ``serve`` with its
    reason instead of failing every article later in the coding worker (which reads them again)."""
    from eventwire.actors.dictionary import ActorDictionary
    from eventwire.events.lexicon import Lexicon

    ActorDictionary.load(actors or ())
    Lexicon.load(patterns or ())


def _freeze_what_is_loaded() -> None:
    """Leave what the server has loaded by now (modules, the app, its schemas) out of the garbage
    collector's full collections: it lives as long as the server does, and walking it again took
    50-70 ms each time, every request waiting (while a long article is stored, bench/health.py);
    frozen, a full collection takes 8-9 ms."""
    import gc

    gc.collect()
    gc.freeze()


@app.command("serve")
def serve_command(
    db: Database = "eventwire.db",
    host: Annotated[str, typer.Option(
        metavar="ADDRESS", help="address to listen on; 127.0.0.1 serves this machine only")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, metavar="N", help="port to listen on")] = 8000,
    token: Annotated[str | None, typer.Option(
        envvar="EVENTWIRE_TOKEN", metavar="TOKEN", show_envvar=True,
        help="the bearer token POST /articles needs; without one, a random token is made and shown once")] = None,
    read_only: Annotated[bool, typer.Option(
        "--read-only", help="serve reading only: no endpoint writes, no token is needed")] = False,
    cors_origin: Annotated[list[str] | None, typer.Option(
        "--cors-origin", metavar="ORIGIN", help="let pages of ORIGIN call the API (repeatable); off by default",
    )] = None,
    max_body: Annotated[int, typer.Option(
        min=1, metavar="BYTES", help="refuse request bodies over this size (413)")] = 5_000_000,
    max_queued: Annotated[int, typer.Option(
        min=0, metavar="N", help="POST /articles waiting for the coder at most; more get 503 and Retry-After")] = 16,
    max_downloads: Annotated[int, typer.Option(
        min=1, metavar="N", help="CSV/JSONL downloads sent at once at most; more get 503 and Retry-After")] = 8,
    allowed_host: Annotated[list[str] | None, typer.Option(
        "--allowed-host", metavar="NAME",
        help="also answer requests for this host name or address (repeatable; * for any); localhost, "
             "127.0.0.1, ::1 and --host are always answered")] = None,
    actors: Actors = None,
    patterns: Patterns = None,
) -> None:
    """Serve the event database: the HTTP API and the analyst web UI.

    Opens (and creates) the database and serves until Ctrl-C; articles are coded in a worker
    process that loads the coder on the first one (a few seconds). --read-only opens an
    existing database to read only (nothing in it changes). The UI is at http://HOST:PORT/,
    the API's documentation at /docs. Writing needs the token, sent as 'Authorization: Bearer
    TOKEN'; the UI takes it from the URL printed here.
    """
    import secrets

    _require("serve", "eventwire serve")
    import uvicorn

    from eventwire.service import ServiceSettings, create_app
    from eventwire.service.app import LOCAL_HOSTS

    made = not read_only and not token
    if made:
        token = secrets.token_urlsafe(24)
    settings = ServiceSettings(db=db, token=None if read_only else token, read_only=read_only,
                               cors_origins=tuple(cors_origin or ()), max_body_bytes=max_body,
                               max_queued=max_queued, max_downloads=max_downloads,
                               allowed_hosts=_allowed_hosts(LOCAL_HOSTS, host, allowed_host),
                               actors=tuple(actors or ()), patterns=tuple(patterns or ()))
    _check_port_free(host, port)
    store = _open_store(db, must_exist=read_only, read_only=read_only)
    if not read_only:
        with _user_errors():
            _check_data_files(actors, patterns)
    # the coder itself is loaded by the service's coding worker process, on the first article
    application = create_app(settings, store=store)
    shown_host = f"[{host}]" if ":" in host else host
    url = f"http://{shown_host}:{port}/"
    # the fragment never reaches the server, so the made token stays out of every access log
    print(f"eventwire: serving {store.display} at {url + '#token=' + token if made and token else url}"
          f"{' (read-only)' if read_only else ''}", file=sys.stderr, flush=True)
    if made:
        print("eventwire: that token is new and shown once; set EVENTWIRE_TOKEN or --token to choose one",
              file=sys.stderr, flush=True)
    _freeze_what_is_loaded()
    try:
        uvicorn.run(application, host=host, port=port, log_level="info", access_log=True)
    finally:
        store.close()


# ---- eventwire version -----------------------------------------------------------------------


def _dist_version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def about(actors: Iterable[Path] | None = None, patterns: Iterable[Path] | None = None, statements: bool = False,
          min_confidence: float | None = None) -> dict[str, Any]:
    """Versions of eventwire and what it runs on, the data files it loads (with their sizes), and the
    stamp of the coder they make (what the event database keeps with each mention)."""
    from eventwire.actors.dictionary import ActorDictionary
    from eventwire.datafiles import builtin_files, coder_stamp
    from eventwire.events.lexicon import Lexicon
    from eventwire.nlp import MODEL_PACKAGE

    actors, patterns = list(actors or ()), list(patterns or ())
    info: dict[str, Any] = {
        "eventwire": __version__,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "spacy": _dist_version("spacy"),
        "model": {"package": MODEL_PACKAGE, "version": _dist_version(MODEL_PACKAGE)},
        "pydantic": _dist_version("pydantic"),
    }
    dictionary = ActorDictionary.load(actors)
    lexicon = Lexicon.load(patterns)
    info["actors"] = {"phrases": len(dictionary.terms),
                      "files": [p.name for p in builtin_files("actors")] + [str(p) for p in actors]}
    info["patterns"] = {"patterns": len(lexicon.patterns),
                        "files": [p.name for p in builtin_files("patterns")]
                        + [str(p) for p in patterns]}
    info["codebook"] = {"cameo_codes": len(lexicon.codebook.codes)}
    info["coder"] = coder_stamp(actors, patterns, statements, min_confidence).model_dump()
    return info


def _about_text(info: dict[str, Any]) -> str:
    actors, patterns = info["actors"], info["patterns"]
    return "\n".join([
        f"eventwire {info['eventwire']}",
        f"python {info['python']} ({info['platform']})",
        f"spacy {info['spacy']}",
        f"model {info['model']['package']} {info['model']['version']}",
        f"pydantic {info['pydantic']}",
        f"actors {actors['phrases']:,} phrases from {len(actors['files'])} files: "
        f"{', '.join(actors['files'])}",
        f"patterns {patterns['patterns']:,} patterns from {len(patterns['files'])} files: "
        f"{', '.join(patterns['files'])}",
        f"codebook {info['codebook']['cameo_codes']:,} CAMEO codes",
        f"coder {info['coder']['version']}, fingerprint {info['coder']['fingerprint']}",
    ])


@app.command("version")
def version_command(as_json: AsJson = False, actors: Actors = None, patterns: Patterns = None,
                    statements: Statements = False, min_confidence: MinConfidence = None) -> None:
    """Print versions and the data files loaded.

    Versions of eventwire, Python, spaCy and the model; the actor, pattern and codebook files
    loaded, with their sizes; the coder's version and fingerprint (a digest of every data file
    it reads and of --statements and --min-confidence), which the event database keeps with
    each mention. Paste it into bug reports.
    """
    with _user_errors():
        info = about(actors, patterns, statements, min_confidence)
    print(json.dumps(info, indent=2) if as_json else _about_text(info))


def _version_flag(value: bool) -> None:
    if value:
        with _user_errors():
            print(_about_text(about()))
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[bool, typer.Option(
        "--version", callback=_version_flag, is_eager=True,
        help="print versions and data files, then exit")] = False,
) -> None:
    """Options of ``eventwire`` itself (the help text is the app's)."""


def main() -> None:
    """The ``eventwire`` console script."""
    try:
        app()
    except KeyboardInterrupt:  # typer turns one inside a command into status 130; this is any other
        sys.exit(130)
    except Exception as err:  # a bug: still one line, never a traceback (STYLE habit 7)
        print(f"eventwire: error: internal error: {type(err).__name__}: {_one_line(str(err))} "
              "(please report it, with the output of `eventwire version`)", file=sys.stderr)
        sys.exit(1)
    finally:
        _spare_the_collector_at_exit()


def _spare_the_collector_at_exit() -> None:
    """Leave everything loaded out of the collections Python runs as it shuts down. The process ends
    here: its memory goes back whole, but the interpreter's final collections walked the parser, the
    dictionaries and the gazetteer (a million objects) first, 0.3-0.5 s of a one-sentence
    `eventwire code` (2.5 s). Files are closed and output flushed by the commands; atexit handlers
    and the flushing of stdout and stderr still run."""
    import gc

    gc.freeze()


if __name__ == "__main__":
    main()
