"""Cross-article deduplication: which stored mentions report one real-world event?

Pure functions on small records, no database: :mod:`eventwire.store.ingest` fetches the mentions
of the stored events near a new article (by CAMEO root and time, through an index) and asks
:func:`cluster` how they and the article's mentions group into events. DOCS: docs/store.md#dedup-rule

The decision is one scoring function, :func:`score`, whose weights and thresholds are data
(``data/dedup/identity.yaml``, :func:`load_identity`). Two mentions of one CAMEO root are refused
outright (a veto) when their known parties differ in country or named person in the same role
(either way round for a symmetric root), their places differ, their modalities differ, their
times cannot be one event, or they are two mentions of one article the coder kept apart that
agree too little (``article_floor``). Otherwise they score the weights of what they agree on
(code, each party's country, sector and person, day, place) and link when the sum reaches
``link``. The score is symmetric: score(a, b) is score(b, a).

:func:`cluster` turns the links into events without looking at the order the mentions came in:
links are taken strongest first (ties by the mentions' canonical order), and two groups merge
only when no pair across them is vetoed and their dated mentions still span at most ``window``
days. The same mentions always give the same events, so the store re-clusters the affected
mentions after each article and the input order does not matter.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any, Literal

from eventwire.datafiles import builtin_file, read_yaml
from eventwire.errors import DataFileError
from eventwire.events.codebook import under_policy
from eventwire.geo import distance_km
from eventwire.model import day_of as parse_day  # the name the store and its tests use

FORMAT = "eventwire.dedup.v1"
WEIGHTS = ("same_code", "same_base", "same_family", "party_country", "party_sector", "party_person",
           "party_conflict", "host_conflict", "sector_conflict", "domestic", "same_day", "next_day", "within_news",
           "undated", "same_place", "same_place_country", "same_words", "same_article")
# weights a file may leave out (added after the format): the value that gives the rule before them
OPTIONAL_WEIGHTS = {"news_apart": 0.0, "speech_family": 0.0, "undated_news": -0.5, "forecast": -0.5, "same_act": 0.0}
TIMES = ("window", "precise_gap", "precise_gap_other_base", "news_days", "undated_days")
OPTIONAL_TIMES = {"named_month_days": 0}  # a file may leave them out: the rule before them
MUST_LINK = math.inf  # two mentions of one article the coder grouped as one event
MONTH_DAYS = 31  # a coarse span shorter than this is a month (time.named_month_days)

SpanKind = Literal["day", "news", "coarse"]


@dataclass(frozen=True, eq=False)  # hashed as the object: caches keyed by it (store/regroup.py)
class Identity:
    """The weights and thresholds of :func:`score` (``data/dedup/identity.yaml``)."""

    link: float
    weights: Mapping[str, float]
    merge_mean: float = 0.0
    article_floor: float = 0.0  # two mentions of one article the coder kept apart: vetoed below this score
    window: int = 3
    precise_gap: int = 1
    precise_gap_other_base: int = 0
    news_days: int = 3
    undated_days: int = 7
    # a month an article names as recent ("this past July"), ending at most this many days before its
    # publication, is compared with the acts dated in it (0: a month is history, like a year)
    named_month_days: int = 0
    place_km: float = 50.0
    settled: int = 50  # an event of more mentions is settled: it gains mentions but is not regrouped
    modality_group: Mapping[str, str] = field(default_factory=dict)
    inferred_kinds: frozenset[str] = frozenset()
    # base code → the numbers of the families holding it: a code may sit in several (043, hosting, is
    # a visit hosted and a meeting hosted), and two codes are one act when any family holds both
    base_family: Mapping[str, frozenset[int]] = field(default_factory=dict)
    # acts of violence: a night may date them to either day (time_score), and their target is told as
    # the party struck or the country where it stood (party_score)
    violent_roots: frozenset[str] = frozenset()
    # acts done within a day (a meeting, an arrest, a strike): two texts that state the day of one
    # such act state the same day (bar a night, violent_roots); optional, so older files still load
    day_roots: frozenset[str] = frozenset()
    # statements (an appeal, a threat, a criticism): coded from the verb each outlet picks, so two base
    # codes of one family score ``speech_family`` rather than ``same_family``; optional
    speech_roots: frozenset[str] = frozenset()
    # forecasts (``forecasts`` in the file; optional): an act told as coming ("Ruto's upcoming talks with
    # Museveni"), which the coder codes as an intent of ``forecast_root`` (036), is a report of that act
    # when it takes place, dated within ``window`` days from the forecast's publication
    forecast_root: str | None = None
    forecast_acts: frozenset[str] = frozenset()
    # pattern id → the particular act it names (``acts`` in the file; optional): two mentions naming two
    # such acts are two events, two naming one act are one act whatever code each pattern gives it
    act_of_pattern: Mapping[str, str] = field(default_factory=dict)

    def with_window(self, window: int) -> Identity:
        return replace(self, window=window)


def load_identity(path: Path | str | None = None) -> Identity:
    """The dedup weights of ``path`` (default: the shipped ``data/dedup/identity.yaml``)."""
    where = Path(path) if path is not None else builtin_file("dedup", "identity.yaml")
    data = read_yaml(where)
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise DataFileError(str(where), [f"expected a mapping with 'format: {FORMAT}'"])
    weights, times, groups = data.get("weights") or {}, data.get("time") or {}, data.get("modality_groups") or {}
    problems = [f"{name} is missing or not a number" for name in ("link", "merge_mean", "article_floor", "place_km",
                                                                  "settled")
                if not isinstance(data.get(name), int | float)]
    problems += [f"weights.{name} is missing or not a number" for name in WEIGHTS
                 if not isinstance(weights.get(name), int | float)]
    problems += [f"weights.{name} is not a number" for name in OPTIONAL_WEIGHTS
                 if not isinstance(weights.get(name, 0.0), int | float)]
    problems += [f"time.{name} is missing or not a whole number of days" for name in TIMES
                 if not isinstance(times.get(name), int)]
    problems += [f"time.{name} is not a whole number of days" for name in OPTIONAL_TIMES
                 if not isinstance(times.get(name, 0), int)]
    if not isinstance(groups, dict) or not all(isinstance(v, list) for v in groups.values()):
        problems.append("modality_groups must map a group name to a list of modalities")
    families = data.get("base_families") or []
    if not isinstance(families, list) or not all(
            isinstance(f, list) and all(isinstance(c, str) and len(c) == 3 for c in f) for f in families):
        problems.append("base_families must be a list of lists of quoted 3-digit base codes")
    violent, day_roots, speech_roots = (_roots(data, name, problems)
                                        for name in ("violent_roots", "day_roots", "speech_roots"))
    forecast_root, forecast_acts = _forecasts(data, problems)
    acts = data.get("acts") or {}
    if not isinstance(acts, dict) or not all(
            isinstance(ids, list) and all(isinstance(i, str) for i in ids) for ids in acts.values()):
        problems.append("acts must map an act's name to a list of pattern ids")
        acts = {}
    inferred = data.get("inferred_kinds") or []
    if not isinstance(inferred, list) or not all(isinstance(v, str) for v in inferred):
        problems.append("inferred_kinds must be a list of actor kinds")
    if problems:
        raise DataFileError(str(where), problems)
    return Identity(float(data["link"]), {**{k: float(weights.get(k, v)) for k, v in OPTIONAL_WEIGHTS.items()},
                                          **{k: float(weights[k]) for k in WEIGHTS}}, float(data["merge_mean"]),
                    float(data["article_floor"]), **{k: int(times[k]) for k in TIMES},
                    **{k: int(times.get(k, v)) for k, v in OPTIONAL_TIMES.items()}, place_km=float(data["place_km"]),
                    settled=int(data["settled"]),
                    modality_group={str(m): str(g) for g, ms in groups.items() for m in ms},
                    inferred_kinds=frozenset(inferred),
                    base_family=families_of(families),
                    violent_roots=frozenset(violent), day_roots=frozenset(day_roots),
                    speech_roots=frozenset(speech_roots), forecast_root=forecast_root,
                    forecast_acts=frozenset(forecast_acts),
                    act_of_pattern={str(pid): str(name) for name, ids in acts.items() for pid in ids})


def _forecasts(data: dict[str, Any], problems: list[str]) -> tuple[str | None, list[str]]:
    """``forecasts: {root: "03", acts: ["04", ...]}`` (absent: no forecast joins the act it forecasts)."""
    section = data.get("forecasts")
    if section is None:
        return None, []
    root = section.get("root") if isinstance(section, dict) else None
    if not isinstance(root, str) or len(root) != 2:
        problems.append("forecasts.root must be a quoted 2-digit CAMEO root")
        return None, []
    return root, _roots(section, "acts", problems, "forecasts.acts")


def _roots(data: dict[str, Any], name: str, problems: list[str], where: str | None = None) -> list[str]:
    """A list of quoted 2-digit CAMEO roots (absent: none); a problem noted when it is not one."""
    roots = data.get(name) or []
    if not isinstance(roots, list) or not all(isinstance(r, str) and len(r) == 2 for r in roots):
        problems.append(f"{where or name} must be a list of quoted 2-digit CAMEO roots")
    return roots


def families_of(families: list[list[str]]) -> dict[str, frozenset[int]]:
    """Each base code of ``base_families`` → the numbers of every family that lists it."""
    out: dict[str, set[int]] = {}
    for n, family in enumerate(families):
        for code in family:
            out.setdefault(code, set()).add(n)
    return {code: frozenset(ns) for code, ns in out.items()}


@cache
def default_identity() -> Identity:
    return load_identity()


WINDOW_DAYS = 3  # the shipped time.window; ingest(window=) overrides it


# ---- what dedup looks at in a mention ----------------------------------------------------------


@dataclass(frozen=True)
class Party:
    """A party as the texts may agree on it: its country, its sectors, the person it names."""

    country: str | None = None
    sectors: frozenset[str] = frozenset()
    person: str | None = None

    @classmethod
    def of(cls, actor: Mapping[str, Any] | None, identity: Identity) -> Party:
        """The party as the text states it: the country of a party the coder inferred (an unnamed
        party, bare "civilians" given the country struck) is not the text's, so it counts as unresolved."""
        if not actor:
            return cls()
        kind = actor.get("kind")
        person = actor.get("name") if kind == "person" else None
        country = None if kind in identity.inferred_kinds else actor.get("country")
        return cls(country, frozenset(actor.get("sectors") or ()), person)


