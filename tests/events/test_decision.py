"""The decision stage as a user meets it: what the default Coder keeps and drops in whole articles,
one event per real event, unnamed parties, datelines, dates of the day's news, and the model file.
Texts written for these tests."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eventwire.datafiles import builtin_file
from eventwire.errors import DataFileError
from eventwire.events.decision import DecisionModel, default_model, select_short
from eventwire.nlp import load_nlp
from eventwire.nlp.syntax import sentence_ents
from eventwire.pipeline import Coder

QUAKE = ("A magnitude 6.8 earthquake struck the High Atlas mountains late on Friday, killing at least 2,000 "
         "people. Floods killed 45 people and displaced 10,000 families in the south. Rescue teams searched "
         "the rubble through the night. The region's hospitals were overwhelmed.")
RUGBY = ("France crushed England 42-10 in the Six Nations on Saturday. The French coach praised his team's "
         "defence after the match. England's captain said the side would learn from the defeat. The "
         "tournament ends next week.")
PROTEST_STORY = ("NAIROBI — Thousands of protesters marched through Nairobi on Tuesday against a new finance "
                 "bill. Police fired tear gas and arrested 30 protesters near parliament. Kenya's president "
                 "said the bill would stay. Opposition leaders called for more marches across Kenya.")


@pytest.fixture(scope="module")
def user_coder() -> Coder:
    """The Coder a user gets: the decision model's own threshold."""
    return Coder()


@pytest.fixture(scope="module")
def explaining_coder() -> Coder:
    return Coder(min_confidence=0.0, explain=True)


def test_a_disaster_story_yields_no_event(user_coder):
    assert user_coder.code(QUAKE, date="2023-09-09").events == []


def _harms(coder: Coder, text: str, date: str) -> list:
    return [(e.cameo, e.evidence.text) for e in coder.code(text, date=date).events if e.cameo[:2] in ("18", "19", "20")]


def test_a_hazard_is_never_the_performer_even_among_all_candidates(explaining_coder):
    assert not _harms(explaining_coder, QUAKE, "2023-09-09")


@pytest.mark.parametrize("text", [
    # an accident or a disaster: no one acted
    "A gas leak at a fertiliser factory in Gujarat killed seven workers on Monday.",
    "Three people were killed when a boiler burst at a textile mill in Dhaka.",
    "At least 12 people died after a volcano erupted off the coast of Sumatra on Sunday.",
    "Six people were killed and two injured when a chemical plant exploded on Thursday morning near Lyon.",
    "A gas explosion at a market in Lagos killed eight people.",
    "The plane crashed north of Moscow, killing all ten people on board.",
    "Workers were hurt when a furnace at a steel mill exploded on Thursday. The explosion injured nine more.",
    # a running total: many acts, not one
    "Officials said 120 civilians had been killed and 650 wounded in Belgorod since the start of the war.",
    "Russian strikes have killed 30 people in Kharkiv so far this week.",
    "Air strikes have killed more than 2,000 civilians in the region to date, the UN said.",
    "Turkey has carried out 13 air strikes on Kurdish forces in the last five months, killing 11 fighters.",
    "Officials said 28 people have been killed in ethnic riots in the province this year.",
])
def test_a_toll_that_is_no_one_act_is_no_event(explaining_coder, text):
    assert not _harms(explaining_coder, text, "2024-03-16")


def test_a_toll_with_a_named_doer_stays(explaining_coder):
    events = explaining_coder.code("Russian missiles killed seven workers at a gas plant in Kharkiv on Monday.",
                                   date="2024-03-16").events
    assert any(e.cameo.startswith("19") for e in events)


@pytest.mark.parametrize("text", [
    "A car bomb exploded near a police station in Kabul, killing eight people.",
    "An explosion at a checkpoint in Mogadishu killed five soldiers.",
])
def test_a_bomb_with_no_doer_named_is_still_an_attack(explaining_coder, text):
    assert _harms(explaining_coder, text, "2024-03-16")


def test_a_state_of_emergency_over_a_disaster_is_no_repression(explaining_coder):
    wildfire = "The government declared a state of emergency as wildfires spread across the south."
    unrest = "The government declared a state of emergency after days of protests in the capital."
    assert "1724" not in _cameos(explaining_coder, wildfire)
    assert "1724" in _cameos(explaining_coder, unrest)


