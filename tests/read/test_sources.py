"""eventwire.read sources beyond single files: CSV/TSV tables, RSS/Atom feeds (files and URLs), WARC files.

Every fixture is written here at test time; feed URLs are served by a local http.server on 127.0.0.1.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import io
import socket
import threading
import time
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from eventwire.model import Document, Problem
from eventwire.read.feed import FetchError, fetch
from tests.read.helpers import docs, problems, read, write

PARAGRAPHS = [
    "VILNIUS, June 2 - Lithuania will deploy 800 additional soldiers to its eastern frontier next week, "
    "the defence minister told reporters on Monday, citing repeated airspace violations.",
    "Officials in Minsk rejected the accusation and summoned the Lithuanian charge d'affaires, according to "
    "a statement published by the foreign ministry late in the evening.",
    "The European Commission said it would send a delegation to assess the situation before the summit.",
]


def article_page(headline: str, day: str = "2025-06-02") -> str:
    body = "".join(f"<p>{p}</p>\n" for p in PARAGRAPHS)
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{headline} | Baltic Ledger</title>
<meta property="og:title" content="{headline}"><meta property="og:site_name" content="Baltic Ledger">
<meta property="article:published_time" content="{day}T07:15:00Z"></head>
<body><nav><a href="/">Front page</a> <a href="/region">Region</a></nav>
<main><article><h1>{headline}</h1>\n{body}</article></main>
<footer><p>Baltic Ledger 2025</p><a href="/about">About us</a></footer></body></html>"""


HOME_PAGE = """<html><head><title>Baltic Ledger</title></head><body><nav><ul><li><a href="/a">Region</a></li>
<li><a href="/b">Markets</a></li></ul></nav><footer><a href="/about">About us</a></footer></body></html>"""










def one_line(items: list[Document | Problem]) -> None:
    for problem in problems(items):
        assert "\n" not in problem.reason and ";" in problem.reason, problem  # what happened; what to do


# ---- CSV and TSV -----------------------------------------------------------------------------

CSV = (
    "ID,Title,Body,Published,URL,Source,Extra\r\n"
    'v1,Troops deployed,"Lithuania will deploy 800 soldiers, the minister said.",2025-06-02,'
    "https://ledger.example/1,Baltic Ledger,x\r\n"
    ',No id,"Minsk rejected the accusation.\r\nIt summoned the envoy.","June 3, 2025",,,\r\n'
    "v3,Blank body,   ,2025-06-04,,,\r\n"
    "\r\n"
    "v5,Delegation,The Commission will send a delegation.,someday,,,\r\n"
)


def test_csv_rows_are_documents_and_a_bad_row_is_a_problem(tmp_path):
    path = write(tmp_path / "news.csv", CSV)
    items = read(path)
    assert docs(items) == [
        Document(
            id="v1",
            text="Lithuania will deploy 800 soldiers, the minister said.",
            date="2025-06-02",
            title="Troops deployed",
            url="https://ledger.example/1",
            source="Baltic Ledger",
        ),
        Document(id="news.csv:3", text="Minsk rejected the accusation.\nIt summoned the envoy.", date="2025-06-03",
                 title="No id"),
        Document(id="v5", text="The Commission will send a delegation.", title="Delegation"),
    ]
    assert problems(items) == [Problem(input=f"{path}:4", reason="'Body' is empty; nothing to code")]
    assert [type(i).__name__ for i in items] == ["Document", "Document", "Problem", "Document"]  # in file order


def test_tsv_and_other_text_column_names(tmp_path):
    tsv = write(tmp_path / "wire.tsv", "id\tarticle\tdate\nt1\tKyiv, Monday: talks resumed.\t2025-06-02T09:00:00Z\n")
    semicolons = write(tmp_path / "euro.csv", "content;title\nTalks resumed, officials said.;Talks\n")
    assert read(tsv, semicolons) == [
        Document(id="t1", text="Kyiv, Monday: talks resumed.", date="2025-06-02"),
        Document(id="euro.csv:2", text="Talks resumed, officials said.", title="Talks"),
    ]


