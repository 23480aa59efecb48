"""Train the decision model (src/eventwire/data/models/decision.json) from ../shared/train.

    python tools/train_decision.py [--train-dir ../shared/train] [--out src/eventwire/data/models/decision.json]

Run by ``make train``; deterministic: the same corpora give the same model, byte for byte.

Data (never the gold sets):
* the annotated whole news articles (news_*.train.jsonl): every candidate the rule engine proposes
  is labelled by the team's matching (evaluate.accepts at the dyad level): right type in the right
  sentence with accepted parties → 1, anything else → 0;
* BBC articles outside politics (bbc_topics.train.jsonl, topic non_politics): a deterministic
  sample whose every candidate is a 0 (sport, business and tech coded as conflict), at a lower
  weight, because a business story can still report a real sanction or trade dispute;
* GLOCON protest sentences (glocon_protest.train.jsonl, sentence level): a PROTEST candidate in a
  sentence labelled "no protest" is a 0, at a lower weight;
* with --india-police only (an experiment, not shipped), IndiaPoliceEvents (india_police.train.jsonl):
  its sentences put back together into their Times of India articles; a candidate whose doer is a
  police or security party is labelled by its sentence's answer to "did the police do this?"
  (police_label), at a lower weight; other candidates are skipped.

The model is the mean of BAGS scikit-learn L2 logistic regressions, each fitted on a bootstrap sample
of the articles, over the named binary features of eventwire.events.decision.features; its weights
are written to JSON and read back without scikit-learn. The fits at every C of C_GRID are averaged
(choosing one by cross-validation flipped between retrainings); 5-fold cross-validation over the news
articles (grouped by article) gives the figures in the model's ``meta`` and docs/decision-model.md.
"""

from __future__ import annotations

import argparse
import bisect
import hashlib
import json
import math
import sys
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from eventwire.evaluate import accepts, gold_sentences, load_jsonl, prf, score_events, sentence_around
from eventwire.events.codebook import under_policy
from eventwire.events.decision import MODEL_FORMAT, ShortTextModel, judged, select, select_short, sentence_features
from eventwire.model import Document
from eventwire.pipeline import Coder

ROOT = Path(__file__).resolve().parents[1]
BBC_SAMPLE = 500  # non-political BBC articles: enough to show sport and business, few enough to code in a minute
GLOCON_SAMPLE = 1500
WEIGHT_BBC = 0.3
WEIGHT_GLOCON = 0.3
# IndiaPoliceEvents: sentence-level answers to "did the police do X?", on candidates whose doer is police
# or a security force. A weaker label than the news annotation (it says what the police did, not which
# act or target the analyst would code), hence a lower weight.
WEIGHT_POLICE = 0.3
POLICE_SECTORS = frozenset({"COP", "MIL", "SPY"})
# Groups of examples that only train (never held out): the news articles alone are the held-out target.
EXTRA_GROUPS = ("neg:", "ipe:")
C_GRID = (0.03, 0.1, 0.3, 1.0)
# Precision first: the held-out choice of --min-confidence (meta.cv_threshold) is the threshold at which
# the held-out training articles (cross-validated, calibrated, coded and scored the way the team's scorer
# scores an article: readings merged, repeats and optional events not counted against it) score the best
# dyad F0.5, which weighs precision twice as much as recall (the lowest such threshold, within
# F_TOLERANCE, taken as the median over BOOTSTRAPS draws of the articles: see choose_threshold). The
# shipped default is PINNED_THRESHOLD, which that choice gave when it was pinned. Chosen on the training
# data alone: make train never reads the gold.
BETA = 0.5
F_TOLERANCE = 0.005
BOOTSTRAPS = 200
FOLDS = 5
BAGS = 50
BAG_SEED = 8
# The shipped --min-confidence default: a probability level of the calibrated model, pinned. The held-out
# choice (choose_threshold, kept in meta.cv_threshold) moves by ±0.04 with any change to the candidates
# on 45 articles while F0.5 barely moves, and the dev figures and their floors swung with it. It was
# 0.58 when pinned; make train warns when the held-out choice drifts further than DRIFT_WARNING.
PINNED_THRESHOLD = 0.52
DRIFT_WARNING = 0.05
# A short text usually tells one event: a second one is kept when it scores as an article's event must
# (the article threshold) or at least this share of the best one's score. Held-out training sentences
# coded as snippets score flat from 0.4 to 0.6 (docs/decision-model.md); precision first takes the middle.
RELATIVE_TO_BEST = 0.5


