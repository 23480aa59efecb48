"""eventwire.read.validate: every reader checks text once (encoding, lone surrogates, NUL, non-finite
numbers) and a bad record is a Problem for that record only, never for its file, never an exception."""

from __future__ import annotations

import io
import json

import pytest
from warcio.warcwriter import WARCWriter

from eventwire.model import Document, Problem
from eventwire.read import iter_documents
from eventwire.read.validate import document, lone_surrogate, non_finite
from tests.read.helpers import docs, problems, read, write
from tests.read.test_sources import response

ARTICLE = "Russia moved more than 12,000 troops to its western border, the defence ministry said on Tuesday. " * 3
GOOD = json.dumps({"id": "good", "text": "Japan accused China of spying."})
LAST = json.dumps({"id": "last", "text": "France condemned Russia."})


def jsonl(tmp_path, middle: str):
    return write(tmp_path / "d.jsonl", "\n".join([GOOD, middle, LAST]) + "\n")


# ---- JSONL: issue 10, items 3, 4 and 5 -------------------------------------------------------


@pytest.mark.parametrize("field", ["text", "title", "id", "source"])
def test_lone_surrogate_is_a_problem_for_its_record_only(tmp_path, field):
    record = {"id": "bad", "text": "Kyiv accused Moscow.", field: "bad \\ud800 here"}
    path = jsonl(tmp_path, json.dumps(record).replace("\\\\ud800", "\\ud800"))
    items = read(path)
    assert [d.id for d in docs(items)] == ["good", "last"]
    (problem,) = problems(items)
    assert problem.input == f"{path}:2"
    assert problem.reason.startswith(f'"{field}" holds a lone surrogate (\\ud800) at character 4')


@pytest.mark.parametrize("value", ["NaN", "Infinity", "-Infinity", "1e309", "-1e400"])
def test_non_finite_date_is_a_problem_and_later_records_are_read(tmp_path, value):
    path = jsonl(tmp_path, '{"id": "bad", "text": "Kyiv accused Moscow.", "date": ' + value + '}')
    items = read(path)
    assert [d.id for d in docs(items)] == ["good", "last"]
    (problem,) = problems(items)
    assert problem.input == f"{path}:2"
    assert problem.reason.startswith('"date" is NaN or infinite')
    assert "write null or a real value" in problem.reason


def test_non_finite_number_in_an_ignored_field_is_ignored(tmp_path):
    path = jsonl(tmp_path, '{"id": "fine", "text": "Kyiv accused Moscow.", "score": NaN}')
    assert [d.id for d in read(path)] == ["good", "fine", "last"]


def test_nul_in_the_first_8_kb_of_jsonl_loses_only_its_record(tmp_path):
    escaped = json.dumps({"id": "escaped", "text": "Kyiv\u0000 accused Moscow."})
    path = write(tmp_path / "d.jsonl", "\n".join([GOOD, '{"id": "raw", "text": "a\0b"}', escaped, LAST]) + "\n")
    items = read(path)
    assert [d.id for d in docs(items)] == ["good", "escaped", "last"]
    assert docs(items)[1].text == "Kyiv accused Moscow."  # a NUL character is removed
    (problem,) = problems(items)  # a raw NUL byte inside a JSON string is invalid JSON
    assert (problem.input, problem.reason) == (
        f"{path}:2", "invalid JSON: Invalid control character at column 25; fix or remove this line")


def test_json_list_loses_only_its_bad_items(tmp_path):
    data = '[{"id": "a", "text": "A."}, {"id": "b", "text": "B.", "date": NaN}, {"id": "c", "text": "\\udfff"}, ' \
           '{"id": "d", "text": "D."}]'
    path = write(tmp_path / "d.json", data)
    items = read(path)
    assert [d.id for d in docs(items)] == ["a", "d"]
    assert [p.input for p in problems(items)] == [f"{path}[1]", f"{path}[2]"]


# ---- the other readers -----------------------------------------------------------------------


def test_text_file_with_a_stray_nul_is_read_without_it(tmp_path):
    (doc,) = read(write(tmp_path / "a.txt", b"Kyiv accused\0 Moscow.\n"))
    assert doc == Document(id="a.txt", text="Kyiv accused Moscow.\n")


