"""Small multi-source corpora written for the store tests (our own text, no real reporting).

``strike_reports()``: three outlets report one strike with different death tolls, a fourth
reports an unrelated event, a fifth the same kind of strike three weeks later, a sixth a strike
the other way round (a different dyad). ``paired_corpus(n)``: ``n`` documents, two outlets per
event, events ten days apart with different dyads, padded with sentences that code nothing.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

STRIKE = [
    {"id": "wire-1", "source": "Wire One", "date": "2025-06-02", "url": "https://one.example/strike",
     "text": "Russian forces struck a power station in Kharkiv on Sunday, killing at least 12 civilians, "
             "Ukraine's interior ministry said."},
    {"id": "wire-2", "source": "Wire Two", "date": "2025-06-02", "url": "https://two.example/kharkiv",
     "text": "A Russian missile strike on a power station in Kharkiv killed 15 people on Sunday, "
             "according to the regional governor."},
    {"id": "wire-3", "source": "Wire Three", "date": "2025-06-03",
     "text": "Russian forces struck an energy facility in Kharkiv on Sunday, killing 14 people, "
             "the Ukrainian military said."},
    {"id": "wire-4", "source": "Wire One", "date": "2025-06-02",
     "text": "North Korea sent 11,000 troops to Russia, according to South Korea's intelligence agency."},
    {"id": "wire-5", "source": "Wire Two", "date": "2025-06-25", "url": "https://two.example/kharkiv-again",
     "text": "Russian forces struck a power station in Kharkiv on Tuesday, killing 5 civilians, "
             "Ukraine's interior ministry said."},
    {"id": "wire-6", "source": "Wire Three", "date": "2025-06-02",
     "text": "Ukrainian forces struck an oil depot in Belgorod on Sunday, killing two workers, "
             "Russian officials said."},
    {"id": "wire-7", "source": "Wire Three", "date": "2025-06-03",
     "text": "Pyongyang has deployed 12,000 troops to Russia, Ukrainian military intelligence said."},
]

DYADS = [("Russian", "Ukraine", "Kharkiv"), ("Israeli", "Lebanon", "Tyre"), ("Turkish", "Syria", "Aleppo"),
         ("Ukrainian", "Russia", "Belgorod"), ("Saudi", "Yemen", "Sanaa")]
FILLER = ("Markets in the region were calm. Schools reopened after the holiday. The weather stayed mild "
          "for the season. Local newspapers covered the football results. Traffic was heavy on the main road.")


def paired_corpus(n: int = 40) -> list[dict]:
    """``n`` documents (n even): two outlets report each of n/2 events."""
    out = []
    start = date(2025, 1, 6)  # a Monday
    for k in range(n // 2):
        adjective, country, city = DYADS[k % len(DYADS)]
        day = start + timedelta(days=10 * k)
        toll_a, toll_b = 3 + k, 4 + k
        out.append({"id": f"p{k:02d}a", "source": "Outlet A", "date": day.isoformat(),
                    "text": f"{adjective} forces shelled {city} on Monday, killing {toll_a} civilians, "
                            f"officials in {country} said. {FILLER}"})
        out.append({"id": f"p{k:02d}b", "source": "Outlet B", "date": (day + timedelta(days=1)).isoformat(),
                    "text": f"{adjective} troops attacked {city} on Monday, killing {toll_b} people, "
                            f"according to local authorities. {FILLER}"})
    return out


def write_jsonl(records: list[dict], path: Path) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path
