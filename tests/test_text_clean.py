"""Boilerplate removal on hand-written scraped-text samples."""

from __future__ import annotations

import re

import pytest

from slant.text.clean import Cleaned, Removed, clean_text, normalise_line
from slant.text.clean_rules import LINE_RULES


def reasons(raw: str) -> list[tuple[str, str]]:
    return [(r.text, r.reason) for r in clean_text(raw).removed]


@pytest.mark.parametrize(
    "line, reason",
    [
        ("Face masks are placed on children in Antananarivo (AP Photo/Alexander Joe)", "photo caption"),
        ("Protesters gather outside parliament. (Photo: Reuters/John Smith)", "photo caption"),
        ("Protesters march in Paris. Photograph: Benoit Tessier/Reuters", "photo caption"),
        ("The president speaks in Ohio. AP Photo/Evan Vucci", "photo caption"),
        ("Getty Images", "photo credit"),
        ("(Photo by Jane Doe/Getty Images)", "photo credit"),
        ("Image caption, Rescue workers at the scene", "image caption"),
        ("[Image: a burning car]", "image alt text"),
        ("We may earn a commission when you buy through links on our site.", "disclaimer"),
        ("This article was originally published on The Conversation.", "disclaimer"),
        ("Reprinted with permission from the Daily Planet.", "disclaimer"),
        ("It looks like you're using an ad blocker. Please disable it to keep reading.", "ad-blocker notice"),
        ("Please enable JavaScript to view the comments.", "browser notice"),
        ("Related Articles", "related links"),
        ("Read more: Why the plague persists", "related links"),
        ("Sponsored Content", "sponsored"),
        ("Advertisement", "advertisement"),
        ("Story continues below advertisement", "advertisement"),
        ("Back to top", "navigation"),
        ("Home > World > Asia", "navigation"),
        ("Share this article", "share prompt"),
        ("Facebook | Twitter | Email", "share prompt"),
        ("Follow Jane Doe on Twitter @jdoe", "share prompt"),
        ("Sign up for our newsletter to get the latest news in your inbox.", "newsletter prompt"),
        ("By Jane Doe, Reuters", "byline"),
        ("By Jane Doe and John Smith", "byline"),
        ("Reporting by Jane Doe; Editing by John Smith", "byline"),
        ("The Associated Press contributed to this report.", "byline"),
        ("Updated 3:45 PM ET", "timestamp"),
        ("Published: 12 January 2023, 10:42", "timestamp"),
        ("Jan. 5, 2023", "timestamp"),
        ("5 hours ago", "timestamp"),
        ("© 2023 Daily Planet. All rights reserved.", "copyright"),
        ("Copyright 2023 The Daily Planet", "copyright"),
        ("https://example.com/news/123", "link"),
        ("Tags: politics, trade, China", "tags"),
        ("* * *", "separator"),
    ],
)
def test_boilerplate_line_is_dropped_with_reason(line: str, reason: str) -> None:
    cleaned = clean_text(f"The council approved the budget.\n\n{line}\n\nThe mayor welcomed the vote.")
    assert cleaned.text == "The council approved the budget.\n\nThe mayor welcomed the vote."
    assert cleaned.removed == [Removed(line, reason)]


@pytest.mark.parametrize(
    "prose",
    [
        "The photo, taken by a Reuters photographer, shows the minister leaving the building.",
        "A related investigation found that the company had ignored the warnings.",
        "By then, the troops had already left the city.",
        "By Tuesday, the troops had left",
        "Sales of ad blockers rose sharply last year, according to the industry group.",
        "The senator said she would sign up for the newsletter, which critics call propaganda.",
        "Share prices fell 3% on Monday.",
        "Getty Images was sold to a private equity firm in 2018, the company said.",
        "Read the full report, the minister told lawmakers, before voting on it.",
        "More than 200 people were arrested.",
        "Home prices rose for the third month in a row.",
        "Advertising revenue fell by a fifth, the company said.",
        "Black Death Warning: The Plague Is Impossible To Eradicate",
        "The copyright dispute between the two studios went to court in March.",
        "Name: Quentin Lamar Smith",
    ],
)
def test_prose_is_kept(prose: str) -> None:
    cleaned = clean_text(prose)
    assert cleaned.text == prose
    assert cleaned.removed == []


