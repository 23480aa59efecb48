"""find_quantities: how many, how exactly, and of what."""

import pytest

from eventwire.errors import DataFileError
from eventwire.facets.quantities import find_quantities, load_rules

COUNTS = [
    ("Pyongyang has sent more than 12,000 troops to the front.", 12000, "more_than", "troops"),
    ("About 6,000 military engineers will rebuild the bridges.", 6000, "about", "engineers"),
    ("The shipments included millions of rounds of artillery ammunition.", 1_000_000, "at_least", "rounds"),
    ("Hundreds were killed and thousands more wounded in the offensive.", 1000, "at_least", "wounded"),
    ("Hundreds were killed and thousands more wounded in the offensive.", 100, "at_least", "killed"),
    ("The Pentagon will deploy 30,000 more troops to the region.", 30000, "exact", "troops"),
    ("The brigade lost 2,000 men, 600 of whom have died since March.", 600, "exact", "killed"),
    ("The clashes left 600 dead, according to local officials.", 600, "exact", "killed"),
    ("Gunmen killed 12 people at a checkpoint near the airport.", 12, "exact", "killed"),
    ("Twelve people were killed when a drone hit the market.", 12, "exact", "killed"),
    ("The agency reported at least 30 killed in the shelling.", 30, "at_least", "killed"),
    ("Security forces arrested 20 after the protest in the capital.", 20, "exact", "arrested"),
    ("Nearly 50 civilians were wounded in the strike on the station.", 50, "at_most", "wounded"),
    ("Almost 90 drones were launched at the city overnight.", 90, "at_most", "drones"),
    ("The convoy carried up to 200 tonnes of food and medicine.", 200, "at_most", "tonnes"),
    ("Over 100 protesters gathered outside parliament on Sunday.", 100, "more_than", "protesters"),
    ("Some 400 families fled the fighting in the north.", 400, "about", "displaced"),
    ("Around 70 vessels are stuck in the port.", 70, "about", "vessels"),
    ("Roughly 15 ships were inspected by the navy.", 15, "about", "ships"),
    ("Approximately 8 jets escorted the bombers.", 8, "about", "jets"),
    ("An estimated 5,000 people joined the march.", 5000, "about", "people"),
    ("Fewer than 40 rockets were intercepted by air defences.", 40, "less_than", "rockets"),
    ("Less than 10 percent of the promised aid has arrived.", 10, "less_than", "percent"),
    ("No more than 70 tanks remain in service, the report found.", 70, "at_most", "tanks"),
    ("Two warships entered the strait early on Monday.", 2, "exact", "warships"),
    ("A dozen tanks crossed the border at dawn.", 12, "exact", "tanks"),
    ("Dozens of buildings were damaged in the blast.", 12, "at_least", "buildings"),
    ("Hundreds of soldiers surrendered to the advancing troops.", 100, "at_least", "soldiers"),
    ("Tens of thousands of people marched in the capital.", 10000, "at_least", "people"),
    ("About 1.5 million people have been displaced by the war.", 1_500_000, "about", "displaced"),
    ("Washington approved $2 billion in new military aid.", 2_000_000_000, "exact", "usd"),
    ("The European Union pledged €500 million for reconstruction.", 500_000_000, "exact", "eur"),
    ("A 3,000-strong contingent arrived at the base.", 3000, "exact", "contingent"),
    ("Food prices rose 10% in a single month.", 10, "exact", "percent"),
    ("The death toll rose to 45, the health ministry said.", 45, "exact", "killed"),
    ("Rescuers found more bodies on Monday, raising the toll to 15.", 15, "exact", "killed"),
    ("The toll from the shelling of the market has risen to 21.", 21, "exact", "killed"),
    ("The attack killed 12 soldiers and wounded 30 others.", 12, "exact", "killed"),
    ("The attack killed 12 soldiers and wounded 30 others.", 30, "exact", "wounded"),
    ("Between 200 and 300 people were detained overnight.", 200, "at_least", "arrested"),
    ("Between 200 and 300 people were detained overnight.", 300, "at_most", "arrested"),
    ("The fighting spread over two districts of the city.", 2, "exact", "districts"),
    ("Police detained fewer than a dozen demonstrators.", 12, "less_than", "arrested"),
    ("Rescuers pulled twenty-five survivors from the rubble.", 25, "exact", "survivors"),
    ("Organisers said 200-300 people joined the rally.", 200, "at_least", "people"),
    ("Organisers said 200-300 people joined the rally.", 300, "at_most", "people"),
    ("Russia fired 120 missiles and 90 drones overnight.", 90, "exact", "drones"),
    ("The court fined the editor 2 million rubles.", 2_000_000, "exact", "rub"),
    # the participle after the counted noun, whatever the parse hangs it on
    ("The Guards named the general as among seven of its members killed.", 7, "exact", "killed"),
    # a reporting clause between the count and its outcome
    ("The colonel was among nine officers the army said were killed.", 9, "exact", "killed"),
    ("Rescuers found 30 people the agency says died in the flood.", 30, "exact", "killed"),
    ("Three of the soldiers launched an attack.", 3, "exact", "soldiers"),
]

