"""Cities that share a name: the one the article is about wins over the largest of the name."""

import pytest

from eventwire.facets.places import PlaceContext, article_context, default_gazetteer, find_places

# (article, the place's words, its country): every name here is the name of a larger city elsewhere
ARTICLE_CITIES = [
    # a US state the article names (San Mateo in the Philippines is larger)
    ("Wildfires forced evacuations across California on Tuesday. Firefighters battled a blaze near San Mateo.",
     "San Mateo", "USA"),
    ("Police in Birmingham arrested 12 protesters, Alabama officials said.", "Birmingham", "USA"),
    # a demonym: the story is about the US (Birmingham, England is larger)
    ("American police officers in Birmingham detained a suspect on Friday.", "Birmingham", "USA"),
    # a city nearby that the article names unambiguously
    ("Protesters blocked roads in Oakland and San Mateo on Saturday.", "San Mateo", "USA"),
    ("Police in Dallas and Paris were on alert after the shooting.", "Paris", "USA"),
    # the article's own country: Richmond, Virginia is the largest, Richmond, British Columbia is meant
    ("Canadian police said the suspect was arrested in Richmond.", "Richmond", "CAN"),
]
# (article, the place's words, its country): the largest of the name, as before
LARGEST_CITIES = [
    ("Police in San Mateo arrested two men on Monday.", "San Mateo", "PHL"),  # nothing says where
    ("Officials in London and Birmingham said the strike would go ahead.", "Birmingham", "GBR"),
    # a world city keeps its name in a story about another country with a small town of that name
    ("The Texas governor flew to Paris for talks on Monday.", "Paris", "FRA"),
    # San Mateo is named in the US and in the Philippines: no country settles it
    ("Officials from the Philippines and the United States met in San Mateo.", "San Mateo", "PHL"),
]


def _places(nlp, text: str) -> dict[str, str | None]:
    doc = nlp(text)
    return {loc.text: loc.country for sent in doc.sents for loc in find_places(sent)}


@pytest.mark.parametrize(("text", "phrase", "country"), ARTICLE_CITIES + LARGEST_CITIES)
def test_city_of_a_shared_name_is_the_articles(nlp, text, phrase, country):
    found = _places(nlp, text)
    assert phrase in found, f"{phrase!r} not in {list(found)}"
    assert found[phrase] == country


def test_article_context_keeps_names_of_one_place_only(nlp):
    doc = nlp("Filipino troops and police from Oakland searched San Mateo and Springfield.")
    context = article_context(doc, default_gazetteer())
    assert "PHL" in context.countries  # a demonym
    assert ("USA", "CA") in context.areas  # Oakland is in California and nowhere else
    assert [a.name for a in context.anchors] == ["Oakland"]  # San Mateo and Springfield are several towns
    assert "VEN" not in context.countries  # San Mateo, Venezuela is one of them, no country of the article


def test_a_context_given_is_the_one_used(parse):
    gazetteer = default_gazetteer().in_context(PlaceContext(countries=frozenset({"USA"})))
    found = {loc.text: loc.country for loc in find_places(parse("Police in San Mateo arrested two men."), gazetteer)}
    assert found["San Mateo"] == "USA"


def test_every_city_of_a_name_is_indexed():
    gazetteer = default_gazetteer()
    countries = [p.country for p in gazetteer.homonyms("San Mateo")]
    assert {"PHL", "USA", "VEN"} <= set(countries)
    populations = [p.population for p in gazetteer.homonyms("San Mateo")]
    assert populations == sorted(populations, reverse=True)
    assert gazetteer.cities["san mateo"].country == "PHL"  # without an article, the largest as before


def test_a_small_town_far_from_the_cities_the_article_names_is_no_place(nlp):
    # the gazetteer knows one Woodside, a neighbourhood of Queens, 4,000 km from San Francisco
    found = _places(nlp, "Biden hosted Xi at an estate in Woodside on Wednesday. Protesters gathered in San Francisco.")
    assert "Woodside" not in found and found.get("San Francisco") == "USA"
    # alone, or beside cities near it, the town is still placed
    assert _places(nlp, "Police in Woodside arrested two men on Monday.").get("Woodside") == "USA"


def test_a_capital_does_not_pull_a_town_of_a_shared_name_near_it(nlp):
    # Rostov Veliky lies 200 km from Moscow; a story naming Moscow still means Rostov-on-Don (1.1 million)
    found = {loc.text: loc.name for sent in nlp("Prigozhin said his men controlled Rostov and were heading to "
                                                "Moscow.").sents for loc in find_places(sent)}
    assert found.get("Rostov") == "Rostov-on-Don"
