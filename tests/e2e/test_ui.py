"""The analyst UI in a real browser: every view against the live service on the e2e database.

Each test runs on a fresh page (see ``ui`` in conftest.py), which fails it on any console error,
uncaught exception, dialog or request that leaves the service.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

# the README's example article
UKRAINE = ("Russian forces struck an energy plant near Kharkiv on Friday, killing at least three workers, "
           "Ukraine's interior ministry said.\n"
           "Kyiv accused Moscow of targeting civilian infrastructure, and President Volodymyr Zelensky urged NATO "
           "to send more air defence systems.\n"
           "Germany pledged to deliver two more Patriot batteries before winter, according to its defence ministry.")


def mark_texts(container: Any, kind: str) -> list[str]:
    """The text of every <mark> of one annotation kind inside container."""
    return container.locator(f"mark.hl-{kind}").all_inner_texts()


def first_event_with(ui: Any, path: str, wanted: Callable[[dict[str, Any]], Any]) -> dict[str, Any]:
    events = ui.api(path)["events"]
    found = [e for e in events if wanted(e)]
    assert found, f"no event of {path} as wanted: {events}"
    return found[0]


# ---- events table ------------------------------------------------------------------------------


def test_events_table_filters_search_and_pages(ui: Any) -> None:
    page = ui.page
    total = ui.api("events?limit=1")["total"]
    assert total > 50
    ui.goto("#/events")
    rows = page.locator("table.events-table tbody tr")
    expect(rows).to_have_count(50)
    expect(page.get_by_test_id("range")).to_have_text(f"1–50 of {total:,}")
    expect(page.locator("h1 + .subtitle")).to_have_text(f"{total:,} events in the database")

    page.get_by_role("button", name="Next ›").click()
    expect(page.get_by_test_id("range")).to_have_text(f"51–{min(100, total)} of {total:,}")
    expect(page).to_have_url(re.compile(r"offset=50"))

    # by actor: exactly the events of PRK, each with PRK on one side
    prk = ui.api("events?actor=PRK&limit=500")
    assert 0 < prk["total"] < total
    page.get_by_label("Actor", exact=True).fill("PRK")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page).to_have_url(re.compile(r"actor=PRK"))
    expect(rows).to_have_count(prk["total"])
    expect(page.get_by_test_id("range")).to_have_text(f"1–{prk['total']} of {prk['total']}")
    for i in range(prk["total"]):
        cells = rows.nth(i).locator("td")
        assert "PRK" in cells.nth(3).inner_text() + cells.nth(4).inner_text()
    expect(page.locator(".chips li")).to_have_count(1)

    # the downloads carry the same filter
    csv_href = page.get_by_role("link", name="CSV").get_attribute("href")
    assert csv_href is not None and "actor=PRK" in csv_href and "format=csv" in csv_href
    download = page.request.get(ui.base + csv_href.lstrip("/"))
    assert download.ok and download.headers["content-type"].startswith("text/csv")
    assert len(download.text().strip().splitlines()) == prk["total"] + 1  # header + one row per event

    # full-text search replaces the filters after "Clear all"
    page.get_by_role("button", name="Clear all").click()
    expect(rows).to_have_count(50)
    kharkiv = ui.api("events?q=Kharkiv&limit=500")["total"]
    assert 0 < kharkiv < total
    page.get_by_label("Search the events").fill("Kharkiv")
    page.get_by_label("Search the events").press("Enter")
    expect(page).to_have_url(re.compile(r"q=Kharkiv"))
    expect(rows).to_have_count(kharkiv)

    # a select applies at once
    page.get_by_role("button", name="Clear all").click()
    quad4 = ui.api("events?quad=4&limit=500")["total"]
    page.get_by_label("Quad class").select_option("4")
    expect(page.get_by_test_id("range")).to_have_text(re.compile(f"of {quad4}$"))
    expect(page.locator(".events-table .badge.tone-coop")).to_have_count(0)  # material conflict: Goldstein ≤ 0

    # a row opens its event
    first_id = rows.first.get_attribute("data-id")
    rows.first.locator("td").first.click()
    expect(page).to_have_url(re.compile(f"#/event/{first_id}$"))
    expect(page.locator(".summary")).to_be_visible()

    ui.goto("#/events?limit=20")
    expect(rows).to_have_count(20)
    ui.screenshot("events.png")


def test_events_table_shows_actor_words_with_codes_and_the_evidence(ui: Any) -> None:
    page = ui.page
    listed = ui.api("events?limit=500")["events"]
    troops = next(e for e in listed if e["source_code"] and e["source_text"] and e["target_text"]
                  and len(e["evidence"]) <= 120)  # shown whole (a longer one is cut, below)
    long = next(e for e in listed if len(e["evidence"]) > 140)
    ui.goto("#/events?limit=500")
    headers = page.locator("table.events-table thead th").all_text_contents()
    assert headers[3:6] == ["Source", "Target", "Evidence"]
    row = page.locator(f'table.events-table tbody tr[data-id="{troops["id"]}"]')
    cells = row.locator("td")
    expect(cells.nth(3).locator(".actor-text")).to_have_text(troops["source_text"])
    expect(cells.nth(3).locator(".actor")).to_have_text(troops["source_code"])
    expect(cells.nth(4).locator(".actor-text")).to_have_text(troops["target_text"])
    expect(cells.nth(5)).to_have_text(troops["evidence"])
    # a long sentence is cut at a word, and whole in its title
    cut = page.locator(f'table.events-table tbody tr[data-id="{long["id"]}"] td .evidence-short')
    expect(cut).to_have_attribute("title", long["evidence"])
    shown = cut.inner_text()
    assert shown.endswith("…") and len(shown) <= 121 and long["evidence"].startswith(shown[:-1])


def test_cameo_roots_are_listed_in_numeric_order(ui: Any) -> None:
    ui.goto("#/events")
    values = ui.page.locator("#f-root option").evaluate_all("options => options.map(o => o.value)")
    assert values == ["", *(f"{n:02d}" for n in range(1, 21))]


@pytest.mark.parametrize("route", ["#/events", "#/event-first", "#/timeline"])
def test_the_nav_bar_wraps_on_a_narrow_screen(ui: Any, route: str) -> None:
    page = ui.page
    page.set_viewport_size({"width": 420, "height": 800})
    if route == "#/event-first":
        route = f"#/event/{ui.api('events?limit=1')['events'][0]['id']}"
    ui.goto(route)
    bar = page.locator("header.topbar")
    assert bar.evaluate("el => el.scrollWidth <= el.clientWidth"), "the top bar scrolls sideways"
    links = page.locator("nav.mainnav a:visible")
    expect(links).to_have_count(4)
    for i in range(4):
        box = links.nth(i).bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 420, links.nth(i).inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 420


FILTER_FIELDS = [  # (label of the field, value, query parameter)
    ("Dyad (source,target)", "RUS,UKR", "dyad"),
    ("CAMEO code", "19", "code"),
    ("CAMEO root", "19", "root"),
    ("PLOVER type", "ASSAULT", "plover"),
    ("Since", "2025-06-01", "since"),
    ("Until", "2025-04-01", "until"),
    ("Place", "Kharkiv", "place"),
    ("Outlet", "Wire", "outlet"),
    ("Attribution", "ministry", "attribution"),
    ("Modality", "intended", "modality"),
    ("Order", "newest", "sort"),
]


def test_every_filter_field_filters_like_the_api(ui: Any) -> None:
    page = ui.page
    rows = page.locator("table.events-table tbody tr")
    for label, value, param in FILTER_FIELDS:
        expected = ui.api(f"events?{param}={value}&limit=1")["total"]
        assert expected > 0, f"{param}={value} finds nothing in the e2e database"
        ui.goto("#/events")
        expect(rows.first).to_be_visible()
        field = page.get_by_label(label, exact=True)
        if field.evaluate("el => el.tagName") == "SELECT":
            field.select_option(value)  # applies at once
        else:
            field.fill(value)
            field.press("Enter")
        expect(page).to_have_url(re.compile(f"[?&]{param}={re.escape(value).replace(',', '(,|%2C)')}(&|$)"))
        expect(page.get_by_test_id("range")).to_have_text(re.compile(f"of {expected:,}$"))
        expect(page.locator(".chips li")).to_have_count(1)


# ---- one event, one article ----------------------------------------------------------------------


def test_event_view_claims_and_highlighted_evidence(ui: Any) -> None:
    page = ui.page
    summary = first_event_with(ui, "events?q=Kharkiv&limit=100", lambda e: e["n_sources"] >= 3 and e["claims"])
    detail = ui.api(f"events/{summary['id']}")
    ui.goto(f"#/event/{summary['id']}")
    expect(page.locator("h1")).to_contain_text(summary["cameo_name"])
    expect(page.locator(".summary")).to_contain_text(f"{summary['n_mentions']} mentions")
    dyad = re.escape(summary["source_code"]) + r"\b.*→.*\b" + re.escape(summary["target_code"]) + r"\b"
    expect(page.locator(".summary")).to_contain_text(re.compile(dyad))

    # the claims view: one table per unit, one row per claim, with claimant and outlet
    killed = next(r for r in detail["claims"] if r["unit"] == "killed")
    unit = page.locator(".claim-unit", has=page.locator(".unit", has_text="killed"))
    expect(unit.locator("tbody tr")).to_have_count(len(killed["claims"]))
    expect(unit.locator(".range-text")).to_have_text(killed["text"])
    for outlet in ("Wire One", "Wire Two", "Wire Three"):
        expect(unit.locator("tbody")).to_contain_text(outlet)
    expect(unit.locator("tbody")).to_contain_text("12")
    expect(unit.locator("tbody")).to_contain_text("15")

    # every mention's sentence with the event's parts marked
    mentions = page.locator("article.mention")
    expect(mentions).to_have_count(len(detail["mentions"]))
    first = mentions.first.locator(".evidence")
    expect(first).to_have_text(detail["mentions"][0]["context"]["text"])  # the words, untouched
    assert "Russian forces" in mark_texts(first, "source")
    assert mark_texts(first, "trigger") == [detail["mentions"][0]["trigger"]]
    assert "Kharkiv" in mark_texts(first, "place")
    assert any(re.search(r"\b1[2-5]\b", q) for q in mark_texts(first, "quantity"))
    expect(page.locator(".mentions .legend li")).to_contain_text(["Source actor"])
    # which coder coded each mention (eventwire recode)
    coded_by = mentions.first.locator(".mention-facts")
    expect(coded_by).to_contain_text(detail["mentions"][0]["coder_version"])
    expect(coded_by).to_contain_text(detail["mentions"][0]["coder_fingerprint"][:12])
    ui.screenshot("event.png")

    # on to the article: the whole text, marked; choosing the event brings out its spans
    page.locator("article.mention").first.get_by_role("link", name="Open article").click()
    expect(page).to_have_url(re.compile(r"#/article/\d+$"))
    text = page.locator(".article-text")
    expect(text).to_contain_text("Repair crews worked through the night.")
    button = page.locator(f'.eventitem[data-event="{summary["id"]}"]')
    button.click()
    expect(button).to_have_attribute("aria-pressed", "true")
    on = text.locator("mark.hl.on")
    expect(on.first).to_be_visible()
    for i in range(on.count()):
        assert summary["id"] in (on.nth(i).get_attribute("data-events") or "").split()
    expect(text.locator("mark.hl-source.on").first).to_have_text("Russian forces")
    button.click()
    expect(text.locator("mark.hl.on")).to_have_count(0)


def test_event_view_marks_the_words_its_offsets_name(ui: Any) -> None:
    # the offsets of a mention's annotations are into its context (the evidence and, around it, the
    # attribution): drawn over the evidence alone they marked "de|tained" as the attribution
    page = ui.page
    summary = first_event_with(ui, "events?q=Kharkiv&limit=100", lambda e: e["n_sources"] >= 3 and e["claims"])
    detail = ui.api(f"events/{summary['id']}")
    ui.goto(f"#/event/{summary['id']}")
    cards = page.locator("article.mention .evidence")
    expect(cards).to_have_count(len(detail["mentions"]))
    attributed = 0
    for i, mention in enumerate(detail["mentions"]):
        context = mention["context"]["text"]
        expect(cards.nth(i)).to_have_text(context)
        for kind in ("attribution", "source", "trigger"):
            named = {context[a["start"]:a["end"]] for a in mention["annotations"] if a["kind"] == kind}
            assert set(mark_texts(cards.nth(i), kind)) == named, (kind, mention["id"])
        if mention["attribution"]:
            assert mention["attribution"] in mark_texts(cards.nth(i), "attribution")
            attributed += 1
    assert attributed >= 2  # "Ukraine's interior ministry", "the regional governor", …


def test_article_view_all_annotations(ui: Any) -> None:
    page = ui.page
    event = ui.api("events?actor=KEN&limit=1")["events"][0]
    article_id = ui.api(f"events/{event['id']}")["mentions"][0]["article_id"]
    article = ui.api(f"articles/{article_id}")
    ui.goto(f"#/article/{article_id}")
    expect(page.locator("h1")).to_have_text(article["title"])
    text = page.locator(".article-text")
    expect(text).to_have_text(article["text"])  # the whole text, every character once
    kinds = {a["kind"] for a in article["annotations"]}
    for kind in kinds:
        expect(text.locator(f"mark.hl-{kind}").first).to_be_attached()
    expect(page.locator(".textcard .legend li")).to_have_count(len(kinds))
    expect(page.locator(".eventitem")).to_have_count(len(article["mentions"]))
    mention = next(m for m in article["mentions"] if m["source_code"])
    page.locator(f'.eventitem[data-event="{mention["event_id"]}"]').first.click()
    expect(text.locator("mark.hl-event.on").first).to_contain_text(mention["evidence"]["text"][:20])
    ui.screenshot("article.png")


def test_unknown_event_is_a_readable_404(ui: Any) -> None:
    ui.allow_console(r"status of 404")
    ui.goto("#/event/0000000000000000")
    expect(ui.page.get_by_role("alert")).to_contain_text("No such event.")
    expect(ui.page.get_by_role("alert")).to_contain_text("Not found")


# ---- charts ----------------------------------------------------------------------------------------


def test_timeline_draws_bars_and_goldstein(ui: Any) -> None:
    page = ui.page
    ui.goto("#/timeline")
    bars = page.locator("svg.timeline-chart rect.bar")
    expect(bars.first).to_be_visible()
    weekly = ui.api("timeseries?interval=week&by=root")
    assert bars.count() == sum(1 for s in weekly["series"] for p in s["points"] if p["count"])
    expect(page.locator("svg.timeline-chart circle.gpoint").first).to_be_attached()
    ui.screenshot("timeline.png")

    page.get_by_label("Interval").select_option("month")
    expect(page).to_have_url(re.compile(r"interval=month"))
    page.get_by_label("Group by").select_option("quad")
    expect(page).to_have_url(re.compile(r"by=quad"))
    data = ui.api("timeseries?interval=month&by=quad")
    expect(page.locator(".chart-legend li")).to_have_count(len(data["series"]))
    points = [p for s in data["series"] for p in s["points"] if p["count"]]
    expect(bars).to_have_count(len(points))
    drawn = sum(int(bars.nth(i).get_attribute("data-count") or 0) for i in range(bars.count()))
    assert drawn == sum(p["count"] for p in points)
    titles = page.locator("svg.timeline-chart circle.gpoint title").all_text_contents()
    assert titles and all("mean Goldstein" in t for t in titles)

    # a legend entry hides its series
    before = bars.count()
    page.locator(".chart-legend li").first.click()
    expect(page.locator(".chart-legend li").first).to_have_attribute("aria-pressed", "false")
    assert bars.count() < before


def test_network_draws_actors_and_dyads_and_a_node_filters_the_events(ui: Any) -> None:
    page = ui.page
    data = ui.api("network?level=country&min_weight=1&limit=100")
    ui.goto("#/network")
    nodes = page.locator("svg.network-chart g.node")
    expect(nodes).to_have_count(len(data["nodes"]))
    edges = [e for e in data["edges"] if e["source"] != e["target"]]
    expect(page.locator("svg.network-chart path.edge")).to_have_count(len(edges))
    widths = {float(page.locator("path.edge").nth(i).get_attribute("stroke-width") or 0) for i in range(len(edges))}
    assert len(widths) > 1  # heavier dyads are drawn wider
    # every node inside the drawing
    box = page.locator("svg.network-chart").bounding_box()
    for i in range(nodes.count()):
        circle = nodes.nth(i).locator("circle").bounding_box()
        assert box["x"] <= circle["x"] and circle["x"] + circle["width"] <= box["x"] + box["width"] + 1
    ui.screenshot("network.png")

    codes = ui.api("network?level=code&min_weight=1&limit=100")
    page.get_by_label("Actors", exact=True).select_option("code")
    expect(page).to_have_url(re.compile(r"level=code"))
    expect(nodes).to_have_count(len(codes["nodes"]))
    expect(page.locator('g.node[data-id="RUSMIL"]')).to_have_count(1)
    page.get_by_label("Actors", exact=True).select_option("country")
    expect(nodes).to_have_count(len(data["nodes"]))

    actor = "RUS" if any(n["id"] == "RUS" for n in data["nodes"]) else data["nodes"][0]["id"]
    expected = ui.api(f"events?actor={actor}&limit=50")
    page.locator(f'g.node[data-id="{actor}"]').click()
    expect(page).to_have_url(re.compile(f"#/events\\?actor={actor}$"))
    expect(page.locator("table.events-table tbody tr")).to_have_count(len(expected["events"]))
    expect(page.get_by_label("Actor", exact=True)).to_have_value(actor)


# ---- coding an article -------------------------------------------------------------------------------


def test_token_is_taken_from_the_url(ui: Any) -> None:
    # the fixture opened /#token=…: the token moved to sessionStorage and left the address bar
    assert "token" not in ui.page.url
    assert ui.page.evaluate("sessionStorage.getItem('eventwire.token')") == ui.service.token
    ui.goto("#/code")
    expect(ui.page.get_by_label("Access token")).to_have_value(ui.service.token)


def test_code_an_article_shows_events_and_highlights(ui: Any) -> None:
    page = ui.page
    before = ui.api("health")["counts"]
    ui.goto("#/code")
    page.get_by_label("Article text").fill(UKRAINE)
    page.get_by_label("Published").fill("2025-10-12")
    page.get_by_label("Title").fill("Strike near Kharkiv")
    page.get_by_role("button", name="Code", exact=True).click()
    result = page.locator(".code-result")
    expect(result.get_by_test_id("status")).to_have_text("Coded (not stored)", timeout=30_000)
    items = result.locator(".eventitem")
    expect(items.first).to_be_visible()
    assert items.count() >= 3
    text = result.locator(".article-text")
    expect(text).to_have_text(UKRAINE)
    assert "Russian forces" in mark_texts(text, "source")
    assert "Ukraine's interior ministry" in " ".join(mark_texts(text, "attribution"))
    assert any("three" in q for q in mark_texts(text, "quantity"))
    expect(items.first).to_contain_text("190")
    ui.screenshot("code.png")
    items.first.click()
    expect(items.first).to_have_attribute("aria-pressed", "true")
    expect(text.locator("mark.hl-event.on")).to_have_text([re.compile(r"^Russian forces struck an energy plant")])
    expect(text.locator("mark.hl-trigger.on")).to_have_text([re.compile(r"^(struck|killing)$")])
    assert ui.api("health")["counts"] == before  # "store it" was not ticked


def test_code_errors_are_readable(ui: Any) -> None:
    page = ui.page
    ui.allow_console(r"status of 40[13]")
    ui.goto("#/code")
    page.get_by_role("button", name="Code", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("Paste the text of an article first.")

    page.get_by_label("Article text").fill("Germany pledged two more Patriot batteries to Ukraine.")
    page.get_by_label("Access token").fill("not-the-token")
    page.get_by_role("button", name="Code", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("The service refused the token.")
    expect(page.get_by_role("alert")).to_contain_text("Forbidden")

    page.get_by_label("Access token").fill("")
    page.get_by_role("button", name="Code", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("Not authorised")
    expect(page.get_by_role("alert")).to_contain_text("Authorization: Bearer")


@pytest.mark.parametrize(("status", "body", "shown"), [
    (413, {"detail": "request body over 5,000,000 bytes"},
     "Too large — the article is bigger than the service accepts: request body over 5,000,000 bytes"),
    (422, {"detail": [{"type": "string_too_short", "loc": ["body", "text"], "msg": "String should have at least 1 "
                       "character", "input": ""}]}, "The request was not valid: text: String should have at least 1"),
])
def test_refusals_of_the_service_are_readable(ui: Any, status: int, body: dict[str, Any], shown: str) -> None:
    page = ui.page
    ui.allow_console(f"status of {status}")
    page.route(re.compile(r"/articles\?"), lambda route: route.fulfill(status=status, json=body))
    ui.goto("#/code")
    page.get_by_label("Article text").fill("Germany pledged two more Patriot batteries to Ukraine.")
    page.get_by_role("button", name="Code", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text(shown)
    expect(page.get_by_role("button", name="Code", exact=True)).to_be_enabled()


def test_untrusted_text_is_shown_as_text(ui: Any) -> None:
    page = ui.page
    hostile = ('Russian forces struck a power station in Kharkiv on Sunday. <script>alert("xss")</script> '
               '<img src=x-e2e onerror=alert(1)> <b onmouseover=alert(2)>bold</b> "&amp;" &lt;')
    title = "<img src=y-e2e onerror=alert(3)>Hostile title"
    ui.goto("#/code")
    page.get_by_label("Article text").fill(hostile)
    page.get_by_label("Title").fill(title)
    page.get_by_label("Store it in the database").check()
    page.get_by_role("button", name="Code", exact=True).click()
    result = page.locator(".code-result")
    expect(result.get_by_test_id("status")).to_have_text(re.compile("Stored|Already"), timeout=30_000)
    expect(result.locator(".article-text")).to_have_text(hostile)
    assert page.locator("main img, main script, main b").count() == 0

    result.get_by_role("link", name="Open the stored article").click()
    expect(page).to_have_url(re.compile(r"#/article/\d+$"))
    expect(page.locator("h1")).to_have_text(title)
    expect(page.locator(".article-text")).to_have_text(hostile)
    assert page.locator("main img, main script, main b").count() == 0
    page.locator(".article-text").hover()
    assert not [u for u in ui.requests if "-e2e" in u]  # no <img> ever loaded


def test_read_only_service_hides_the_paste_view(ui: Any) -> None:
    page = ui.page
    health = ui.api("health")

    def read_only(route: Any) -> None:
        route.fulfill(json={**health, "read_only": True})

    page.route(re.compile(r"/health$"), read_only)
    ui.goto("#/code")
    page.reload()  # the app asks /health once per load
    expect(page.get_by_role("status").filter(has_text="Coding is switched off")).to_be_visible()
    expect(page.locator("textarea")).to_have_count(0)
    expect(page.locator("#nav-code")).to_be_hidden()
    expect(page.locator(".badge-ro")).to_have_text("read-only")
