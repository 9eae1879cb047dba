"""Page furniture, one rule class at a time: each form is removed with its reason, and prose that looks like it
stays. The strings here are written for these tests, apart from the page suite's fixtures."""

from __future__ import annotations

import pytest

from slant.text.clean import Removed, clean_text
from slant.text.page_rules import REASON_CLASS

BEFORE = "The council approved the budget on Monday night after a long and heated debate."
AFTER = "The mayor welcomed the vote and thanked council members for their patience."


def removed_class(line: str) -> str | None:
    cleaned = clean_text(f"{BEFORE}\n\n{line}\n\n{AFTER}")
    assert cleaned.text.startswith(BEFORE) and cleaned.text.endswith(AFTER)
    if not cleaned.removed:
        return None
    assert [r.text for r in cleaned.removed] == [line]
    return REASON_CLASS[cleaned.removed[0].reason]


@pytest.mark.parametrize(
    "line, cls",
    [
        # captions with a credit at the end, in parentheses or after the sentence
        (
            "(L-R) Ana Ruiz, Tom Berg and Eva Lind arrive for talks in Oslo on Friday. (Ola Dahl/Nordic Images)",
            "caption",
        ),
        ("Ministers meet in Lima on Sunday. (Ernesto Vega/POOL/Andes via Wirefoto)", "caption"),
        ("The wreckage of the bus outside the city. (Handout/Regional Police via Newsline)", "caption"),
        ("Crews clear debris on Main Street. (Courtesy photo by Lee Park)", "caption"),
        ("Protesters march in Paris on Saturday. Photograph: Remy Blanc/Agence Image", "caption"),
        ("A flooded street in Porto Alegre. Credit: Lia Souza/Sul Photos", "caption"),
        ("Voters queue in Accra on Saturday. Kofi Ansah/AFP via Getty Images", "caption"),
        ("The new stadium at dusk. | Photo: Sam Ortega", "caption"),
        ("Pictured: The mayor cuts the ribbon at the new library", "caption"),
        ("L to R: Coach Tim Baxter and captain Joe Ruiz at training.", "caption"),
        ("FILE - A container ship leaves the port of Hamburg, Germany, May 2, 2024.", "caption"),
        ("Image caption, Firefighters at the scene", "caption"),
        ("The old mill on the river, now a museum. (Gazette file photo)", "caption"),
        # credits alone on their line
        ("Ola Dahl/Nordic Images", "credit"),
        ("Photo by Kai Lund/Getty Images", "credit"),
        ("(Handout)", "credit"),
        ("toggle caption", "credit"),
        ("Courtesy of the Harris family", "credit"),
        ("Source: company filings", "credit"),
        ("Handout via Regional Health Board/Northfield Post", "credit"),
        # video players
        ("JUST WATCHED", "video"),
        ("Watch: Moment the roof collapsed during the storm", "video"),
        ("Coach explains the late substitution 02:14", "video"),
        ("Video Ad Feedback", "video"),
        ("01:32 - Source: Northfield Post", "video"),
        # embedded posts
        ("A post shared by Nina Cole (@ninacole)", "embed"),
        ("We did it. Thank you all! pic.twitter.com/Ab12Cd", "embed"),
        # cookie banners
        ("We use cookies to give you the best experience on our website.", "cookie"),
        ("By continuing to browse this site you accept the use of cookies.", "cookie"),
        ("Accept All Cookies", "cookie"),
        ("Refuse all", "cookie"),
        ("Accept and close", "cookie"),
        ("Your privacy is important to us. We and our partners use cookies to measure audiences.", "cookie"),
        # disclosures and republisher disclaimers
        ("This page contains affiliate links; if you buy, we may receive a small commission.", "disclaimer"),
        ("As an Amazon Associate we earn from qualifying purchases.", "disclaimer"),
        (
            "The views expressed in this column are the writer's own and do not necessarily reflect ours.",
            "disclaimer",
        ),
        ("This story originally appeared on Mountain West Health News.", "disclaimer"),
        (
            "This article is republished from The Campus Review under a Creative Commons license.",
            "disclaimer",
        ),
        ("Editor's note: An earlier version of this story misstated the date of the vote.", "disclaimer"),
        ("The Post is not responsible for the content of external websites.", "disclaimer"),
        (
            "Our science desk is funded in part by the Lark Trust. The Post retains full editorial control.",
            "disclaimer",
        ),
        # prompts, widgets, lists, ads, stamps, bylines, copyright
        ("Want more local news? Sign up for our free morning newsletter.", "newsletter"),
        ("Download our app for breaking news alerts.", "newsletter"),
        ("Subscribe now for just $1 a week", "newsletter"),
        ("Get the Northfield Evening Brief: the day's news, sent to your inbox.", "newsletter"),
        ("Sign up to Match Report. Every result, every night.", "newsletter"),
        ("By subscribing, you agree to our Terms of Use.", "newsletter"),
        ("Email address", "newsletter"),
        ("Join the conversation (1.2k comments)", "share"),
        ("Purchase Licensing Rights", "share"),
        ("Link copied!", "share"),
        ("Comments (48)", "share"),
        ("MORE POLITICS", "related"),
        ("Latest World News", "related"),
        ("AdChoices", "ad"),
        ("Advertisement · Scroll to continue", "ad"),
        ("Read more on this topic", "related"),
        ("We noticed you're using an ad blocker. Please consider turning it off.", "ad"),
        ("Published 7:05 a.m. ET Feb. 18, 2025", "timestamp"),
        ("Sat 7 June 2025 18.22 BST", "timestamp"),
        ("Updated: 14:07, Fri, Jul 25, 2025", "timestamp"),
        ("2025-10-08 06:42 GMT", "timestamp"),
        ("Words by Ana Ruiz", "byline"),
        ("BY MARIA CHENG AND JOHN LEICESTER", "byline"),
        ("(Reporting by Ana Ruiz; Editing by Tom Berg)", "byline"),
        ("Staff and wire reports", "byline"),
        ("All content © 2025 Northfield Media LLC", "copyright"),
        # forms of the second blind slice's furniture, written anew
        ("News Sport Business Culture Travel Video", "navigation"),
        ("Show key events only", "navigation"),
        ("Load newer updates", "navigation"),
        ("Share Story via Facebook Share Story via X Share Story via Email", "share"),
        ("Share or comment on this story:", "share"),
        ("Print this article", "share"),
        ("View 86 comments", "share"),
        ("Subscribe to Harbor Insider for analysis you will not find anywhere else.", "newsletter"),
        ("Support local journalism. Become a member from $3 a month.", "newsletter"),
        ("Sponsored Stories by Adreach", "sponsored"),
        ("€24.50 at Bookhaus", "sponsored"),
        ("Buy now", "sponsored"),
        ("Quotes delayed at least 20 minutes. Market data by Tickerline.", "disclaimer"),
        ("This story was corrected on 3 May 2025 to fix the name of the school.", "disclaimer"),
        ("Last updated on 2 June 2025. From the section Cycling", "timestamp"),
        ("Coverage by Ines Delorme and Tom Berg", "byline"),
        ("Tom Berg@TomBergNews", "byline"),
        ("Photography by Lea Moss", "credit"),
        (
            "A farmer walks his flooded field near Harwick, on May 3, 2025. (Courtesy of the Harwick Farmers Union)",
            "caption",
        ),
        ("The poet at her desk in Harwick, June 2025.", "caption"),
    ],
)
def test_furniture_is_removed_with_its_class(line: str, cls: str) -> None:
    assert removed_class(line) == cls