def test_datelines_are_cut_from_paragraph_start_and_reported() -> None:
    raw = "WASHINGTON (Reuters) - The Senate voted.\n\nKYIV, Ukraine (AP) — Russia attacked.\n\n(CNN) A couple sued."
    cleaned = clean_text(raw)
    assert cleaned.text == "The Senate voted.\n\nRussia attacked.\n\nA couple sued."
    assert cleaned.removed == [
        Removed("WASHINGTON (Reuters) -", "dateline"),
        Removed("KYIV, Ukraine (AP) —", "dateline"),
        Removed("(CNN)", "dateline"),
    ]


def test_bare_dateline_only_near_the_top() -> None:
    top = clean_text("Title\n\nWASHINGTON — Lawmakers met on Tuesday.")
    assert top.text == "Title\n\nLawmakers met on Tuesday."
    assert top.removed == [Removed("WASHINGTON —", "dateline")]
    deep = "\n\n".join(["A paragraph."] * 6 + ["NATO — the alliance — met again."])
    assert clean_text(deep).text.endswith("NATO — the alliance — met again.")


def test_link_list_under_related_header() -> None:
    raw = (
        "The vote passed.\n\nRelated Articles\n\nPlague cases rise in Madagascar\n• WHO warns nine countries\n"
        "Is the plague back?\n\nThe minister resigned on Friday."
    )
    cleaned = clean_text(raw)
    assert cleaned.text == "The vote passed.\n\nThe minister resigned on Friday."
    assert [r.reason for r in cleaned.removed] == ["related links", "link list", "link list", "link list"]


def test_navigation_menu_run() -> None:
    cleaned = clean_text("Home\nWorld\nPolitics\nBusiness\n\nSenate passes the budget\n\nThe vote was close.")
    assert cleaned.text == "Senate passes the budget\n\nThe vote was close."
    assert [r.text for r in cleaned.removed] == ["Home", "World", "Politics", "Business"]
    assert {r.reason for r in cleaned.removed} == {"navigation"}


def test_whitespace_is_normalised_and_paragraphs_kept() -> None:
    raw = "  The   council\tmet\u200b today. \r\n\r\n\n  It  voted.\nThen it adjourned.  "
    cleaned = clean_text(raw)
    assert cleaned == Cleaned("The council met today.\n\nIt voted.\n\nThen it adjourned.", [])
    assert normalise_line(" a\u00a0 b\u00ad ") == "a b"


def test_rule_table_is_extensible() -> None:
    rules = [*LINE_RULES, (re.compile(r"^Audio edition available$"), "audio prompt")]
    cleaned = clean_text("Audio edition available\nThe vote passed.", line_rules=rules)
    assert cleaned.text == "The vote passed."
    assert cleaned.removed == [Removed("Audio edition available", "audio prompt")]


def test_long_lines_are_never_dropped() -> None:
    line = "Sign up for our newsletter " + "and read about the economy " * 20 + "in your inbox."
    assert clean_text(line).text == line


def test_every_dropped_line_is_reported() -> None:
    raw = "\n".join(
        [
            "By Jane Doe",
            "Updated 3:45 PM ET",
            "The vote passed.",
            "Advertisement",
            "Share this article",
            "© 2023 Planet",
            "It rained.",
        ]
    )
    cleaned = clean_text(raw)
    kept = cleaned.text.split("\n\n")
    assert kept == ["The vote passed.", "It rained."]
    assert len(kept) + len(cleaned.removed) == len(raw.splitlines())


def test_empty_input() -> None:
    assert clean_text("") == Cleaned("", [])
    assert clean_text(" \n \n") == Cleaned("", [])
