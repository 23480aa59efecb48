"""How the context reframes the code of an act.

"Nigeria will withdraw its force" is announced, not done: an intent (03x) or, for force, a
threat (13x); "…unless the rebels disarm" makes it an ultimatum (139); "will not accept" is a
refusal (12x); "X said Y must withdraw" is X's demand of Y (10x).
DOCS: docs/data-files.md#complements
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Token

from eventwire.events.codebook import complement_codes, root_policy
from eventwire.events.coder import Draft
from eventwire.model import Actor
from eventwire.rules import rules

FUTURE_MODALS = {"will", "would", "wo", "'ll", "shall"}
ULTIMATUM = "139"  # CAMEO: give ultimatum — an act announced on condition that the other side yields


def announced(draft: Draft, modality: str, claimant: Actor | None) -> str:
    """The code of an act that is only announced: intent to cooperate (03x) or a threat (13x).

    Applies where the context, not the trigger itself, makes the act future or intended;
    "promised to send aid" was already coded 033 by the events stage. A coming act of force
    is a threat when its own performer announces it ("Nigeria said it will withdraw its force")."""
    trig = draft.trigger
    if trig.inner is not None or trig.pattern.modality is not None:
        return draft.cameo
    root = draft.cameo[:2]
    if modality in ("intended", "expected") and _on_condition(trig.token):
        return ULTIMATUM  # "will withdraw its force unless the rebels disarm"
    if modality in ("intended", "expected") and root in root_policy("intent"):
        return complement_codes().get("03", {}).get(root, "030")
    if modality == "negated" and root in root_policy("intent") and _future(trig.token):
        return complement_codes().get("12", {}).get(root, "120")  # "will not accept refugees": refusal
    self_announced = modality == "expected" and _same_side(claimant, draft.source)
    if (modality == "intended" and root in root_policy("threat")) or (
            self_announced and root in root_policy("announced_threat")):
        return complement_codes().get("13", {}).get(root, "130")
    return draft.cameo


def demanded(draft: Draft, claimant: Actor | None) -> Draft | None:
    """'X said that Y must withdraw': X demands (10x) of Y the act Y is told to perform."""
    acting = (draft.trigger.inner or draft.trigger).token
    must = any(c.dep_ == "aux" and c.lower_ in rules("modality")["obligation_modals"] for c in acting.children)
    if not must or claimant is None or not claimant.country or _same_side(claimant, draft.source):
        return None
    code = complement_codes().get("10", {}).get(draft.cameo[:2], "100")
    return replace(draft, cameo=code, source=claimant, target=draft.source)


def _on_condition(token: Token) -> bool:
    return any(c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ == "unless" for m in c.children)
               for c in token.children)


def _future(token: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ in FUTURE_MODALS for c in token.children)


def _same_side(a: Actor | None, b: Actor | None) -> bool:
    return a is not None and b is not None and a.country is not None and a.country == b.country