def stable_sample(items: list[dict], n: int) -> list[dict]:
    """The same ``n`` items on every run, whatever the file order: lowest hash of the id first."""
    return sorted(items, key=lambda it: hashlib.sha1(str(it["id"]).encode()).hexdigest())[:n]


def candidates_of(coder: Coder, docs: list[dict]) -> Iterator[tuple[dict, Any, list, list[list[str]]]]:
    """Each document with its parse, its candidate events and their features, as the decision stage sees them."""
    texts = ((d["text"], d) for d in docs)
    for parsed, doc in coder.nlp.pipe(texts, as_tuples=True, batch_size=16):
        document = Document(id=str(doc["id"]), text=doc["text"], date=doc.get("date"))
        events, focus = coder.candidates(parsed, document)
        pairs = list(judged(events, parsed, focus))
        yield doc, parsed, [event for event, _ in pairs], [feats for _, feats in pairs]


@dataclass
class Article:
    """A training article as the decision stage sees it: its gold, its parse and its candidates."""

    doc: dict
    parsed: Any
    events: list
    feats: list[list[str]]


def news_articles(coder: Coder, docs: list[dict]) -> list[Article]:
    return [Article(*found) for found in candidates_of(coder, docs)]


def news_examples(articles: list[Article]) -> list[tuple[list[str], int, float, str]]:
    """One example per candidate: right when it matches a gold event of its sentence at the dyad level."""
    out = []
    for article in articles:
        doc, sentences = article.doc, gold_sentences(article.doc)
        for event, f in zip(article.events, article.feats, strict=True):
            record = event.model_dump(mode="json")
            right = any(accepts(g, sentences[j], record, "dyad") for j, g in enumerate(doc["events"]))
            out.append((f, int(right), 1.0, str(doc["id"])))
    return out


def article_scores(articles: list[Article], probabilities: list[float], threshold: float) -> dict:
    """The team scorer's figures for the articles coded with these candidate probabilities (in the
    order of their candidates) and this threshold, through the decision stage's own selection."""
    by_doc, k = {}, 0
    for article in articles:
        scored = []
        for event in article.events:
            p = probabilities[k]
            k += 1
            scored.append((event.model_copy(update={"confidence": round(p, 3)}), p))
        kept = select(scored, article.parsed, threshold)
        by_doc[str(article.doc["id"])] = [e.model_dump(mode="json") for e in kept]
    return score_events([a.doc for a in articles], by_doc)


def sentence_scores(articles: list[Article], probabilities: list[float], model: ShortTextModel) -> dict:
    """The team scorer's figures for every sentence of the articles coded as a text of its own (a
    snippet): its candidates with these short-text probabilities, kept by the short-text selection,
    against the gold events of that sentence."""
    docs, by_doc, k = [], {}, 0
    for article in articles:
        text, spans = article.doc["text"], {}
        for gold, span in zip(article.doc["events"], gold_sentences(article.doc), strict=True):
            if span is not None:
                spans.setdefault(span, ([], []))[0].append(gold)
        for event in article.events:
            p = probabilities[k]
            k += 1
            span = sentence_around(text, event.evidence.start, event.evidence.end)
            spans.setdefault(span, ([], []))[1].append((event.model_copy(update={"confidence": round(p, 3)}), p))
        for span, (golds, scored) in spans.items():
            name = f"{article.doc['id']}@{span[0]}"
            docs.append({"id": name, "text": text, "events": golds})
            by_doc[name] = [e.model_dump(mode="json") for e in select_short(scored, article.parsed, model)]
    return score_events(docs, by_doc)


def negative_examples(coder: Coder, docs: list[dict], weight: float, plover: str | None = None):
    out = []
    for doc, _, events, feats in candidates_of(coder, docs):
        for event, f in zip(events, feats, strict=True):
            if plover is None or event.plover.event == plover:
                out.append((f, 0, weight, "neg:" + str(doc["id"])))
    return out