@dataclass(frozen=True)
class Span:
    """When a mention says the event happened: ``lo``..``hi``, and how it knows.

    ``day``: dated to the day in its text; ``news``: told as recent news with no day of its own (the
    days up to the publication, or a week the text names); ``coarse``: a month, season, year or decade
    (history, background)."""

    lo: date
    hi: date
    kind: SpanKind


@dataclass(frozen=True)
class MentionKey:
    """What dedup looks at in a mention."""

    id: str
    article: str  # the article's content hash: same article, and a canonical order
    group: str  # the coder's group: mentions of one article that report one event share it
    cameo: str
    source: Party
    target: Party
    when: Span | None  # None: the text dates it nowhere (background, a plan)
    seen: date | None  # the article's publication day
    place_country: str | None = None
    place_name: str | None = None
    place_feature: str | None = None
    place_point: tuple[float, float] | None = None  # latitude, longitude
    modality: str = "asserted"
    words: str = ""  # the evidence, lower case, spaces collapsed: wire copy repeats it word for word
    # the code of the act the mention announces, as the lexicon codes it, where the coder coded the
    # mention as something else: the inner act of "agreed to resume contacts" (050, coded 036), the
    # meeting of "upcoming talks" (040, coded 036 for its modality); None where it announces no other
    act: str | None = None
    # the particular act its pattern names (identity.yaml ``acts``: a downing, the capture of a place)
    named_act: str | None = None

    @property
    def root(self) -> str:
        return cameo_root(self.cameo)

    @property
    def base(self) -> str | None:
        return cameo_base(self.cameo)

    @property
    def day(self) -> date | None:
        """The day stored for the mention: its own day, the publication day for news of the day,
        none for background and history (a month, a year, no date)."""
        if self.when is None or self.when.kind == "coarse":
            return None
        return self.when.lo if self.when.kind == "day" else self.when.hi

    @property
    def order(self) -> tuple[date, str, str]:
        """Canonical order: earliest article first, then the mention id (never the input order)."""
        return self.seen or date.max, self.article, self.id


