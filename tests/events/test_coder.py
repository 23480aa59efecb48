"""Event coding on real news sentences: who did what to whom, one line per case."""

from __future__ import annotations

import pytest

from tests.conftest import coded, dyads


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Russian Foreign Minister Sergei Lavrov made a three-day trip to North Korea.", ("CONSULT", "RUS", "PRK")),
        ("Ukraine accused Moscow of shelling a hospital in Kharkiv.", ("ACCUSE", "UKR", "RUS")),
        ("Japan condemned North Korea's latest missile launch.", ("ACCUSE", "JPN", "PRK")),
        ("China has shipped thousands of drones to Russia, officials said.", ("AID", "CHN", "RUS")),
        ("Russian forces attacked the Ukrainian city of Kharkiv on Friday.", ("ASSAULT", "RUS", "UKR")),
        ("Police arrested dozens of protesters in Tbilisi.", ("COERCE", None, None)),
    ],
)
def test_coder_finds_dyad(code, text, expected):
    found = dyads(code(text))
    if expected[1] is None:
        assert any(d[0] == expected[0] for d in found), found
    else:
        assert expected in found, found


def test_coder_pledge_is_intent_with_modality(code):
    events = code("North Korean leader Kim Jong Un met Lavrov. "
                  "Kim's government pledged to send about 6,000 engineers to Russia.")
    pledge = [e for e in events if e.cameo.startswith("03")]
    assert pledge and pledge[0].modality == "intended"
    assert pledge[0].source.country == "PRK" and pledge[0].target.country == "RUS"


def test_coder_reporting_verb_attributes_instead_of_coding(code):
    events = code("Moscow has sent military equipment to Pyongyang, western officials warned.")
    assert {e.plover.event for e in events} == {"AID"}
    assert events[0].attribution.text == "western officials"


def test_coder_symmetric_agreement_is_one_event_with_both_parties(code):
    found = dyads(code("Jordan and Britain signed a defence agreement on Tuesday."))
    assert found == {("SUPPORT", "JOR", "GBR")}  # one signing, not one per direction


def test_coder_backgrounded_event_noun_is_not_recoded(code):
    events = code("Following the meeting with Lavrov, the minister returned home.")
    assert not [e for e in events if e.plover.event == "CONSULT"]


def test_coder_event_id_is_stable(coder):
    text = "Russian forces attacked the Ukrainian city of Kharkiv on Friday."
    first = [e.event_id for e in coder.code(text, doc_id="a").events]
    again = [e.event_id for e in coder.code(text, doc_id="a").events]
    assert first and first == again


def test_coder_evidence_offsets_point_into_text(code):
    text = "Ukraine accused Moscow of shelling a hospital in Kharkiv."
    for event in code(text):
        assert text[event.evidence.start:event.evidence.end] == event.evidence.text
        assert text[event.trigger.start:event.trigger.end] == event.trigger.text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a performer announcing a coming act of force threatens it
        ("Nigeria said it will withdraw its troops from Chad unless the rebels disarm.", "THREATEN"),
        # promising cooperation is intent to cooperate (CAMEO 03)
        ("Syria says it is willing to withdraw its troops from Lebanon.", "AGREE"),
        # "will not" cooperate is a refusal
        ("Syria says it will not accept any more refugees from Iraq.", "REJECT"),
        # "X said Y must …" is X's demand of Y
        ("Britain said that Libya must hand over the suspects.", "REQUEST"),
        # a formal charge accuses; an arrest coerces
        ("A Kyiv court charged the former minister with treason.", "ACCUSE"),
        ("Police arrested the former minister in Kyiv.", "COERCE"),
    ],
)
def test_coder_reads_announcements_and_obligations(code, text, expected):
    assert expected in {e.plover.event for e in code(text)}


def test_coder_obligation_names_speaker_and_addressee(code):
    found = dyads(code("The Red Cross said US forces must ensure security in Iraq."))
    assert ("REQUEST", "NGO", "USA") in found or ("REQUEST", "IGO", "USA") in found, found


def test_coder_internal_affair_targets_the_home_country(code):
    found = dyads(code("Leaders of the Azerbaijani opposition agreed to postpone the rally in Baku."))
    assert any(t == "AZE" for _, _, t in found), found


def test_coder_one_other_party_is_the_target(code):
    found = dyads(code("Russia threatened to halt the talks if the United States deploys new missiles."))
    assert ("THREATEN", "RUS", "USA") in found, found


def test_coder_unclaimed_violence_is_coded_to_where_it_happened(code):
    found = dyads(code("A roadside bomb near the town of Samarra killed one U.S. soldier."))
    assert ("ASSAULT", "IRQ", "USA") in found, found


def test_coder_relative_clause_subject_is_not_an_object(code):
    # "a fire that broke out" is the clause's subject: no violent act against anyone
    assert not [e for e in code("A fire that broke out in the market destroyed dozens of shops.")
                if e.target is not None and e.target.text.startswith("A fire")]


def test_coder_grounds_of_a_condemnation_are_not_the_condemners_act(code):
    events = code("The UN condemned the militia for the massacre.")
    assert {e.plover.event for e in events} == {"ACCUSE"}, [(e.cameo, e.pattern) for e in events]


