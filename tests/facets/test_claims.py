"""carry_figures: figures no kept act took go to the act they count (data/facets/claims.yaml).

The texts are coded with every candidate kept (the session coder has min_confidence 0); a test that
needs the decision stage to drop a sentence's act keeps the events it names, as the decision stage
would, with their figures removed, and asks carry_figures where the figures go.
"""

from __future__ import annotations

from eventwire.facets.quantities import carry_figures
from eventwire.model import Document, Evidence


def _coded(coder, text: str):
    parsed = coder.nlp(text)
    return parsed, coder.events(parsed, Document(id="t", text=text, date="2025-06-03"))


def _bare(events):
    return [e.model_copy(update={"quantities": []}) for e in events]


def _figures(event) -> set[tuple[float, str | None]]:
    return {(q.value, q.unit) for q in event.quantities}


def _at(event, text: str, word: str, sentence: int):
    """A copy of ``event`` told by ``word`` in sentence ``sentence`` (an act the coder may not read)."""
    start = text.index(word)
    trigger = Evidence(start=start, end=start + len(word), text=word)
    return event.model_copy(update={"trigger": trigger, "evidence": trigger, "sentence": sentence,
                                    "event_id": f"{event.event_id}-{word}", "quantities": []})


def test_a_figure_naming_its_act_reaches_the_articles_lead_act_of_harm(coder):
    """"… were wounded in the attack", four sentences after the strike: the act named is the strike."""
    lead = "Russian missiles struck a hospital in Kharkiv on Monday, killing two nurses. "
    middle = "The governor visited the site on Tuesday. Officials opened an inquiry. Repairs began on Wednesday. "
    parsed, events = _coded(coder, lead + middle + "The mayor said nine people were wounded in the attack.")
    (strike,) = [e for e in carry_figures(_bare(events), parsed) if e.sentence == 0]
    assert (9, "wounded") in _figures(strike)
    # a cause of its own, told as an indefinite noun: another incident, not carried
    parsed, events = _coded(coder, lead + middle + "The mayor said nine people were wounded in a traffic accident.")
    assert not any(q.value == 9 for e in carry_figures(_bare(events), parsed) for q in e.quantities)


def test_a_count_of_victims_told_on_its_own_goes_to_the_act_just_before_and_no_further(coder):
    text = ("Russian drones hit a power station in Odesa on Sunday, killing three workers. "
            "At least 14 people were injured, including a child.")
    parsed, events = _coded(coder, text)
    carried = carry_figures(_bare(events), parsed)
    assert any((14, "wounded") in _figures(e) for e in carried if e.sentence == 0)
    far = ("Russian drones hit a power station in Odesa on Sunday, killing three workers. The governor visited "
           "the site. Officials opened an inquiry. Repairs began on Wednesday. At least 14 people were injured.")
    parsed, events = _coded(coder, far)
    assert not any(q.value == 14 for e in carry_figures(_bare(events), parsed) for q in e.quantities)


def test_a_count_of_victims_with_a_copula_names_no_doer(coder):
    """"two commanders were among nine of its fighters killed": "were" is no act, "two" no doer."""
    text = ("Israeli jets bombed a convoy near Homs on Friday. The raid destroyed six trucks, with the group "
            "saying two commanders were among nine of its fighters killed.")
    parsed, events = _coded(coder, text)
    bombing = [e for e in _bare(events) if e.sentence == 0 and e.cameo.startswith("19")]
    assert bombing
    (carried,) = carry_figures(bombing, parsed)
    assert (9, "killed") in _figures(carried)


def test_a_figure_naming_its_act_as_subject_may_count_weapons(coder):
    """"the strikes involved more than 40 rockets": any unit, as the object of the act's own verb."""
    text = "Russian forces shelled the village on Monday. The army said the strikes involved more than 40 rockets."
    parsed, events = _coded(coder, text)
    shelling = [e for e in _bare(events) if e.sentence == 0]
    assert shelling
    assert (40, "rockets") in _figures(carry_figures(shelling, parsed)[0])
    # without the act's noun as subject, a count of weapons in another sentence stays where it is
    text = "Russian forces shelled the village on Monday. The army said its units had more than 40 rockets."
    parsed, events = _coded(coder, text)
    shelling = [e for e in _bare(events) if e.sentence == 0]
    assert not any(q.value == 40 for e in carry_figures(shelling, parsed) for q in e.quantities)


def test_an_act_told_to_date_another_takes_no_figure(coder):
    """"the worst attack since the invasion began": the invasion dates the news, the injured are the strike's."""
    text = ("Drones hit a fuel depot near Kursk on Monday. Officials said it was the worst attack since the "
            "invasion began. Four people were injured, including a child.")
    parsed, events = _coded(coder, text)
    (hit,) = [e for e in _bare(events) if e.sentence == 0]
    invasion = _at(hit, text, "invasion", 1)
    carried = carry_figures([hit, invasion], parsed)
    assert (4, "wounded") in _figures(carried[0])
    assert not carried[1].quantities
    # the same act told as news (not as a date) is the latest act, and takes the figure
    text = "Drones hit a fuel depot near Kursk on Monday. Officials said the invasion began. Four people were injured."
    parsed, events = _coded(coder, text)
    (hit,) = [e for e in _bare(events) if e.sentence == 0]
    carried = carry_figures([hit, _at(hit, text, "invasion", 1)], parsed)
    assert (4, "wounded") in _figures(carried[1])