def cameo_root(code: str) -> str:
    """``"19"`` for 19, 190 and 1951."""
    return code[:2]


def cameo_base(code: str) -> str | None:
    """The 3-digit base code (``"195"`` for 195 and 1951), None for a bare root."""
    return code[:3] if len(code) >= 3 else None


def span_of(value: Mapping[str, Any] | None, identity: Identity) -> Span | None:
    """The :class:`Span` of an Event's ``date`` (as JSON)."""
    if not value:
        return None
    precision, text = value.get("precision"), value.get("value") or ""
    if precision == "day":
        day = parse_day(text)
        return Span(day, day, "day") if day else None
    if precision == "week":
        start = parse_day(text)
        if start is None:
            return None
        if not value.get("text"):  # the coder's "news of the week it was published": no words of its own
            return Span(start - timedelta(days=identity.news_days), start, "news")
        return Span(start, start + timedelta(days=6), "news")
    return _coarse(text, precision)


def _coarse(text: str, precision: str | None) -> Span | None:
    try:
        year = int(text[:4])
        if precision == "decade":
            return Span(date(year, 1, 1), date(year + 9, 12, 31), "coarse")
        if len(text) < 7:
            return Span(date(year, 1, 1), date(year, 12, 31), "coarse")
        month = int(text[5:7])
        months = 3 if precision == "season" else 1
        end_year, end_month = year + (month + months - 1) // 12, (month + months - 1) % 12 + 1
        return Span(date(year, month, 1), date(end_year, end_month, 1) - timedelta(days=1), "coarse")
    except ValueError:
        return None


def key_of(event: Mapping[str, Any], mention_id: str, article: str, published: date | None,
           identity: Identity | None = None) -> MentionKey:
    """The :class:`MentionKey` of a coded Event (its JSON form) in an article."""
    identity = identity or default_identity()
    location = event.get("location") or {}
    if location.get("from_story"):
        # a place the story gives, not the mention's sentence, is a guess at where: its country counts,
        # its name neither agrees with nor vetoes another mention's
        location = {"country": location.get("country")}
    return MentionKey(
        id=mention_id, article=article, group=event.get("group") or event.get("event_id") or mention_id,
        cameo=event["cameo"], source=Party.of(event.get("source"), identity),
        target=Party.of(event.get("target"), identity),
        when=span_of(event.get("date"), identity), seen=published,
        place_country=location.get("country"), place_name=location.get("name") or location.get("text") or None,
        place_feature=location.get("feature"), place_point=_point(location),
        modality=event.get("modality") or "asserted",
        words=" ".join(((event.get("evidence") or {}).get("text") or "").lower().split()),
        act=announced_act(event), named_act=identity.act_of_pattern.get((event.get("pattern") or "").split("+")[-1]))