def test_coder_broker_of_an_agreement_is_not_its_party(code):
    found = dyads(code("Israel and Hamas agreed to a ceasefire brokered by Egypt and Qatar."))
    agree = {(s, t) for p, s, t in found if p == "AGREE"}
    assert ("ISR", "PSE") in agree and not any(t in ("EGY", "QAT") for _, t in agree), found


def test_coder_doer_of_a_supported_measure_is_the_target(code):
    found = dyads(code("Kim Jong Un said North Korea supports the measures taken by the Russian leadership."))
    assert any(s == "PRK" and t == "RUS" for _, s, t in found), found


def _harm(events, lemma: str):
    """The (source, target) countries of the events whose evidence holds a form of ``lemma``: the strike
    and the killing it caused are one event, whichever word it was coded on."""
    return {(e.source.country if e.source else None, e.target.country if e.target else None)
            for e in events if lemma in e.evidence.text.lower()}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the victims are where they were killed: "Odesa" is mislabelled by the parser but still a place
        ("Russian forces hit the port of Odesa before dawn, killing two dockworkers.", ("RUS", "UKR")),
        # with no place, the country of what was struck ("a Ukrainian power plant"), not the attacker's
        ("Russian drones hit a Ukrainian power plant overnight, killing two workers.", ("RUS", "UKR")),
        ("Israeli jets bombed a Syrian airbase on Monday, killing four soldiers.", ("ISR", "SYR")),
        ("Turkish troops shelled a Kurdish village in Syria and killed five civilians.", ("TUR", "SYR")),
        # neighbours: victims named with their country keep it; so does an attack the other way round
        ("Russian missiles killed eight Ukrainian soldiers on Sunday.", ("RUS", "UKR")),
        ("Ukrainian drones struck the Russian port of Tuapse overnight, killing one worker.", ("UKR", "RUS")),
        # an attack by a state's forces on a place in their own country stays at home
        ("Russian forces shelled the city of Belgorod, killing three people.", ("RUS", "RUS")),
        ("Syrian government forces bombed the town of Idlib, killing nine civilians.", ("SYR", "SYR")),
    ],
)
def test_coder_unnamed_victims_are_of_the_country_struck(code, text, expected):
    assert _harm(code(text), "kill") == {expected}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "from Russia" hangs on the verb: the diplomats are Russia's, and expelling them is 161, not 192
        ("Lithuania expelled two diplomats from Russia on Friday.", {("161", "LTU", "RUSGOV")}),
        # one expulsion is one event: its first party stands for the others (no fan-out per country)
        ("Moldova expelled two diplomats from Russia and Belarus on Monday.", {("161", "MDA", "RUSGOV")}),
        ("Two diplomats from Iran were expelled by Albania.", {("161", "ALB", "IRNGOV")}),
        # a diplomat named with a country keeps it, whatever the "from" phrase says
        ("Estonia expelled two Russian diplomats from the country.", {("161", "EST", "RUSGOV")}),
        ("Estonia expelled the Russian ambassador on Tuesday.", {("161", "EST", "RUSGOV")}),
    ],
)
def test_coder_expelled_diplomats_belong_to_the_country_they_come_from(code, text, expected):
    found = {(e.cameo, e.source.code if e.source else None, e.target.code if e.target else None)
             for e in code(text)}
    assert found == expected


def test_coder_driving_fighters_from_a_place_is_still_dislodging(code):
    events = code("Kenyan troops expelled the militants from the town of Kismayo.")
    assert [(e.cameo, e.source.country) for e in events] == [("192", "KEN")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the harm names its doer only through the act of force that caused it
        ("Three soldiers were killed in a Russian missile strike on the Sumy region overnight.", ("RUS", "UKR")),
        ("Two farmers were wounded in Turkish drone strikes on Kurdish villages in northern Iraq.", ("TUR", "IRQ")),
        # victims named with their country stay the target
        ("Four Syrian soldiers were killed in Israeli air strikes on Monday.", ("ISR", "SYR")),
    ],
)
def test_coder_harm_caused_by_an_act_of_force_takes_its_performer(code, text, expected):
    assert expected in {(e.source.country if e.source else None, e.target.country if e.target else None)
                        for e in code(text) if e.plover.event == "ASSAULT"}


def test_coder_conviction_is_done_by_the_country_the_article_is_about(code):
    events = code("Bolivia's former president Evo Morales was sentenced to ten years in prison on Monday. "
                  "His lawyers said they would appeal. Bolivian prosecutors had sought fifteen years.")
    [sentence] = [e for e in events if e.cameo == "116"]
    assert (sentence.source.country, sentence.target.country) == ("BOL", "BOL")
    assert sentence.source.kind == "implicit"


def test_coder_dateline_parsed_as_a_subject_is_not_the_performer(code):
    events = code("CANBERRA (Reuters) — The Australian government on Monday imposed sanctions "
                  "on three Iranian officials.")
    assert ("COERCE", "AUS", "IRN") in dyads(events)  # 163 is COERCE in CAMEO2PLOVER


def test_coder_a_stance_toward_a_party_is_not_membership(code):
    events = code("Thousands of pro-EU demonstrators rallied in Tbilisi on Sunday.")
    [rally] = [e for e in events if e.plover.event == "PROTEST"]
    assert rally.source is None or rally.source.country != "IGO"