@pytest.mark.parametrize(
    "prose",
    [
        "The photographer, Ana Ruiz, said she took the picture from a rooftop.",
        "He posted the video on X, where it was viewed 2 million times.",
        "The minister said the views expressed by protesters were understandable.",
        "The report first appeared in a medical journal in March.",
        "Users who subscribe to the service get unlimited access to its archive, the company said.",
        "We use cookies to track you, the lawsuit alleges the company told users.",
        "Copyright lawyers say the case could reshape the music industry.",
        "Cookies and cakes were sold at the fundraiser, which raised $5,000.",
        "The agency, which earns fees from the sales, did not comment.",
        "Source: a person familiar with the matter said the deal was close.",
        "Prime Minister Olaf Berg (center) greets Ana Ruiz at the summit in Lima.",
        "The law, passed in 2019, was struck down by the court (Smith v. Jones).",
        "The court will hear the case on March 14 at 10:00 a.m.",
        "Watch what happens next, the coach told his players.",
        "Sign up for the league opened in May, and 40 teams joined within a week.",
        "The broadcaster said it was not responsible for the delays, which were caused by a power cut.",
        "Buy now, pay later lenders face new rules from April, the regulator said.",
        "Subscribers to the service were told about the change in an email on Monday.",
        "The hearing was adjourned in Harwick, March 2025, and resumed in the autumn.",
        "News of the merger sent shares in both companies higher.",
    ],
)
def test_prose_that_mentions_furniture_is_kept(prose: str) -> None:
    assert removed_class(prose) is None