def announced_act(event: Mapping[str, Any]) -> str | None:
    """The code of the act a mention announces where it is not the mention's own code: the inner act
    of an announcing pattern ("promise-meet-036+restore-ties-050": 050), or the code of the pattern
    itself where the coder reframed it under another root for its modality ("meeting-n-040" coded 036:
    "upcoming talks"). None for a pattern the built-in lexicon does not hold (a user's file) and for a
    mention coded with its pattern's root."""
    outer, _, inner = (event.get("pattern") or "").partition("+")
    codes = _pattern_codes()
    if inner:
        return codes.get(inner)
    own = codes.get(outer)
    return own if own is not None and own[:2] != str(event.get("cameo", ""))[:2] else None


@cache
def _pattern_codes() -> dict[str, str]:
    """Pattern id → its CAMEO code, of the built-in lexicon (data/patterns)."""
    from eventwire.events.lexicon import Lexicon  # the lexicon, only when a mention is keyed

    return {pid: pattern.cameo for pid, pattern in Lexicon.load().patterns.items()}


def _point(location: Mapping[str, Any]) -> tuple[float, float] | None:
    lat, lon = location.get("lat"), location.get("lon")
    return (float(lat), float(lon)) if lat is not None and lon is not None else None


# ---- the score -----------------------------------------------------------------------------------


def score(a: MentionKey, b: MentionKey, identity: Identity | None = None) -> float | None:
    """How strongly two mentions agree that they report one event; None when they cannot."""
    identity = identity or default_identity()
    w = identity.weights
    parts = _parts(a, b, identity)
    if parts is None:
        return None
    if a.article == b.article:
        if a.group == b.group:  # the coder grouped them: one event, as far as the rest allows
            return MUST_LINK
        # the coder groups an article's mentions by exact type and dyad: two it kept apart may still be
        # one act it coded with two targets (the consulate's country and the country struck). One event
        # only when the rest agrees well; otherwise a veto, as for two events of one article
        total = parts + w["same_article"]
        return total if total >= identity.article_floor else None
    words = w["same_words"] if a.words and a.words == b.words else 0.0  # one wire story, two outlets
    return parts + words


def _parts(a: MentionKey, b: MentionKey, identity: Identity) -> float | None:
    """The sum of what two mentions agree on (code, parties, time, place, modality); None on a veto."""
    parts = _part_map(a, b, identity).values()
    return None if any(p is None for p in parts) else sum(parts)  # type: ignore[arg-type,misc]


def _part_map(a: MentionKey, b: MentionKey, identity: Identity) -> dict[str, float | None]:
    """Each part of the score (None: its veto). A forecast and a report of the act it forecasts
    (:func:`forecast_of`) compare the act forecast with the act, and time by :func:`forecast_time`."""
    pair = forecast_of(a, b, identity)
    if pair is not None:
        forecast, fact = pair
        return {"code": code_score(forecast.act or "", fact.cameo, identity), "parties": parties_score(a, b, identity),
                "time": forecast_time(forecast, fact, identity), "place": place_score(a, b, identity),
                "modality": 0.0}
    code = None if other_acts(a, b, identity) else act_score(a, b, identity)
    return {"code": code, "parties": parties_score(a, b, identity), "time": time_score(a, b, identity),
            "place": place_score(a, b, identity), "modality": modality_score(a.modality, b.modality, identity)}


def forecast_of(a: MentionKey, b: MentionKey, identity: Identity) -> tuple[MentionKey, MentionKey] | None:
    """(forecast, fact) when one mention tells an act as coming and the other tells that act as done.

    A forecast is an ``expected`` mention (not ``intended``: a pledge is an act of its own, done when it
    is made) that the coder coded under ``forecast_root`` (03, an intent) for an act of
    ``forecast_acts`` (a meeting, a visit, aid: "Ruto's upcoming talks with Museveni", 036 for a 040); the
    fact an ``asserted`` mention of that act's root."""
    if identity.forecast_root is None:
        return None
    for forecast, fact in ((a, b), (b, a)):
        if (forecast.modality == "expected" and fact.modality == "asserted" and forecast.act is not None
                and forecast.root == identity.forecast_root and cameo_root(forecast.act) in identity.forecast_acts
                and cameo_root(forecast.act) == fact.root):
            return forecast, fact
    return None


def forecast_time(forecast: MentionKey, fact: MentionKey, identity: Identity) -> float | None:
    """A forecast comes true on its own day (when its text names one), else within ``window`` days
    from its publication, never before it (what happened before was no forecast's: last year's
    deployment is not the one expected next); the fact must be dated (a day, or the day's news)."""
    if fact.when is None or fact.when.kind == "coarse":
        return None
    if forecast.when is not None and forecast.when.kind == "day":
        lo, hi = forecast.when.lo, forecast.when.hi
    elif forecast.seen is not None:
        lo, hi = forecast.seen, forecast.seen + timedelta(days=identity.window)
    else:
        return None
    if fact.when.hi < lo or fact.when.lo > hi:
        return None
    return identity.weights["forecast"]


def other_acts(a: MentionKey, b: MentionKey, identity: Identity) -> bool:
    """Two announcements (intended or expected) of acts of two roots: two events, whatever their own
    codes. "Ruto and Museveni agreed to resume military contacts" (036, announcing 050) is not "Ruto's upcoming
    talks with Museveni" (036, announcing 040); "pledged to deliver aid" and "will deliver aid" announce
    one act (the pledge's 033 names none other, so nothing vetoes)."""
    return (a.modality != "asserted" and b.modality != "asserted" and a.act is not None and b.act is not None
            and cameo_root(a.act) != cameo_root(b.act))


