"""find_places: place mentions resolved with the gazetteer."""

import pytest

from eventwire.errors import DataFileError
from eventwire.facets.places import default_gazetteer, find_places, load_gazetteer

SHELLING = "Shelling hit Zaporizhzhia, Kharkiv and the Donetsk region."
PLACES = [
    ("Ukrainian forces pushed into the Kursk region.", "the Kursk region", "Kursk Oblast", "RUS", "region"),
    ("Kursk oblast officials ordered an evacuation.", "Kursk oblast", "Kursk Oblast", "RUS", "region"),
    ("Drones struck a fuel depot in Kursk overnight.", "Kursk", "Kursk", "RUS", "city"),
    ("The region of Belgorod was shelled.", "The region of Belgorod", "Belgorod Oblast", "RUS", "region"),
    ("Fighting raged across Donbas through the winter.", "Donbas", "Donbas", "UKR", "region"),
    ("Aid trucks queued to enter the Gaza Strip.", "the Gaza Strip", "Gaza Strip", "PSE", "region"),
    ("Settlers attacked a village in the West Bank.", "the West Bank", "West Bank", "PSE", "region"),
    ("Missiles were fired toward the Golan Heights.", "the Golan Heights", "Golan Heights", "SYR", "region"),
    ("Rebels seized two towns in Darfur.", "Darfur", "Darfur", "SDN", "region"),
    ("Soldiers were deployed to Tigray last year.", "Tigray", "Tigray", "ETH", "region"),
    ("The drills took place near South Korea.", "South Korea", "South Korea", "KOR", "country"),
    ("Thousands of troops are stationed in Ukraine.", "Ukraine", "Ukraine", "UKR", "country"),
    ("The envoy arrived in Georgia for talks.", "Georgia", "Georgia", "GEO", "country"),
    ("Officials in Washington rejected the offer.", "Washington", "Washington", "USA", "city"),
    ("Floods hit Texas and Louisiana this week.", "Texas", "Texas", "USA", "region"),
    ("Protesters marched through Paris on Saturday.", "Paris", "Paris", "FRA", "city"),
    (SHELLING, "Kharkiv", "Kharkiv", "UKR", "city"),  # labelled PERSON, but listed with a place
    (SHELLING, "Zaporizhzhia", "Zaporizhzhya", "UKR", "city"),
    (SHELLING, "the Donetsk region", "Donetsk Oblast", "UKR", "region"),
    ("The U.S. and Britain sent warships to the Red Sea.", "U.S.", "United States", "USA", "country"),
    ("The U.S. and Britain sent warships to the Red Sea.", "Britain", "United Kingdom", "GBR", "country"),
    ("The U.S. and Britain sent warships to the Red Sea.", "the Red Sea", "Red Sea", None, "region"),
    ("Artillery pounded eastern Ukraine overnight.", "eastern Ukraine", "Ukraine", "UKR", "country"),
    ("Israeli jets struck Khan Younis on Monday.", "Khan Younis", "Khān Yūnis", "PSE", "city"),
    ("The Houthis struck Eilat with a drone.", "Eilat", "Eilat", "ISR", "city"),
    ("Drones hit the Kursk nuclear plant overnight.", "the Kursk nuclear plant", "Kursk", "RUS", "city"),
    ("Flights were cancelled at Guatemala City airport.", "Guatemala City airport", "Guatemala City", "GTM", "city"),
    ("A truck bomb damaged the Kerch Bridge.", "the Kerch Bridge", "Kerch", "UKR", "city"),
    ("The toll rose to 45, officials in Kyiv said.", "Kyiv", "Kyiv", "UKR", "city"),  # labelled ORG
    ("Thousands fled Khan Younis and Rafah.", "Rafah", "Rafaḩ", "PSE", "city"),
    ("A roadside bomb exploded near the town of Samarra.", "Samarra", "Sāmarrā’", "IRQ", "city"),  # NORP
    # labelled LANGUAGE by the small model
    ("Drones struck the port of Odesa before dawn, killing two dockworkers.", "Odesa", "Odesa", "UKR", "city"),
    # a qualifier that the gazetteer's city of that name does not lie in: a town it does not know
    ("The summit took place at an estate in Woodside, California, on Wednesday.", "Woodside, California",
     "California", "USA", "region"),
    # a qualifier that the largest city of the name does not lie in, but another of the name does
    ("A tornado struck Paris, Texas, on Monday.", "Paris, Texas", "Paris", "USA", "city"),
    ("Firefighters contained a blaze in San Mateo, California.", "San Mateo, California", "San Mateo", "USA",
     "city"),
    # a qualifier that agrees is part of the city's name, not a trip to the country Georgia
    ("Police in Atlanta, Georgia, arrested ten people.", "Atlanta, Georgia", "Atlanta", "USA", "city"),
]


@pytest.mark.parametrize(("text", "phrase", "name", "country", "feature"), PLACES)
def test_places_resolves_mentions(parse, text, phrase, name, country, feature):
    found = {loc.text: loc for loc in find_places(parse(text))}
    assert phrase in found, f"{phrase!r} not in {list(found)}"
    location = found[phrase]
    assert (location.name, location.country, location.feature) == (name, country, feature)
    assert location.lat is not None and location.lon is not None