def test_masthead_and_section_label_go_and_the_headline_is_the_title() -> None:
    raw = (
        "THE RIVERSIDE CLARION\n\nLocal\n\nSchool board approves later start times\n\nBy Tom Reyes\n\n"
        "The board voted 5-2 on Tuesday to push back high school start times by 45 minutes."
    )
    cleaned = clean_text(raw)
    assert cleaned.title == "School board approves later start times"
    assert [(r.text, r.reason) for r in cleaned.removed] == [
        ("THE RIVERSIDE CLARION", "masthead"),
        ("Local", "masthead"),
        ("By Tom Reyes", "byline"),
    ]
    assert cleaned.text.startswith("School board approves later start times\n\nThe board voted")


def test_outlet_named_in_the_page_is_a_masthead_even_when_long() -> None:
    raw = "The New Riverside Evening Clarion\n\nMayor names new police chief\n\nThe mayor named a new chief on Monday."
    assert clean_text(raw).title == "The New Riverside Evening Clarion"  # unknown outlet, too long: kept
    named = clean_text(raw, outlets=["The New Riverside Evening Clarion"])
    assert named.title == "Mayor names new police chief"
    assert named.removed[0].reason == "masthead"


def test_text_starting_with_prose_has_no_title_and_question_headlines_count() -> None:
    assert clean_text("The council met on Monday and approved the plan after a debate.").title is None
    raw = "Why is the Fed in no hurry to cut rates?\n\nAnalysis by Dan Brooks\n\nThe bank has been patient."
    cleaned = clean_text(raw)
    assert cleaned.title == "Why is the Fed in no hurry to cut rates?"
    assert cleaned.removed[0].reason == "byline"


def test_datelines_with_any_outlet_are_cut_keeping_the_prose() -> None:
    raw = (
        "Headline here\n\nLIMA, Peru (Andes Wire) — The vote passed on Friday.\n\n"
        "Quito (Sur News) — Turnout was high in the capital."
    )
    cleaned = clean_text(raw)
    assert cleaned.text == "Headline here\n\nThe vote passed on Friday.\n\nTurnout was high in the capital."
    assert [r.reason for r in cleaned.removed] == ["dateline", "dateline"]


def test_video_block_titles_and_embedded_post_text_are_removed() -> None:
    raw = (
        f"{BEFORE}\n\nJUST WATCHED\n\nMayor: 'This is our moment'\n\nReplay\n\nMore Videos ...\n\n"
        "Proud of this city tonight.\n\n— Ana Ruiz (@MayorRuiz) May 3, 2025\n\n" + AFTER
    )
    cleaned = clean_text(raw)
    assert cleaned.text == f"{BEFORE}\n\n{AFTER}"
    assert [REASON_CLASS[r.reason] for r in cleaned.removed] == ["video"] * 4 + ["embed"] * 2


def test_pull_quote_repeated_from_the_prose_is_removed() -> None:
    quote = '"We will rebuild every home that was lost," the governor said on Sunday at the shelter.'
    raw = f"{BEFORE}\n\n{quote}\n\n“We will rebuild every home that was lost.”\n\n{AFTER}"
    cleaned = clean_text(raw)
    assert [(r.text, r.reason) for r in cleaned.removed] == [
        ("“We will rebuild every home that was lost.”", "pull quote")
    ]
    assert quote in cleaned.text


def test_author_note_at_the_end_is_a_byline_but_not_in_the_middle() -> None:
    note = "Ana Ruiz is a reporter covering housing for the Clarion."
    cleaned = clean_text(f"{BEFORE}\n\n{AFTER}\n\n{note}")
    assert cleaned.removed[-1].reason == "byline"
    middle = (
        "Ana Ruiz is a former economist who now runs a bakery in town, and she opposes the plan strongly."
    )
    body = "\n\n".join([BEFORE, middle, *[AFTER] * 5])
    assert middle in clean_text(body).text


