"""Attribution cues in one sentence: each cue gives a source, a stance and the content it introduces.

Cues, each found wherever it is in the sentence (a sentence may hold several: "X said that Y argued ..."):
- prepositional: "according to X", "as per X", sentence-initial "Per X" (the source is the object);
- phrases: "X sounded an alarm over ...", "X called for ...", "X warned against ..." (the source is the
  subject of the first word, the content the object of the last one or the clause after it);
- reporting verbs with a subject (or a passive agent) and a content clause ("X said (that) ...",
  "..., X said", "Acts of protest, X said, are ..."); a participle without a subject of its own takes
  the subject of the verb it hangs on ("X defended the plan, saying ...");
- verbs whose object is the content (``object_content_cues``: "X denied any wrongdoing", "X cited it",
  "X proposed dropping ...", "X blasted him for ...", with what the verb says of the object after it but
  its time) or whose infinitive is (``infinitive_content_cues``: "X wants to ...", "X urged Y to ...");
  a hostile verb with only an object is an act (``object_act_stances``: "X slammed the decision");
- agentless passives ("is widely thought to", "it is believed that"): a vague source spanning the cue;
- opinion frames of the author ("In my view"), only when nothing else attributes the sentence.

Misses: cues the parser mis-attaches ("... the Washington Post Trump said that" read as one name),
transcript speaker labels ("PENCE: ..."), and a reporting clause's content is one span (a parenthetical
reporting clause's content includes the clause itself).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from spacy.tokens import Span, Token

from ...records import Attribution
from ..certainty import evidence_of, match_cues
from .lexicon import CONTENT_DEPS, FINITE_TAGS, QUOTE_CHARS, _Lex

CharSpan = tuple[int, int]
MAX_CLIMB = 50  # a bound on walks up the parse tree (a malformed parse could cycle)


@dataclass(frozen=True)
class Cue:
    """One cue found in a sentence, before its source is classified and linked."""

    source: Token | None  # head of the source phrase (None when ``ready`` is given)
    cue_lo: int  # token range of the cue
    cue_hi: int
    stance: str
    content: CharSpan | None  # what the cue introduces (None: the whole sentence)
    ready: Attribution | None = None  # agentless passives and opinion frames need no source phrase
    act: bool = False  # reports an act or stance of the source, not its statement (``act_cues``)


def depth(token: Token) -> int:
    """How many heads above the root the token sits (the cue nearest the root is the main one)."""
    steps = 0
    while token.head.i != token.i and steps < MAX_CLIMB:
        token = token.head
        steps += 1
    return steps


def is_subordinate(cue: Token) -> bool:
    """The cue sits in a clause that only qualifies the sentence: a clause on a noun or after a
    preposition, or an adverbial clause with a subordinator ("after Trump dismissed Tigar as ...", "when
    she said"); not "as X said", not a participle ("..., saying ..."), not a relative clause whose
    content clause carries the sentence ("sided with groups who argued that the law is clear"). Such
    a cue attributes its own clause only."""
    node, steps = cue, 0
    while node.head.i != node.i and steps < MAX_CLIMB and node.pos_ in {"VERB", "AUX"}:
        if node.dep_ in {"acl", "pcomp", "csubj"}:
            return True
        if node.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ not in {"as", "that"}
                                        for c in node.children):
            return True
        if node.dep_ == "relcl":
            return False
        node, steps = node.head, steps + 1
    return False


def subject_of(verb: Token) -> Token | None:
    """The speaker of a cue verb: its subject, the subject of the verb it continues ("X went on to say",
    "X stood up and said", "X defended it, saying ..."), or the noun a relative clause modifies."""
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    head = verb.head
    if subject is None and head.i != verb.i and (
        verb.dep_ == "conj"
        or (verb.dep_ == "xcomp" and head.lemma_ in {"go", "continue", "refuse"})
        or (verb.tag_ == "VBG" and verb.dep_ in {"advcl", "xcomp", "conj"} and head.pos_ in {"VERB", "AUX"})
    ):
        subject = next((c for c in head.children if c.dep_ == "nsubj"), None)
        participle_chain = head.tag_ == "VBG" and head.dep_ in {"advcl", "conj"} and head.head.i != head.i
        if subject is None and participle_chain:
            subject = next((c for c in head.head.children if c.dep_ == "nsubj"), None)
    if subject is not None and subject.tag_ in {"WDT", "WP"}:
        # "the agency, which said ...", "a new analysis that says ...": the noun the clause modifies.
        clause = verb
        while clause.dep_ in {"conj", "ccomp", "advcl", "xcomp"} and clause.head.i != clause.i:
            clause = clause.head
        subject = clause.head if clause.dep_ == "relcl" else None
    return subject


def is_clause(head: Token) -> bool:
    """A content clause: finite ("that prices rose", "prices will rise") or introduced by that/whether."""
    if head.tag_ in FINITE_TAGS or head.dep_ == "parataxis":
        return True
    if head.dep_ == "ccomp" and head.tag_ == "VBN" and any(c.dep_ == "nsubj" for c in head.children):
        return True  # "found PolitiFact consistently rated ...": a past tense the tagger took for VBN
    return any(c.dep_ in {"aux", "auxpass", "mark"} and (c.tag_ in FINITE_TAGS or c.dep_ == "mark")
               for c in head.children)


def _clause_child(verb: Token) -> Token | None:
    """The content clause of a cue verb: a complement, else a clause without a subordinator ("though",
    "if") that the parser hung on it as an adverbial: right before it and its subject ('"Prices will
    rise," she said'), or right after it with a subject of its own ("said after the convention he
    would not ...")."""
    complement = next((c for c in verb.children if c.dep_ in CONTENT_DEPS and is_clause(c)), None)
    if complement is not None:
        return complement
    for clause in verb.children:
        if clause.dep_ != "advcl" or not is_clause(clause) or any(
            m.dep_ == "mark" and m.lower_ != "that" for m in clause.children
        ):
            continue
        if clause.i < verb.i and _only_subject_between(clause, verb):
            return clause
        if clause.i > verb.i and any(c.dep_ in {"nsubj", "nsubjpass"} for c in clause.children):
            return clause
    return verb.head if _parenthetical(verb) else None


def _parenthetical(verb: Token) -> bool:
    """ "Acts of protest, Mr. Obama said, are acts of patriotism": a reporting clause set off by commas
    inside the clause it reports (the parser hangs it on that clause as parataxis)."""
    head = verb.head
    if verb.dep_ != "parataxis" or head.i == verb.i or not is_clause(head):
        return False
    if any(c.dep_ in {"dobj", "ccomp", "xcomp"} for c in verb.children):
        return False
    if not any(c.dep_ in {"nsubj", "nsubjpass"} and c.i < verb.i for c in verb.children):
        return False
    first = verb.left_edge.i
    return verb.doc[first].text == "," or (first > 0 and verb.doc[first - 1].text == ",")


def _only_subject_between(clause: Token, verb: Token) -> bool:
    """Nothing but punctuation and the verb's subject lies between the clause and the verb."""
    subject = {t.i for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"} for t in c.subtree}
    doc = verb.doc
    return all(doc[k].is_punct or doc[k].is_space or k in subject or doc[k].dep_ == "advmod"
               for k in range(clause.right_edge.i + 1, verb.i))


def has_content(verb: Token, span: Span) -> bool:
    """The verb reports a clause: a content clause, a quote beside it, or what follows its colon."""
    if _clause_child(verb) is not None:
        return True
    # '"...," he said.' is often parsed with the quoted clause as a sibling, not a child.
    if verb.dep_ in {"parataxis", "ROOT"} and any(ch in span.text for ch in QUOTE_CHARS):
        return verb.lemma_.lower() in {"say", "tell", "add", "write", "state", "explain"}
    return any(t.text == ":" and t.i == verb.i + 1 for t in span) or any(
        t.text == ":" and t.head.i == verb.i for t in span
    )


def _char_span(tokens: Sequence[Token] | Span) -> CharSpan | None:
    words = [t for t in tokens if not (t.is_punct or t.is_space) or t.text in QUOTE_CHARS]
    if not words:
        return None
    return words[0].idx, words[-1].idx + len(words[-1])


def _subtree_span(token: Token, span: Span) -> CharSpan | None:
    """The words under ``token`` in the sentence, up to a non-restrictive relative clause (", which
    falls days before ..."): an aside of the writer, not part of what the source said."""
    doc = token.doc
    lo, hi = max(token.left_edge.i, span.start), min(token.right_edge.i + 1, span.end)
    for t in doc[lo:hi]:
        if t.dep_ == "relcl" and t.left_edge.i > lo and doc[t.left_edge.i - 1].text == ",":
            hi = min(hi, t.left_edge.i - 1)
    return _char_span(doc[lo:hi])


def verb_content(verb: Token, span: Span) -> CharSpan | None:
    """What a cue verb reports: its content clause, infinitive or object (None: the whole sentence)."""
    clause = _clause_child(verb)
    if clause is not None:
        return _subtree_span(clause, span)
    for dep in ("xcomp", "dobj", "ccomp"):
        child = next((c for c in verb.children if c.dep_ == dep), None)
        if child is not None:
            return _subtree_span(child, span)
    return None


def _object_content(verb: Token, lex: _Lex) -> Token | None:
    """The noun object that is the content of an object-content cue ("denied any wrongdoing")."""
    if verb.lemma_.lower() not in lex.object_content:
        return None
    return next((c for c in verb.children if (c.dep_ == "dobj" and c.pos_ in {"NOUN", "PROPN", "PRON"})
                 or (c.dep_ == "xcomp" and c.tag_ == "VBG")), None)  # "proposed dropping ..."


def _object_span(verb: Token, target: Token, span: Span) -> CharSpan | None:
    """The object with what the verb says of it after it: "blasted him for not paying income tax"."""
    content = _subtree_span(target, span)
    after = [c for c in verb.children if c.i > target.i and c.dep_ in {"prep", "oprd", "dative"}
             and not any(t.ent_type_ in {"DATE", "TIME"} for t in c.subtree)]  # not "on Tuesday"
    if content is None or not after:
        return content
    end = _subtree_span(after[-1], span)
    return (content[0], end[1]) if end is not None else content


def _infinitive_content(verb: Token, lex: _Lex) -> Token | None:
    """ "wants to expand", "urged Congress to act": the infinitive is the content."""
    if verb.lemma_.lower() not in lex.infinitive_content:
        return None
    for child in verb.children:
        if child.dep_ in {"xcomp", "ccomp"} and child.pos_ in {"VERB", "AUX"} and any(
            c.dep_ == "aux" and c.lower_ == "to" for c in child.children
        ):
            return child
    return None


def describes_object(verb: Token) -> bool:
    """The cue is a present-tense relative clause on an object ("hotlines for immigrants who believe
    their rights were violated", "not to arrest immigrants who say ..."): it says who those people
    are, it does not report a statement. A past one reports one ("Tigar sided with legal groups who
    argued that ...") and attributes the sentence."""
    clause = verb
    while clause.dep_ in {"conj", "ccomp"} and clause.head.i != clause.i:
        clause = clause.head
    if clause.dep_ != "relcl" or clause.head.dep_ not in {"pobj", "dobj", "dative"}:
        return False
    tags = {verb.tag_} | {c.tag_ for c in verb.children if c.dep_ in {"aux", "auxpass"}}
    return bool(tags & {"VBP", "VBZ"}) and "VBD" not in tags


def passive_content(verb: Token) -> bool:
    """ "X is thought to be ...", "it is believed that ...", "X was accused of ...": a passive with a
    content complement."""
    children = list(verb.children)
    if not any(c.dep_ == "auxpass" for c in children):
        return False
    complement = any(c.dep_ in {"xcomp", "oprd"} or (c.dep_ == "prep" and c.lower_ in {"of", "as", "with"})
                     for c in children)
    if complement and any(c.dep_ == "nsubjpass" for c in children):
        return True  # "is expected to ...", "was accused of ...", "were rated as ...", "was labeled X"
    return any(c.dep_ == "ccomp" and is_clause(c) for c in children)


def first_word(tokens: Sequence[Token]) -> int:
    return next((k for k, t in enumerate(tokens) if not t.is_punct and not t.is_space), 0)


def _noun_after(tokens: Sequence[Token], b: int) -> Token | None:
    for t in tokens[b : b + 6]:
        if t.pos_ in {"NOUN", "PROPN", "PRON"}:
            return t
    return None


def _prep_content(cue_first: Token, cue_last: Token, span: Span) -> CharSpan | None:
    """The clause an "according to X" phrase qualifies, without the phrase."""
    doc = span.doc
    phrase_lo = cue_first.i
    phrase_hi = max(cue_last.right_edge.i, cue_last.i) + 1
    if phrase_lo - span.start <= 1:
        return _char_span(doc[phrase_hi : span.end])
    return _char_span(doc[span.start : phrase_lo])


def prepositional_cues(span: Span, tokens: Sequence[Token], lex: _Lex, taken: set[int]) -> list[Cue]:
    """ "according to X", "as per X", sentence-initial "Per X": the source is the object of the cue."""
    found = []
    for phrase, a, b in match_cues(tokens, lex.prep_cues):
        last = tokens[b - 1]
        if phrase == "per" and (a != first_word(tokens) or tokens[a].lower_ != "per"):
            continue  # "per cent", "per year", "$5 per day" are not cues
        obj = next((c for c in last.children if c.dep_ == "pobj"), None)
        if obj is None and b < len(tokens):
            obj = _noun_after(tokens, b)
        if obj is None:
            continue
        content = _prep_content(tokens[a], obj, span)
        found.append(Cue(obj, tokens[a].i, last.i + 1, lex.prep_cues[phrase], content))
        taken.update(range(a, b))
    return found


PHRASE_CONTENT_DEPS = {"pobj", "pcomp", "dobj", "ccomp", "xcomp"}  # "called for changing ..." is a pcomp


def phrase_cues(span: Span, tokens: Sequence[Token], lex: _Lex, taken: set[int]) -> list[Cue]:
    """ "X sounded an alarm over ...", "X called for ...": the source is the subject of the first word."""
    found = []
    table = {**lex.act_phrases, **lex.cue_phrases}
    for phrase, a, b in match_cues(tokens, table):
        verb, last = tokens[a], tokens[b - 1]
        subject = subject_of(verb)
        if subject is None or verb.pos_ not in {"VERB", "AUX"}:
            continue
        target = next((c for c in last.children if c.dep_ in PHRASE_CONTENT_DEPS), None)
        content = _subtree_span(target, span) if target is not None else verb_content(verb, span)
        act = phrase not in lex.cue_phrases
        found.append(Cue(subject, verb.i, last.i + 1, table[phrase], content, act=act))
        taken.update(range(a, b))
    return found


def _passive_vague(verb: Token, stance: str) -> Attribution:
    doc = verb.doc
    lo = min([verb.i] + [c.i for c in verb.lefts if c.dep_ == "advmod" and c.i == verb.i - 1])
    start, end = doc[lo].idx, verb.idx + len(verb)
    text = doc[lo : verb.i + 1].text
    clause = next((c for c in verb.children if c.dep_ in {"ccomp", "xcomp"}), None)
    content = _subtree_span(clause, verb.sent) if clause is not None else None
    return Attribution(source=text, kind="vague", cue=text, stance=stance, start=start, end=end,
                       cue_start=start, cue_end=end, content_start=content[0] if content else None,
                       content_end=content[1] if content else None)


def _cue_end(verb: Token) -> int | None:
    """End token of the cue: the verb, or "point out" with its particle (None: "point" alone is no cue)."""
    if verb.lemma_.lower() != "point":
        return verb.i + 1
    particle = next((c for c in verb.children if c.dep_ == "prt" and c.lower_ == "out"), None)
    return particle.i + 1 if particle is not None else None


def verb_cue(verb: Token, span: Span, lex: _Lex, in_quote: Callable[[int], bool]) -> Cue | None:
    """The attribution a reporting verb makes, or None when it reports nothing here."""
    lemma = verb.lemma_.lower()
    act = lemma not in lex.cue_verbs
    stance = lex.cue_verbs.get(lemma) or lex.act_verbs[lemma]
    cue_hi = _cue_end(verb)
    if cue_hi is None or (verb.tag_ == "VBG" and verb.dep_ == "amod"):
        return None  # "point" without "out"; "increasing reports" is an adjective, not a cue
    if lemma in {"read", "hear", "see"}:
        obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
        if obj is not None and obj.lemma_.lower() in lex.vague_nouns | lex.document_nouns:
            return Cue(obj, verb.i, cue_hi, stance, verb_content(verb, span))
        return None
    agent = next((c for c in verb.children if c.dep_ == "agent"), None)
    if agent is None and verb.tag_ == "VBN" and lemma in lex.passive_vague and passive_content(verb):
        return Cue(None, verb.i, verb.i + 1, stance, None, _passive_vague(verb, stance))
    if agent is not None:
        obj = next((c for c in agent.children if c.dep_ == "pobj"), None)
        if obj is not None and has_content(verb, span):
            return Cue(obj, verb.i, cue_hi, stance, verb_content(verb, span))
        return None
    subject = subject_of(verb)
    clause = has_content(verb, span)
    infinitive = None if clause else _infinitive_content(verb, lex)
    target = None if clause else (_object_content(verb, lex) or infinitive)
    # "asked Congress to act", "wants to expand" report an act or wish: the clause is attributed, the
    # sentence is not (a statement needs a content clause, or an object for "denied any wrongdoing").
    # "Democrats slammed the decision": a hostile verb with only an object reports criticism, an act;
    # so does a relative clause with only an object ("the senators who wrote the bill"): it says who
    # they are, and the sentence stays the writer's.
    object_only_act = stance in lex.object_act_stances or verb.dep_ == "relcl"
    act = act or infinitive is not None or (not clause and object_only_act)
    if subject is None or subject.dep_ == "expl" or not (target is not None or clause):
        return None
    if subject.lower_.endswith(("self", "selves")) or describes_object(verb):
        return None  # a reflexive is no source (the sentence was split badly); a relative describes
    if subject.lower_ in lex.self_pronouns and in_quote(subject.idx):
        return None  # "I think" inside a quote is the speaker's, found through the quote
    if target is not None and target is not infinitive:
        content = _object_span(verb, target, span)
    else:
        content = _subtree_span(target, span) if target is not None else verb_content(verb, span)
    addressee = next((c for c in verb.children if c.dep_ == "dobj"), None)
    addressed = infinitive is not None and addressee is not None and addressee.i < infinitive.i
    if addressed and content is not None and addressee is not None:
        # "urged the EU to show ...": whom the act addresses belongs to its content.
        content = (addressee.left_edge.idx, content[1])
    return Cue(subject, verb.i, cue_hi, stance, content, act=act)


def self_frame(tokens: Sequence[Token], lex: _Lex, in_quote: Callable[[int], bool]) -> Cue | None:
    """ "In my view, ...": the author's own opinion frame."""
    for _phrase, a, b in match_cues(tokens, lex.self_phrases):
        if in_quote(tokens[a].idx):
            continue
        ev = evidence_of(tokens, a, b)
        ready = Attribution(source=ev.text, kind="self", cue=ev.text, stance="neutral", start=ev.start,
                            end=ev.end, cue_start=ev.start, cue_end=ev.end)
        return Cue(None, tokens[a].i, tokens[b - 1].i + 1, "neutral", None, ready)
    return None


def noun_cues(tokens: Sequence[Token], span: Span, lex: _Lex) -> list[Cue]:
    """ "Trump's claim that ...", "his promise to cut taxes": a speech noun whose owner is the source
    and whose clause or infinitive is the content (an act: the sentence stays the writer's)."""
    found = []
    for noun in tokens:
        stance = lex.noun_cues.get(noun.lemma_.lower())
        if stance is None or noun.pos_ != "NOUN":
            continue
        owner = next((c for c in noun.children if c.dep_ == "poss"), None)
        content = next((c for c in noun.children if c.dep_ in {"acl", "ccomp"} and c.pos_ in {"VERB", "AUX"}
                        and (any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)
                             or any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children))), None)
        if owner is not None and content is not None:
            found.append(Cue(owner, noun.i, noun.i + 1, stance, _subtree_span(content, span), act=True))
    return found


def find_cues(span: Span, lex: _Lex, in_quote: Callable[[int], bool]) -> list[Cue]:
    """Every attribution cue of the sentence ``span`` (see the module docstring)."""
    tokens = list(span)
    taken: set[int] = set()
    found = prepositional_cues(span, tokens, lex, taken) + phrase_cues(span, tokens, lex, taken)
    found += noun_cues(tokens, span, lex)
    for k, verb in enumerate(tokens):
        lemma = verb.lemma_.lower()
        is_cue = lemma in lex.cue_verbs or lemma in lex.act_verbs
        if k in taken or not is_cue or verb.pos_ not in {"VERB", "AUX"}:
            continue
        cue = verb_cue(verb, span, lex, in_quote)
        if cue is not None:
            found.append(cue)
    if not found:
        frame = self_frame(tokens, lex, in_quote)
        if frame is not None:
            found.append(frame)
    return found