def police_articles(rows: list[dict]) -> list[dict]:
    """The IndiaPoliceEvents sentences put back into their articles (by doc_id, in sent_id order), each
    article with the offset where every sentence starts and that sentence's labels."""
    by_doc: dict[int, list[dict]] = defaultdict(list)
    for row in rows:
        by_doc[row["doc_id"]].append(row)
    out = []
    for doc_id in sorted(by_doc):
        sentences = sorted(by_doc[doc_id], key=lambda r: r["sent_id"])
        starts, offset = [], 0
        for row in sentences:
            starts.append(offset)
            offset += len(row["text"]) + 1  # joined by one space
        out.append({"id": f"ipe-doc-{doc_id}", "text": " ".join(r["text"] for r in sentences),
                    "date": sentences[0].get("date"), "starts": starts, "labels": [r["labels"] for r in sentences]})
    return out


def police_label(cameo: str, source_sectors: list[str], source_country: str | None, labels: dict) -> int | None:
    """1 or 0 for a candidate of a sentence with IndiaPoliceEvents labels, None when they say nothing of it.

    Only a candidate whose doer is police or a security force is labelled (the questions are about the
    police). It is wrong when its sentence says the police did nothing (ANY_ACTION false). It is right
    when the sentence says the police did that kind of act: an arrest (173) by ARREST, an act of force
    (the codebook's force policy, roots 17-20) by FORCE or KILL, anything else by ANY_ACTION; and only
    when the police party carries its country, as a news candidate must to be right at the dyad level
    (the scorer matches parties by country). An arrest or force candidate in a sentence where the police
    did something else is left out: its doer is right but its act may not be, and the label cannot say."""
    if not POLICE_SECTORS.intersection(source_sectors):
        return None
    if not labels.get("ANY_ACTION"):
        return 0
    if cameo.startswith("173"):
        said = labels.get("ARREST")
    elif under_policy(cameo, "force"):
        said = labels.get("FORCE") or labels.get("KILL")
    else:
        said = True
    return 1 if said and source_country else None


def police_examples(coder: Coder, articles: list[dict], weight: float):
    """The labelled candidates of the IndiaPoliceEvents articles (police_label), each article its own group."""
    out = []
    for doc, _, events, feats in candidates_of(coder, articles):
        for event, f in zip(events, feats, strict=True):
            k = bisect.bisect_right(doc["starts"], event.trigger.start) - 1
            source = event.source
            label = police_label(event.cameo, source.sectors if source else [], source.country if source else None,
                                 doc["labels"][k])
            if label is not None:
                out.append((f, label, weight, "ipe:" + str(doc["id"])))
    return out


@dataclass
class Bagged:
    """The mean of logistic models fitted on bootstrap samples of the articles: one linear model whose
    weights vary far less from one training set to the next than a single fit's do on 45 articles."""

    coef: Any
    intercept: float

    def predict(self, x) -> list[float]:
        z = x @ self.coef + self.intercept
        return list(1.0 / (1.0 + np.exp(-z)))


def fit(examples, c: float):
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = DictVectorizer()
    x = vec.fit_transform([dict.fromkeys(f, 1) for f, *_ in examples])
    y = np.array([label for _, label, _, _ in examples])
    w = np.array([weight for _, _, weight, _ in examples])
    groups = sorted({group for *_, group in examples})
    rows = {g: [i for i, e in enumerate(examples) if e[3] == g] for g in groups}
    rng = np.random.RandomState(BAG_SEED)
    coefs, intercepts = [], []
    for _ in range(BAGS):
        drawn = rng.choice(len(groups), size=len(groups), replace=True)  # whole articles, with repeats
        idx = [i for k in drawn for i in rows[groups[k]]]
        if len(set(y[idx])) < 2:
            continue
        model = LogisticRegression(C=c, solver="lbfgs", max_iter=2000)
        model.fit(x[idx], y[idx], sample_weight=w[idx])
        coefs.append(model.coef_[0])
        intercepts.append(model.intercept_[0])
    return vec, Bagged(np.mean(coefs, axis=0), float(np.mean(intercepts)))


def fit_all(examples):
    """The mean of the fits at every C of C_GRID: choosing one C by cross-validation on 45 articles
    flips from one retraining to the next with a single candidate."""
    fits = [fit(examples, c) for c in C_GRID]
    vec = fits[0][0]
    return vec, Bagged(np.mean([m.coef for _, m in fits], axis=0), float(np.mean([m.intercept for _, m in fits])))