def _codes(coder: Coder, text: str) -> list[tuple[str, str]]:
    return [(e.cameo, e.trigger.text) for e in coder.code(text, date="2024-03-16").events]


def _cameos(coder: Coder, text: str) -> list[str]:
    return [cameo for cameo, _ in _codes(coder, text)]


def _roots(coder: Coder, text: str) -> set[str]:
    return {cameo[:2] for cameo in _cameos(coder, text)}


@pytest.mark.parametrize(("text", "content"), [
    ("The junta accused French forces of freeing captured fighters and breaching its air space.", "freeing"),
    ("A court sentenced the opposition leader to four years for inciting unrest and violating Covid rules.",
     "violating"),
    ("Kigali denies backing the rebels.", "backing"),
])
def test_what_someone_is_accused_of_or_denies_is_no_event_of_its_own(explaining_coder, text, content):
    triggers = [trigger for _, trigger in _codes(explaining_coder, text)]
    assert content not in triggers
    assert triggers  # the accusation, sentence or denial itself is coded


@pytest.mark.parametrize(("text", "demand", "content"), [
    ("Lebanon rejected a United Nations appeal for deploying army troops along its southern border.",
     "rejected", "deploying"),
    ("Turkey refused to commit to any military assistance to the coalition.", "refused", "assistance"),
    ("The union leaders urged the government to lift the curfew and release the detained students.",
     "urged", "release"),
])
def test_what_someone_demands_or_refuses_has_not_happened(explaining_coder, text, demand, content):
    triggers = [trigger for _, trigger in _codes(explaining_coder, text)]
    assert demand in triggers and content not in triggers


@pytest.mark.parametrize("text", [
    "Riot police dispersed the protesters with water cannon outside parliament.",
    "A reporter counted the bodies of at least five protesters outside parliament.",
    "The protesters are mainly worried about the new pension rules.",
])
def test_protesters_acted_upon_are_no_protest(explaining_coder, text):
    assert "14" not in _roots(explaining_coder, text)


@pytest.mark.parametrize("text", [
    "Thousands of anti-government protesters took to the streets of Belgrade on Friday.",
    "Tens of thousands of people poured into the streets of Dhaka to demand new elections.",
])
def test_taking_to_the_streets_is_a_protest(explaining_coder, text):
    assert "141" in _cameos(explaining_coder, text)


def test_taking_to_social_media_is_no_protest(explaining_coder):
    text = "Opposition supporters took to social media to mock the minister."
    assert "14" not in _roots(explaining_coder, text)


def test_condemned_to_years_is_a_sentence_not_a_condemnation(explaining_coder):
    codes = _cameos(explaining_coder, "A close aide of the former president was condemned to 20 years.")
    assert codes == ["116"]


def test_an_invasion_recalled_in_a_time_phrase_is_no_new_attack(explaining_coder):
    text = "Allies have sent Kyiv weapons worth billions since the start of Russia's invasion."
    assert "19" not in _roots(explaining_coder, text)


def test_an_arrest_told_before_its_own_report_stays_an_event(explaining_coder):
    text = "Hours before his arrest, the president announced the dissolution of Congress."
    assert ("173", "arrest") in _codes(explaining_coder, text)


def test_an_act_told_only_as_a_condition_is_no_event(explaining_coder):
    text = "Nasrallah warned that if Israel continued to hit civilian targets, his fighters would strike back."
    events = explaining_coder.code(text, date="2024-03-16").events
    assert not [e for e in events if e.cameo.startswith("19") and e.modality == "hypothetical"]


def test_a_launch_aimed_at_someone_is_an_attack_and_one_at_no_one_a_test(explaining_coder):
    attack = "Hezbollah announced the launch of dozens of rockets against an Israeli army base on Sunday."
    test = "North Korea announced the launch of a new intercontinental ballistic missile on Friday."
    assert _cameos(explaining_coder, attack) == ["195"]
    assert _cameos(explaining_coder, test) == ["150"]


def test_forced_in_the_passive_is_the_act_not_a_coercion(explaining_coder):
    codes = _cameos(explaining_coder, "Police were forced to open fire on the crowd in Nairobi.")
    assert "190" in codes and not [c for c in codes if c.startswith("17")]


def test_an_act_told_as_a_goal_is_no_event(explaining_coder):
    text = "The unions called a nationwide strike aimed at forcing the president to drop the pension reform."
    assert "17" not in _roots(explaining_coder, text)