@pytest.mark.parametrize("text", ["There were also protests in Mombasa on Tuesday.",
                                  "Clashes erupted in Khartoum on Monday."])
def test_coder_an_event_said_to_occur_needs_no_named_party(code, text):
    assert code(text)


def test_coder_a_bare_event_noun_in_passing_is_no_event(code):
    assert not code("The war has left thousands dead.")


def test_coder_ordering_an_ambassador_out_is_an_expulsion(code):
    events = code("Mali's junta ordered Joel Meyer, the French ambassador, to leave the country within 72 hours.")
    assert coded(events) == {("161", "MLI", "FRA")}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # naming the target a wrongdoer is a criticism, never a phone call
        ("Volodymyr Zelensky called Vladimir Putin a war criminal on Monday.", {("111", "UKR", "RUS")}),
        ("Volodymyr Zelensky called Vladimir Putin on Monday.", {("041", "UKR", "RUS")}),
        # "views X as a Y", and the predicate the small parser hangs on the object as its last apposition
        ("Volodymyr Zelensky said he views Vladimir Putin as a war criminal.", {("111", "UKR", "RUS")}),
        ("Volodymyr Zelensky said he considers Vladimir Putin, the Russian president, a war criminal.",
         {("111", "UKR", "RUS")}),
        # a true apposition, closed by a comma, is no predicate: a summons stays a summons
        ("Ukraine called Mikhail Babich, a Russian diplomat, to the foreign ministry on Monday.",
         {("114", "UKR", "RUS")}),
    ],
)
def test_coder_naming_verbs_with_a_predicate_name_rather_than_call(code, text, expected):
    assert coded(code(text)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Soldiers in Gabon said they had overthrown the government of President Ali Bongo.", ("170", "GAB")),
        ("The army seized power in Burkina Faso on Friday.", ("170", "BFA")),
        ("Mutinous soldiers staged a coup in Guinea on Sunday.", ("170", "GIN")),
        ("Sudan's army ousted President Omar al-Bashir on Thursday.", ("170", "SDN")),
        ("The Sudanese army removed President Omar al-Bashir from power on Thursday.", ("170", "SDN")),
    ],
)
def test_coder_a_coup_is_coercion_of_the_government(code, text, expected):
    assert expected in {(e.cameo, e.source.country if e.source else None) for e in code(text)}


def test_coder_a_leader_held_captive_is_detained(code):
    events = code("The deposed president is being held captive in Libreville by the presidential guard.")
    assert any(e.cameo == "173" for e in events)


def test_coder_a_passive_relative_clause_acts_on_the_noun_it_describes(code):
    """"who was arrested": the relative pronoun stands for Imran Khan, not for the place."""
    events = code("Supporters demanded the release of Imran Khan, who was arrested by police in Islamabad on Tuesday.")
    arrests = [e for e in events if e.cameo == "173"]
    assert arrests and arrests[0].target.text == "Imran Khan", [(e.cameo, e.target) for e in events]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a participle hung on the clause is passive: the clause's subject undergoes it
        ("Backed by Rwanda, the M23 rebels seized the town of Goma.", ("051", "RWA", "COD")),
        ("Arrested in March by Russian police, the American journalist was charged with espionage.",
         ("173", "RUS", "USA")),
    ],
)
def test_coder_a_bare_passive_participle_acts_on_the_clause_subject(code, text, expected):
    assert expected in coded(code(text))


def test_coder_the_one_accused_in_a_participle_is_no_accuser(code):
    events = code("Ugandan opposition figure Kizza Besigye appeared in a military court in Kampala on Wednesday, "
                  "accused of seeking to compromise national security.")
    accusations = [e for e in events if e.cameo.startswith("11")]
    assert all(e.source is None or e.source.country is None for e in accusations), accusations


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The Israeli army said it had shot down 90% of the rockets fired from Gaza.", ("190", "ISR")),
        ("Ukrainian air defences intercepted 40 Russian drones overnight.", ("190", "UKR")),
        ("The Chinese coast guard intercepted a Philippine supply boat near the shoal.", ("150", "CHN")),
    ],
)
def test_coder_intercepting_projectiles_is_force_and_shadowing_a_boat_is_posture(code, text, expected):
    assert expected in {(e.cameo, e.source and e.source.country) for e in code(text)}


def test_coder_a_noun_before_a_to_infinitive_is_the_verbs_object(code):
    """The parser makes "citizens" the subject of "to use": they are who Russia detains."""
    events = code("Russia has been detaining American citizens to use as bargaining chips.")
    assert ("173", "RUS", "USA") in coded(events)


def test_coder_a_fronted_apposition_is_not_the_passive_subject(coder):
    """The parser makes both "target" and "Bazoum" passive subjects: the one nearest the verb is confined."""
    from eventwire.nlp.syntax import direct_object

    for text, verb, patient in [
        ("The latest victim of a purge in the turbulent region, Defence Minister Ali Hassan has been confined "
         "at his home since Monday by officers of the republican guard.", "confined", "Hassan"),
        ("The latest target of a crackdown in the restive north, opposition leader John Mensah has been held "
         "at his house since Friday by police.", "held", "Mensah"),
    ]:
        doc = coder.nlp(text)
        assert direct_object(next(t for t in doc if t.text == verb)).text == patient