def test_every_removed_line_is_listed() -> None:
    raw = (
        "NORTHFIELD NEWS\n\nCity to close two schools\n\nBy Ana Ruiz\n\nMarch 3, 2025\n\n"
        "The district will close two schools next year to cut costs.\n\n(Eva Lind/Northfield Images)\n\n"
        "Share\n\nWe use cookies to improve your experience.\n\nParents said they were not consulted."
    )
    cleaned = clean_text(raw)
    kept = cleaned.text.split("\n\n")
    assert len(kept) + len(cleaned.removed) == len([line for line in raw.splitlines() if line.strip()])
    assert kept == [
        "City to close two schools",
        "The district will close two schools next year to cut costs.",
        "Parents said they were not consulted.",
    ]


def test_bylines_below_the_standfirst_with_their_role_lines_are_removed() -> None:
    raw = (
        "Harbour rail link delayed again\n\n"
        "The second delay in a year pushes the opening into 2027 and adds to the bill.\n\n"
        "Tomas Lindqvist in Harwick and Ana Ruiz\n\nTransport Correspondents, Northfield Post\n\n"
        "and Eva Lind\n\n"
        "The harbour rail link will open two years late, the regional authority said on Monday.\n\n"
        "Key Points\n\nThe authority blamed a shortage of steel."
    )
    cleaned = clean_text(raw)
    assert [(r.text, r.reason) for r in cleaned.removed] == [
        ("Tomas Lindqvist in Harwick and Ana Ruiz", "byline"),
        ("Transport Correspondents, Northfield Post", "byline"),
        ("and Eva Lind", "byline"),
    ]
    assert "Key Points" in cleaned.text  # a subheading after the body has begun is no byline


def test_caption_above_a_named_credit_goes_but_prose_above_a_credit_stays() -> None:
    caption = "Volunteers fill sandbags outside the town hall in Harwick on Tuesday."
    raw = f"{BEFORE}\n\n{caption}\n\nLea Moss / Northfield Post\n\n{AFTER}"
    assert [(r.text, r.reason) for r in clean_text(raw).removed] == [
        (caption, "photo caption"),
        ("Lea Moss / Northfield Post", "photo credit"),
    ]
    past = "Volunteers filled sandbags outside the town hall on Tuesday."
    speech = "The bridge is safe, the engineer says."
    for prose in (past, speech):
        cleaned = clean_text(f"{BEFORE}\n\n{prose}\n\nLea Moss / Northfield Post\n\n{AFTER}")
        assert prose in cleaned.text
    sandwich = f"{BEFORE}\n\nEnlarge this image\n\n{caption}\n\nLea Moss for Northfield Post\n\ntoggle caption\n\n{AFTER}"
    assert clean_text(sandwich).text == f"{BEFORE}\n\n{AFTER}"


def test_photo_post_text_above_its_attribution_is_an_embed_but_prose_is_not() -> None:
    post = "Best night of my life 🎉 #finals"
    cleaned = clean_text(f"{BEFORE}\n\n{post}\n\nA post shared by Nina Cole (@ninacole)\n\n{AFTER}")
    assert [r.reason for r in cleaned.removed] == ["embedded post", "embedded post"]
    cleaned = clean_text(f"{BEFORE}\n\nA post shared by Nina Cole (@ninacole)\n\n{AFTER}")
    assert cleaned.text == f"{BEFORE}\n\n{AFTER}"


def test_headlines_listed_after_the_last_paragraph_are_removed_without_their_header() -> None:
    raw = f"{BEFORE}\n\n{AFTER}\n\nWho will run the new port authority?\n\nFerry fares to rise in spring"
    cleaned = clean_text(raw)
    assert cleaned.text == f"{BEFORE}\n\n{AFTER}"
    assert [r.reason for r in cleaned.removed] == ["link list", "link list"]
    one = f"{BEFORE}\n\n{AFTER}\n\nWhat happens next"  # a single short last line may be the article's own
    assert clean_text(one).text.endswith("What happens next")


def test_dateline_with_region_and_date_is_cut() -> None:
    cleaned = clean_text("Dam levels fall\n\nHARWICK, Northland, Sept 4 (Post Wire) - Dam levels fell again.")
    assert cleaned.text == "Dam levels fall\n\nDam levels fell again."
    assert cleaned.removed == [Removed("HARWICK, Northland, Sept 4 (Post Wire) -", "dateline")]