def test_the_days_count_of_strikes_is_news(explaining_coder):
    text = "Russia launched 40 drones at Kyiv in the past 24 hours, officials said."
    assert "19" in _roots(explaining_coder, text)


@pytest.mark.parametrize(("text", "root"), [
    ("Tens of thousands of union members marched through Paris in a show of force on Thursday.", "15"),
    ("The army has closed roads leading to the presidential palace.", "14"),
    ("The walkout by public workers is thought to be the biggest strike in decades.", "19"),
])
def test_a_performer_who_never_does_the_act_reads_the_word_otherwise(explaining_coder, text, root):
    assert root not in _roots(explaining_coder, text)


def test_insurgents_looting_is_a_raid_not_a_riot(explaining_coder):
    text = "The insurgents attacked Tambuzi island in Mozambique on Monday, looting various items from fishermen."
    assert "145" not in _cameos(explaining_coder, text)
    assert "145" in _cameos(explaining_coder, "Protesters looted shops in Nairobi on Monday.")


def test_a_clause_of_when_is_not_what_a_warning_announces(explaining_coder):
    text = "Tourism officials warned visitors to stay away as Paris deployed 6,000 police ahead of the march."
    assert "153" in _cameos(explaining_coder, text)


def test_who_stops_a_march_does_not_march(explaining_coder):
    events = explaining_coder.code("Riot police unleashed volleys of tear gas to stop the procession.",
                                   date="2024-03-16").events
    assert [e.cameo for e in events] == ["175"]
    assert events[0].source is not None and "COP" in events[0].source.sectors


def test_a_minister_who_summons_a_foreign_envoy_is_not_of_the_envoys_country(explaining_coder):
    text = ("SEOUL (Yonhap) -- South Korea's foreign ministry protested on Friday. Vice Foreign Minister Chang "
            "Ho-jin called in Chinese Ambassador Xing Haiming earlier in the day. Foreign Minister Park Jin also "
            "criticized Xing's remarks.")
    events = explaining_coder.code(text, date="2023-06-09").events
    summons = next(e for e in events if e.cameo == "114")
    criticism = next(e for e in events if e.cameo.startswith("11") and e.cameo != "114")
    assert (summons.source.country, summons.target.country) == ("KOR", "CHN")
    assert (criticism.source.country, criticism.target.country) == ("KOR", "CHN")


@pytest.mark.parametrize(("text", "root"), [
    ("Moscow imposed a total ban on imports of Western foods in retaliation for sanctions.", "19"),
    ("The EU said it reserved the right to retaliate against the Russian ban.", "19"),
    ("A Dutch recovery team called off its work at the crash site in eastern Ukraine.", "04"),
    ("The demonstrators claim that the police used excessive force against them.", "14"),
])
def test_words_that_name_no_such_act(explaining_coder, text, root):
    assert root not in _roots(explaining_coder, text)


def test_a_counterattack_is_force(explaining_coder):
    text = "The army counterattacked against the rebels near Goma on Sunday."
    assert "19" in _roots(explaining_coder, text)


def test_a_condemned_measure_points_to_who_imposed_it(explaining_coder):
    text = ("US President Donald Trump announced a steep 50% tariff on Brazilian imports on Wednesday. "
            "Trump said the trial of his ally should not be taking place. "
            "Brazilian President Lula condemned the tariff, calling it politically motivated and vowing to retaliate.")
    events = explaining_coder.code(text, date="2025-07-10").events
    answers = [e for e in events if e.sentence == 2]
    assert {(e.cameo[:2], e.source.country, e.target.country) for e in answers} == {("11", "BRA", "USA"),
                                                                                   ("13", "BRA", "USA")}


def test_a_place_struck_is_not_recalled_as_its_attackers(coder):
    # "the base" of the second sentence was the storming's target, not something the militants made
    text = ("Al-Shabaab militants stormed a military base in Somalia on Monday. "
            "\"We took the base,\" a spokesman for the group said.")
    seizures = [e for e in coder.code(text, date="2025-07-10").events if e.sentence == 1]
    assert all(e.target is None or "REB" not in e.target.sectors for e in seizures), seizures


def test_a_force_deployed_with_no_one_named_is_deployed_by_its_own_state(explaining_coder):
    text = ("LIBREVILLE — Gabon's army officers said they seized power on Wednesday. Police were deployed to guard "
            "the main intersections in Libreville. Gabon's borders were closed.")
    deployment = next(e for e in explaining_coder.code(text, date="2023-08-30").events if e.cameo.startswith("15"))
    assert deployment.source.country == "GAB" and "COP" in deployment.source.sectors