def test_coder_a_sanction_targeting_a_firm_is_no_strike_and_a_day_is_no_target(code):
    events = code("The United States imposed sanctions on Venezuela on Monday, targeting the state oil company "
                  "and 14 officials.", date="2025-09-16")
    assert "19" not in {e.cameo[:2] for e in events}
    assert ("163", "USA", "VEN") in coded(events)


def test_coder_a_trip_to_the_airport_is_no_visit(code):
    assert not [e for e in code("Before heading to the airport, Biden laid flowers at a monument in Hanoi.")
                if e.cameo.startswith("04")]
    assert [e for e in code("Biden headed to Hanoi on Sunday for talks with Vietnamese leaders.")
            if e.cameo.startswith("04")]


def test_the_subject_of_a_passive_that_keeps_its_object_is_the_recipient(code):
    # "was given a sentence": Khan receives the sentence, he does not give it
    events = code("Pakistan's former prime minister Imran Khan was given a 10-year prison sentence on Tuesday.",
                  date="2024-01-31")
    assert ("116", "PAK", "PAK") in coded(events)


@pytest.mark.parametrize(("text", "reply"), [
    ("Russia accused Ukraine of shelling the plant on Sunday. Kyiv rejected the allegations.", ("016", "UKR", "RUS")),
    ("Turkey accused the YPG of attacking its soldiers near the border. The YPG denies the charge.",
     ("016", "SYR", "TUR")),
])
def test_a_reply_to_an_accusation_concerns_its_accuser(code, text, reply):
    events = code(text, date="2024-03-04")
    assert reply in coded(e for e in events if e.sentence == 1)


@pytest.mark.parametrize("text", [
    "Israel came under rocket fire from Gaza on Monday.",
    "Israeli towns came under heavy rocket fire from Gaza overnight.",
])
def test_who_comes_under_fire_is_its_target_and_from_whom_its_source(code, text):
    assert {(e.source.country if e.source else None, e.target.country if e.target else None)
            for e in code(text) if e.cameo.startswith("19")} == {("PSE", "ISR")}


def test_coming_under_fire_from_critics_is_no_attack(code):
    assert not [e for e in code("Israel came under fire from critics at the UN.") if e.cameo.startswith("19")]


@pytest.mark.parametrize(("text", "code_"), [
    ("Israeli missiles destroyed the Iranian consulate building in Damascus on Monday.", "195"),
    ("Russian artillery damaged the hospital in Kherson overnight.", "194"),
])
def test_property_destroyed_by_a_weapon_is_the_act_of_force(code, text, code_):
    assert code_ in {e.cameo for e in code(text)}


def test_air_strikes_that_destroy_a_building_are_one_strike(code):
    events = code("Israeli air strikes destroyed the Iranian consulate building in Damascus on Monday.")
    assert [e.plover.event for e in events if e.cameo.startswith(("17", "19"))] == ["ASSAULT"]


@pytest.mark.parametrize("text", [
    "The Eiffel Tower closed as tourism officials warned sight-seers to stay away from the march.",
    "Authorities warned residents of the coast to evacuate ahead of the cyclone.",
])
def test_telling_people_to_keep_safe_is_no_threat(code, text):
    assert not [e for e in code(text) if e.cameo.startswith("13")]


def test_a_warning_to_a_state_is_still_a_threat(code):
    assert any(e.cameo.startswith("13") for e in code("The United States warned Iran not to attack Israel."))


def test_carrying_out_an_attack_told_before_does_not_concern_its_performer(code):
    text = ("Iran launched an attack on Israel late on Saturday. Sirens sounded across Jerusalem. The Islamic "
            "Revolutionary Guard Corps from Iran confirmed carrying out the attack.")
    later = [e for e in code(text, date="2024-04-14") if e.sentence == 2 and e.cameo.startswith("19")]
    assert all(e.target is None or e.target.country != "IRN" for e in later), later


def test_a_decision_carried_by_a_light_verb_is_its_subjects_act(code):
    events = code("Niger's foreign ministry made the decision to expel the French ambassador on Friday.")
    assert ("161", "NER", "FRA") in coded(events)


def test_quad_classes_are_phoenixs(code):
    # sanctions (16) are verbal conflict and appeals (02) neutral in the Phoenix convention
    [sanction] = [e for e in code("The United States imposed sanctions on Venezuela on Monday.") if e.cameo == "163"]
    assert sanction.quad_class == 3
    appeals = [e for e in code("The UN appealed to Israel and Hamas for restraint.") if e.cameo.startswith("02")]
    assert appeals and all(e.quad_class == 0 for e in appeals)


def test_a_name_before_a_typographic_apostrophe_is_the_possessor(code):
    events = code("Greek Prime Minister Kyriakos Mitsotakis\u2019 trip to the US was dominated by the Macedonia row.")
    assert ("042", "GRC", "USA") in coded(events)


@pytest.mark.parametrize("text", [
    "India called the firing an unprovoked violation of the 2003 ceasefire accord.",
    "Hamas branded the raid a massacre of civilians.",
])
def test_what_a_naming_verb_calls_an_act_is_no_act_of_its_own(code, text):
    assert not [e for e in code(text) if e.cameo.startswith(("18", "19", "20"))]