def test_the_figure_of_a_relative_clause_of_setting_goes_to_the_act_it_qualifies(coder):
    """"the strike on its consulate …, where nine people were killed": the doer-less killing is the
    strike's setting; its figure is the strike's."""
    text = ("Tehran called the raid revenge for the Israeli air strike on its consulate in Beirut on March 3, "
            "where nine people were killed.")
    parsed, events = _coded(coder, text)
    strike = next(e for e in events if e.trigger.text == "strike")
    assert (9, "killed") in _figures(strike)  # the coder reads the killing as the strike's (one act)
    killed = _at(strike, text, "killed", 0).model_copy(update={"cameo": "190", "source": None})
    # as the facets hand them over: the figure on the killing, the strike without it
    handed = [strike.model_copy(update={"quantities": []}), killed.model_copy(update={"quantities": strike.quantities})]
    assert (9, "killed") in _figures(handed[1])
    carried = carry_figures(handed, parsed)
    assert (9, "killed") in _figures(carried[0])
    assert not carried[1].quantities


def test_a_carried_figure_given_by_he_or_she_names_the_person_named_just_before(coder):
    text = ("Russian missiles struck a hospital in Kharkiv on Monday. Oleh Synehubov, the regional governor, "
            "visited the site. He said that 14 people had been wounded.")
    parsed, events = _coded(coder, text)
    strike = [e for e in _bare(events) if e.sentence == 0]
    assert strike
    (figure,) = [q for e in carry_figures(strike, parsed) for q in e.quantities if q.value == 14]
    assert figure.claimant == "Oleh Synehubov"
    # nobody named before: no claimant of its own (the store falls back to the act's attribution or outlet)
    text = "Russian missiles struck a hospital in Kharkiv on Monday. He said that 14 people had been wounded."
    parsed, events = _coded(coder, text)
    strike = [e for e in _bare(events) if e.sentence == 0]
    (figure,) = [q for e in carry_figures(strike, parsed) for q in e.quantities if q.value == 14]
    assert figure.claimant is None


def test_a_count_added_to_another_is_no_toll_to_carry(coder):
    """"Two civilians were also killed": a part added to another count, not carried (an event's range
    would read it as a whole toll); the same count told plainly is carried."""
    lead = "Russian drones hit a power station in Odesa on Sunday, killing three workers. "
    for added in ("Two civilians were also killed.", "Two more civilians died in hospital."):
        parsed, events = _coded(coder, lead + added)
        carried = carry_figures(_bare([e for e in events if e.sentence == 0]), parsed)
        assert not any(q.value == 2 for e in carried for q in e.quantities), added
    parsed, events = _coded(coder, lead + "Two civilians were killed.")
    carried = carry_figures(_bare([e for e in events if e.sentence == 0]), parsed)
    assert any((2, "killed") in _figures(e) for e in carried)


def test_a_figure_told_again_by_the_acts_verb_counts_that_act(coder):
    """"… 45 Shahed drones were launched, as well as 12 cruise missiles": a breakdown of the weapons of
    the launch told in a sentence that keeps no act (the decision stage drops the doer-less reading)."""
    lead = "Russia launched 80 drones and missiles at Ukrainian cities overnight, the air force said. "
    breakdown = "A spokesman said 45 Shahed drones were launched, as well as 12 cruise missiles."
    parsed, events = _coded(coder, lead + breakdown)
    launch = [e for e in _bare(events) if e.sentence == 0]
    assert launch
    (carried,) = carry_figures(launch, parsed)
    assert {(45, "drones"), (12, "missiles")} <= _figures(carried)
    assert {q.claimant for q in carried.quantities if q.value in (45, 12)} == {"A spokesman"}
    # a second figure of the unit coordinated after an aside, which the parser hangs on the aside's verb
    parsed, events = _coded(coder, lead + "A general said 20 cruise missiles were launched, none of which "
                                          "reached Kyiv, as well as 15 ballistic missiles.")
    (carried,) = carry_figures([e for e in _bare(events) if e.sentence == 0], parsed)
    assert {(20, "missiles"), (15, "missiles")} <= _figures(carried)
    # a doer of its own, another verb, or a cause of its own: not a figure of the launch
    for other in ("Hezbollah launched 40 rockets at Haifa.", "A spokesman said 40 rockets were intercepted.",
                  "In a separate incident, 40 rockets were launched at Haifa.",
                  "A spokesman said 40 rockets were launched last month."):
        parsed, events = _coded(coder, lead + other)
        launch = [e for e in _bare(events) if e.sentence == 0]
        assert not any(q.value == 40 for e in carry_figures(launch, parsed) for q in e.quantities), other