def act_score(a: MentionKey, b: MentionKey, identity: Identity) -> float | None:
    """:func:`code_score`, unless both patterns name a particular act (``acts``): a helicopter shot down
    and a city captured, both 190 by one side on one day, are two events (None); a city "captured"
    (190) and "taken control of" (192) is one act, scored as two codes of one family, and two
    mentions naming one act agree on what happened beyond their codes (``same_act``: "the revolt" and
    "the march on Moscow")."""
    if a.named_act is None or b.named_act is None:
        return code_score(a.cameo, b.cameo, identity)
    if a.named_act != b.named_act:
        return None
    code = code_score(a.cameo, b.cameo, identity)
    return (identity.weights["same_family"] if code is None else code) + identity.weights["same_act"]


def article_total(a: MentionKey, b: MentionKey, identity: Identity | None = None) -> float | None:
    """Two mentions of one article the coder kept apart (two groups): what they score before the
    ``article_floor`` is applied, None when the rest vetoes them (another place, another day, ...).
    :func:`cluster` holds the floor against the best pair of the two groups (:func:`_group_floor`)."""
    identity = identity or default_identity()
    parts = _parts(a, b, identity)
    return None if parts is None else parts + identity.weights["same_article"]


def explain(a: MentionKey, b: MentionKey, identity: Identity | None = None) -> dict[str, Any]:
    """:func:`score`, part by part, for a diagnosis: ``{"score": float | None, "veto": [reasons],
    "parts": {part: weight}}`` (bench/dedup_diag.py tabulates why reports of one event stay apart)."""
    identity = identity or default_identity()
    w = identity.weights
    parts = {**_part_map(a, b, identity), "words": w["same_words"] if a.words and a.words == b.words else 0.0}
    veto = [name for name, part in parts.items() if part is None]
    if a.article == b.article and a.group != b.group and not veto:
        parts["same_article"] = w["same_article"]
        if sum(parts.values()) - parts["words"] < identity.article_floor:  # type: ignore[operator]
            veto.append("same article")
    return {"score": score(a, b, identity), "veto": veto, "parts": parts}


def _one_base(a: str, b: str) -> bool:
    """The same base code, or the same root where one gives no more (19 and 190)."""
    base_a, base_b = cameo_base(a), cameo_base(b)
    return cameo_root(a) == cameo_root(b) and (base_a is None or base_b is None or base_a == base_b)


def code_score(a: str, b: str, identity: Identity) -> float | None:
    """The same code, the same base code, or two base codes of one family (``base_families``: one act
    that outlets name with a generic or a specific code, 190 and 195); any other pair, two events.
    A family of a statement (``speech_roots``: 111 "denounced" and 112 "accused") scores
    ``speech_family``: its code is the verb an outlet picked, so two siblings agree on the act."""
    w = identity.weights
    if a == b:
        return w["same_code"]
    if _one_base(a, b):  # 1951 and 195; 19 and 190
        return w["same_base"]
    if cameo_root(a) == cameo_root(b) and _one_family(a[:3], b[:3], identity):
        return w["speech_family"] if cameo_root(a) in identity.speech_roots else w["same_family"]
    return None


def _one_family(a: str, b: str, identity: Identity) -> bool:
    """Two base codes of one family (``base_families``): one act named generically or by its means,
    or as each side tells it. A code may sit in several families; one that holds both is enough (043,
    hosting, is one act with the guest's visit, 042, and with the meeting, 040, but 042 and 040 are not)."""
    return bool(identity.base_family.get(a, frozenset()) & identity.base_family.get(b, frozenset()))


def party_score(a: Party, b: Party, w: Mapping[str, float], host: str | None = None) -> float | None:
    """One role, at the level both texts give: two named persons differ, two events (None); two
    countries differ, a penalty (coders disagree on a consulate's country or a victim's), a smaller
    one (``host_conflict``) when one of them is ``host``, the country where the act took place (the
    target: "the Iranian consulate" struck in Damascus is told as a strike on Iran or on Syria);
    the same country, then a sector in common, then the same person add up; an unresolved party
    scores only the sector it shares."""
    if a.person and b.person and a.person != b.person:
        return None
    stated = bool(a.country and b.country)
    if stated and a.country != b.country:
        return w["host_conflict"] if host is not None and host in (a.country, b.country) else w["party_conflict"]
    total = w["party_country"] if stated else 0.0
    if a.sectors and b.sectors:
        # "diplomats" and "Belarusian diplomats" agree on the sector even where one country is unresolved
        if a.sectors & b.sectors:
            total += w["party_sector"]
        elif stated:
            total += w["sector_conflict"]
    if a.person and a.person == b.person:
        total += w["party_person"]
    return total