def test_shooting_down_what_another_state_launched_is_force_against_it(coder):
    # in an article, "launched by Iran" names the one other party of the interception
    text = ("The Israeli military has reportedly shot down 99% of the 300 missiles and drones launched by Iran "
            "overnight. Israeli aircraft are still patrolling the skies. At least 12 people were injured.")
    shot = [e for e in coder.code(text, date="2024-04-14", doc_id="i").events if e.trigger.text == "shot"]
    assert [(e.source.country, e.target.country if e.target else None) for e in shot] == [("ISR", "IRN")]


def test_brokering_a_deal_concerns_its_parties(code):
    text = ("Rwandan Foreign Minister Olivier Nduhungirehe signed a peace agreement with Congo in Washington on "
            "Friday. The government of Qatar also helped broker the deal.")
    brokering = [e for e in code(text, date="2025-06-27") if e.cameo == "045"]
    assert brokering and all(e.target is not None and e.target.country == "RWA" for e in brokering)


def test_what_an_alleged_act_did_is_part_of_the_allegation(code):
    events = code("Tehran launched drones at Israel on Saturday after it accused Israel of bombing its consulate in "
                  "Damascus on April 1, killing two generals.", date="2024-04-14")
    assert not [e for e in events if e.cameo.startswith("18") or (e.cameo.startswith("19") and e.source
                                                                   and e.source.country == "ISR")]
    assert any(e.cameo.startswith("11") and e.target and e.target.country == "ISR" for e in events)


@pytest.mark.parametrize(("text", "expected"), [
    ("Japan announced $200 million in humanitarian aid for Sudan on Monday.", ("073", "JPN", "SDN")),
    ("Canada sent 300 tonnes of food aid to Haiti.", ("070", "CAN", "HTI")),
])
def test_a_sum_in_aid_is_given_by_whoever_gives_the_sum(code, text, expected):
    assert expected in coded(code(text))


def test_a_pledged_sum_in_aid_is_a_pledge_not_aid_given(code):
    events = code("Germany pledged 500 million euros in military assistance to Ukraine.")
    assert {(e.cameo, e.modality) for e in events} == {("0331", "intended")}  # money pledged: economic aid


@pytest.mark.parametrize("text", [
    "China held large military drills around Taiwan on Thursday. Taiwan put its forces on alert in response.",
    "China held large military drills around Taiwan on Thursday. Taipei took retaliatory measures on Friday.",
])
def test_an_answer_is_aimed_at_whoever_acted_against_the_responder(code, text):
    answers = [e for e in code(text) if e.source is not None and e.source.country == "TWN"]
    assert answers and all(e.target is not None and e.target.country == "CHN" for e in answers)


def test_an_answer_names_no_one_when_no_one_acted_against_the_responder(code):
    events = code("Taiwan held an election on Saturday. Taiwan put its forces on alert in response to the storm.")
    assert not [e for e in events if e.target is not None and e.target.country not in (None, "TWN")]


def test_violence_told_without_its_doer_is_by_the_last_foreign_attacker(code):
    text = ("Russian missiles struck Kharkiv on Monday. On Tuesday three civilians were killed in Odesa.")
    killed = [e for e in code(text) if e.trigger.text == "killed"]
    assert [(e.source.country, e.target.country) for e in killed] == [("RUS", "UKR")]


def test_violence_told_without_its_doer_after_only_domestic_violence_stays_domestic(code):
    text = "Police fired on protesters in Nairobi on Monday. On Tuesday three civilians were killed in Mombasa."
    killed = [e for e in code(text) if e.trigger.text == "killed"]
    assert killed and all(e.source is None or e.source.country == "KEN" for e in killed)


@pytest.mark.parametrize(("text", "expected"), [
    # with no "of" phrase, whose the act is is who underwent it; with one, who did it
    ("Imran Khan's arrest by the anti-graft agency sparked protests in Pakistan.", "target"),
    ("Russia's detention of the American reporter angered Washington.", "source"),
])
def test_the_possessor_of_an_act_done_to_someone(code, text, expected):
    name = "Khan" if expected == "target" else "Russia"
    [act] = [e for e in code(text) if e.cameo == "173"]
    party = getattr(act, expected)
    assert party is not None and name in party.text


def test_an_act_before_or_after_the_verb_is_not_done_by_its_subject(code):
    events = code("The Ugandan opposition leader appeared in court in Kampala after his abduction in Nairobi.")
    [abduction] = [e for e in events if e.cameo == "181"]
    assert abduction.source is None or "leader" not in abduction.source.text


@pytest.mark.parametrize("text", [
    "Armenian forces stationed in the border region opened fire on Azerbaijani positions.",
    "Militias attacked US troops stationed in Syria on Sunday.",
])
def test_where_a_party_is_stationed_is_no_deployment(code, text):
    assert not [e for e in code(text) if e.cameo.startswith("15")]


def test_police_deployed_naming_no_one_are_deployed_at_home(code):
    events = code("Soldiers seized power in Gabon on Wednesday. Police were deployed to guard the main intersections.")
    [deployed] = [e for e in events if e.cameo == "153"]
    assert deployed.target is not None and deployed.target.country == "GAB"