def test_the_country_across_a_border_is_not_where_it_happened(explaining_coder):
    text = ("OUAGADOUGOU (AFP) - At least four soldiers were killed Tuesday in an attack blamed on jihadists in "
            "northern Burkina Faso, security sources said. The terrorists targeted a military detachment near the "
            "border with Niger, one of the sources told AFP. Burkina Faso has been fighting jihadists since 2015.")
    strike = next(e for e in explaining_coder.code(text, date="2023-05-10").events if e.sentence == 1)
    assert (strike.source.country, strike.target.country) == ("BFA", "BFA")
    assert strike.location is None or strike.location.country != "NER"


def test_who_a_participle_describes_is_who_it_was_done_to(explaining_coder):
    text = "Other Americans held in Russia include Marc Fogel, a teacher sentenced to 14 years for drug smuggling."
    sentences = [e for e in explaining_coder.code(text, date="2024-07-19").events if e.cameo == "116"]
    assert all(e.source is None or e.source.text != "a teacher" for e in sentences)


@pytest.mark.parametrize(("text", "word"), [
    ("Serbian police detained 79 students during security operations in several cities.", "operations"),
    ("The minister warned the remarks were in potential violation of the Vienna Convention.", "violation"),
])
def test_an_operation_or_a_violation_is_no_act_of_force_by_itself(explaining_coder, text, word):
    assert not [e for e in explaining_coder.code(text, date="2024-03-16").events
                if e.cameo.startswith("19") or e.trigger.text == word]


@pytest.mark.parametrize("text", [
    "Erdogan reiterated his harsh criticism of Israel over its campaign in Gaza.",
    "Russian officials have called the charges against the journalist ridiculous.",
])
def test_criticism_repeated_or_told_as_a_judgement_is_an_accusation(explaining_coder, text):
    assert "11" in _roots(explaining_coder, text)


def test_condemning_a_strike_at_home_concerns_the_country(explaining_coder):
    text = ("SEOUL — Police fired tear gas on Saturday to halt a march by thousands of striking workers in South "
            "Korea's capital. The government has condemned the strikes as illegal. Union leaders vowed to go on.")
    condemnation = next(e for e in explaining_coder.code(text, date="1997-01-11").events if e.cameo.startswith("11"))
    assert (condemnation.source.country, condemnation.target.country) == ("KOR", "KOR")


def test_a_claim_against_another_party_is_an_accusation_and_not_the_act(explaining_coder):
    text = ("TEL AVIV — At least 15 protesters were arrested on the Ayalon Highway on Monday night. The demonstrators "
            "claim that the police used excessive force against them. Hamas claimed it fired the rockets at Tel Aviv.")
    events = explaining_coder.code(text, date="2023-03-28").events
    claim = [e for e in events if e.sentence == 1]
    assert [(e.cameo, "CVL" in e.source.sectors, "COP" in e.target.sectors) for e in claim] == [("112", True, True)]
    assert [e.cameo[:2] for e in events if e.sentence == 2] == ["19"]  # one's own claim: the act stands


def test_what_a_party_stands_for_is_no_act(explaining_coder):
    text = "Iran, which backs Hezbollah, condemned the strike on Monday."
    assert _roots(explaining_coder, text) == {"11"}
    # a relative clause that reports an act keeps it
    assert "19" in _roots(explaining_coder, "The rebels, who attacked the base on Monday, withdrew on Tuesday.")


def test_a_sworn_fight_is_announced_not_fought(explaining_coder):
    (fight, *_) = [e for e in explaining_coder.code("Ethnic Albanian rebels have sworn to fight until the end, "
                                                    "officials said.", date="2024-01-12").events
                   if e.pattern.startswith("fight")]
    assert fight.modality == "intended" and fight.cameo.startswith("13")


def test_the_first_nation_to_act_is_the_copulas_subject(explaining_coder):
    text = "Colombia is the second Latin American nation to refuse U.S. military deportation flights."
    (refusal,) = explaining_coder.code(text, date="2025-01-27").events
    assert (refusal.cameo[:2], refusal.source.country, refusal.target.country) == ("12", "COL", "USA")


