"""Target finding: spans, titles, merging, acronyms, user targets, offsets."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from slant.text.targets import Mention, Target, find_targets

ARTICLE = (
    "Chinese President Xi Jinping met South Korean President Yoon Suk Yeol in Beijing on Monday. "
    "Mr. Xi said the North Atlantic Treaty Organization (NATO) was a threat. Yoon disagreed. "
    '"We are friends," Xi told reporters. Xi\'s aides smiled.\n\n'
    "The Bank of England raised rates. Critics said U.S. Secretary of State Antony Blinken was wrong. "
    "Blinken's office declined to comment. NATO leaders met in Brussels. The FBI and the Justice Department "
    "opened a case. President Joe Biden spoke to Bashar al-Assad. Mr. Biden said that the United States "
    "would act. In Washington, officials said the U.S. would wait."
)


def by_name(targets: list[Target]) -> dict[str, list[str]]:
    return {t.name: [m.text for m in t.mentions] for t in targets}


def check_mentions(text: str, targets: list[Target]) -> None:
    spans = sorted((m.start, m.end) for t in targets for m in t.mentions)
    for t in targets:
        for m in t.mentions:
            assert text[m.start : m.end] == m.text
    assert all(a_end <= b_start for (_, a_end), (b_start, _) in zip(spans, spans[1:])), "mentions overlap"


def test_persons_merge_under_longest_name() -> None:
    found = by_name(find_targets(ARTICLE))
    assert found["Xi Jinping"] == ["Xi Jinping", "Xi", "Xi", "Xi"]
    assert found["Yoon Suk Yeol"] == ["Yoon Suk Yeol", "Yoon"]
    assert found["Antony Blinken"] == ["Antony Blinken", "Blinken"]
    assert found["Joe Biden"] == ["Joe Biden", "Biden"]
    assert "Bashar al-Assad" in found


def test_titles_and_possessives_are_not_part_of_mentions() -> None:
    targets = find_targets(ARTICLE)
    texts = {m.text for t in targets for m in t.mentions}
    assert not any(w in text for text in texts for w in ("Mr.", "President", "Secretary", "'s"))
    xi = next(t for t in targets if t.name == "Xi Jinping")
    possessive = ARTICLE.index("Xi's")
    assert Mention(possessive, possessive + 2, "Xi") in xi.mentions


def test_acronyms_and_organisations() -> None:
    found = by_name(find_targets(ARTICLE))
    assert found["North Atlantic Treaty Organization"] == [
        "North Atlantic Treaty Organization",
        "NATO",
        "NATO",
    ]
    assert found["United States"] == ["U.S.", "United States", "U.S."]
    assert found["FBI"] == ["FBI"]
    assert found["Justice Department"] == ["Justice Department"]
    assert found["Bank of England"] == ["Bank of England"]
    assert "Brussels" in found and "Beijing" in found and "Washington" in found


def test_common_words_months_and_pronouns_are_not_targets() -> None:
    names = set(by_name(find_targets(ARTICLE)))
    for word in ("The", "Critics", "Monday", "Chinese President", "In", "We", "Mr", "Secretary of State"):
        assert word not in names
    text = "Officials met on Tuesday in March. They said it was over. He left. But she stayed."
    assert find_targets(text) == []


def test_sorted_by_mentions_and_offsets_valid() -> None:
    targets = find_targets(ARTICLE)
    counts = [len(t.mentions) for t in targets]
    assert counts == sorted(counts, reverse=True)
    assert targets[0].name == "Xi Jinping"
    check_mentions(ARTICLE, targets)


def test_user_targets_are_always_included() -> None:
    targets = find_targets(ARTICLE, extra=["Taiwan", "bank of england", "nato"])
    found = by_name(targets)
    assert found["Taiwan"] == []
    assert found["bank of england"] == ["Bank of England"]  # the user's name renames the discovered target
    assert "Bank of England" not in found
    assert found["nato"] == ["North Atlantic Treaty Organization", "NATO", "NATO"]
    check_mentions(ARTICLE, targets)


def test_user_target_matches_case_insensitively_on_word_boundaries() -> None:
    text = "Climate change is real. CLIMATE CHANGE protests grew; climate changes little, said the climate change panel."
    found = by_name(find_targets(text, extra=["climate change"]))
    assert found["climate change"] == ["Climate change", "CLIMATE CHANGE", "climate change"]


def test_headline_in_title_case_does_not_create_targets_but_known_names_are_found() -> None:
    text = "Black Death Warning: Plague Is Impossible To Eradicate Says Cheng\n\nAllen Cheng, a professor, spoke."
    found = by_name(find_targets(text))
    assert found == {"Allen Cheng": ["Cheng", "Allen Cheng"]}


def test_empty_text() -> None:
    assert find_targets("") == []
    assert by_name(find_targets("", extra=["EU"])) == {"EU": []}


_WORDS = st.sampled_from(
    [
        "Mr.",
        "Xi",
        "Jinping",
        "Xi's",
        "NATO",
        "U.S.",
        "Bank",
        "of",
        "England",
        "the",
        "The",
        "said",
        "President",
        "al-Assad",
        "(NATO)",
        "Yoon",
        ".",
        ",",
        "\n",
        "Monday",
        "Joe",
        "Biden",
        "é",
        "“",
        "”",
    ]
)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(_WORDS, max_size=40).map(" ".join),
    st.lists(st.sampled_from(["xi", "NATO", "Bank", "  "]), max_size=3),
)
def test_mentions_never_overlap_and_map_back(text: str, extra: list[str]) -> None:
    targets = find_targets(text, extra=extra)
    check_mentions(text, targets)
    names = [t.name for t in targets]
    assert len(names) == len(set(names))
    for name in {e.strip() for e in extra if e.strip()}:
        assert name in names or name.lower() in {n.lower() for n in names}


def test_find_forms_finds_what_the_alias_pattern_finds():
    """The str.find search must equal the regex it replaced, overlaps, hyphens and odd characters included."""
    import random

    from slant.text.targets import _alias_pattern, find_forms

    rng = random.Random(7)
    alphabet = [
        "Xi",
        "Jin",
        "ping",
        "U.S.",
        "US",
        "-",
        "-backed",
        " ",
        " ",
        "_",
        "é",
        "Ω",
        "a",
        "B",
        "'s",
        "\n",
        "7",
    ]
    for _ in range(400):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        forms = {
            "".join(rng.choice(alphabet[:6] + ["a", "B", "é"]) for _ in range(rng.randint(1, 3)))
            for _ in range(4)
        }
        forms.discard("")
        pattern = _alias_pattern(forms)
        expected = [(m.start(), m.end()) for m in pattern.finditer(text)] if pattern else []
        assert find_forms(text, forms) == expected, (text, forms)
    assert find_forms("Beijing-backed Beijing, Beijing's", ["Beijing"]) == [(15, 22), (24, 31)]
