"""What is not a target (credit words, abbreviations, modifiers, pronoun endings) and what merges (the alias table,
user aliases, acronyms, shortened names), on sentences written for these tests."""

from __future__ import annotations

import pytest

from slant.text.aliases import AliasError, alias_table, parse_alias, read_alias_file
from slant.text.targets import find_targets


def forms(text: str, **kw) -> dict[str, list[str]]:
    return {t.name: t.forms for t in find_targets(text, **kw)}


def test_party_and_country_forms_merge_under_one_canonical_name() -> None:
    text = (
        "Senate Democrats and House Republicans traded blame. A Democrat from Ohio said the GOP plan failed, "
        "while Republican leaders and Democratic aides met. The U.S. and America's allies, the United States "
        "said, agreed with Britain and the UK government."
    )
    found = forms(text)
    assert found["Democratic Party"] == ["Democrats", "Democrat", "Democratic"]
    assert found["Republican Party"] == ["Republicans", "GOP", "Republican"]
    assert found["United States"] == ["U.S.", "America", "United States"]
    assert found["United Kingdom"] == ["Britain", "UK"]
    assert "Senate" in found and "House" in found
    assert not any(name in found for name in ("Democrats", "Republican", "U.S.", "Britain"))


def test_a_single_alias_form_still_gets_the_canonical_name() -> None:
    assert forms("GOP senators walked out.") == {"Republican Party": ["GOP"]}


def test_demonyms_used_as_modifiers_are_not_targets_but_peoples_are() -> None:
    text = (
        "Russian President Vladimir Putin met South Korean officials and Western diplomats. "
        "Palestinians in the north were displaced. Mr. Putin left."
    )
    found = forms(text)
    assert found["Vladimir Putin"] == ["Vladimir Putin", "Putin"]
    assert "Palestinians" in found
    for word in ("Russian", "South Korean", "Western", "Korean"):
        assert word not in found


def test_hyphenated_modifiers_are_neither_targets_nor_mentions() -> None:
    found = forms("A Tehran-backed militia and a U.S.-led coalition clashed near a Kremlin-linked firm.")
    assert found == {}
    found = forms("Officials in Tehran denied it. The Tehran-backed militia fought on.")
    assert found == {"Tehran": ["Tehran"]}


def test_state_abbreviations_and_party_tags_are_not_targets() -> None:
    text = "Sen. Ana Ruiz (D-Calif.) and Rep. Tom Dale (R-Texas) met in Baton Rouge, La., and Reno, Nev., on Friday."
    found = forms(text)
    assert {"Ana Ruiz", "Tom Dale", "Baton Rouge", "Reno"} <= set(found)
    for junk in ("D-Calif", "R-Texas", "La", "Nev", "Calif"):
        assert junk not in found


def test_possessive_group_names_stay_whole_and_plain_possessives_end_a_name() -> None:
    text = "Thousands joined the Women's March and the Veterans' Day parade. CNN's Ana Ruiz reported on Xi's visit."
    found = forms(text)
    assert "Women's March" in found
    assert "Women" not in found and "March" not in found
    assert "Ana Ruiz" in found and "Xi" in found


def test_credit_words_pronoun_endings_counting_nouns_and_quoted_titles_are_not_targets() -> None:
    text = (
        "The photo by Lens Images ran with a Handout. Fans chanted Believe Me at the show. "
        'The Category 4 storm hit. Her single "Carry Me Home" topped the chart.'
    )
    found = forms(text)
    for junk in ("Lens Images", "Handout", "Believe Me", "Category", "Carry Me Home"):
        assert junk not in found


def test_acronyms_and_shortened_names_join_the_full_name() -> None:
    text = (
        "The Federal Aviation Administration grounded the jets. The FAA said checks would take a week. "
        "The National Park Service closed the trail; the Park Service cited fire risk. "
        "Lumetra Systems fell 4 percent, and Lumetra said it would cut jobs. The European Commission "
        "proposed a fine, and the Commission will decide in May."
    )
    found = forms(text)
    assert found["Federal Aviation Administration"] == ["Federal Aviation Administration", "FAA"]
    assert found["National Park Service"] == ["National Park Service", "Park Service"]
    assert found["Lumetra Systems"] == ["Lumetra Systems", "Lumetra"]
    assert found["European Commission"] == ["European Commission", "Commission"]


def test_titles_of_and_and_names() -> None:
    text = (
        "Judge Mara Quist of the Fresno County Superior Court ruled. Health and Human Services Secretary Rex Dunn "
        "spoke. The Securities and Exchange Commission sued. Microsoft and Google both fell. The First Amendment "
        "applies, said Rep. Ana Ruiz of Texas."
    )
    found = forms(text)
    assert {
        "Mara Quist",
        "Fresno County Superior Court",
        "Rex Dunn",
        "Securities and Exchange Commission",
    } <= set(found)
    assert {"Microsoft", "Google", "First Amendment", "Ana Ruiz", "Texas"} <= set(found)
    assert "Health" not in found and "Amendment" not in found


def test_user_aliases_extend_and_override_the_table() -> None:
    text = "The Harbor Council met. HC members and the council's chair, from the Council, voted."
    found = forms(text, aliases=[parse_alias("Harbor Council=HC,Council")])
    assert found["Harbor Council"] == ["Harbor Council", "HC", "Council"]
    assert alias_table([("Grand Old Party", ("GOP",))])["GOP"] == "Grand Old Party"


@pytest.mark.parametrize("entry", ["Harbor Council", "=HC", "Harbor Council=", "A=B=C", "  "])
def test_malformed_alias_entry_names_the_expected_form(entry: str) -> None:
    with pytest.raises(AliasError, match=r"--alias: .* expected the form Name=Alias1,Alias2"):
        parse_alias(entry)


def test_alias_file_reads_entries_and_names_a_bad_line(tmp_path) -> None:
    path = tmp_path / "aliases.txt"
    path.write_text("# outlets' names\nHarbor Council=HC, Council\n\nPort Authority=PA\n")
    assert read_alias_file(path) == [("Harbor Council", ("HC", "Council")), ("Port Authority", ("PA",))]
    path.write_text("Harbor Council=HC\nPort Authority PA\n")
    with pytest.raises(AliasError, match=rf"{path}:line 2: 'Port Authority PA' .* Name=Alias1,Alias2"):
        read_alias_file(path)