def test_an_order_to_ones_own_forces_is_their_act_and_to_another_party_a_demand(explaining_coder):
    own = explaining_coder.code("Prigozhin ordered his forces to abandon their advance toward Moscow.",
                                date="2023-06-25").events
    assert [e.cameo[:2] for e in own] == ["08"] and own[0].source.text == "his forces"
    other = explaining_coder.code("Kenya ordered Uganda to withdraw its troops from the island.",
                                  date="2023-06-25").events
    assert [e.cameo[:2] for e in other] == ["10"]
    unread = explaining_coder.code("Prigozhin ordered his mercenaries to rest 200km from the capital.",
                                   date="2023-06-25").events
    assert unread == []  # an act no pattern reads: no demand on his own men either


def test_a_claim_of_ones_own_forces_act_is_the_act(explaining_coder):
    text = "The Houthis claimed their forces had fired missiles at a US destroyer in the Red Sea."
    events = explaining_coder.code(text, date="2024-01-12").events
    assert [e.cameo[:2] for e in events] == ["19"] and events[0].target.country == "USA"


def test_an_act_told_as_alleged_is_no_event(explaining_coder):
    text = "Armenia said the report that Armenian forces allegedly opened fire on Azerbaijani positions was false."
    assert "19" not in _roots(explaining_coder, text)


def test_a_warning_of_urgency_is_no_threat(explaining_coder):
    text = "The UN warned of the acute urgency to help the Horn of Africa after it declared a famine in Somalia."
    assert "13" not in _roots(explaining_coder, text)


def test_the_one_to_be_arrested_is_the_noun_the_infinitive_describes(explaining_coder):
    text = "NEW DELHI — Arvind Kejriwal has become the first sitting chief minister in India to be arrested."
    (arrest,) = [e for e in explaining_coder.code(text, date="2024-03-22").events if e.cameo == "173"]
    assert arrest.target is not None and "chief minister" in arrest.target.text


def test_a_match_report_yields_no_assault(user_coder):
    assert not [e for e in user_coder.code(RUGBY, date="2024-03-16").events if e.plover.event == "ASSAULT"]


def test_generic_parties_and_unnamed_targets_take_the_country_of_the_story(explaining_coder):
    events = explaining_coder.code(PROTEST_STORY, date="2024-06-25").events
    arrests = [e for e in events if e.cameo.startswith("17")]
    assert arrests, [(e.cameo, e.evidence.text) for e in events]
    assert {(e.source.country, e.target.country) for e in arrests} == {("KEN", "KEN")}


def test_a_dateline_is_never_a_party(explaining_coder):
    events = explaining_coder.code(PROTEST_STORY, date="2024-06-25").events
    assert all(e.source is None or e.source.start is None or e.source.start > len("NAIROBI —") for e in events)


def test_one_trigger_is_one_event_and_a_meeting_has_both_parties(explaining_coder):
    text = "Jordan and Britain signed a defence agreement on Tuesday."
    events = explaining_coder.code(text, date="2025-07-13").events
    assert [(e.plover.event, e.source.country, e.target.country) for e in events] == [("SUPPORT", "JOR", "GBR")]


def test_readings_of_one_strike_merge_into_one_event_whose_evidence_states_both(explaining_coder):
    text = "Israeli jets bombed a Syrian airbase on Monday, killing four soldiers."
    (event,) = [e for e in explaining_coder.code(text, date="2025-07-13").events if e.plover.event == "ASSAULT"]
    assert "bombed" in event.evidence.text and "killing" in event.evidence.text
    assert event.evidence.text == text[event.evidence.start:event.evidence.end]
    assert any(q.value == 4 for q in event.quantities)
    # the merged event's confidence is the surest reading's, and --explain shows that reading's features
    assert event.confidence == pytest.approx(default_model().for_text(1).probability(event.decision.features), abs=1e-3)


def test_two_acts_of_one_type_in_a_sentence_are_two_events(explaining_coder):
    events = explaining_coder.code(PROTEST_STORY, date="2024-06-25").events
    assert sorted(e.cameo for e in events if e.sentence == 1) == ["173", "175"]  # tear gas, and arrests


def test_repeated_mentions_share_a_group(explaining_coder):
    text = ("Russian forces shelled Kharkiv on Friday, officials said. Ukraine's president condemned the attack. "
            "Russian troops shelled Kharkiv again hours later, the mayor said. Residents fled the city.")
    strikes = [e for e in explaining_coder.code(text, date="2025-07-13").events if e.plover.event == "ASSAULT"]
    assert len(strikes) >= 2, [(e.cameo, e.evidence.text) for e in strikes]
    assert len({e.group for e in strikes}) == 1 and strikes[0].group == strikes[0].event_id


