"""event_location (events/setting.py): which of the places a sentence names is where its event
happened, and the story's scene (facets/scene.py) when it names none."""

from __future__ import annotations


def _places(events, cameo_root: str):
    return [(e.location.text if e.location else None, e.location.country if e.location else None)
            for e in events if e.cameo.startswith(cameo_root)]


def test_a_place_in_the_clause_of_what_the_act_followed_is_not_its_place(code):
    events = code("Iran launched dozens of missiles on Saturday after it accused Israel of bombing "
                  "its embassy in Syria.")
    attacks = _places(events, "19")
    assert attacks and all(country != "SYR" for _, country in attacks)


def test_a_direction_of_an_attack_is_where_it_falls(code):
    events = code("Iran launched a wave of drones toward Israel on Saturday night.")
    assert ("Israel", "ISR") in _places(events, "19")


def test_a_place_of_an_earlier_meeting_is_not_the_meetings_place(code):
    events = code("Chinese President Xi Jinping arrived in San Francisco on Tuesday. "
                  "His talks with Biden will be the first meeting of the two leaders since their talks "
                  "in Bali a year ago.")
    meetings = [e for e in events if e.cameo.startswith("04") and e.trigger.text != "arrived"]
    assert meetings and all(e.location is None or e.location.country != "IDN" or "Bali" not in e.location.text
                            or e.location.start < e.evidence.start for e in meetings)
    assert all(e.location is None or e.location.country == "USA" for e in meetings if e.sentence == 1)


def test_a_place_in_a_clause_with_its_own_subject_is_that_clauses(code):
    events = code("Dozens of protesters were arrested by riot police in the capital, and tear gas was fired "
                  "at marchers in the western city of Nantes.")
    arrests = _places(events, "17")
    assert arrests and all(text != "Nantes" for text, _ in arrests)


def test_a_place_of_the_victims_is_where_they_were_killed(code):
    events = code("Two fighters, who were guarding a prison in Hasaka province, were killed by a Turkish drone.")
    assert any(country == "SYR" for _, country in _places(events, "19"))


def test_waters_around_a_country_place_the_drills_there(code):
    events = code("China launched military drills on Thursday in the waters surrounding Taiwan.")
    drills = [e for e in events if e.trigger.text == "drills" or e.trigger.text == "launched"]
    assert drills and all(e.location is not None and e.location.country == "TWN" for e in drills)


def test_what_is_done_during_a_visit_happens_where_the_visit_went(code):
    events = code("The Kenyan president returned to Nairobi on Friday, ending a state visit to Ghana. "
                  "During the visit, he held talks with his Ghanaian counterpart.")
    talks = [e for e in events if e.sentence == 1 and e.cameo.startswith("04")]
    assert talks and all(e.location is not None and e.location.country == "GHA" for e in talks)


def test_where_a_claimant_sits_is_not_the_scene_of_the_next_sentence(code):
    events = code("Al Shabaab fighters stormed a Somali police post overnight, said Ali Hassan, a police officer "
                  "from Mogadishu. The militants killed four Somali police officers.")
    killings = [e for e in events if e.sentence == 1 and e.cameo.startswith("19")]
    assert killings and all(e.location is None or "Mogadishu" not in (e.location.text or "") for e in killings)


def test_a_lede_without_a_place_is_placed_by_the_sentences_after_it(code):
    events = code("Nine people were killed on Monday in clashes between Peruvian protesters and police. "
                  "The deaths occurred near the airport of the southern city of Juliaca, officials said.")
    clashes = [e for e in events if e.sentence == 0 and e.cameo.startswith("19")]
    assert clashes and any(e.location is not None and "Juliaca" in (e.location.text or "") for e in clashes)


def test_a_place_the_aid_goes_to_is_not_where_it_was_pledged(code):
    events = code("Gulf donors pledged $2 billion on Tuesday for relief efforts in Yemen.")
    pledges = [e for e in events if e.trigger.text == "pledged"]
    assert pledges and all(e.location is None or e.location.country != "YEM" for e in pledges)


def test_a_place_on_a_spokesmans_office_still_places_the_act(code):
    events = code("According to a spokesman for the governor in Helmand province, six soldiers were killed "
                  "in an attack on a checkpoint.")
    assert any(country == "AFG" for _, country in _places(events, "19"))


def test_a_march_through_the_centre_of_a_capital_is_set_there(code):
    events = code("Thousands of French union members marched through the centre of Paris on Thursday.")
    assert ("Paris", "FRA") in _places(events, "14")


def test_a_capital_told_by_its_name_beside_the_word_places_the_act(code):
    events = code("Thousands of protesters marched through the streets in the Georgian capital Tbilisi on Friday.")
    assert ("Tbilisi", "GEO") in _places(events, "14")



def test_an_international_bodys_summit_is_no_meeting_with_its_host(code):
    events = code("NATO leaders held a summit meeting in Washington on Wednesday.")
    meetings = [e for e in events if e.cameo.startswith("04")]
    assert meetings and all(e.target is None or e.target.country != "USA" for e in meetings)



def test_a_statement_on_the_storys_affair_is_addressed_to_the_storys_country(code):
    events = code("A Russian court convicted the American reporter of spying on Friday. Russia's prosecutors had "
                  "asked for 18 years. Moscow said the trial was fair. US officials have called the case ridiculous.",
                  date="2024-07-19")
    assert any(e.cameo.startswith("11") and e.source and e.source.country == "USA"
               and e.target and e.target.country == "RUS" for e in events)