def test_an_answer_holds_for_every_act_it_ends(code):
    text = ("China held large military drills around Taiwan on Thursday. "
            "Taiwan scrambled jets and put missile units on alert in response.")
    [scrambled] = [e for e in code(text) if e.trigger.text == "scrambled"]
    assert scrambled.target is not None and scrambled.target.country == "CHN"


def test_a_party_named_by_its_examples(code):
    events = code("The EU imposed sanctions on several countries, including Iran and Syria.")
    assert any(e.cameo == "163" and e.target is not None and e.target.country == "IRN" for e in events)


def test_who_names_an_act_did_not_do_it(code):
    events = code("Hezbollah described the air strike from Iran as a deserved response.")
    assert not [e for e in events if e.cameo.startswith("19") and e.source is not None
                and e.source.text == "Hezbollah"]


def test_an_act_named_by_a_noun_is_not_done_by_the_clauses_subject(code):
    events = code("“We regard the operation a response to the crime of targeting the consulate in Damascus,” "
                  "Hezbollah said in a statement.")
    assert not [e for e in events if e.trigger.text == "targeting" and e.source is not None
                and e.source.code.startswith("LBN")]


def test_a_toll_told_where_an_attack_struck_is_that_attacks(code):
    events = code("The Israeli strike on the Iranian consulate in Damascus, where seven officers were killed, "
                  "drew condemnation.", date="2024-04-02")
    force = [e for e in events if e.cameo.startswith("19")]
    assert force and all((e.source.country, e.target.country) == ("ISR", "IRN") for e in force)


@pytest.mark.parametrize(("text", "expected"), [
    ("An Iranian cleric warned on Friday that Iran could destroy a US naval force with one missile.", ("IRN", "USA")),
    ("Kim Jong Un warned that Pyongyang would use nuclear weapons against South Korea.", ("PRK", "KOR")),
])
def test_a_warning_of_what_ones_own_side_would_do_is_a_threat(code, text, expected):
    threats = [e for e in code(text, date="2024-04-12") if e.cameo.startswith("13")]
    assert expected in {(e.source.country, e.target.country) for e in threats if e.source and e.target}


def test_a_warning_of_what_another_side_could_do_is_no_threat_by_the_speaker(code):
    events = code("Ukraine warned that Russia could attack Kyiv again.", date="2024-04-12")
    assert not [e for e in events if e.cameo.startswith("13") and e.source and e.source.country == "UKR"]


def test_a_withdrawal_told_without_a_place_is_where_the_story_is(code):
    text = ("M23 rebels seized the town of Kitshanga in eastern Congo on Monday. "
            "The rebels withdrew from the town on Thursday, the army said.")
    withdrawals = [e for e in code(text, date="2023-03-02") if e.cameo.startswith("087")]
    assert withdrawals and all(e.location is not None and e.location.country == "COD" for e in withdrawals)


@pytest.mark.parametrize(("text", "code_"), [
    ("Russia and Ukraine agreed not to attack each other's energy facilities.", "0356"),
    ("Russia agreed to attack Ukraine's energy facilities.", "138"),
])
def test_an_act_promised_not_to_happen_is_an_easing_not_a_threat(code, text, code_):
    assert code_ in {e.cameo for e in code(text)}


def test_each_of_a_list_of_announced_acts_is_done_by_who_announces_them(code):
    text = ("Army officers in Gabon appeared on television to announce the annulment of the election results, "
            "the closure of the country's borders, and the dissolution of constitutional institutions.")
    acts = {e.trigger.text: e for e in code(text, date="2023-08-30")}
    assert {"annulment", "closure", "dissolution"} <= set(acts)  # "dissolution" hangs on "closure"
    assert all(acts[w].source is not None and acts[w].source.country == "GAB" for w in ("closure", "dissolution"))


def test_every_object_of_a_demand_is_demanded_not_done(code):
    events = code("Protesters in Lima are demanding new elections and the dismissal of the interior minister.")
    assert not [e for e in events if e.trigger.text == "dismissal"]


@pytest.mark.parametrize(("text", "code_", "target"), [
    ("Mali, Burkina Faso and Niger pulled out of the regional bloc ECOWAS.", "160", "ECOWAS"),
    ("Russian troops pulled out of Kherson on Friday.", "087", None),
])
def test_pulling_out_of_a_body_is_reduced_relations_out_of_a_town_a_withdrawal(code, text, code_, target):
    [event] = [e for e in code(text, date="2024-01-28") if e.trigger.text == "pulled"]
    assert event.cameo == code_ and (target is None or (event.target is not None and event.target.code == target))


def test_a_city_naming_a_pact_is_no_party_to_it(code):
    events = code("The United States pulled out of the Paris climate agreement.", date="2017-06-01")
    assert not [e for e in events if e.target is not None and e.target.country == "FRA"]


def test_a_domestic_partys_accusation_naming_no_one_is_addressed_to_its_state(code):
    text = ("Daniel Chapo won the presidential election in Mozambique on Thursday, the electoral commission said. "
            "Opposition leaders alleged massive fraud and demanded a recount.")
    addressed = [e for e in code(text, date="2024-10-25") if e.cameo[:2] in ("10", "11")]
    assert addressed and all(e.target is not None and e.target.country == "MOZ" for e in addressed)