def test_acts_of_one_type_in_two_cities_are_two_groups(explaining_coder):
    text = ("Russian forces shelled Kharkiv on Friday, officials said. "
            "Russian troops also shelled Odesa, the regional governor said.")
    strikes = [e for e in explaining_coder.code(text, date="2025-07-13").events if e.plover.event == "ASSAULT"
               and e.location is not None and e.location.text in ("Kharkiv", "Odesa")]
    assert {e.location.text for e in strikes} == {"Kharkiv", "Odesa"}, [(e.cameo, e.evidence.text) for e in strikes]
    assert len({e.group for e in strikes}) == 2


def test_explain_shows_the_features_and_weights_behind_the_confidence(explaining_coder):
    (event,) = explaining_coder.code("Kyiv accused Moscow of shelling a hospital.", date="2025-07-13").events[:1]
    assert event.decision is not None and "plover=ACCUSE" in event.decision.features
    model = default_model().for_text(1)  # a one-sentence text: the short-text model
    assert event.confidence == pytest.approx(model.probability(event.decision.features), abs=1e-3)
    assert set(event.decision.contributions) <= set(event.decision.features)


def test_min_confidence_filters_and_defaults_to_the_models_threshold(explaining_coder, user_coder):
    every = explaining_coder.code(PROTEST_STORY, date="2024-06-25").events
    kept = user_coder.code(PROTEST_STORY, date="2024-06-25").events
    threshold = default_model().threshold
    assert {e.event_id for e in kept} == {e.event_id for e in every if e.confidence >= threshold}
    assert all(e.decision is None for e in kept)


def test_an_undated_act_of_the_day_takes_the_week_of_publication_and_background_does_not(explaining_coder):
    text = ("Police arrested 30 protesters in Nairobi. The group had seized the town of Garissa. "
            "Kenya's president condemned the protests. The protests continued.")
    events = explaining_coder.code(text, date="2024-06-25").events
    arrest = next(e for e in events if e.cameo.startswith("17"))
    assert arrest.date is not None and (arrest.date.value, arrest.date.precision) == ("2024-06-25", "week")
    assert arrest.date.start is None  # no words of its own: it is the publication date
    background = [e for e in events if "had seized" in e.evidence.text]
    assert all(e.date is None for e in background)


def test_sentence_entities_are_those_of_the_sentence():
    doc = load_nlp()("Russia attacked Ukraine on Friday. Germany sent aid to Poland and France in May. Done.")
    for sent in doc.sents:
        assert [(e.start, e.end, e.label_) for e in sentence_ents(sent)] == \
            [(e.start, e.end, e.label_) for e in sent.ents]


def test_a_broken_model_file_is_a_data_file_error(tmp_path: Path):
    bad = tmp_path / "model.json"
    bad.write_text(json.dumps({"format": "eventwire.decision.v1", "bias": "x", "weights": {}}), encoding="utf-8")
    with pytest.raises(DataFileError, match="malformed decision model"):
        DecisionModel.load(bad)
    bad.write_text("not json", encoding="utf-8")
    with pytest.raises(DataFileError, match="cannot read"):
        DecisionModel.load(bad)


def _scored(text: str, scores: dict[str, float]):
    """The candidates of a one-sentence text, each with the score given for its trigger word."""
    coder = Coder(min_confidence=0.0)
    events = coder.code(text, date="2025-07-13").events
    assert {e.trigger.text for e in events} == set(scores), [e.trigger.text for e in events]
    return coder.nlp(text), [(e.model_copy(update={"confidence": scores[e.trigger.text]}), scores[e.trigger.text])
                             for e in events]


@pytest.mark.parametrize(("scores", "kept"), [
    ({"fired": 0.9, "arrested": 0.3}, {"fired"}),  # a weak second reading goes
    ({"fired": 0.9, "arrested": 0.5}, {"fired", "arrested"}),  # one nearly as sure as the best stays
    ({"fired": 0.3, "arrested": 0.9}, {"fired", "arrested"}),  # the sentence's main verb stays
    ({"fired": 0.05, "arrested": 0.02}, {"fired"}),  # the best reading stays whatever its score
])
def test_a_short_text_keeps_its_best_event_and_only_strong_others(scores, kept):
    doc, scored = _scored("Police fired tear gas at protesters in Lagos and arrested 30 of them.", scores)
    short = default_model().short
    assert short is not None and short.relative == 0.5 and short.threshold > 0.5
    assert {e.trigger.text for e in select_short(scored, doc, short)} == kept