def test_csv_without_text_column_is_one_problem_naming_its_columns(tmp_path):
    path = write(tmp_path / "meta.csv", "id,headline,date\n1,Troops deployed,2025-06-02\n2,Talks,2025-06-03\n")
    items = read(path)
    assert items == [
        Problem(
            input=str(path),
            reason="no text column (text, body, content or article); its columns are id, headline, date; "
            "rename the column holding the article text or pass --text-column",
        )
    ]
    (doc, doc2) = read(path, text_column="Headline")
    assert (doc.id, doc.text, doc2.text) == ("1", "Troops deployed", "Talks")
    (problem,) = read(path, text_column="story")
    assert problem.reason.startswith("no column named 'story'; its columns are id, headline, date")


def test_csv_bad_rows_and_files(tmp_path):
    rows = b"id,text\na,Good one.\nb,Caf\xe9 closed.\nc," + b"x" * 300 + b"\nd,Good two.\ne\n"
    path = write(tmp_path / "mixed.csv", rows)
    items = read(path, max_bytes=200)
    assert [d.id for d in docs(items)] == ["a", "d"]
    assert [(p.input, p.reason.split(";")[0]) for p in problems(items)] == [
        (f"{path}:3", "invalid utf-8 text at byte 25"),
        (f"{path}:4", "row is 303 bytes, over the 200 bytes limit"),
        (f"{path}:6", "row has no 'text' cell (1 cells)"),
    ]
    one_line(items)
    header_only = write(tmp_path / "header.csv", "id,text\n\n")
    binary = write(tmp_path / "binary.csv", b"id,text\n" + bytes(range(256)) * 4)
    assert [p.reason for p in read(header_only, binary)] == [
        "has a header row but no rows; nothing to code",
        "file looks binary (e.g. PDF/ZIP/image), not text; convert it to text first",
    ]


def test_csv_field_as_large_as_max_bytes_is_read(tmp_path):
    text = "word " * 40_000  # 200,000 characters: over the csv module's default field limit of 131,072
    path = write(tmp_path / "long.csv", f'id,text\nlong,"{text}"\n')
    (doc,) = read(path)
    assert doc.text == text