def test_a_domestic_partys_act_toward_a_foreign_party_is_not_addressed_home(code):
    text = ("South Korea protested on Friday. "
            "The foreign ministry lodged a complaint over remarks by the Chinese ambassador.")
    assert not [e for e in code(text, date="2024-06-14") if e.cameo[:2] in ("10", "11")
                and e.target is not None and e.target.country == "KOR"]


def test_a_range_of_rates_does_not_hide_what_a_tariff_is_on(code):
    text = ("Donald Trump announced new tariffs ranging from 20% to 30% on imports from several countries, "
            "including Iraq and Algeria.")
    tariffs = [e for e in code(text, date="2025-07-10") if e.cameo.startswith("16")]
    assert tariffs and tariffs[0].target is not None and tariffs[0].target.country == "IRQ"


@pytest.mark.parametrize("text", [
    "After a week of Palestinian unrest in Jerusalem, Israel deployed extra police to the city.",
    "Two bombers killed nine people in Kabul in the current Taliban insurgency, police said.",
])
def test_unrest_told_as_the_setting_of_another_act_is_no_event(code, text):
    assert not [e for e in code(text) if e.cameo.startswith("14")]


def test_violence_against_a_states_forces_is_by_the_foreign_attacker_named_later(code):
    text = ("Azerbaijan said two of its soldiers were killed in Kalbajar on Monday. "
            "According to the statement, Armenian forces opened fire on the positions of the Azerbaijani army.")
    [killed] = [e for e in code(text, date="2023-03-06") if e.trigger.text == "killed"]
    assert killed.source is not None and killed.source.country == "ARM"


def test_violence_against_a_states_forces_after_only_domestic_fighting_stays_domestic(code):
    text = "Islamist militants killed 12 Somali soldiers. Two more Somali soldiers were killed on Friday."
    killed = [e for e in code(text, date="2023-03-06") if "Two more" in (e.target.text if e.target else "")]
    assert killed and killed[0].source is not None and killed[0].source.country == "SOM"


def test_engaging_in_an_act_is_that_act_not_fighting(code):
    # "engaged in" hands the act to its object: a demonstration is no use of force, fighting is
    demo = code("Some in the presidential guard engaged in an anti-Republican demonstration in Niamey.")
    assert not [e for e in demo if e.cameo.startswith("19")]
    fighting = code("Government troops engaged in heavy fighting with rebels near Goma on Sunday.")
    assert ("190", "COD", "COD") in coded(fighting)


@pytest.mark.parametrize("text", [
    "Russia is fighting hard for its future, the president said.",
    "We are fighting for the life and security of our people, he said.",
])
def test_a_fight_told_only_by_what_it_is_for_is_no_force(code, text):
    assert not [e for e in code(text) if e.cameo.startswith("19")]


@pytest.mark.parametrize("text", [
    "The summit of the two presidents led to progress on fighting fentanyl.",
    "The police are fighting against corruption in the capital.",
])
def test_a_fight_against_an_ill_is_no_force(code, text):
    assert not [e for e in code(text) if e.cameo.startswith("19")]


def test_a_fight_for_a_place_or_against_someone_is_force(code):
    assert [e for e in code("Ukrainian troops are fighting for Bakhmut.") if e.cameo.startswith("19")]
    assert [e for e in code("Kurdish fighters fought for their homeland against Islamic State.")
            if e.cameo.startswith("19")]


def test_an_act_avoided_or_averted_did_not_happen(code):
    events = code("The troops avoided attacking the city, the commander said.")
    attacks = [e for e in events if e.trigger.text == "attacking"]
    assert attacks and all(e.modality == "negated" for e in attacks)


def test_force_that_opens_a_quotation_is_a_turn_of_speech(code):
    speech = code("Then he returned to the attack: \u201cThe armed forces have received the order to neutralise "
                  "those who organised the rebellion,\u201d the president said.")
    assert not [e for e in speech if e.trigger.text == "attack"]
    force = code("Russian troops launched an attack on the town: witnesses said shells hit the market.")
    assert [e for e in force if e.trigger.text in ("launched", "attack") and e.cameo.startswith("19")]


def test_a_participle_set_off_after_the_subject_describes_it(code):
    # "seeking to overthrow…" between commas says who the mercenaries are; the shooting down is the act
    events = code("Wagner Group mercenaries, seeking to overthrow Russia\u2019s government, said they shot down a "
                  "military helicopter.", date="2023-06-24")
    assert not [e for e in events if e.trigger.text == "seeking"]
    assert [e for e in events if e.trigger.text == "shot"]


def test_agreeing_to_undergo_an_act_is_a_concession_not_a_threat(code):
    exile = code("The rebel leader agreed to go into exile in Belarus.", date="2023-06-25")
    assert [e for e in exile if e.cameo == "035"] and not [e for e in exile if e.cameo.startswith("13")]
    detained = code("The rebel commander agreed to be detained by the army.", date="2023-06-25")
    assert [e for e in detained if e.cameo == "035"] and not [e for e in detained if e.cameo.startswith("13")]
    deport = code("Russia vowed to deport the foreign journalists.", date="2023-06-25")
    assert [e for e in deport if e.cameo == "137"]