def parties_score(a: MentionKey, b: MentionKey, identity: Identity) -> float | None:
    """Both roles, in order; either way round for a symmetric root ("A met B" is "B met A"). For an
    act of violence (``violent_roots``) the country where it took place (the place either mention
    gives: they agree, or the place vetoes) is the ``host`` of its target."""
    w = identity.weights
    readings = [(b.source, b.target)]
    if _symmetric(a, b):
        readings.append((b.target, b.source))
    host = (a.place_country or b.place_country) if a.root in identity.violent_roots else None
    best: float | None = None
    for source, target in readings:
        s, t = party_score(a.source, source, w), party_score(a.target, target, w, host)
        if s is not None and t is not None and (best is None or s + t > best):
            best = s + t
    if best is not None and _domestic(a) and _domestic(b) and a.source.country == b.source.country:
        best += w["domestic"]  # RUS→RUS and RUS→RUS: the second role says nothing the first did not
    return best


def _symmetric(a: MentionKey, b: MentionKey) -> bool:
    """A reciprocal act ("A met B" is "B met A"): the ``symmetric`` policy of
    data/codebooks/root-policies.yaml lists its root or its code, as the coder reads it (under_policy: a
    code listed below its root counts alone). Either mention's code, so that the score stays symmetric."""
    return under_policy(a.cameo, "symmetric") or under_policy(b.cameo, "symmetric")


def _domestic(key: MentionKey) -> bool:
    return key.source.country is not None and key.source.country == key.target.country


def time_score(a: MentionKey, b: MentionKey, identity: Identity) -> float | None:
    """Both dated to the day by their texts: at most :func:`own_days_gap` days apart (the same day for
    an act done within a day, ``day_roots``; a day either side for a night's violence or an act that
    lasts; the same day for two base codes, an arrival and the next day's meeting). Two such mentions
    that cannot link also veto each other's groups (:func:`cluster`), so an event's own days never
    grow by a chain of links. News of the day or a named week (dated only by the publication): within
    ``window`` days, scoring ``news_apart`` for an act done within a day outside the days the news
    tells. A month or a year (history): the same period, and only against what its
    article's week reports. Undated (background, a plan): only what happened in the week up to its
    publication, or another undated mention published that week."""
    if a.when is None or b.when is None or a.when.kind == "coarse" or b.when.kind == "coarse":
        return _loose_time(a, b, identity)
    gap = (max(a.when.lo, b.when.lo) - min(a.when.hi, b.when.hi)).days
    if a.when.kind == "day" and b.when.kind == "day":
        if gap > own_days_gap(a, b, identity):
            return None
        return identity.weights["same_day"] if gap <= 0 else identity.weights["next_day"]
    if gap > identity.window:
        return None
    if gap <= 0:
        return identity.weights["within_news"]
    # outside the days the news tells (two papers days apart, each with the day's news): for an act
    # done within a day nothing says the same day, so only a strong agreement of the rest links them
    return identity.weights["news_apart"] if a.root in identity.day_roots else 0.0


def own_days_gap(a: MentionKey, b: MentionKey, identity: Identity) -> int:
    """How many days apart two texts may date one act, each by a day of its own (not the publication).

    An act done within a day (``day_roots``: a meeting, an arrest, a strike) is dated by both to the
    same day: told as Tuesday's and as Wednesday's, it is two acts (two meetings, a daily series of
    strikes); an act of violence (``violent_roots``) may be a night's, told as either day
    (``precise_gap``). Two base codes: ``precise_gap_other_base`` (an arrival and the next day's
    talks), but two codes of one family of an act of violence are one act. An act that lasts (a
    protest, a campaign, sanctions; any other root): ``precise_gap``, a day either side."""
    other_base = a.base is not None and b.base is not None and a.base != b.base and not (
        a.root in identity.violent_roots and _one_family(a.base, b.base, identity))
    if other_base:
        return identity.precise_gap_other_base
    if a.root in identity.day_roots and a.root not in identity.violent_roots:
        return 0
    return identity.precise_gap


def _loose_time(a: MentionKey, b: MentionKey, identity: Identity) -> float | None:
    # at least one coarse: the same period
    if a.when is not None and b.when is not None and max(a.when.lo, b.when.lo) > min(a.when.hi, b.when.hi):
        return None
    for loose, other in ((a, b), (b, a)):
        if (loose.when is None or loose.when.kind == "coarse") and not _same_week(loose, other, identity) \
                and not _in_the_month_named(loose, other, identity):
            return None
    if _undated_in_the_news(a, b, identity):
        return identity.weights["undated_news"]
    return identity.weights["undated"]


def _undated_in_the_news(a: MentionKey, b: MentionKey, identity: Identity) -> bool:
    """An undated mention (no coarse one) whose article came out within the days the other tells: the
    background of a report of those days ("the farmers who had blocked the highway") most often retells
    their news. The days an undated mention may tell are those of news of its publication. Not within
    one article: its background and its news come out together, which says nothing (the coder told
    them apart). Only what is told as done: an undated plan or pledge ("agreed to resume talks") is no
    retelling of the week's news, and two of them agree on nothing but their words."""
    if a.article == b.article or a.modality != "asserted" or b.modality != "asserted":
        return False
    spans = [_news_days(k, identity) if k.when is None else k.when for k in (a, b)]
    if any(s is None or s.kind == "coarse" for s in spans):
        return False
    return max(s.lo for s in spans) <= min(s.hi for s in spans)  # type: ignore[union-attr]


def _news_days(key: MentionKey, identity: Identity) -> Span | None:
    if key.seen is None:
        return None
    return Span(key.seen - timedelta(days=identity.news_days), key.seen, "news")


