"""An event's place when its sentence names none: the story's scene (facets/scene.py), and places
its own sentence names (events/setting.py)."""

from __future__ import annotations


def _placed(events, cameo_root: str):
    return [(e.location.text if e.location else None, e.location.country if e.location else None)
            for e in events if e.cameo.startswith(cameo_root)]


def test_a_later_sentence_is_placed_in_the_city_the_story_began_in(code):
    events = code("Thousands of teachers marched through Lagos on Monday to demand higher pay. "
                  "Union leaders met the governor in the afternoon. "
                  "Later that evening, police fired tear gas at the Nigerian protesters.")
    assert ("Lagos", "NGA") in _placed(events, "17") + _placed(events, "18") + _placed(events, "19")


def test_a_place_from_the_story_is_marked_as_such(code):
    # dedup counts such a place by its country only (a guess at where, not the sentence's word)
    events = code("Thousands of teachers marched through Lagos on Monday to demand higher pay. "
                  "Later that evening, police fired tear gas at the Nigerian protesters.")
    marches = [e for e in events if e.trigger.text == "marched"]
    tear_gas = [e for e in events if e.location is not None and e.location.text == "Lagos" and e.sentence == 1]
    assert marches and marches[0].location.text == "Lagos" and not marches[0].location.from_story
    assert tear_gas and all(e.location.from_story for e in tear_gas)


def test_a_city_in_another_country_is_not_carried(code):
    events = code("Ministers gathered in Brussels on Monday. "
                  "Later, Kenyan police arrested twenty opposition supporters.")
    arrests = _placed(events, "17")
    assert arrests and all(place != ("Brussels", "BEL") for place in arrests)


def test_without_a_city_the_event_is_placed_in_the_country_of_its_parties(code):
    events = code("Kenyan police arrested twenty opposition supporters on Monday.")
    assert _placed(events, "17") == [("Kenya", "KEN")]
    [arrest] = [e for e in events if e.cameo.startswith("17")]
    assert arrest.location.start is None  # inferred: no words of its own


def test_the_city_named_in_a_settlement_phrase_is_the_place(code):
    events = code("The army said it had shot down drones targeting a fuel depot in the northern city of Kano.")
    assert ("Kano", "NGA") in _placed(events, "19")


def test_the_place_an_attack_falls_on_is_where_it_happened(code):
    events = code("Ukrainian forces launched a drone strike on the Kursk region on Monday.")
    assert any(country == "RUS" and "Kursk" in text for text, country in _placed(events, "19"))


def test_a_place_inside_a_country_names_both(code):
    events = code("In Ukraine's Kharkiv region, four people were killed in Russian attacks on Thursday.")
    assert ("Kharkiv region", "UKR") in _placed(events, "19") or ("Ukraine", "UKR") in _placed(events, "19")


def test_a_statement_is_not_placed_by_the_scene_of_a_war(code):
    events = code("Russian missiles struck Kharkiv on Monday, killing four people. "
                  "Ukraine's air force said it shot down most of them. "
                  "Officials counted the damage. "
                  "Later, Ukraine's foreign minister accused Russia of terror against civilians.")
    accusations = [e for e in events if e.plover.event == "ACCUSE"]
    assert accusations and all(e.location is None for e in accusations)