@pytest.mark.parametrize(
    ("text", "phrase", "lat", "lon"),
    [
        ("Ukrainian units held positions in the Kursk region.", "the Kursk region", 51.6, 36.1),
        ("The envoy flew to Paris on Monday.", "Paris", 48.86, 2.35),
        ("Ministers met in Ukraine to discuss grain.", "Ukraine", 50.45, 30.52),  # Kyiv, the capital
    ],
)
def test_places_gives_coordinates(parse, text, phrase, lat, lon):
    [location] = [loc for loc in find_places(parse(text)) if loc.text == phrase]
    assert location.lat == pytest.approx(lat, abs=0.5) and location.lon == pytest.approx(lon, abs=0.5)


def test_places_offsets_point_into_the_doc_text(nlp):
    doc = nlp("The talks collapsed. Officials said the strikes hit the Kursk region and Donbas.")
    sent = list(doc.sents)[-1]  # offsets count from the doc, not the sentence
    found = find_places(sent)
    assert [sent.doc.text[loc.start : loc.end] for loc in found] == ["the Kursk region", "Donbas"]


@pytest.mark.parametrize(
    ("name", "country", "feature"),
    [
        ("Georgia", "GEO", "country"),  # the country wins over the US state
        ("Washington", "USA", "city"),  # a big city wins over the state of the same name
        ("Paris", "FRA", "city"),  # the most populous Paris
        ("Moscow", "RUS", "city"),
        ("Mexico", "MEX", "country"),  # a country wins over a small city of the same name
        ("Kiev", "UKR", "city"),  # geonames alternate spelling
        ("the Netherlands", "NLD", "country"),
        ("Crimea", "UKR", "region"),
    ],
)
def test_places_gazetteer_disambiguates(name, country, feature):
    place = default_gazetteer().lookup(name)
    assert place is not None and (place.country, place.feature) == (country, feature)


@pytest.mark.parametrize(
    "text",
    [
        "The minister said the plan would cost too much.",
        "Putin praised Xi in a call with Modi.",  # the model labels "Modi" GPE
        "Georgia Meloni met reporters after the vote.",
        "The leaders met at Camp David.",  # a facility, but not one of David, Panama
        "The envoy delivered a letter to Hamas.",  # "Hamas" is an alternate name of Hamm, Germany
        "Rebels seized two towns in March.",  # March is also a town in England
        "The talks were held in English.",  # a language, where a place could stand
        "The shelling began at 14:00 Moscow time.",  # a clock, not a place
        'He halted his so-called "march for justice" on June 24.',  # the tagger's PROPN "march" is no town
        "The SDF is the main ally of the US-led coalition.",  # who leads a party, no place of the act
        "Iran-backed militias fired rockets overnight.",
    ],
)
def test_places_leaves_out_what_is_not_a_place(parse, text):
    assert find_places(parse(text)) == []


def test_places_user_file_adds_regions(parse, tmp_path):
    extra = tmp_path / "regions.yaml"
    extra.write_text(
        "format: eventwire.gazetteer.v1\n"
        "regions:\n"
        "  - {name: Pokrovsk Front, country: UKR, lat: 48.3, lon: 37.2, names: [Pokrovsk Front]}\n"
    )
    gazetteer = load_gazetteer(extra)
    [location] = find_places(parse("Heavy fighting continued on the Pokrovsk Front."), gazetteer)
    assert (location.name, location.country) == ("Pokrovsk Front", "UKR")


def test_places_bad_file_lists_every_mistake(tmp_path):
    bad = tmp_path / "regions.yaml"
    bad.write_text(
        "format: eventwire.gazetteer.v1\n"
        "regions:\n"
        "  - {name: Nowhere, country: XX, lat: 95, lon: 10, names: [Nowhere]}\n"
        "  - {name: Elsewhere, lat: 10, lon: 10}\n"
        "country_aliases: {ukr: [Ukraina]}\n"
    )
    with pytest.raises(DataFileError) as error:
        load_gazetteer(bad)
    message = str(error.value)
    for mistake in ("entry 1 (Nowhere): 'country'", "entry 1 (Nowhere): 'lat'", "entry 2 (Elsewhere): needs",
                    "country_aliases.ukr"):  # fmt: skip
        assert mistake in message


@pytest.mark.parametrize(
    ("text", "phrase", "capital", "country"),
    [
        ("Police fired tear gas at strikers in South Korea's capital.", "South Korea's capital", "Seoul", "KOR"),
        ("Protesters gathered in the capital of Kenya on Monday.", "capital of Kenya", "Nairobi", "KEN"),
    ],
)
def test_places_a_countrys_capital_is_its_capital_city(parse, text, phrase, capital, country):
    found = {loc.text: loc for loc in find_places(parse(text))}
    assert phrase in found, list(found)
    assert (found[phrase].name, found[phrase].country, found[phrase].feature) == (capital, country, "city")


def test_a_region_of_several_countries_is_no_town_of_its_first_word(parse):
    (place,) = find_places(parse("The UN warned of famine in the Horn of Africa."))
    assert (place.name, place.country) == ("Horn of Africa", None)


@pytest.mark.parametrize("text", ["Odinga confirmed to Xinhua that he received a call.",
                                  "Ouattara confirmed to Xinhua that he had met the envoy."])
def test_whom_a_statement_is_told_to_is_no_place(parse, text):
    assert [loc.text for loc in find_places(parse(text))] == []