def _in_the_month_named(a: MentionKey, b: MentionKey, identity: Identity) -> bool:
    """'The most recent seizure of power took place in Niger this past July', told five weeks on: a
    month named is as narrow as a news week, so what happened in it (dated by its text or as news, or
    undated in an article of that month: the week up to its publication) may be the act it tells; a
    year or a season is history that names no act apart (only its article's week)."""
    return _month_holds(a, b, identity) or _month_holds(b, a, identity)


def _month_holds(named: MentionKey, other: MentionKey, identity: Identity) -> bool:
    month, when = recent_month(named, identity), other.when
    if when is None and other.seen is not None:
        when = Span(other.seen - timedelta(days=identity.undated_days), other.seen, "news")
    return month is not None and when is not None and when.kind != "coarse" \
        and month.lo <= when.hi and when.lo <= month.hi


def recent_month(key: MentionKey, identity: Identity) -> Span | None:
    """The month the mention is dated to, when its article names it as recent (it ended at most
    ``named_month_days`` before the publication: "this past July" in an article of late August)."""
    month = key.when
    if month is None or month.kind != "coarse" or (month.hi - month.lo).days >= MONTH_DAYS or key.seen is None:
        return None
    return month if 0 <= (key.seen - month.hi).days <= identity.named_month_days else None


def _same_week(loose: MentionKey, other: MentionKey, identity: Identity) -> bool:
    """Does ``other`` fall in the week up to ``loose``'s publication (dated), or was it published
    within that week of it (undated or coarse)?"""
    if loose.seen is None:
        return other.seen is None and (other.when is None or other.when.kind == "coarse")
    week = timedelta(days=identity.undated_days)
    if other.when is None or other.when.kind == "coarse":
        return other.seen is not None and abs(other.seen - loose.seen) <= week
    return other.when.lo <= loose.seen and other.when.hi >= loose.seen - week


def place_score(a: MentionKey, b: MentionKey, identity: Identity) -> float | None:
    """Another country, or two named places of one kind (two cities) farther apart than ``place_km``,
    are two events; a place named by one only, or places of other kinds in one country (a city, its
    region), agree. A town within ``place_km`` of a city is the same place told at another scale (a
    venue outside a city, a district)."""
    w = identity.weights
    if a.place_country and b.place_country and a.place_country != b.place_country:
        return None
    if a.place_name and b.place_name:
        if a.place_name == b.place_name:
            return w["same_place"]
        if a.place_feature == b.place_feature and a.place_feature != "country":
            km = _distance_km(a.place_point, b.place_point)
            if km is None or km > identity.place_km:
                return None
            return w["same_place"]
    if a.place_country and a.place_country == b.place_country:
        return w["same_place_country"]
    return 0.0


def _distance_km(a: tuple[float, float] | None, b: tuple[float, float] | None) -> float | None:
    return None if a is None or b is None else distance_km(a, b)


def modality_score(a: str, b: str, identity: Identity) -> float | None:
    groups = identity.modality_group
    return 0.0 if groups.get(a, a) == groups.get(b, b) else None


# ---- clustering ----------------------------------------------------------------------------------


def cluster(keys: Iterable[MentionKey], identity: Identity | None = None,
            settled: Mapping[MentionKey, str] | None = None) -> list[list[MentionKey]]:
    """The events the mentions make, each a list in canonical order, the list ordered by its first.

    A function of the set of mentions only: links strongest first, ties by canonical order; a link
    merges two groups unless a pair across them is vetoed, their pairs score less than
    ``merge_mean`` on average, or their dated mentions would span more than ``window`` days (no
    chaining of a daily series into one event). ``settled`` names the mentions (a sample) of events
    too large to regroup: each such event starts as one group, and two of them never merge."""
    identity = identity or default_identity()
    settled = settled or {}
    ordered = sorted(set(keys), key=lambda k: k.order)
    scores: dict[tuple[int, int], float | None] = {}
    links: list[tuple[float, int, int]] = []
    fixed = [key in settled for key in ordered]
    for i, a in enumerate(ordered):
        for j in range(i + 1, len(ordered)):
            if fixed[i] and fixed[j]:  # one settled event, or two that never merge
                scores[i, j] = None
                continue
            s = scores[i, j] = score(a, ordered[j], identity)
            if s is not None and s >= identity.link:
                links.append((-s, i, j))
    _group_floor(ordered, scores, identity, fixed)
    links.sort()
    owner = list(range(len(ordered)))
    members: dict[int, list[int]] = {i: [i] for i in range(len(ordered))}
    label: dict[int, str] = {}  # group → the settled event it holds
    for i, key in enumerate(ordered):
        event = settled.get(key)
        if event is None:
            continue
        first = next(g for g, ls in label.items() if ls == event) if event in label.values() else None
        if first is None:
            label[i] = event
        else:  # a settled event stays whole, whatever its sample's scores
            owner[i] = first
            members[first].append(i)
            del members[i]
    for _, i, j in links:
        gi, gj = owner[i], owner[j]
        if gi == gj or (gi in label and gj in label) or not _may_merge(members[gi], members[gj], scores, identity):
            continue
        if not spans_one_event([ordered[k] for k in members[gi] + members[gj]], identity.window):
            continue
        keep, drop = min(gi, gj), max(gi, gj)
        for k in members[drop]:
            owner[k] = keep
        members[keep] = sorted(members[gi] + members[gj])
        del members[drop]
        if drop in label:
            label[keep] = label.pop(drop)
    return [[ordered[k] for k in group] for _, group in sorted(members.items())]


