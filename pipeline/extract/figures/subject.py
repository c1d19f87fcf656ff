"""What a figure counts (its ``subject``), read from the dependency parse.

The relations, tags and words are in models/figures.yaml (``subject``). Each rule below names one
construction; the first that applies gives the subject, and where none does the subject is None: the
text does not say what is counted ("lifted millions out of poverty").
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from .doc_index import _Tree
from .lexicon import SubjectRules, _Lex
from .scanner import ParsedQuantity


def _subject(doc: Doc, span: Span, pq: ParsedQuantity, tree: _Tree, lex: _Lex) -> tuple[int, int] | None:
    """What the figure counts, as a character range of the text (None when the parse is silent)."""
    rules = lex.data.subject
    if pq.kind == "rank":
        return _ranked_noun(doc, span, tree, rules)
    if pq.kind == "multiplier" and span.end < len(doc):
        return _multiplied_noun(doc, span, tree, lex)
    root = tree.root(span)
    return (
        _of_complement(doc, span, root, tree, rules)
        or _modified_noun(doc, span, root, tree, rules)
        or _apposed_noun(doc, root, tree, rules)
        or _subject_of_a_rate(doc, root, tree, rules)
    )


def _ranked_noun(doc: Doc, span: Span, tree: _Tree, rules: SubjectRules) -> tuple[int, int] | None:
    """The noun a rank modifies, after it ("third-largest economy", "the top three or four most
    populous countries": "four" hangs on "three", which hangs on "countries")."""
    heads = [t.head for t in span if t.head.i >= span.end]
    if heads and _noun_head(heads[-1], rules):
        return _phrase(doc, span.end, _np_right_edge(heads[-1], tree, rules))
    return None


def _multiplied_noun(doc: Doc, span: Span, tree: _Tree, lex: _Lex) -> tuple[int, int] | None:
    """ "a 12 times increase year-on-year": the noun after, which the parser often reads as a verb."""
    rules = lex.data.subject
    nxt = doc[span.end]
    if not (nxt.is_alpha and nxt.pos_ in rules.multiplier_noun_pos
            and nxt.lower_ in lex.multiplier_followers):
        return None
    end = span.end + 1
    for child in tree.rights(nxt):
        if child.i == end and child.dep_ in rules.multiplier_noun_deps:
            end = child.right_edge.i + 1
    return _phrase(doc, span.end, end)


def _of_complement(
    doc: Doc, span: Span, root: Token, tree: _Tree, rules: SubjectRules
) -> tuple[int, int] | None:
    """ "67 percent of respondents", "millions of people", "4,000 of the migrants"."""
    child = next(tree.rights(root), None)  # only the first right child can be the "of"
    if child is None or not (child.lower_ == "of" and child.dep_ == "prep" and child.i >= span.end):
        return None
    obj = tree.first_child(child, ("pobj",))
    if obj is None:
        return None
    left = min((c.i for c in tree.lefts(obj) if c.dep_ in rules.of_object_left_deps), default=obj.i)
    return _phrase(doc, left, _np_right_edge(obj, tree, rules))


def _modified_noun(
    doc: Doc, span: Span, root: Token, tree: _Tree, rules: SubjectRules
) -> tuple[int, int] | None:
    """The noun the figure modifies: "116,868 Chinese seeking asylum", "four major international
    forums"; through "about" and the like ("about 300 people": the quantmod's head's head)."""
    head = root.head
    if root.dep_ not in rules.modifier_deps or head.i < span.end:
        return None
    if root.dep_ == "quantmod" and head.head.i > head.i:
        head = head.head
    return _phrase(doc, span.end, _np_right_edge(head, tree, rules)) if _noun_head(head, rules) else None


def _apposed_noun(doc: Doc, root: Token, tree: _Tree, rules: SubjectRules) -> tuple[int, int] | None:
    """ "the highest acceptance rate, 67 percent": the apposed noun, with its compounds only."""
    head = root.head
    if root.dep_ != "appos" or not _noun_head(head, rules):
        return None
    left = head.i
    for child in reversed(tree.lefts(head)):
        if child.dep_ == "compound" and child.i == left - 1:
            left = child.i
    return _phrase(doc, left, head.i + 1)


def _subject_of_a_rate(doc: Doc, root: Token, tree: _Tree, rules: SubjectRules) -> tuple[int, int] | None:
    """ "unemployment rose to 5 percent", "the rate stood at 3%": the verb's subject."""
    head = root.head
    if not (root.dep_ == "pobj" and head.lower_ in rules.rate_prepositions
            and head.head.pos_ in rules.rate_verb_pos):
        return None
    s = tree.first_child(head.head, rules.clause_subject_deps)
    if s is None or not _noun_head(s, rules):
        return None
    left = min((c.i for c in tree.lefts(s) if c.dep_ in rules.clause_subject_left_deps), default=s.i)
    return _phrase(doc, left, s.i + 1)


def _noun_head(token: Token, rules: SubjectRules) -> bool:
    return token.pos_ in rules.noun_pos or (token.pos_ == "ADJ" and token.tag_ in rules.plural_noun_tags)


def _np_right_edge(head: Token, tree: _Tree, rules: SubjectRules) -> int:
    """Index after the last token of ``head``'s noun phrase to the right: modifiers, "of" phrases,
    a participle and its object ("Chinese seeking asylum"), hyphenated words ("year-on-year")."""
    end = head.i + 1
    doc = head.doc
    for child in tree.rights(head):
        if child.i > end and not (child.i == end + 1 and doc[end].text == "-"):
            break  # only contiguous material belongs to the phrase
        if child.dep_ == "prep" and child.lower_ == "of":
            end = child.right_edge.i + 1
        elif child.dep_ == "acl" and child.tag_ in rules.participle_tags:
            end = child.i + 1
            for grandchild in tree.rights(child):
                if grandchild.dep_ in rules.participle_object_deps and grandchild.i == end:
                    end = _np_right_edge(grandchild, tree, rules)
                else:
                    break
        elif child.dep_ not in rules.phrase_stop_deps:
            end = child.right_edge.i + 1
        else:
            break
    # hyphenated compounds written as one word: "increase year-on-year"
    while end < len(doc) and doc[end - 1].whitespace_ == "" and (
        doc[end].text == "-" or doc[end - 1].text == "-"
    ):
        end += 1
    if end < len(doc) and doc[end - 1].text == "-":
        end -= 1
    return end


def _phrase(doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    """The character range of tokens ``start:end`` without leading determiners and edge punctuation."""
    while start < end and (doc[start].is_punct or doc[start].pos_ == "DET"):
        start += 1
    while end > start and doc[end - 1].is_punct:
        end -= 1
    if end <= start:
        return None
    return doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)