# ---- RSS and Atom feeds ----------------------------------------------------------------------

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Baltic Ledger: Region</title><link>https://ledger.example/</link><description>News</description>
<item><title>Lithuania sends troops</title><link>https://ledger.example/1</link><guid>ledger-1</guid>
<pubDate>Mon, 02 Jun 2025 23:30:00 -0500</pubDate><description>Short teaser.</description>
<content:encoded><![CDATA[<p>Lithuania will deploy <b>800 soldiers</b> to its eastern frontier.</p>
<p>Minsk rejected the accusation.</p>]]></content:encoded></item>
<item><title>Delegation &amp; summit</title><link>https://ledger.example/2</link>
<pubDate>Tue, 03 Jun 2025 10:00:00 GMT</pubDate>
<description>&lt;p&gt;The Commission will send a delegation to Vilnius.&lt;/p&gt;</description></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Wire Desk</title><id>urn:wire</id>
<updated>2025-06-04T00:00:00Z</updated>
<entry><title type="html">Talks &lt;em&gt;resume&lt;/em&gt;</title><id>urn:wire:7</id>
<link rel="alternate" href="https://wire.example/7"/><updated>2025-06-04T08:00:00+02:00</updated>
<content type="html">&lt;p&gt;Ukraine and Poland resumed talks in Warsaw.&lt;/p&gt;</content></entry>
</feed>"""


def test_rss_items_are_documents_with_text_from_html(tmp_path):
    items = read(write(tmp_path / "region.rss", RSS))
    assert items == [
        Document(
            id="ledger-1",
            text="Lithuania will deploy 800 soldiers to its eastern frontier.\nMinsk rejected the accusation.",
            date="2025-06-02",  # the publisher's day, not the day in UTC
            title="Lithuania sends troops",
            url="https://ledger.example/1",
            source="Baltic Ledger: Region",
        ),
        Document(
            id="https://ledger.example/2",  # no guid: the link
            text="The Commission will send a delegation to Vilnius.",  # no content: the summary
            date="2025-06-03",
            title="Delegation & summit",
            url="https://ledger.example/2",
            source="Baltic Ledger: Region",
        ),
    ]


def test_atom_entry_and_xml_files(tmp_path):
    atom = write(tmp_path / "wire.atom", ATOM)
    rss_xml = write(tmp_path / "feed.xml", RSS)
    sitemap = write(tmp_path / "sitemap.xml", '<?xml version="1.0"?>\n<urlset><url><loc>x</loc></url></urlset>')
    items = read(atom, rss_xml, sitemap)
    assert items[0] == Document(id="urn:wire:7", text="Ukraine and Poland resumed talks in Warsaw.",
                                date="2025-06-04", title="Talks resume", url="https://wire.example/7",
                                source="Wire Desk")
    assert [d.id for d in docs(items)[1:]] == ["ledger-1", "https://ledger.example/2"]
    assert items[-1] == Problem(
        input=str(sitemap), reason="not an RSS or Atom feed (its root element is <urlset>); give an RSS or Atom feed"
    )


def test_bad_feeds_are_problems(tmp_path):
    empty = write(tmp_path / "empty.rss", '<rss version="2.0"><channel><title>Quiet</title></channel></rss>')
    page = write(tmp_path / "page.rss", HOME_PAGE)
    garbage = write(tmp_path / "garbage.atom", "this is not a feed at all")
    cut = write(tmp_path / "cut.rss", RSS[: RSS.index("<item><title>Delegation")] + "<ite")
    bare = write(tmp_path / "bare.rss", '<rss version="2.0"><channel><item><link>https://x.example/9</link></item>'
                 "</channel></rss>")
    items = read(empty, page, garbage, cut, bare)
    one_line(items)
    reasons = [(Path(p.input).name, p.reason) for p in problems(items)]
    assert reasons[0] == ("empty.rss", "the feed has no entries; nothing to code")
    assert reasons[1][0] == "page.rss" and reasons[1][1].startswith("an HTML page, not an RSS or Atom feed")
    assert reasons[2][0] == "garbage.atom" and reasons[2][1].startswith("not a readable RSS or Atom feed (")
    assert reasons[3][0] == "cut.rss" and reasons[3][1].startswith("the feed is not well-formed XML (")
    assert "1 entries were read" in reasons[3][1]
    assert reasons[4] == ("bare.rss#1", "the feed entry has no text (no content or summary); "
                          "pass --fetch to download the linked article")
    assert [d.id for d in docs(items)] == ["ledger-1"]


# ---- feeds over HTTP (a local server on 127.0.0.1) -------------------------------------------


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def site(tmp_path, monkeypatch):
    """A directory served on 127.0.0.1 for at most 20 s: yields (directory, base URL)."""
    for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    root = tmp_path / "site"
    root.mkdir()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(root)))
    server.timeout = 0.1
    stop = threading.Event()
    deadline = time.monotonic() + 20

    def serve() -> None:
        while not stop.is_set() and time.monotonic() < deadline:
            server.handle_request()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield root, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        stop.set()
        thread.join(5)
        server.server_close()


def test_feed_url_is_downloaded_and_read(site):
    root, base = site
    write(root / "region.rss", RSS)
    write(root / "home.html", HOME_PAGE)
    items = read(f"{base}/region.rss", f"{base}/missing.rss", f"{base}/home.html")
    # feedparser reads an RSS guid as a permalink, relative to the feed's address
    assert [d.id for d in docs(items)] == [f"{base}/ledger-1", "https://ledger.example/2"]
    assert docs(items)[0].source == "Baltic Ledger: Region"
    assert [p.input for p in problems(items)] == [f"{base}/missing.rss", f"{base}/home.html"]
    assert problems(items)[0].reason == (
        "cannot download the feed: the server answered HTTP 404 File not found; check the URL and your connection"
    )
    assert problems(items)[1].reason.startswith("an HTML page, not an RSS or Atom feed")
    (too_big,) = read(f"{base}/region.rss", max_bytes=500)
    assert too_big.reason.startswith("cannot download the feed: it is over the 500 bytes limit")


def test_fetch_replaces_a_teaser_by_the_linked_article(site):
    root, base = site
    write(root / "articles" / "troops.html", article_page("Lithuania sends troops"))
    write(root / "articles" / "index.html", HOME_PAGE)
    teasers = f"""<rss version="2.0"><channel><title>Ledger teasers</title>
