"""Claims: assertive sentences a reader could check or contest, with attribution, types and scores.

A claim is one sentence of the cleaned text that asserts something. Sentences are *not* claims when
they are (reason codes from :func:`not_claim_reason`):

- ``boilerplate``: bylines, photo credits, "Click here", "Sign up" (regexes in ``models/claims.yaml``);
- ``heading``: no finite verb (unless a long full-stopped sentence with a past-tense verb the parser
  misread), or a short, title-cased one-sentence paragraph without final punctuation;
- ``question``: ends with "?", or is a quoted question with only a short tag after it ("..?" she asked);
- ``imperative``: the root is a bare verb with no subject ("Read the report", "Let us look");
- ``discourse``: meta-text ("Before concluding, X is worth considering") with no entity, figure or
  that-clause;
- ``fragment``: fewer than ``min_content_words`` content words ("But there is more.").

Attribution (PolNeAR Source / Cue / Content), first rule that applies wins:

1. *Quote*: the sentence overlaps a direct or partial quote whose speaker is known: the source is the
   speaker's mention (kind named unless the mention itself is vague, e.g. "officials", "a senior DHS
   official" whose quote speaker is the DHS), cue the quote's. A partial quote whose cue sits in a
   subordinate clause ("... after Trump dismissed Tigar as an “Obama judge.”") does not attribute the
   sentence, unless the clause is "as X said" or X is also the main clause's subject.
2. *Cue in the sentence*: a prepositional cue ("according to X", "as per X", sentence-initial "Per X"),
   a phrase cue ("X sounded an alarm over ..."), or a reporting verb (``models/attribution.yaml``) with
   a subject and a content clause ("X said (that) ...", "..., X said") or, for ``object_content_cues``,
   a noun object ("X denied any wrongdoing"); "read/hear/see reports" takes the
   object as the source; a passive cue takes its "by" agent; an agentless passive ("is widely thought
   to", "it is believed that") is a vague source spanning the cue. The cue nearest the root wins.
3. *Continuation* (deliberately narrow): a sentence with no cue of its own inherits the attribution of
   the claim just before it in the same paragraph when that attribution is named and its source is a
   document or data source ("the agency's statistics show ...") and this sentence states a figure in its
   main clause (not in a relative or adverbial clause) and is not evaluative. The chain
   continues through consecutive statistical sentences and stops at anything else. Speech continuing
   over several sentences is carried by the quotes (rule 1); "He added ..." has its own cue (rule 2).
   Without quote records, sentences of one multi-sentence quotation (tracked by quote marks within a
   paragraph) share the cue found in any of them ('"A. B," she said.').

Source kinds: ``self`` when the source is I/we (outside quotes) or an opinion frame ("in my view");
``named`` when the source span holds a person or organisation (an entity mention, a proper noun), a
document owned by a named body ("the US government's own statistics"), or a definite specific source
("the spokesman", "the report"); he/she are named (resolved to the last PERSON mentioned in this or the
previous paragraph for ``entity``); they/it are named when the last attribution in the paragraph was,
else vague; ``vague`` for unspecific sources (experts, critics, officials, reports, studies, "some",
"many", nationality-only modifiers as in "US officials"); ``none`` without a cue.
Stance is the cue's (neutral / factive / distancing / alarm / concessive / hostile).

Types (several may apply), each with its trigger words in ``type_evidence``: statistical (a figure by
offset overlap; without figures, number tokens that are not dates, times or ordinals), causal, trend,
predictive (cue phrases or a modal governing a verb), evaluative, comparative (cue phrases, superlatives,
comparatives followed by "than"), quote.

Check-worthiness (ClaimBuster-style features, Hassan et al. 2017, as a transparent weighted sum clamped
to [0, 1])::

    0.15 base
  + 0.25 has a figure          + 0.10 has a date            + 0.15 names an actor (entity)
  + 0.15 named source          + 0.05 vague source          + 0.10 factive cue
  + 0.05 per causal / comparative / trend type (at most 0.10) + 0.05 quote
  - 0.15 evaluative            - 0.10 self-attributed (the author's opinion)
  - 0.50 * max(0, base certainty - certainty)   (hedged statements are less checkable)
  - 0.10 fewer than 8 words

Does not catch: clause-level claims inside one sentence (a sentence is one claim), sources introduced
several sentences earlier without a quote, attribution by colon ("The agency: ..."), irony.
"""

from .extract import extract_claims
from .sentences import not_claim_reason

__all__ = ["extract_claims", "not_claim_reason"]
