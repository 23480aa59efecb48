"""The docs keep up with the code: every data format, CLI command, setting and public name is documented.

Fast and model-free: reads the source tree and the Markdown files, introspects the typer app, and
loads the YAML examples of docs/data-files.md with the loaders they document (no spaCy model).
Each test lists everything that is missing at once.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import typer

import eventwire
from eventwire.cli import app
from eventwire.settings import SETTINGS

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "eventwire"
DOCS = ROOT / "docs"
DATA_FILES_MD = DOCS / "data-files.md"
CLI_MD = DOCS / "cli.md"
PYTHON_API_MD = DOCS / "python-api.md"

FORMAT_NAME = re.compile(r"\beventwire\.[a-z_]+\.v\d+\b")
FORMAT_LINE = re.compile(r"^format:\s*['\"]?([\w.]+)", re.MULTILINE)
YAML_BLOCK = re.compile(r"^```yaml\n(.*?)^```", re.MULTILINE | re.DOTALL)


def _headings(path: Path) -> list[str]:
    in_code = False
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            in_code = not in_code
        elif not in_code and re.match(r"#{1,6} ", line):
            out.append(line)
    return out


def _mentioned(word: str, text: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text) is not None


def data_formats() -> dict[str, list[str]]:
    """Every eventwire.*.v1 format name in the package's code and data files, with where it is used."""
    found: dict[str, list[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        for name in FORMAT_NAME.findall(path.read_text(encoding="utf-8")):
            found.setdefault(name, []).append(str(path.relative_to(ROOT)))
    for path in sorted([*PACKAGE.joinpath("data").rglob("*.yaml"), *PACKAGE.joinpath("data").rglob("*.yml")]):
        for name in FORMAT_LINE.findall(path.read_text(encoding="utf-8")):
            found.setdefault(name, []).append(str(path.relative_to(ROOT)))
    return found


def test_the_source_tree_has_data_formats() -> None:
    formats = data_formats()
    assert "eventwire.actors.v1" in formats and "eventwire.patterns.v1" in formats, formats


def test_every_data_format_has_a_section_in_data_files_md() -> None:
    headings = "\n".join(_headings(DATA_FILES_MD))
    missing = {name: sorted(set(where)) for name, where in data_formats().items() if name not in headings}
    assert not missing, (
        f"{DATA_FILES_MD.relative_to(ROOT)} has no section (a heading naming the format) for: "
        + "; ".join(f"{name} (used in {', '.join(where)})" for name, where in sorted(missing.items())))


def test_every_cli_command_has_a_section_in_cli_md() -> None:
    group = typer.main.get_command(app)
    commands = sorted(group.commands)  # type: ignore[attr-defined]
    assert commands, "the typer app registers no command"
    headings = _headings(CLI_MD)
    missing = [name for name in commands
               if not any(re.search(rf"\beventwire {re.escape(name)}(?![\w-])", h) for h in headings)]
    assert not missing, (f"{CLI_MD.relative_to(ROOT)} has no section (a heading '## `eventwire NAME`') for: "
                         + ", ".join(f"eventwire {name}" for name in missing))


def test_every_setting_is_in_cli_md() -> None:
    text = CLI_MD.read_text(encoding="utf-8")
    missing = [f"{s.name} ({what})" for s in SETTINGS
               for what, word in (("option", s.option), ("Python keyword", s.name)) if not _mentioned(word, text)]
    assert not missing, (f"{CLI_MD.relative_to(ROOT)} does not mention these settings of "
                         f"src/eventwire/settings.py: " + ", ".join(missing))


def test_every_public_name_is_in_python_api_md() -> None:
    text = PYTHON_API_MD.read_text(encoding="utf-8")
    missing = [name for name in eventwire.__all__ if not _mentioned(name, text)]
    assert not missing, (f"{PYTHON_API_MD.relative_to(ROOT)} does not mention these names of "
                         f"eventwire.__all__: " + ", ".join(missing))


# ---- the examples of data-files.md load with their own loaders ------------------------------


def _example_blocks() -> list[tuple[str, str]]:
    """(format, YAML text) of every ```yaml block of data-files.md that has a format line."""
    blocks = []
    for text in YAML_BLOCK.findall(DATA_FILES_MD.read_text(encoding="utf-8")):
        fmt = FORMAT_LINE.search(text)
        if fmt:
            blocks.append((fmt.group(1), text))
    return blocks


def _load_example(fmt: str, path: Path) -> None:
    """Load one example file with the loader of its format; raise on any mistake."""
    from eventwire.datafiles import read_yaml
    from eventwire.errors import DataFileError

    if fmt == "eventwire.actors.v1":
        from eventwire.actors.dictionary import ActorDictionary

        ActorDictionary.load([path], builtin=False)
    elif fmt == "eventwire.patterns.v1":
        from eventwire.events.lexicon import Lexicon

        Lexicon.load([path], builtin=False)
    elif fmt == "eventwire.codebook.v1":
        from eventwire.events.codebook import Codebook

        Codebook.from_file(path)
    elif fmt == "eventwire.quantities.v1":
        from eventwire.facets.quantities import load_rules

        load_rules(path)
    elif fmt == "eventwire.gazetteer.v1":
        from eventwire.facets.places import load_gazetteer

        load_gazetteer(path)
    else:  # read from the package only (modality, attribution, complements): same keys as ours
        name = fmt.split(".")[1]
        builtin = next(PACKAGE.joinpath("data").rglob(f"*{name}.yaml"))  # root-policies.yaml: policies
        ours, example = read_yaml(builtin), read_yaml(path)
        unknown = sorted(set(example) - set(ours))
        if unknown:
            raise DataFileError(str(path), [f"keys not in {builtin.name}: {', '.join(unknown)}"])


def test_the_examples_of_data_files_md_load(tmp_path: Path) -> None:
    blocks = _example_blocks()
    documented = {fmt for fmt, _ in blocks}
    assert {"eventwire.actors.v1", "eventwire.patterns.v1"} <= documented, documented
    problems = []
    for number, (fmt, text) in enumerate(blocks, 1):
        path = tmp_path / f"example-{number}.yaml"
        path.write_text(text, encoding="utf-8")
        try:
            _load_example(fmt, path)
        except Exception as err:  # noqa: BLE001 - every broken example is reported together
            problems.append(f"example {number} ({fmt}): {type(err).__name__}: {err}")
    assert not problems, f"{DATA_FILES_MD.relative_to(ROOT)}: " + "; ".join(problems)


@pytest.mark.parametrize("doc", [DATA_FILES_MD, CLI_MD, PYTHON_API_MD], ids=lambda p: p.name)
def test_relative_links_between_docs_resolve(doc: Path) -> None:
    text = doc.read_text(encoding="utf-8")
    anchors = set(re.findall(r'<a id="([\w-]+)"></a>', text)) | {
        re.sub(r"[^\w\- ]", "", h.lstrip("#").strip().lower()).replace(" ", "-") for h in _headings(doc)}
    broken = []
    for target in re.findall(r"\]\(([^)\s]+)\)", text):
        if "://" in target:
            continue
        file, _, anchor = target.partition("#")
        missing_file = bool(file) and not (doc.parent / file).exists()
        missing_anchor = not file and bool(anchor) and anchor not in anchors
        if missing_file or missing_anchor:
            broken.append(target)
    assert not broken, f"{doc.relative_to(ROOT)}: broken links: {', '.join(broken)}"
