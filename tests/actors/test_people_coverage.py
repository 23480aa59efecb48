"""Heads of state and government of states that had no named person: real sentences resolve their
names to the right country, and to the sector of the office they held in the article's year."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from eventwire.actors.dictionary import FORMAT, ActorEntry
from eventwire.actors.resolver import DocActors
from eventwire.datafiles import builtin_file, load_entries


@pytest.fixture(scope="module")
def resolve(coder):
    def run(text: str, word: str, year: int):
        doc = coder.nlp(text)
        actors = DocActors(doc, coder.matcher, year)
        token = [t for t in doc if t.text == word][-1]
        return [(a.code, a.name) for a in actors.actors(token)]

    return run


@pytest.mark.parametrize(
    ("text", "word", "year", "code", "name"),
    [
        # juntas of the Sahel and Central Africa, and the leaders they ousted
        ("President Mohamed Bazoum was detained by members of his own guard in Niamey.", "Bazoum", 2023,
         "NERGOV", "Mohamed Bazoum"),
        ("General Abdourahamane Tchiani told the nation that the soldiers had acted to save the country.",
         "Tchiani", 2023, "NERGOV", "Abdourahamane Tchiani"),
        ("Colonel Assimi Goïta received the Russian deputy defence minister in Bamako.", "Goïta", 2022,
         "MLIGOV", "Assimi Goïta"),
        ("Captain Ibrahim Traoré accused France of backing the jihadists.", "Traoré", 2023,
         "BFAGOV", "Ibrahim Traoré"),
        ("President Ali Bongo Ondimba called on his friends abroad to make noise.", "Ondimba", 2023,
         "GABGOV", "Ali Bongo Ondimba"),
        ("General Brice Oligui Nguema was sworn in as transitional president in Libreville.", "Nguema", 2023,
         "GABGOV", "Brice Clotaire Oligui Nguema"),
        ("Colonel Mamady Doumbouya dissolved the government and suspended the constitution.", "Doumbouya", 2021,
         "GINGOV", "Mamady Doumbouya"),
        # Europe, the Americas, Asia and Oceania
        ("Slovak Prime Minister Robert Fico criticised the new sanctions package.", "Fico", 2024,
         "SVKGOV", "Robert Fico"),
        ("President Gabriel Boric visited the northern border with Bolivia.", "Boric", 2023,
         "CHLGOV", "Gabriel Boric"),
        ("President Nayib Bukele declared a state of emergency.", "Bukele", 2022, "SLVGOV", "Nayib Bukele"),
        ("Prime Minister Anwar Ibrahim welcomed the Chinese delegation in Kuala Lumpur.", "Ibrahim", 2023,
         "MYSGOV", "Anwar Ibrahim"),
        ("Prime Minister Jacinda Ardern announced a ban on semi-automatic weapons.", "Ardern", 2019,
         "NZLGOV", "Jacinda Ardern"),
    ],
)
def test_a_head_of_state_or_government_resolves_to_their_country(resolve, text, word, year, code, name):
    assert resolve(text, word, year) == [(code, name)]


def test_the_office_of_the_articles_year_gives_the_sector(resolve):
    # Tchiani commanded the presidential guard before he seized power; Amherd was defence minister
    guard = "General Abdourahamane Tchiani inspected the presidential guard."
    assert resolve(guard, "Tchiani", 2020) == [("NERMIL", "Abdourahamane Tchiani")]
    assert resolve(guard, "Tchiani", 2024) == [("NERGOV", "Abdourahamane Tchiani")]
    jets = "Viola Amherd signed the contract for the new fighter jets."
    assert resolve(jets, "Amherd", 2022) == [("CHEMIL", "Viola Amherd")]


def test_a_surname_alone_after_the_full_name_is_that_person(resolve):
    text = "Mahamadou Issoufou handed power to his successor. Issoufou said he was proud of the transfer."
    assert resolve(text, "Issoufou", 2021) == [("NERGOV", "Mahamadou Issoufou")]


# sovereign states that had no named person before; each now names at least one head of state or government
STATES = """
AGO ALB AUT BDI BEN BFA BGR BIH BOL BWA CAF CHE CHL CIV CMR COG CRI CYP CZE DJI DNK DOM ECU EST FJI GAB GHA GIN
GMB GNB GNQ GTM GUY HND HRV HTI IRL ISL JAM KGZ KHM LAO LBR LSO LTU LUX LVA MDG MDV MKD MLI MLT MNE MNG MOZ MRT
MUS MWI MYS NAM NER NIC NPL NZL PAN PER PNG PRT PRY ROU SEN SGP SLE SLV SUR SVK SVN SWZ TCD TGO TJK TKM TLS TTO
TZA URY UZB ZMB KOS
"""
COVERED = re.findall(r"[A-Z]{3}", STATES)


def test_every_listed_state_names_its_leaders():
    people = load_entries(builtin_file("actors", "people.yaml"), FORMAT, "actors", ActorEntry)
    heads = Counter(e.country for e in people if e.kind == "person" and e.code == f"{e.country}GOV"
                    and any(r.end is None or r.end >= 2015 for r in e.roles))
    assert [c for c in COVERED if heads[c] == 0] == []