def test_a_short_text_is_judged_without_the_features_of_an_article(explaining_coder):
    (event, *_) = explaining_coder.code("Police arrested 30 protesters in Lagos on Monday.", date="2025-07-13").events
    assert not [f for f in event.decision.features if f.startswith(("sentence=", "first_sentence", "repeat"))]
    assert event.confidence == pytest.approx(default_model().for_text(1).probability(event.decision.features), abs=1e-3)


def test_a_short_text_about_an_accident_keeps_only_what_the_model_supports(user_coder, explaining_coder):
    crash = "Police were called to a serious crash on the A3 near Guildford on Friday morning."
    assert [e.cameo for e in explaining_coder.code(crash, date="2024-01-05").events] == ["041"]
    assert user_coder.code(crash, date="2024-01-05").events == []  # a weak reading, in an accident
    arrest = "Police arrested two men after a serious crash on the A3 near Guildford on Friday morning."
    assert [e.cameo for e in user_coder.code(arrest, date="2024-01-05").events] == ["173"]


def test_a_model_without_a_short_text_part_keeps_every_candidate_of_a_sentence(tmp_path: Path):
    data = json.loads(builtin_file("models", "decision.json").read_text(encoding="utf-8"))
    del data["short_texts"]
    article_only = tmp_path / "article-only.json"
    article_only.write_text(json.dumps(data), encoding="utf-8")
    text = "Police fired tear gas at protesters in Lagos and arrested 30 of them."
    every = Coder(min_confidence=0.0).code(text, date="2025-07-13").events
    assert [e.event_id for e in Coder(decision_model=article_only).code(text, date="2025-07-13").events] == \
        [e.event_id for e in every]


def test_a_model_of_ones_own_is_used(tmp_path: Path):
    mine = tmp_path / "keep-nothing.json"
    mine.write_text(json.dumps({"format": "eventwire.decision.v1", "bias": -30, "threshold": 0.5, "weights": {}}),
                    encoding="utf-8")
    assert Coder(decision_model=mine).code(PROTEST_STORY, date="2024-06-25").events == []


def test_an_act_after_which_the_subject_acted_is_the_subjects(explaining_coder):
    text = "Colombia suspended peace talks with the ELN on Wednesday after blaming the rebel group for an attack."
    (blame,) = [e for e in explaining_coder.code(text, date="2025-07-13").events if e.cameo.startswith("11")]
    assert blame.source is not None and blame.source.country == "COL"


def test_a_participle_of_stance_describes_who_the_party_is(explaining_coder):
    text = "Police clashed with protesters opposing the finance bill in Nairobi on Tuesday."
    roots = _roots(explaining_coder, text)
    assert "11" not in roots and "19" in roots, roots


@pytest.mark.parametrize("text", [
    "European donors have given 2 billion euros in humanitarian aid to Sudan each year.",
    "Police arrest hundreds of protesters every week in the capital.",
    "Mali, a landlocked former French colony, has seen frequent military coups and army mutinies since 1960.",
    "Ethiopia and Eritrea have fought two wars over the border town of Badme.",
    "Greece and Turkey, which have fought three of their four wars over islands, are NATO allies.",
])
def test_an_act_told_at_a_frequency_is_a_habit_not_an_event(explaining_coder, text):
    assert not explaining_coder.code(text, date="2024-07-10").events


@pytest.mark.parametrize(("text", "quoted"), [
    ('Putin thanked the commanders who stood down from the mutiny to avoid what he called "fratricidal '
     'bloodshed."', False),
    ('"The fighters who stood down from the mutiny will be spared," Putin said.', True),
])
def test_an_act_is_quoted_only_inside_the_quotation(explaining_coder, text, quoted):
    """A sentence that quotes a phrase elsewhere tells its act in the reporter's words."""
    mutiny = [e for e in explaining_coder.code(text, date="2023-06-27").events if e.trigger.text == "mutiny"]
    assert mutiny and ("quoted" in mutiny[0].decision.features) == quoted


