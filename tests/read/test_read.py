"""eventwire.read: every input kind, and every bad input as a Problem while reading goes on."""

from __future__ import annotations

import io
import json
import random
import time
import tracemalloc
from pathlib import Path

import pytest

from eventwire.model import Document, Problem
from eventwire.read import iter_documents, normalise_date
from tests.read.helpers import docs, problems, read, write

GOOD = b"Russia moved troops to the border, the ministry said.\n"

ARTICLE_HTML = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Russia masses troops near border | Daily Wire</title>
<meta property="og:title" content="Russia masses troops near border">
<meta property="og:site_name" content="Daily Wire">
<link rel="canonical" href="https://dailywire.example/world/russia-troops">
<meta property="article:published_time" content="2024-03-05T08:30:00Z"></head>
<body><header><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav></header>
<div class="cookie-banner"><p>We use cookies to improve your experience on our site.</p></div>
<main><article><h1>Russia masses troops near border</h1>
<p class="byline">By Jane Doe</p>
<p>MOSCOW, March 5 (Reuters) - Russia has moved more than 12,000 troops to its western border, the
defence ministry said on Tuesday, in a move Ukrainian officials described as a threat.</p>
<p>According to the ministry, the exercises will last two weeks and involve about 600 armoured
vehicles. NATO said it was monitoring the situation closely and urged restraint.</p>
<p>Ukraine's foreign minister called on Western partners to impose further sanctions on Moscow.</p>
</article></main>
<footer><p>Copyright 2024 Daily Wire. All rights reserved.</p><a href="/privacy">Privacy</a></footer>
</body></html>
"""

BOILERPLATE_HTML = """<html><head><title>Daily Wire - Home</title></head><body>
<header><a href="/">Daily Wire</a><nav><ul><li><a href="/world">World</a></li>
<li><a href="/politics">Politics</a></li><li><a href="/business">Business</a></li></ul></nav></header>
<div class="cookie-banner"><p>We use cookies to improve your experience. By continuing you accept
our cookie policy.</p><button>Accept</button></div>
<aside><h3>Most read</h3><ul><li><a href="/1">Ten things you missed</a></li>
<li><a href="/2">Markets close higher</a></li></ul></aside>
<footer><p>Copyright 2024 Daily Wire.</p><a href="/privacy">Privacy</a> <a href="/terms">Terms</a></footer>
</body></html>
"""


def random_bytes(n: int = 4096) -> bytes:
    return random.Random(0).randbytes(n) + b"\0\0"










# ---- text files ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "text"),
    [
        ("article.txt", GOOD, GOOD.decode()),
        ("notes.md", b"# Head\n\nNATO met.\n", "# Head\n\nNATO met.\n"),
        ("ARTICLE.TXT", b"Upper-case extension.", "Upper-case extension."),
        ("README", b"No extension, named explicitly.", "No extension, named explicitly."),
        ("bom.txt", b"\xef\xbb\xbfBOM stripped.", "BOM stripped."),
        ("crlf.txt", b"Line one.\r\nLine two.\rLine three.", "Line one.\nLine two.\nLine three."),
        (
            "utf8.txt",
            "Zelensky met Erdoğan in Kyiv – “talks”.".encode(),
            "Zelensky met Erdoğan in Kyiv – “talks”.",
        ),
    ],
)
def test_files_text_file_is_one_document_named_by_file(tmp_path, name, data, text):
    (doc,) = read(write(tmp_path / name, data))
    assert doc == Document(id=name, text=text)


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("empty.txt", b"", ["empty", "nothing to code"]),
        ("blank.txt", b"  \n\t\r\n  ", ["empty", "whitespace"]),
        ("bom-only.txt", b"\xef\xbb\xbf\n", ["empty"]),
        (
            "latin1.txt",
            b"Caf\xe9 au lait.",
            ["invalid utf-8", "byte 3", "re-save as UTF-8", "--encoding latin-1"],
        ),
        ("random.txt", random_bytes(), ["looks binary", "PDF/ZIP/image", "convert it to text"]),
        ("report.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", ["is a PDF", "convert it to text first"]),
        ("report.pdf", b"%PDF-1.7\n1 0 obj", ["is a PDF", "convert it to text first"]),
        ("utf16.txt", "Hello".encode("utf-16"), ["UTF-16", "--encoding utf-16"]),
        ("table.ods", b"a,b\n1,2\n", ["unsupported file type '.ods'", ".txt", ".jsonl"]),
        ("archive.zip", b"PK\x03\x04" + random_bytes(), ["looks binary"]),
    ],
)
def test_files_bad_file_is_problem_and_reading_goes_on(tmp_path, name, data, words):
    bad = write(tmp_path / name, data)
    good = write(tmp_path / "good.txt", GOOD)
    items = read(bad, good)
    assert items[0].input == str(bad)
    assert isinstance(items[0], Problem)
    for word in words:
        assert word in items[0].reason
    assert "\n" not in items[0].reason
    assert items[1:] == [Document(id="good.txt", text=GOOD.decode())]


def test_files_missing_file_is_problem(tmp_path):
    items = read(tmp_path / "nope.txt", write(tmp_path / "good.txt", GOOD))
    assert items[0] == Problem(
        input=str(tmp_path / "nope.txt"), reason="no such file or directory; check the path"
    )
    assert docs(items)[0].id == "good.txt"


def test_files_encoding_option_decodes_latin1(tmp_path):
    (doc,) = read(write(tmp_path / "latin1.txt", b"Caf\xe9 au lait."), encoding="latin-1")
    assert doc.text == "Café au lait."


def test_files_unknown_encoding_is_one_problem(tmp_path):
    items = read(write(tmp_path / "a.txt", GOOD), encoding="klingon")
    assert items == [
        Problem(input="--encoding", reason="unknown encoding 'klingon'; pass one like utf-8 or latin-1")
    ]


def test_files_50mb_file_is_rejected_by_size_without_reading_it(tmp_path):
    big = tmp_path / "big.txt"
    line = b"Russia moved more than 12,000 troops to the border on Tuesday, officials said.\n"
    chunk = line * (1_000_000 // len(line) + 1)
    with big.open("wb") as f:
        while f.tell() < 50_000_000:
            f.write(chunk)
    good = write(tmp_path / "good.txt", GOOD)
    tracemalloc.start()
    start = time.perf_counter()
    try:
        items = read(big, good)
        elapsed = time.perf_counter() - start
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert isinstance(items[0], Problem)
    reason = items[0].reason
    assert "50.0 MB" in reason and "5.0 MB limit" in reason and "--max-bytes" in reason
    assert items[1] == Document(id="good.txt", text=GOOD.decode())
    assert peak < 2_000_000  # the 50 MB were never read into memory
    assert elapsed < 1.0


def test_files_max_bytes_option_raises_the_limit(tmp_path):
    path = write(tmp_path / "a.txt", GOOD * 10)
    assert "over the 100 bytes limit" in read(path, max_bytes=100)[0].reason
    assert docs(read(path, max_bytes=10_000))[0].text == (GOOD * 10).decode()


def test_files_single_string_input_is_one_path(tmp_path):
    path = write(tmp_path / "a.txt", GOOD)
    assert [d.id for d in iter_documents(str(path))] == ["a.txt"]


# ---- JSONL and JSON --------------------------------------------------------------------------


def test_jsonl_malformed_line_is_problem_and_other_lines_are_read(tmp_path):
    lines = [
        json.dumps(
            {"id": "a", "text": "First.", "date": "2024-03-05", "title": "T", "url": "u", "source": "S"}
        ),
        '{"id": "b", "text": "Second."',
        "",
        json.dumps({"text": "Third, no id.", "lang": "en", "extra": [1, 2]}),
        json.dumps({"id": 7, "text": "Fourth, numeric id."}),
    ]
    path = write(tmp_path / "docs.jsonl", "\n".join(lines) + "\n")
    items = read(path)
    assert docs(items) == [
        Document(id="a", text="First.", date="2024-03-05", title="T", url="u", source="S"),
        Document(id="docs.jsonl:4", text="Third, no id."),
        Document(id="7", text="Fourth, numeric id."),
    ]
    (problem,) = problems(items)
    assert problem.input == f"{path}:2"
    assert problem.reason.startswith("invalid JSON: Expecting ',' delimiter at column")
    assert "fix or remove this line" in problem.reason


@pytest.mark.parametrize(
    ("record", "words"),
    [
        ({"id": "x"}, ['no "text" field']),
        ({"id": "x", "text": None}, ['no "text" field']),
        ({"id": "x", "text": 42}, ['"text" is a number, not a string']),
        ({"id": "x", "text": ["a", "b"]}, ['"text" is a list, not a string']),
        ({"id": "x", "text": " \n "}, ['"text" is empty']),
        ({"id": ["x"], "text": "ok"}, ['"id" is a list']),
        (["not", "an", "object"], ["not a JSON object (got a list)"]),
    ],
)
def test_jsonl_bad_record_is_problem(tmp_path, record, words):
    good = json.dumps({"id": "good", "text": "Good."})
    path = write(tmp_path / "d.jsonl", f"{good}\n{json.dumps(record)}\n{good}\n")
    items = read(path)
    assert [d.id for d in docs(items)] == ["good", "good"]
    (problem,) = problems(items)
    assert problem.input == f"{path}:2"
    for word in words:
        assert word in problem.reason


def test_jsonl_invalid_utf8_line_reports_file_offset(tmp_path):
    path = write(tmp_path / "d.jsonl", b'{"text": "ok"}\n{"text": "caf\xe9"}\n{"text": "ok too"}\n')
    items = read(path)
    assert [d.text for d in docs(items)] == ["ok", "ok too"]
    assert problems(items) == [
        Problem(
            input=f"{path}:2",
            reason="invalid utf-8 text at byte 28; re-save as UTF-8 or pass --encoding latin-1",
        )
    ]


def test_jsonl_file_larger_than_max_bytes_is_streamed_but_long_line_is_problem(tmp_path):
    short = json.dumps({"text": "Short."})
    long = json.dumps({"text": "x" * 500})
    path = write(tmp_path / "d.jsonl", "\n".join([short] * 20 + [long, short]) + "\n")
    items = read(path, max_bytes=200)
    assert len(docs(items)) == 21
    (problem,) = problems(items)
    assert problem.input == f"{path}:21"
    assert "line is 513 bytes, over the 200 bytes limit" in problem.reason


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("empty.jsonl", "", ["empty"]),
        ("blank.jsonl", "\n\n  \n", ["empty"]),
        ("random.jsonl", random_bytes(), ["looks binary"]),
    ],
)
def test_jsonl_unusable_file_is_problem(tmp_path, name, data, words):
    items = read(write(tmp_path / name, data))
    assert len(items) == 1 and isinstance(items[0], Problem)
    for word in words:
        assert word in items[0].reason


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ('{"id": "one", "text": "One."}', ["one"]),
        ('[{"text": "A."}, {"id": "b", "text": "B."}]', ["d.json[0]", "b"]),
        ('{"text": "No id."}', ["d.json"]),
    ],
)
def test_json_file_holds_one_document_or_a_list(tmp_path, data, expected):
    assert [d.id for d in read(write(tmp_path / "d.json", data))] == expected


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ('{"text": "A."', ["invalid JSON", "line 1 column", "fix the file"]),
        ('{"text": "A."}\n{"text": "B."}\n', ["rename it to .jsonl"]),
        ('"just a string"', ["holds a string", "document object or a list"]),
        ("[]", ["empty list"]),
    ],
)
def test_json_bad_file_is_problem(tmp_path, data, words):
    (problem,) = read(write(tmp_path / "d.json", data))
    assert isinstance(problem, Problem)
    for word in words:
        assert word in problem.reason


def test_jsonl_json_array_saved_as_jsonl_is_read_whole(tmp_path):
    path = write(tmp_path / "d.jsonl", '[\n  {"id": "a", "text": "A."},\n  {"id": "b", "text": "B."}\n]\n')
    assert [d.id for d in read(path)] == ["a", "b"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-03-05", "2024-03-05"),
        ("2024-03-05T08:30:00Z", "2024-03-05"),
        ("2024-03-05T23:30:00-05:00", "2024-03-05"),
        ("20240305", "2024-03-05"),
        ("March 5, 2024", "2024-03-05"),
        ("Tue, 05 Mar 2024 08:30:00 GMT", "2024-03-05"),
        ("5 March 2024", "2024-03-05"),
        ("2024", None),
        ("yesterday", None),
        ("not a date", None),
        ("", None),
        (None, None),
        (True, None),
    ],
)
def test_jsonl_date_is_normalised_or_dropped(value, expected):
    assert normalise_date(value) == expected


def test_jsonl_unparseable_date_keeps_the_document(tmp_path):
    path = write(tmp_path / "d.jsonl", json.dumps({"id": "a", "text": "A.", "date": "someday"}))
    assert read(path) == [Document(id="a", text="A.", date=None)]


# ---- HTML ------------------------------------------------------------------------------------


def test_html_news_page_gives_article_text_title_and_date(tmp_path):
    (doc,) = read(write(tmp_path / "russia.html", ARTICLE_HTML))
    assert isinstance(doc, Document)
    assert doc.id == "russia.html"
    assert doc.text.startswith("MOSCOW, March 5 (Reuters) - Russia has moved more than 12,000 troops")
    assert "about 600 armoured\nvehicles" in doc.text or "about 600 armoured vehicles" in doc.text
    assert "impose further sanctions on Moscow." in doc.text
    for boilerplate in ("Home", "cookies", "Copyright", "Privacy"):
        assert boilerplate not in doc.text
    assert doc.title == "Russia masses troops near border"
    assert doc.date == "2024-03-05"
    assert doc.url == "https://dailywire.example/world/russia-troops"
    assert doc.source == "Daily Wire"


@pytest.mark.parametrize(
    ("body", "wrapper"),
    [
        ('<body class="cookie-consent-given">', ""),
        ("<body>", '<div id="consent-wrapper" class="page">'),
        ("<body>", '<div class="cookies-accepted">'),
    ],
)
def test_html_page_flagged_for_cookies_keeps_its_article(tmp_path, body, wrapper):
    page = ARTICLE_HTML.replace("<body>", body + wrapper).replace(
        "</body>", "</div></body>" if wrapper else "</body>"
    )
    (doc,) = read(write(tmp_path / "page.html", page))
    assert doc.text.startswith("MOSCOW, March 5 (Reuters)") and "cookies" not in doc.text


def test_html_boilerplate_page_is_problem(tmp_path):
    items = read(write(tmp_path / "home.htm", BOILERPLATE_HTML), write(tmp_path / "good.txt", GOOD))
    assert items[0] == Problem(
        input=str(tmp_path / "home.htm"),
        reason="no article text found in the HTML page; save the article text as .txt instead",
    )
    assert docs(items)[0].id == "good.txt"


@pytest.mark.parametrize(
    "page",
    [
        '<html><body><nav><a href="/">Home</a></nav></body></html>',
        "<html><body><p>Subscribe now.</p><button>OK</button></body></html>",
        "<html><head><title>Only a title</title></head><body></body></html>",
    ],
)
def test_html_page_without_article_is_problem(tmp_path, page):
    (problem,) = read(write(tmp_path / "p.html", page))
    assert isinstance(problem, Problem) and "no article text found in the HTML page" in problem.reason


def test_html_declared_charset_is_used_when_utf8_fails(tmp_path):
    page = ARTICLE_HTML.replace('charset="utf-8"', 'charset="windows-1252"').replace(
        "Moscow.", "Moscow – “now”."
    )
    (doc,) = read(write(tmp_path / "cp1252.html", page.encode("windows-1252")))
    assert "Moscow – “now”." in doc.text


# ---- directories and stdin -------------------------------------------------------------------


def test_files_directory_mixing_all_kinds(tmp_path):
    root = tmp_path / "corpus"
    write(root / "a_article.txt", GOOD)
    write(root / "b_empty.txt", b"")
    write(root / "c_latin1.txt", b"Caf\xe9.")
    write(root / "d_random.txt", random_bytes())
    write(root / "e_docs.jsonl", '{"id": "j1", "text": "J1."}\n{oops\n{"id": "j2", "text": "J2."}\n')
    write(root / "f_page.html", ARTICLE_HTML)
    write(root / "g_home.html", BOILERPLATE_HTML)
    write(root / "h_huge.txt", GOOD * 200)
    write(root / "i_scan.pdf", b"%PDF-1.4")
    write(root / "j_image.png", b"\x89PNG\r\n\x1a\n" + random_bytes())
    write(root / "sub" / "a_article.txt", b"Nested article.")
    write(root / ".hidden.txt", GOOD)
    write(root / ".git" / "x.txt", GOOD)
    items = read(root, max_bytes=5_000)
    assert [d.id for d in docs(items)] == ["a_article.txt", "j1", "j2", "f_page.html", "sub/a_article.txt"]
    assert [(Path(p.input).name, p.reason.split(";")[0]) for p in problems(items)] == [
        ("b_empty.txt", "file is empty (or only whitespace)"),
        ("c_latin1.txt", "invalid utf-8 text at byte 3"),
        ("d_random.txt", "file looks binary (e.g. PDF/ZIP/image), not text"),
        ("e_docs.jsonl:2", "invalid JSON: Expecting property name enclosed in double quotes at column 2"),
        ("g_home.html", "no article text found in the HTML page"),
        ("h_huge.txt", "file is 10,800 bytes, over the 5,000 bytes limit"),
        ("i_scan.pdf", "skipped: file is a PDF"),  # reported as when given by name
        ("j_image.png", "skipped: file looks binary (e.g. PDF/ZIP/image), not text"),
    ]
    assert items[0].id == "a_article.txt" and items[-1].id == "sub/a_article.txt"  # sorted, recursive


def test_files_directory_without_supported_files_is_problem(tmp_path):
    write(tmp_path / "scan.pdf", b"%PDF-1.4")
    skipped, problem = read(tmp_path)
    assert skipped.reason == "skipped: file is a PDF; convert it to text first (e.g. with pdftotext)"
    assert problem.reason.startswith(
        "no .txt, .md, .html, .htm, .json, .jsonl, .csv, .tsv, .rss, .atom, .xml, .warc or .warc.gz files "
        "in this directory"
    )
    assert "1 other files skipped" in problem.reason


@pytest.mark.parametrize(
    ("stream", "expected"),
    [
        (io.BytesIO(GOOD), [Document(id="stdin", text=GOOD.decode())]),
        (io.StringIO("Typed text."), [Document(id="stdin", text="Typed text.")]),
        (io.BytesIO(b'\n{"id": "s1", "text": "One."}\n{"text": "Two."}\n'), ["s1", "stdin:3"]),
        (io.StringIO('{"text": "One."}\n{bad\n'), ["stdin:1", "invalid JSON"]),
        (io.BytesIO(b""), ["stdin is empty"]),
        (io.BytesIO(b"  \n \n"), ["stdin is empty"]),
        (io.BytesIO(GOOD * 100), ["stdin is over the 1,000 bytes limit", "--max-bytes"]),
        (io.BytesIO(random_bytes()), ["stdin looks binary"]),
        (io.BytesIO(b"%PDF-1.4\n"), ["stdin is a PDF"]),
        (io.BytesIO(b"Caf\xe9."), ["invalid utf-8 text at byte 3"]),
    ],
)
def test_files_stdin_text_or_jsonl(stream, expected):
    items = list(iter_documents(["-"], stdin=stream, max_bytes=1_000))
    if isinstance(expected[0], Document):
        assert items == expected
    else:
        summary = " | ".join(d.id if isinstance(d, Document) else f"{d.input} {d.reason}" for d in items)
        for word in expected:
            assert word in summary