def test_text_of_nul_only_is_a_problem(tmp_path):
    (problem,) = read(write(tmp_path / "a.txt", b"\0" + b" " * 40 + b"\n"))
    assert isinstance(problem, Problem) and "empty" in problem.reason


def test_stdin_jsonl_with_a_surrogate_and_nan(tmp_path):
    stream = io.BytesIO("\n".join([GOOD, '{"text": "\\ud83d"}', '{"text": "x", "date": Infinity}', LAST]).encode())
    items = list(iter_documents(["-"], stdin=stream))
    assert [d.id for d in docs(items)] == ["good", "last"]
    assert [p.input for p in problems(items)] == ["stdin:2", "stdin:3"]


def test_csv_cell_with_nul_is_read_without_it(tmp_path):
    path = write(tmp_path / "d.csv", b"id,text,title\nr1,Kyiv accused\0 Moscow.,T\0itle\nr2,Fine.,\n")
    assert [(d.id, d.text, d.title) for d in read(path)] == [("r1", "Kyiv accused Moscow.", "Title"),
                                                            ("r2", "Fine.", None)]


def test_feed_entry_with_a_surrogate_reference_loses_nothing_else(tmp_path):
    feed = f"""<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>
<item><title>A &#xD800;</title><link>http://x.example/a</link><description>{ARTICLE} &#55296;</description></item>
<item><title>B</title><link>http://x.example/b</link><description>{ARTICLE}</description></item>
</channel></rss>"""
    items = read(write(tmp_path / "f.rss", feed))
    assert [d.url for d in docs(items)] == ["http://x.example/a", "http://x.example/b"]
    assert docs(items)[0].title == "A \ufffd"  # what an HTML parser makes of it


@pytest.mark.parametrize("reference", ["&#0;", "&#x110000;", "&#1114112;", "&#99999999999;", "&amp;#xDFFF;",
                                       "&#" + "9" * 5000 + ";"])
def test_feed_entry_with_a_reference_to_no_character_loses_nothing(tmp_path, reference):
    feed = f"""<?xml version="1.0"?><rss version="2.0"><channel><title>Wire {reference}</title>
<item><title>A {reference}</title><link>http://x.example/a</link><description>{ARTICLE} {reference}</description></item>
<item><title>B</title><link>http://x.example/b</link><description>{ARTICLE}</description></item>
</channel></rss>"""
    items = read(write(tmp_path / "f.rss", feed))
    assert [d.url for d in docs(items)] == ["http://x.example/a", "http://x.example/b"], items


def test_warc_page_with_nul_is_read_without_it(tmp_path):
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    response(writer, "https://x.example/a", "200 OK", "text/plain", (ARTICLE + "\0 end").encode())
    (doc,) = read(write(tmp_path / "c.warc.gz", buf.getvalue()))
    assert "\0" not in doc.text and doc.text.endswith(" end")


def test_file_name_that_is_not_unicode_is_read_under_an_escaped_name(tmp_path):
    folder = tmp_path / "in"
    write(folder / "good.txt", "Kyiv accused Moscow.")
    name = b"bad\xff.txt".decode("utf-8", "surrogateescape")  # as os.listdir gives an undecodable name
    try:
        write(folder / name, "Japan accused China.")
        write(folder / (name + ".pdf"), b"%PDF-1.4")
    except (OSError, UnicodeEncodeError):
        pytest.skip("this file system refuses names that are not UTF-8")
    items = read(folder)
    assert [d.id for d in docs(items)] == ["bad\\xff.txt", "good.txt"]  # every id can be written as UTF-8
    (skipped,) = problems(items)
    assert skipped.input == str(folder / "bad\\xff.txt.pdf") and lone_surrogate(skipped.input) is None
    (explicit,) = read(folder / name)
    assert explicit.id == "bad\\xff.txt"


# ---- the checks themselves -------------------------------------------------------------------


def test_document_checks_every_field():
    assert lone_surrogate("ok") is None and lone_surrogate("ab\udc80") == 2
    assert non_finite({"date": float("nan")}) == "date" and non_finite({"other": float("inf")}) is None
    made = document("w", id="i\0d", text="T\0ext", title=" \0", url=None, source="S")
    assert made == Document(id="id", text="Text", title=None, source="S")
    assert isinstance(document("w", id="i", text="ok", url="http://x/\ud800"), Problem)