def test_forces_ordered_to_turn_back_retreat(code):
    events = code("Wagner chief Yevgeny Prigozhin ordered his mercenaries to turn back 200 km from Moscow.",
                  date="2023-06-24")
    assert [e for e in events if e.cameo.startswith("087") and e.source is not None and e.source.country == "RUS"]


def test_people_turned_back_are_kept_out_not_a_retreat(code):
    events = code("Italian coastguards turned back a boat carrying 40 migrants off Lampedusa on Sunday.",
                  date="2019-07-01")
    assert [e.cameo for e in events if e.trigger.text == "turned"] == ["174"]


def test_a_person_held_in_a_place_of_confinement_is_detained_talks_held_there_are_not(code):
    events = code("Soldiers said the president was held in the presidential palace in Libreville.", date="2023-08-30")
    assert [e.cameo for e in events if e.trigger.text == "held"] == ["173"]
    talks = code("Talks between the rebels and the government were held in the presidential palace on Monday.",
                 date="2023-08-30")
    assert not [e for e in talks if e.cameo.startswith("17")]


def test_a_share_of_which_stands_for_the_weapons_the_clause_before_launched(code):
    events = code("Hezbollah fired 40 rockets at northern Israel on Sunday, most of which were shot down by the "
                  "Iron Dome system.", date="2024-04-08")
    downed = [e for e in events if e.trigger.text == "shot"]
    assert downed and downed[0].pattern == "shoot-down-190" and downed[0].source.country == "ISR"
    assert downed[0].target is not None and downed[0].target.country == "LBN"  # whose rockets they were


def test_a_base_form_the_parser_makes_a_subject_is_a_noun_not_an_imperative(code):
    events = code("Press spokespeople for the Belarusian leader said he spent the day negotiating.", date="2023-06-25")
    assert not [e for e in events if e.trigger.text == "Press"]


def test_a_draft_is_conscription_only_as_the_armys(code):
    texts = ("Ukraine and Russia began working on drafts of the accord two months ago.",
             "Negotiators exchanged a new draft of the agreement on Friday.")
    for text in texts:
        assert not [e for e in code(text, date="2025-06-28") if e.cameo.startswith("15")], text
    drafted = code("Russia announced a military draft in the occupied regions on Friday.", date="2025-06-28")
    assert [e.cameo for e in drafted if e.trigger.text == "draft"] == ["154"]


def test_a_measure_passed_against_someone_censures_them(code):
    events = code("Parliament approved a motion of censure against Prime Minister Michel Barnier on Wednesday.",
                  date="2024-12-05")
    assert [e.cameo for e in events if e.trigger.text == "approved"] == ["111"]
    budget = code("Parliament approved the budget on Wednesday.", date="2024-12-05")
    assert not [e for e in budget if e.cameo.startswith("11")]


def test_weapons_shot_down_are_of_the_side_that_launched_them(code):
    events = code("Tehran launched more than 300 drones and missiles at Israel on Saturday, almost all of which "
                  "were shot down by Israeli defense systems, along with intercepts by forces from the United "
                  "States, France, Britain, and Jordan.", date="2024-04-15")
    downed = [e for e in events if e.trigger.text == "shot"]
    assert downed and downed[0].target is not None and downed[0].target.country == "IRN"


def test_aid_or_ties_need_another_party_than_oneself(code):
    events = code("The ELN finances itself through drug trafficking and illegal gold mining in Colombia.",
                  date="2022-09-19")
    assert not [e for e in events if e.cameo.startswith("07")]
    funded = code("Russia financed the separatist rebels in Donbas for years.", date="2022-09-19")
    assert [e.cameo for e in funded if e.trigger.text == "financed"] == ["071"]


def test_a_clause_hung_on_a_recalled_act_is_background(code):
    text = ("The protests are the biggest in Serbia since the massive demonstrations of 1996 to protest the "
            "rigging of local elections, the agency reported.")
    assert not [e for e in code(text, date="2024-12-23") if e.trigger.text in ("protest", "rigging")]
    produced = code("The three were produced before the chief magistrate, who remanded them to police custody.",
                    date="2024-12-23")
    assert [e.cameo for e in produced if e.trigger.text == "remanded"] == ["173"]


def test_injured_protesters_are_people_harmed_not_a_protest(code):
    events = code("Scores of injured protesters were receiving treatment at hospitals in Lagos on Wednesday.",
                  date="2020-10-21")
    assert not [e for e in events if e.cameo.startswith("14")]
    marched = code("Thousands of protesters marched on parliament in Abuja on Tuesday.", date="2020-10-21")
    assert [e.cameo[:2] for e in marched] == ["14"]


def test_a_relation_one_holds_is_no_act_signing_one_is(code):
    held = code("Israel has a peace treaty with Egypt and maintains close ties with Jordan.", date="2024-07-08")
    assert not [e for e in held if e.cameo.startswith(("03", "05"))], [(e.cameo, e.trigger.text) for e in held]
    signed = code("Japan and the Philippines signed a defence pact in Manila on Monday.", date="2024-07-08")
    assert [e.cameo for e in signed] == ["057"]
