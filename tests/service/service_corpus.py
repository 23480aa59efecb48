"""The service tests' own small corpus and token (a module of its own: test files import it by
name, which a conftest cannot be when several test folders have one).

Three outlets report one strike with different death tolls (the claims view), two report North
Korean troops with different numbers, one a protest, one a pledge of aid. Written for these
tests; no real reporting.
"""

from __future__ import annotations

from eventwire.model import Document

TOKEN = "test-token-5f1c"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
LOCAL = "http://127.0.0.1:8000"  # the TestClients' base URL: a name the service answers to (Host check)

REPORTS = [
    Document(id="wire-1", source="Wire One", date="2025-06-02", url="https://one.example/strike", title="Strike",
             text="Russian forces struck a power station in Kharkiv on Sunday, killing at least 12 civilians, "
                  "Ukraine's interior ministry said."),
    Document(id="wire-2", source="Wire Two", date="2025-06-02", url="https://two.example/kharkiv",
             title="Missile strike on Kharkiv",
             text="A Russian missile strike on a power station in Kharkiv killed 15 people on Sunday, "
                  "according to the regional governor."),
    Document(id="wire-3", source="Wire Three", date="2025-06-03",
             text="Russian forces struck an energy facility in Kharkiv on Sunday, killing 14 people, "
                  "the Ukrainian military said."),
    Document(id="wire-4", source="Wire One", date="2025-06-02",
             text="North Korea sent 11,000 troops to Russia, according to South Korea's intelligence agency."),
    Document(id="wire-5", source="Wire Three", date="2025-06-03",
             text="Pyongyang has deployed 12,000 troops to Russia, Ukrainian military intelligence said."),
    Document(id="wire-6", source="Wire Two", date="2025-07-21",
             text="Thousands of farmers protested in Paris on Monday against the government's new fuel tax."),
    Document(id="wire-7", source="Wire One", date="2025-08-05",
             text="Japan pledged $50 million in humanitarian aid to the Philippines on Tuesday, "
                  "the foreign ministry said."),
]
