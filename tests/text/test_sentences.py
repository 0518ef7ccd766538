from ragnews.text.sentences import split_sentences


def test_abbreviations_initials_and_quotes() -> None:
    text = ("On Saturday, Gen. Valery V. Gerasimov, Russia’s top commander, claimed victory. "
            "The U.S. State Department objected. “We will always honour them,” Putin said. He left.")
    assert split_sentences(text) == [
        "On Saturday, Gen. Valery V. Gerasimov, Russia’s top commander, claimed victory.",
        "The U.S. State Department objected.",
        "“We will always honour them,” Putin said.",
        "He left.",
    ]


def test_lines_always_end_sentences() -> None:
    assert split_sentences("A Strategic Display of Alliance\nAnalysts say it was calculated.") == [
        "A Strategic Display of Alliance", "Analysts say it was calculated."]


def test_numbers_and_lowercase_continuations() -> None:
    assert split_sentences("It cost $1.13bn. Sales rose 2.5% vs. last year.") == ["It cost $1.13bn.", "Sales rose 2.5% vs. last year."]