<item><title>Troops</title><link>{base}/articles/troops.html</link><description>Teaser.</description>
<pubDate>Mon, 02 Jun 2025 08:00:00 GMT</pubDate></item>
<item><title>Gone</title><link>{base}/articles/gone.html</link><description>Gone teaser.</description></item>
<item><title>Index</title><link>{base}/articles/</link></item>
</channel></rss>"""
    write(root / "teasers.rss", teasers)
    plain = read(f"{base}/teasers.rss")
    assert [d.text for d in docs(plain)] == ["Teaser.", "Gone teaser."]
    items = read(f"{base}/teasers.rss", fetch=True)
    one_line(items)
    troops, gone = docs(items)
    assert troops.text.startswith(PARAGRAPHS[0][:40]) and PARAGRAPHS[2] in troops.text
    assert (troops.id, troops.title, troops.date, troops.source) == (
        f"{base}/articles/troops.html", "Troops", "2025-06-02", "Ledger teasers")
    assert gone.text == "Gone teaser."
    assert [(p.input, p.reason) for p in problems(items)] == [
        (f"{base}/teasers.rss#2", f"cannot download the linked article {base}/articles/gone.html: the server "
         "answered HTTP 404 File not found; kept the entry's 12-character summary"),
        (f"{base}/teasers.rss#3", f"no article text found on the linked page {base}/articles/; the entry is skipped"),
    ]


def test_unreachable_feed_url_is_a_problem(site):
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    (problem,) = read(f"http://127.0.0.1:{port}/feed.rss")
    assert problem.reason.startswith("cannot download the feed: cannot connect (")
    assert problem.reason.endswith("; check the URL and your connection")


def test_download_that_never_answers_times_out():
    with socket.socket() as listener:  # accepts the connection (backlog), never answers
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        start = time.monotonic()
        with pytest.raises(FetchError, match=r"no (complete )?answer within 0.3 s"):
            fetch(f"http://127.0.0.1:{listener.getsockname()[1]}/feed.rss", 1000, timeout=0.3)
        assert time.monotonic() - start < 3


# ---- WARC files ------------------------------------------------------------------------------


def response(writer: WARCWriter, uri: str, status: str, content_type: str, body: bytes) -> None:
    headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
    record = writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=headers)
    writer.write_record(record)


def request(writer: WARCWriter, uri: str) -> None:
    headers = StatusAndHeaders("GET / HTTP/1.1", [("Host", "ledger.example")], is_http_request=True)
    writer.write_record(writer.create_warc_record(uri, "request", payload=io.BytesIO(b""), http_headers=headers))


def build_warc(path: Path, *, gz: bool = True, articles: int = 1) -> list[int]:
    """A WARC file like Common Crawl News: request, article, 404, image, home page; offsets after each article."""
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gz)
    ends = []
    for i in range(articles):
        request(writer, f"https://ledger.example/{i}")
        html = article_page(f"Headline {i}").encode()
        response(writer, f"https://ledger.example/{i}", "200 OK", "text/html; charset=utf-8", html)
        ends.append(buf.tell())
    response(writer, "https://ledger.example/missing", "404 Not Found", "text/html", b"<html><p>Not found</p></html>")
    response(writer, "https://ledger.example/map.png", "200 OK", "image/png", b"\x89PNG\r\n\x1a\n" + bytes(300))
    response(writer, "https://ledger.example/", "200 OK", "text/html", HOME_PAGE.encode())
    write(path, buf.getvalue())
    return ends


def test_warc_gives_one_document_per_article_response(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    build_warc(path)
    (doc,) = read(path)
    assert isinstance(doc, Document)
    assert doc.id.startswith("urn:uuid:")
    assert (doc.url, doc.title, doc.date, doc.source) == (
        "https://ledger.example/0", "Headline 0", "2025-06-02", "Baltic Ledger")
    assert doc.text.startswith(PARAGRAPHS[0][:40]) and "Front page" not in doc.text
    plain = tmp_path / "crawl.warc"
    build_warc(plain, gz=False, articles=2)
    assert [d.url for d in read(plain)] == ["https://ledger.example/0", "https://ledger.example/1"]


def test_warc_without_articles_is_one_problem(tmp_path):
    path = tmp_path / "none.warc.gz"
    build_warc(path, articles=0)
    assert read(path) == [
        Problem(input=str(path), reason="no article in the WARC file: 3 records, none an HTML page with article text")
    ]
    fake = write(tmp_path / "fake.warc", "hello, not a crawl\n")
    fake_gz = write(tmp_path / "fake.warc.gz", gzip.compress(b"hello, not a crawl\n"))
    assert [p.reason.split(";")[0] for p in read(fake, fake_gz)] == [
        "not a WARC file (it does not start with a WARC/1.x record)"] * 2


@pytest.mark.parametrize("gz", [True, False])
def test_truncated_warc_keeps_the_records_before_the_cut(tmp_path, gz):
    name = "cut.warc.gz" if gz else "cut.warc"
    full = tmp_path / name
    ends = build_warc(full, gz=gz, articles=3)
    data = full.read_bytes()
    cut = write(tmp_path / "cut" / name, data[: ends[1] + (ends[2] - ends[1]) // 2])  # inside the third article
    items = read(cut)
    assert [d.url for d in docs(items)] == ["https://ledger.example/0", "https://ledger.example/1"]
    (problem,) = problems(items)
    assert problem.input == str(cut)
    assert problem.reason.startswith("the WARC file is truncated or corrupt after record 5 (")
    assert problem.reason.endswith("the 2 articles before it were read; download the file again")


def test_warc_gzipped_as_one_stream_is_a_problem(tmp_path):
    plain = tmp_path / "one.warc"
    build_warc(plain, gz=False, articles=2)
    path = write(tmp_path / "one.warc.gz", gzip.compress(plain.read_bytes()))
    items = read(path)
    assert problems(items)[-1].reason.startswith("the WARC file is gzipped as one stream, not record by record")
    assert "warcio recompress" in problems(items)[-1].reason


# ---- a directory of everything ---------------------------------------------------------------


def test_directory_mixing_every_source(tmp_path):
    root = tmp_path / "corpus"
    write(root / "a_table.csv", "id,text\nc1,Lithuania will deploy 800 soldiers.\nc2,\n")
    write(root / "b_table.tsv", "id\tbody\nt1\tMinsk rejected the accusation.\n")
    write(root / "c_region.rss", RSS)
    write(root / "d_wire.atom", ATOM)
    build_warc(root / "e_crawl.warc.gz")
    write(root / "f_sitemap.xml", "<urlset/>")
    write(root / "g_meta.csv", "id,headline\n1,Troops\n")
    write(root / "h_note.txt", "Talks resumed in Warsaw.")
    write(root / "i_picture.png", b"\x89PNG\r\n\x1a\n")
    start = time.monotonic()
    items = read(root)
    assert time.monotonic() - start < 5
    assert [d.id for d in docs(items)][:5] == ["c1", "t1", "ledger-1", "https://ledger.example/2", "urn:wire:7"]
    assert docs(items)[5].url == "https://ledger.example/0" and docs(items)[6].id == "h_note.txt"
    assert len(docs(items)) == 7
    assert [(Path(p.input).name, p.reason.split(";")[0]) for p in problems(items)] == [
        ("a_table.csv:3", "'text' is empty"),
        ("f_sitemap.xml", "not an RSS or Atom feed (its root element is <urlset>)"),
        ("g_meta.csv", "no text column (text, body, content or article)"),
        ("i_picture.png", "skipped: file looks binary (e.g. PDF/ZIP/image), not text"),
    ]
