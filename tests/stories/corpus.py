"""A small corpus written for the story tests: one event told twice, a near-miss, and background.

Event: a federal judge orders separated families reunited (2018-06-26). The Ledger's version adds a
figure (2,342 children) and a quoted speaker (Lee Gelernt) that the Daily Planet's version lacks.
Near-miss: the same week and topic, a different event (the executive order ending separations,
2018-06-20), sharing actors (Trump, Homeland Security) but not the judge, the ruling or its quotes.
Background: other immigration events on other dates, so that topic words are common in the corpus
(as in a real one) and only event words are rare.
"""

from __future__ import annotations

from pipeline.stories.features import StoryInput

RULING_PLANET = StoryInput(
    id="a" * 16,
    source="Daily Planet",
    title="Judge orders separated families reunited within 30 days",
    published="2018-06-26",
    text=(
        "A federal judge in San Diego on Tuesday ordered the Trump administration to reunite families "
        "separated at the southern border within 30 days. Judge Dana Sabraw said children under five must "
        "be returned to their parents within 14 days. \u201cThe facts set forth before the court portray "
        "reckless government action,\u201d Sabraw wrote in the injunction. The American Civil Liberties "
        "Union "
        "brought the class action on behalf of a Congolese mother separated from her daughter in Texas. "
        "The Justice Department did not say whether it would appeal the ruling."
    ),
    entities=(
        ("Dana Sabraw", "PERSON"),
        ("San Diego", "GPE"),
        ("Trump", "PERSON"),
        ("American Civil Liberties Union", "ORG"),
        ("Justice Department", "ORG"),
        ("Texas", "GPE"),
    ),
    figures=((30.0, "quantity", "day"), (14.0, "quantity", "day")),
    quotes=("The facts set forth before the court portray reckless government action",),
)

RULING_LEDGER = StoryInput(
    id="b" * 16,
    source="The Ledger",
    title="Court tells administration to reunite migrant families",
    published="2018-06-27",
    text=(
        "Judge Dana Sabraw of the federal court in San Diego ordered the Trump administration on Tuesday to "
        "reunite separated families within 30 days, and children under five within 14 days. More than 2,342 "
        "children were separated from their parents between May 5 and June 9, according to the Department of "
        "Homeland Security. \u201cThis is a tremendous victory for families who were torn apart,\u201d said "
        "Lee Gelernt, the ACLU lawyer who argued the class action. Sabraw wrote that the facts set forth "
        "before the court portray reckless government action. The injunction also bars deporting parents "
        "without their children."
    ),
    entities=(
        ("Dana Sabraw", "PERSON"),
        ("San Diego", "GPE"),
        ("Trump", "PERSON"),
        ("Lee Gelernt", "PERSON"),
        ("ACLU", "ORG"),
        ("Department of Homeland Security", "ORG"),
    ),
    figures=((30.0, "quantity", "day"), (14.0, "quantity", "day"), (2342.0, "count", None)),
    quotes=("This is a tremendous victory for families who were torn apart",),
)

ORDER_NEAR_MISS = StoryInput(
    id="c" * 16,
    source="Northern Star",
    title="Trump signs order to end family separations at the border",
    published="2018-06-20",
    text=(
        "President Trump signed an executive order on Wednesday ending the practice of separating families "
        "at the southern border, reversing course after days of criticism from both parties. The order "
        "directs the Department of Homeland Security to detain families together while parents are "
        "prosecuted for crossing illegally. \u201cWe are going to have strong borders, but we are going to "
        "keep families together,\u201d Trump said at the White House. Democrats said the order left open "
        "what "
        "happens to the children already in shelters, and Republicans in Congress pressed ahead with bills "
        "on detention."
    ),
    entities=(
        ("Trump", "PERSON"),
        ("Department of Homeland Security", "ORG"),
        ("White House", "ORG"),
        ("Congress", "ORG"),
        ("Democrats", "NORP"),
        ("Republicans", "NORP"),
    ),
    quotes=("We are going to have strong borders, but we are going to keep families together",),
)

BACKGROUND = [
    StoryInput(
        id="d" * 16,
        source="Daily Planet",
        title="Judge blocks end of DACA program",
        published="2018-01-10",
        text=(
            "A federal judge in San Francisco blocked the Trump administration from ending the Deferred "
            "Action "
            "for Childhood Arrivals program, which shields young immigrants from deportation. Judge William "
            "Alsup said the government must keep accepting renewal applications."
        ),
        entities=(("William Alsup", "PERSON"), ("San Francisco", "GPE"), ("Trump", "PERSON")),
    ),
    StoryInput(
        id="e" * 16,
        source="The Ledger",
        title="Migrant caravan reaches Mexico's southern border",
        published="2018-10-22",
        text=(
            "Thousands of Central American migrants in a caravan crossed into southern Mexico, heading "
            "toward "
            "the United States border. President Trump said the military would close the border and "
            "called the caravan an assault on the country."
        ),
        entities=(("Mexico", "GPE"), ("Trump", "PERSON"), ("United States", "GPE")),
    ),
    StoryInput(
        id="f" * 16,
        source="Northern Star",
        title="Travel ban takes effect at airports",
        published="2017-01-28",
        text=(
            "Travelers from seven majority-Muslim countries were detained at airports after President Trump "
            "signed an executive order suspending refugee admissions. Lawyers gathered at terminals to help "
            "families of detained travelers."
        ),
        entities=(("Trump", "PERSON"),),
        figures=((7.0, "count", None),),
    ),
    StoryInput(
        id="g" * 16,
        source="Daily Planet",
        title="Shutdown over border wall funding enters third week",
        published="2019-01-08",
        text=(
            "The partial government shutdown over funding for a border wall entered its third week as "
            "President Trump and congressional Democrats remained at odds over $5.7 billion for the wall."
        ),
        entities=(("Trump", "PERSON"), ("Democrats", "NORP")),
        figures=((5.7e9, "money", "USD"),),
    ),
    StoryInput(
        id="h" * 16,
        source="The Ledger",
        title="Administration tightens H-1B visa rules",
        published="2017-04-18",
        text=(
            "President Trump signed an order directing agencies to review the H-1B visa program for skilled "
            "workers, saying the visas should go to the most-skilled and highest-paid applicants."
        ),
        entities=(("Trump", "PERSON"),),
    ),
    StoryInput(
        id="i" * 16,
        source="Northern Star",
        title="Asylum seekers wait at ports of entry",
        published=None,
        text=(
            "Asylum seekers waited for days at ports of entry along the border as officials limited how many "
            "could apply each day, lawyers for immigrant families said."
        ),
        entities=(),
    ),
]

CORPUS = [RULING_PLANET, RULING_LEDGER, ORDER_NEAR_MISS, *BACKGROUND]