def platt(held) -> tuple[float, float]:
    """Scale and shift of the log-odds that make held-out scores calibrated (Platt scaling): an average
    of fits, the strongly regularised ones among them, is too timid at both ends."""
    from sklearn.linear_model import LogisticRegression

    z = np.array([[_logit(p)] for p, _ in held])
    y = np.array([label for _, label in held])
    fitted = LogisticRegression(C=1e6, solver="lbfgs", max_iter=1000).fit(z, y)
    return float(fitted.coef_[0][0]), float(fitted.intercept_[0])


def _logit(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


def recalibrated(p: float, scale: float, shift: float) -> float:
    return 1.0 / (1.0 + math.exp(-(scale * _logit(p) + shift)))


def predict(vec, model: Bagged, feats: list[list[str]]) -> list[float]:
    return model.predict(vec.transform([dict.fromkeys(f, 1) for f in feats]))


def folds_of(examples) -> list[int]:
    """Fold of each example: news articles spread over FOLDS folds by id; the other corpora train only (-1)."""
    return [-1 if group.startswith(EXTRA_GROUPS) else int(hashlib.sha1(group.encode()).hexdigest(), 16) % FOLDS
            for *_, group in examples]


def cross_validate(examples) -> list[tuple[float, int]]:
    """Held-out (probability, label) of every news candidate, in the order of the examples."""
    fold = folds_of(examples)
    held: dict[int, tuple[float, int]] = {}
    for k in range(FOLDS):
        train = [e for e, f in zip(examples, fold, strict=True) if f != k]
        test = [i for i, f in enumerate(fold) if f == k]
        vec, model = fit_all(train)
        for i, p in zip(test, predict(vec, model, [examples[i][0] for i in test]), strict=True):
            held[i] = (p, examples[i][1])
    return [held[i] for i in sorted(held)]


def f_beta(held, threshold: float, beta: float = 0.5) -> tuple[float, float, float]:
    kept = [label for p, label in held if p >= threshold]
    positives = sum(label for _, label in held)
    precision = sum(kept) / len(kept) if kept else 0.0
    recall = sum(kept) / positives if positives else 0.0
    b2 = beta * beta
    f = (1 + b2) * precision * recall / (b2 * precision + recall) if precision + recall else 0.0
    return f, precision, recall


GRID = [x / 100 for x in range(20, 81, 2)]
CURVE_LEVELS = ("type", "dyad")


def choose_threshold(articles: list[Article], held) -> tuple[float, dict, dict[float, dict]]:
    """(threshold, the held-out articles' scores there, the scores at every threshold of GRID).

    On 45 articles the dyad F0.5 curve is flat near its top and its best point jumps by 0.08 when the
    rule engine changes a single candidate. So the articles are resampled (BOOTSTRAPS draws with
    replacement, a fixed seed); in each draw the chosen point is the lowest threshold whose F0.5 is
    within F_TOLERANCE of that draw's best; the held-out choice is the median of those points."""
    probabilities = [p for p, _ in held]
    # article × threshold × level (CURVE_LEVELS) × (tp, gold, system): each article coded once per threshold
    counts = np.array([[_article_counts(article, probabilities, offset, t) for t in GRID]
                       for article, offset in zip(articles, _offsets(articles), strict=True)])
    totals = counts.sum(axis=0)
    scores = {t: {level: prf(*(int(n) for n in totals[k][m])) for m, level in enumerate(CURVE_LEVELS)}
              for k, t in enumerate(GRID)}
    dyad = counts[:, :, CURVE_LEVELS.index("dyad")]
    rng = np.random.RandomState(BAG_SEED)
    chosen = []
    for _ in range(BOOTSTRAPS):
        drawn = dyad[rng.randint(0, len(articles), len(articles))].sum(axis=0)  # t × (tp, gold, system)
        f = [_f_beta_of(_pr_of(*row)) for row in drawn]
        chosen.append(min(t for t, ft in zip(GRID, f, strict=True) if ft >= max(f) - F_TOLERANCE))
    threshold = min(GRID, key=lambda t: abs(t - float(np.median(chosen))))
    return threshold, scores[threshold], scores


def _offsets(articles: list[Article]) -> list[int]:
    out, k = [], 0
    for article in articles:
        out.append(k)
        k += len(article.events)
    return out


def _article_counts(article: Article, probabilities: list[float], offset: int,
                    threshold: float) -> list[tuple[int, int, int]]:
    """(true positives, required gold events, system events counted) of one article at each level of
    CURVE_LEVELS: summed over articles they give the scorer's figures (it matches article by article)."""
    scored = [(e.model_copy(update={"confidence": round(p, 3)}), p)
              for e, p in zip(article.events, probabilities[offset:offset + len(article.events)], strict=True)]
    kept = select(scored, article.parsed, threshold)
    figures = score_events([article.doc], {str(article.doc["id"]): [e.model_dump(mode="json") for e in kept]})
    return [(figures[level]["tp"], figures[level]["gold"], figures[level]["system"]) for level in CURVE_LEVELS]


def _pr_of(tp: int, gold: int, system: int) -> dict:
    return {"precision": tp / system if system else 0.0, "recall": tp / gold if gold else 0.0}


def _f_beta_of(figures: dict, beta: float = BETA) -> float:
    p, r = figures["precision"], figures["recall"]
    return (1 + beta * beta) * p * r / (beta * beta * p + r) if p + r else 0.0


def calibration(held, bins=((0.0, 0.2), (0.2, 0.4), (0.4, 0.6), (0.6, 0.8), (0.8, 1.01))):
    out = []
    for lo, hi in bins:
        labels = [label for p, label in held if lo <= p < hi]
        out.append({"from": lo, "to": min(hi, 1.0), "n": len(labels),
                    "correct": round(sum(labels) / len(labels), 3) if labels else None})
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--train-dir", type=Path, default=ROOT.parent / "shared" / "train")
    parser.add_argument("--threshold", type=_threshold_arg, default=PINNED_THRESHOLD,
                        help=f"default --min-confidence written into the model (default {PINNED_THRESHOLD}, a "
                             "probability the calibrated model must reach; 'auto' takes the held-out choice)")
    # Off by default: held-out articles gained (dyad P/R 0.684/0.380 -> 0.700/0.409) but the model then
    # coded a railway relief effort in a no-event news.dev article, below that floor (docs/decision-model.md).
    parser.add_argument("--india-police", action="store_true",
                        help="also train on the labelled police candidates of india_police.train.jsonl (experimental)")
    parser.add_argument("--out", type=Path, default=ROOT / "src" / "eventwire" / "data" / "models" / "decision.json")
    args = parser.parse_args(argv)
    if not (args.train_dir / "news_a.train.jsonl").exists():
        print(f"train_decision: no training corpora in {args.train_dir}; pass --train-dir", file=sys.stderr)
        return 2
    coder = Coder(min_confidence=0.0)
    news = [d for name in ("news_a", "news_b", "news_c") for d in load_jsonl(args.train_dir / f"{name}.train.jsonl")]
    bbc = stable_sample([d for d in load_jsonl(args.train_dir / "bbc_topics.train.jsonl")
                         if d["labels"].get("topic") == "non_politics"], BBC_SAMPLE)
    glocon = stable_sample([d for d in load_jsonl(args.train_dir / "glocon_protest.train.jsonl")
                            if d.get("level") == "sentence" and d["labels"].get("protest") is False], GLOCON_SAMPLE)
    police = (police_articles(list(load_jsonl(args.train_dir / "india_police.train.jsonl")))
              if args.india_police else [])
    articles = news_articles(coder, news)
    examples = news_examples(articles)
    n_news = len(examples)
    examples += negative_examples(coder, bbc, WEIGHT_BBC)
    examples += negative_examples(coder, glocon, WEIGHT_GLOCON, plover="PROTEST")
    n_negatives = len(examples) - n_news
    police_labelled = police_examples(coder, police, WEIGHT_POLICE)
    examples += police_labelled
    n_police_right = sum(e[1] for e in police_labelled)
    print(f"candidates: {n_news} from {len(news)} news articles ({sum(e[1] for e in examples[:n_news])} right), "
          f"{n_negatives} extra negatives, {len(police_labelled)} police candidates of {len(police)} "
          f"IndiaPoliceEvents articles ({n_police_right} right)", file=sys.stderr)

    held = cross_validate(examples)
    scale, shift = platt(held)
    held = [(recalibrated(p, scale, shift), label) for p, label in held]
    threshold, scores, curve = choose_threshold(articles, held)
    print(f"C averaged over {C_GRID}: held-out threshold {threshold}, where the held-out articles score "
          f"dyad {_pr(scores['dyad'])}, type {_pr(scores['type'])}", file=sys.stderr)
    if args.threshold is None:
        args.threshold = threshold
    elif abs(args.threshold - threshold) > DRIFT_WARNING:
        print(f"train_decision: the held-out choice ({threshold}) is now more than {DRIFT_WARNING} from the "
              f"shipped threshold ({args.threshold}); see docs/decision-model.md before moving it", file=sys.stderr)
    at_default = article_scores(articles, [p for p, _ in held], args.threshold)
    vec, model = fit_all(examples)
    model = Bagged(model.coef * scale, model.intercept * scale + shift)  # still one linear model
    names = vec.get_feature_names_out()
    weights = {str(n): round(float(w), 4) for n, w in zip(names, model.coef, strict=True) if abs(w) >= 1e-4}
    meta = {
        "trained_on": {"news_articles": len(news), "news_candidates": n_news,
                       "news_right": sum(e[1] for e in examples[:n_news]),
                       "bbc_non_politics_articles": len(bbc), "glocon_no_protest_sentences": len(glocon),
                       "extra_negatives": n_negatives, "india_police_articles": len(police),
                       "india_police_candidates": len(police_labelled), "india_police_right": n_police_right},
        "C": list(C_GRID), "bags": BAGS, "cv_folds": FOLDS, "platt": [round(scale, 4), round(shift, 4)],
        "cv_threshold": threshold,
        "cv_articles_curve": {f"{t:.2f}": {level: [curve[t][level]["precision"], curve[t][level]["recall"]]
                                           for level in CURVE_LEVELS} for t in GRID},
        "cv_articles_at_default": {level: {k: at_default[level][k] for k in ("precision", "recall")}
                                   for level in ("type", "dyad")},
        "cv_candidates_at_default": dict(zip(("f0.5", "precision", "recall"),
                                             (round(x, 3) for x in f_beta(held, args.threshold)), strict=True)),
        "cv_calibration": calibration(held),
        "labels": Counter(e[1] for e in examples[:n_news]),
    }
    out = {"format": MODEL_FORMAT, "bias": round(model.intercept, 4), "threshold": args.threshold,
           "meta": meta, "weights": dict(sorted(weights.items())),
           "short_texts": short_text_model(articles, examples, args.threshold)}
    args.out.write_text(json.dumps(out, indent=1, sort_keys=False) + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({len(weights)} weights; C averaged; threshold {args.threshold}, where the "
          f"held-out articles score dyad {_pr(at_default['dyad'])}, type {_pr(at_default['type'])})", file=sys.stderr)
    return 0


def short_text_model(articles: list[Article], examples, threshold: float) -> dict:
    """The model of texts of fewer than three sentences, in the model file's form: the same candidates
    and labels without the features only an article has, cross-validated and calibrated the same way,
    with held-out figures of the training sentences coded one by one."""
    examples = [(sentence_features(f), *rest) for f, *rest in examples]
    held = cross_validate(examples)
    scale, shift = platt(held)
    held = [(recalibrated(p, scale, shift), label) for p, label in held]
    policy = ShortTextModel({}, 0.0, threshold, relative=RELATIVE_TO_BEST)
    figures = sentence_scores(articles, [p for p, _ in held], policy)
    vec, model = fit_all(examples)
    model = Bagged(model.coef * scale, model.intercept * scale + shift)
    names = vec.get_feature_names_out()
    weights = {str(n): round(float(w), 4) for n, w in zip(names, model.coef, strict=True) if abs(w) >= 1e-4}
    print(f"short texts: held-out training sentences score dyad {_pr(figures['dyad'])}, type {_pr(figures['type'])}",
          file=sys.stderr)
    meta = {"platt": [round(scale, 4), round(shift, 4)],
            "cv_sentences": {level: {k: figures[level][k] for k in ("precision", "recall")}
                             for level in ("type", "dyad")},
            "cv_sentences_without_events_clean": figures.get("no_event_documents", {}).get("clean_rate"),
            "cv_calibration": calibration(held)}
    return {"bias": round(model.intercept, 4), "threshold": threshold, "relative": RELATIVE_TO_BEST,
            "meta": meta, "weights": dict(sorted(weights.items()))}


def _threshold_arg(text: str) -> float | None:
    """A probability, or "auto" (None): the held-out choice."""
    if text == "auto":
        return None
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a probability or 'auto', got {text!r}") from None
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"expected a probability between 0 and 1, got {value}")
    return value


def _pr(figures: dict) -> str:
    return f"P/R {figures['precision']:.3f}/{figures['recall']:.3f}"


if __name__ == "__main__":
    raise SystemExit(main())