def test_name_and_beat_on_one_line_and_a_beat_under_the_name_are_bylines() -> None:
    raw = (
        "Harbour rail link delayed again\n\nThe second delay in a year pushes the opening into 2027.\n\n"
        "Ines Delorme Transport correspondent\n\n"
        "The harbour rail link will open two years late, the regional authority said on Monday.\n\n"
        "The authority blamed a shortage of steel and a dispute with its main contractor over costs."
    )
    assert [(r.text, r.reason) for r in clean_text(raw).removed] == [
        ("Ines Delorme Transport correspondent", "byline")
    ]
    comma = raw.replace("Ines Delorme Transport correspondent", "Ines Delorme, transport correspondent")
    assert [r.text for r in clean_text(comma).removed] == ["Ines Delorme, transport correspondent"]
    raw = raw.replace("Ines Delorme Transport correspondent", "Ines Delorme\n\nTransport reporter")
    assert [r.text for r in clean_text(raw).removed] == ["Ines Delorme", "Transport reporter"]


def test_video_title_after_the_players_clock_and_caption_with_background_sentence() -> None:
    raw = f"{BEFORE}\n\nVIDEO 2:40\n\nMayor on the budget: 'We had no choice'\n\nCity Hall Weekly\n\n{AFTER}"
    assert clean_text(raw).text == f"{BEFORE}\n\n{AFTER}"
    caption = "The mayor at the council meeting on Monday. She was elected in 2021 on a promise to cut rates."
    raw = f"{BEFORE}\n\n{caption}\n\nPhotograph: Lea Moss/Northfield Post\n\n{AFTER}"
    assert clean_text(raw).text == f"{BEFORE}\n\n{AFTER}"


def test_newsletter_box_and_shopping_box_neighbours_go_with_them() -> None:
    raw = f"{BEFORE}\n\nSign up to Harbor Morning\n\nOur free weekday newsletter\n\nafter newsletter promotion\n\n{AFTER}"
    assert clean_text(raw).text == f"{BEFORE}\n\n{AFTER}"
    raw = f"{BEFORE}\n\nThe Lighthouse Keeper by Ana Ruiz\n\n£12.99 at Bookhaus\n\n{AFTER}"
    assert [r.reason for r in clean_text(raw).removed] == ["sponsored", "sponsored"]
    raw = f"{BEFORE}\n\nHarbor Audio Pro 2 earbuds\n\nView Deal\n\n{AFTER}"
    assert [r.reason for r in clean_text(raw).removed] == ["sponsored", "sponsored"]


def test_a_listed_headline_may_end_in_a_full_stop_when_the_list_goes_on() -> None:
    raw = (
        f"{BEFORE}\n\nRelated\n\nThe ferry is late again. Commuters have had enough.\n\n"
        f"Why the harbour bridge costs so much\n\n{AFTER}"
    )
    assert [r.reason for r in clean_text(raw).removed] == ["related links", "link list", "link list"]
    short_prose = f"{BEFORE}\n\nRelated\n\nThe vote was close.\n\n{AFTER} {AFTER}"
    assert "The vote was close." in clean_text(short_prose).text  # prose below a bare header stays


@pytest.mark.parametrize(
    "line, cls",
    [
        # forms of the third blind slice's furniture, written anew
        ("Necessary cookies only", "cookie"),
        ("Reject optional cookies", "cookie"),
        ("You have 3 free stories left this month. Subscribe from £1 a week.", "newsletter"),
        ("Share Story via WhatsApp", "share"),
        ("Marta Ilves, Senior Economics Correspondent", "byline"),
        ("Reporting from Tartu, Estonia", "byline"),
        ("Ana Ruiz writes about transport. Follow her on Threads @anaruiz.", "byline"),
        ("Correction, June 3, 2025: The council meets on Thursdays, not Tuesdays.", "disclaimer"),
        ("An earlier version of this story gave the wrong date for the vote.", "disclaimer"),
        ("Arts coverage at the Harbour Post receives support from the Lind Fund.", "disclaimer"),
        ("A version of this story appears in print in the Sunday edition.", "disclaimer"),
        (
            "This essay appears in the winter issue of Harbour Quarterly under the title 'Low Tide'.",
            "disclaimer",
        ),
        ("Skip ad", "ad"),
        ("Sponsor message", "ad"),
        ("Support for Harbour Radio comes from Nilsen Hardware, serving the coast since 1962.", "sponsored"),
        ("Free £20 bet when you stake £5. New customers only. T&Cs apply.", "sponsored"),
        ("@tidewatcher the queue at the ferry this morning 😩 #harbourlife ♬ original sound - tide", "embed"),
        ("Transcript", "video"),
        ("Tom Reyes (left) and his brother outside the bakery", "caption"),
    ],
)
def test_third_slice_furniture_is_removed_with_its_class(line: str, cls: str) -> None:
    assert removed_class(line) == cls