NOT_COUNTS = [
    "In 2024, the talks collapsed after a week.",
    "The 45-year-old commander was dismissed.",
    "The minister began a three-day trip to Seoul.",
    "The blockade of the port has lasted two years.",
    "The ruling party finished third in the vote.",
    "Resolution 2231 expired in October.",
    "The talks resumed at 10 a.m. on Monday.",
    "Su-34 bombers struck the town.",
    "No one was hurt in the fire.",
    "The convoy stopped 40 kilometres from the border.",
    "The council approved the plan in a 2-1 vote.",
    "He was sentenced to 15 years in prison.",
]


@pytest.mark.parametrize(("text", "value", "qualifier", "unit"), COUNTS)
def test_quantities_reads_value_qualifier_and_unit(parse, text, value, qualifier, unit):
    found = [(q.value, q.qualifier, q.unit) for q in find_quantities(parse(text))]
    assert (value, qualifier, unit) in found


@pytest.mark.parametrize("text", NOT_COUNTS)
def test_quantities_skips_dates_ages_durations_ordinals_and_labels(parse, text):
    assert find_quantities(parse(text)) == []


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("Officials said North Korea has sent more than 12,000 troops.", "more than 12,000 troops"),
        ("Pyongyang shipped millions of rounds of ammunition.", "millions of rounds"),
        ("The EU pledged $2 billion on Friday.", "$2 billion"),
    ],
)
def test_quantities_offsets_point_into_the_doc_text(nlp, text, phrase):
    sent = list(nlp("The talks collapsed. " + text).sents)[-1]  # offsets count from the doc, not the sentence
    [quantity] = find_quantities(sent)
    assert quantity.text == phrase
    assert sent.doc.text[quantity.start : quantity.end] == phrase


def test_quantities_user_file_adds_words(parse, tmp_path):
    extra = tmp_path / "extra.yaml"
    extra.write_text(
        "format: eventwire.quantities.v1\n"
        "qualifiers: {well over: more_than}\n"
        "outcomes: {captured: {transitive: [capture]}}\n"
    )
    rules = load_rules(extra)
    found = find_quantities(parse("Rebels captured well over 100 soldiers."), rules)
    assert [(q.value, q.qualifier, q.unit) for q in found] == [(100, "more_than", "captured")]


def test_quantities_bad_file_lists_every_mistake(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "format: eventwire.quantities.v2\n"
        "qualifiers: {roughly: approx}\n"
        "numbers: {seven: many}\n"
        "colours: [red]\n"
    )
    with pytest.raises(DataFileError) as error:
        load_rules(bad)
    message = str(error.value)
    for mistake in ("'format'", "qualifiers.roughly", "numbers.seven", "'colours'"):
        assert mistake in message


def test_a_count_of_what_a_participle_describes_is_a_figure_of_its_act(code):
    """'the 200 rockets fired by Hamas': the count is what Hamas fired, though it hangs on the
    interception's object."""
    events = code("The Israeli army said it had shot down 90% of the 200 rockets fired by Hamas on Saturday.",
                  date="2023-10-08")
    fired = [e for e in events if e.source and e.source.country == "PSE"]
    assert fired and (200, "rockets") in {(q.value, q.unit) for q in fired[0].quantities}, \
        [(e.cameo, e.source, e.quantities) for e in events]