def _group_floor(ordered: list[MentionKey], scores: dict[tuple[int, int], float | None], identity: Identity,
                 fixed: list[bool]) -> None:
    """Two groups the coder kept apart in one article are one event or two as a whole: the
    ``article_floor`` holds against their best pair, not each pair. One strike told with its day and
    place in one sentence ("struck the consulate in Damascus on Monday", ISR→SYR) and as the day's news
    with neither in another ("the missiles destroyed the annex", ISR→IRN, grouped with a third that
    names Damascus) is one act: the bare sentence agrees less with everything, and must not veto what
    its own group agrees to. A pair the rest vetoes (another place, another day) stays vetoed; a pair
    below the floor of groups whose best pair meets it scores its own total (it links nothing, it
    counts in ``merge_mean``)."""
    below: dict[tuple[str, frozenset[str]], list[tuple[tuple[int, int], float]]] = {}
    best: dict[tuple[str, frozenset[str]], float] = {}
    for (i, j), s in scores.items():
        a, b = ordered[i], ordered[j]
        if a.article != b.article or a.group == b.group or (fixed[i] and fixed[j]):
            continue
        groups = (a.article, frozenset((a.group, b.group)))
        total = s if s is not None else article_total(a, b, identity)
        if total is None:
            continue
        best[groups] = max(best.get(groups, total), total)
        if s is None:
            below.setdefault(groups, []).append(((i, j), total))
    for groups, pairs in below.items():
        if best[groups] >= identity.article_floor:
            for pair, total in pairs:
                scores[pair] = total


def _may_merge(a: list[int], b: list[int], scores: Mapping[tuple[int, int], float | None],
               identity: Identity) -> bool:
    """No pair across the groups vetoed, and their pairs (bar mentions of one article the coder
    grouped) score ``merge_mean`` on average."""
    total, n = 0.0, 0
    for x in a:
        for y in b:
            s = scores[min(x, y), max(x, y)]
            if s is None:
                return False
            if s != MUST_LINK:
                total, n = total + s, n + 1
    return n == 0 or total / n >= identity.merge_mean


def spans_one_event(keys: list[MentionKey], window: int) -> bool:
    """Do the dated mentions fit in ``window`` days (the latest start at most ``window`` days after the
    earliest end)?"""
    spans = [k.when for k in keys if k.when is not None and k.when.kind != "coarse"]
    if not spans:
        return True
    return (max(s.lo for s in spans) - min(s.hi for s in spans)).days <= window


# ---- where to look ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reach:
    """The stored events a mention may join: those of its root whose ``day_first`` lies in ``days``,
    and the undated ones first seen in ``seen`` (either may be None)."""

    root: str
    days: tuple[date, date] | None
    seen: tuple[date, date] | None
    unknown: bool = False  # no date and no publication day: the undated events seen on no day


def reach_of(key: MentionKey, identity: Identity) -> Reach:
    """A necessary condition of :func:`score` (and of the window) that an index can use."""
    w, week = timedelta(days=identity.window), timedelta(days=identity.undated_days)
    news = timedelta(days=identity.news_days)
    when = key.when
    # an event's day_first is the day of one of its members: at most 2 windows before what this mention
    # may link to, and a member told as news is stored on its publication day, news_days after it
    # an undated event may be a month that a later article names as recent (time.named_month_days)
    later = timedelta(days=MONTH_DAYS + identity.named_month_days) if identity.named_month_days else week
    if when is not None and when.kind != "coarse":
        return Reach(key.root, (when.lo - 2 * w, when.hi + w + news), (when.lo - week, when.hi + later))
    if key.seen is None:
        return Reach(key.root, None, None, unknown=True)
    if (month := recent_month(key, identity)) is not None:
        return Reach(key.root, (month.lo - 2 * w, key.seen + news), (month.lo - 2 * week, key.seen + week))
    return Reach(key.root, (key.seen - week - 2 * w, key.seen + news), (key.seen - 2 * week, key.seen + later))


def reaches_of(key: MentionKey, identity: Identity) -> list[Reach]:
    """:func:`reach_of`, and the stored events of another root a forecast may link the mention to: a
    forecast (``forecast_root``) reaches the events of the act it forecasts, from its publication to
    ``window`` days after; a mention of a forecast act (``forecast_acts``) the forecasts of its days."""
    own = reach_of(key, identity)
    if identity.forecast_root is None:
        return [own]
    if key.root == identity.forecast_root and key.modality == "expected" and key.act is not None \
            and cameo_root(key.act) in identity.forecast_acts:
        if key.seen is None:
            return [own]
        days = key.when if key.when is not None and key.when.kind == "day" else \
            Span(key.seen, key.seen + timedelta(days=identity.window), "news")
        return [own, reach_of(replace(key, cameo=key.act, when=days), identity)]
    if key.root in identity.forecast_acts and key.modality == "asserted":
        return [own, replace(own, root=identity.forecast_root)]
    return [own]