@pytest.mark.parametrize(
    "prose",
    [
        "You have two weeks left to comment on the plan, the council said.",
        "Ana Ruiz, the transport correspondent, said the line would close.",
        "Support for the plan comes from farmers and the county's two largest employers.",
        "Prime Minister Olaf Berg (center) greets Ana Ruiz at the summit in Lima.",
        "Voters in the district will choose between two candidates on Sunday, the commission said.",
    ],
)
def test_third_slice_lookalike_prose_is_kept(prose: str) -> None:
    assert removed_class(prose) is None


def test_consent_buttons_below_a_cookie_banner_go_with_it() -> None:
    raw = f"We use cookies to improve this site.\n\nOK, that's fine\n\nNo, show me the options\n\n{BEFORE}\n\n{AFTER}"
    cleaned = clean_text(raw)
    assert cleaned.text == f"{BEFORE}\n\n{AFTER}"
    assert [r.reason for r in cleaned.removed] == ["cookie banner"] * 3


def test_headline_written_as_sentences_above_a_standfirst_and_byline() -> None:
    head = "The ferry is late again. Islanders have had enough."
    stand = "A second winter of cancelled sailings has left the island short of food, fuel and patience."
    body = (
        "The operator cancelled 41 sailings in January, more than in any month since it took over the route."
    )
    cleaned = clean_text(f"{head}\n\n{stand}\n\nBy Tom Reyes\n\n{body}")
    assert cleaned.title == head
    # a paste that starts with prose has no byline under its second paragraph: no title
    assert clean_text(f"{stand}\n\n{body}\n\n{AFTER}").title is None


def test_bare_name_above_the_stamp_is_a_byline_not_a_headline() -> None:
    raw = f"Ines Delorme\n\nUpdated March 4, 2025 at 9:10 AM\n\n{BEFORE}\n\n{AFTER}"
    cleaned = clean_text(raw)
    assert cleaned.title is None
    assert [r.reason for r in cleaned.removed] == ["byline", "timestamp"]


def test_crosshead_quoting_the_section_below_stays_but_a_repeated_quote_goes() -> None:
    quote = '"We will not leave this valley," said Ana Ruiz, whose farm flooded twice in a decade.'
    crosshead = "'We will not leave this valley'"
    cleaned = clean_text(f"{BEFORE}\n\n{crosshead}\n\n{quote}\n\n{AFTER}")
    assert crosshead in cleaned.text
    cleaned = clean_text(f"{BEFORE}\n\n{quote}\n\n{crosshead}\n\n{AFTER}")
    assert [r.reason for r in cleaned.removed] == ["pull quote"]
    short = f'{BEFORE}\n\n"That road is finished," the mayor said at the site.\n\n"That road is finished."\n\n{AFTER}'
    assert [r.reason for r in clean_text(short).removed] == ["pull quote"]


def test_caption_under_a_credit_block_and_an_unpunctuated_caption_in_the_body() -> None:
    caption = "Firefighters hose down the roof of the depot in Harwick on Sunday."
    raw = f"{BEFORE}\n\nEnlarge this image\n\nLea Moss/Northfield Post\n\n{caption}\n\n{AFTER}"
    assert clean_text(raw).text == f"{BEFORE}\n\n{AFTER}"
    loose = "Baker Tom Reyes says the shop will stay open for as long as the village wants it"
    raw = f"{BEFORE}\n\n{AFTER}\n\n{loose}\n\n{BEFORE}"
    assert [r.reason for r in clean_text(raw).removed] == ["photo caption"]
    crosshead = "What the council decides next"
    assert crosshead in clean_text(f"{BEFORE}\n\n{AFTER}\n\n{crosshead}\n\n{BEFORE}").text


def test_repeated_paragraphs_are_not_pull_quotes_of_each_other_but_a_repeated_quote_still_goes() -> None:
    para = "The ferry board met again on Thursday. Its chair said the timetable would not change."
    cleaned = clean_text("\n\n".join([BEFORE, *[para] * 50, AFTER]))
    assert cleaned.removed == [] and cleaned.text.count(para) == 50
    quote = '"The timetable stays as it is," the chair told the meeting in the harbour hall on Thursday.'
    pull = "\u201cThe timetable stays as it is.\u201d"
    cleaned = clean_text("\n\n".join([BEFORE, quote, pull, AFTER, pull, AFTER]))
    assert [(r.text, r.reason) for r in cleaned.removed] == [(pull, "pull quote")] * 2