def test_a_description_that_an_act_never_happened_is_no_event(explaining_coder):
    """'settlements that have never been attacked before' says what the settlements are, at no time."""
    events = explaining_coder.code("Hezbollah warned that it would begin targeting Israeli settlements that have "
                                   "never been attacked before.", date="2024-07-10").events
    assert not any(e.trigger.text == "attacked" for e in events), events
    assert any(e.trigger.text == "warned" for e in events)


def test_a_ship_striking_a_ship_with_no_party_steering_it_is_a_collision(explaining_coder):
    collision = "The Suezmax tanker was struck by a bulk carrier off the port of Qingdao on Tuesday."
    assert not explaining_coder.code(collision, date="2021-04-27").events
    rammed = "A Chinese coast guard vessel struck a Philippine supply boat near the shoal on Sunday."
    assert [e.cameo[:2] for e in explaining_coder.code(rammed, date="2024-06-17").events] == ["19"]


def test_high_winds_name_a_hazard_whatever_the_lemma(explaining_coder):
    """spaCy lemmatizes "winds" to "wind": a hazard list read by lemma must hold the lemma."""
    text = ("Fuelled by searing heat and high winds, more than 200 fires are burning across the province. "
            "The government declared a state of emergency on Thursday.")
    assert not explaining_coder.code(text, date="2021-05-14").events


def test_a_reading_with_a_guessed_target_merges_into_the_one_that_names_it(coder):
    # "a protest in Tehran" has no target of its own (the place's country stands in); the same
    # sentence says whom the protesters rallied against: one protest
    text = ("During a state-backed protest in Tehran, demonstrators rallied against the United States, chanting "
            "slogans. The protest came after Washington imposed new sanctions on Iranian banks.")
    protests = [e for e in coder.code(text, date="2019-05-10").events if e.plover.event == "PROTEST"]
    assert [(e.source.country, e.target.country) for e in protests] == [("IRN", "USA")]


def test_a_sanction_is_never_taken_for_an_internal_affair(coder):
    text = "The protest came after Washington imposed new sanctions."
    sanctions = [e for e in coder.code(text, date="2019-05-10").events if e.cameo.startswith("16")]
    assert sanctions and all(e.target is None for e in sanctions)


def test_a_country_that_only_says_which_border_is_no_party(coder):
    text = ("GOMA, Democratic Republic of Congo — M23 rebels have surrounded Goma in eastern Congo. The city, "
            "located just on the Rwandan border, was already cut off after rebels took the highway during their "
            "offensive in October.")
    offensive = [e for e in coder.code(text, date="2025-01-27").events if e.trigger.text == "offensive"]
    assert offensive and all(e.target is None or e.target.country != "RWA" for e in offensive)



def test_a_claim_put_inside_a_relative_clause_is_the_claimants_allegation(explaining_coder):
    text = "The ADF, which Kampala charges is backed by Kinshasa, attacked a school near the border on Friday."
    events = explaining_coder.code(text, date="2023-06-17").events
    assert not [e for e in events if e.cameo.startswith("05")], [(e.cameo, e.trigger.text) for e in events]


def test_an_unknown_possessor_of_an_act_is_still_its_doer_not_the_subject_around_it(explaining_coder):
    text = "Writing about Tchiani's order, the French government told reporters that France had taken note of the " \
           "putschists' request."
    events = explaining_coder.code(text, date="2023-08-26").events
    assert not [e for e in events if e.trigger.text == "request" and e.source is not None
                and e.source.country == "FRA"], [(e.cameo, e.trigger.text, e.source) for e in events]


def test_unrest_a_hazard_causes_is_no_strike(explaining_coder):
    text = ("Typhoon Hinnamnor made landfall in southern Japan on Monday, bringing torrential rains that shut "
            "down schools and businesses.")
    assert not explaining_coder.code(text, date="2022-09-06").events
    strike = "Dock workers shut down the port of Busan on Monday to protest the new labour law."
    assert [e.cameo[:2] for e in explaining_coder.code(strike, date="2022-09-06").events] == ["14"]


def test_a_hazards_list_of_acts_is_the_hazards_to_the_last(explaining_coder):
    text = ("At least 50 people have died after flash floods triggered by heavy monsoon rains in Nepal. The "
            "rains inundated villages, swept away houses, flooded roads and destroyed bridges in three districts.")
    assert not explaining_coder.code(text, date="2022-06-20").events
