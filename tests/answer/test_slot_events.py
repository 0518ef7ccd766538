"""The slot is filled by a filler of the asked type told of the question's event, not anywhere in the sentence.

Small constructed sentences only: a date must date the question's verb (or a report of it), a "how long"/"how old"
question needs a length of time, not a calendar date, "how many of the X" counts the X, and a named speaker's verb
of saying fills a "what did X say" slot even when the parse leaves the words unmarked.
"""

from __future__ import annotations

from ragnews.answer.extractive import _lasts
from ragnews.answer.scoring import Parameters

from .conftest import asked as _asked
from .conftest import fill as _fill


def test_the_question_keeps_its_verbs_but_not_those_inside_names(ask_reader) -> None:
    assert "sign" in _asked(ask_reader, "When was the treaty signed?").verbs
    assert "be" not in _asked(ask_reader, "When was the treaty signed?").verbs
    founded = _asked(ask_reader, "What company did Ana Ruiz found after leaving Acme?")
    assert "found" in founded.verbs  # as written, where the lemmatiser reads "find"
    committee = _asked(ask_reader, "Which day did the Committee to Protect Writers choose for the protest?")
    assert "protect" not in committee.verbs


def test_a_date_must_date_the_asked_event(ask_reader) -> None:
    minimum = Parameters().slot_min
    question = "When did Ana Ruiz file her lawsuit against Acme Films?"
    assert _fill(ask_reader, question, "Ana Ruiz filed the lawsuit against Acme Films on 3 March.") == 1.0
    # a date of something else in the same sentence is the right type in the wrong slot
    assert _fill(ask_reader, question, "Ruiz says she was hurt during the filming of the 2002 movie, made by the firm.") < minimum
    # a report of the event dates it: "said on Monday it had…"
    assert _fill(ask_reader, "When did the army claim to have retaken the town?",
                 "The army said on Monday that it had retaken the town.") == 1.0
    # a date inside another clause the event's clause holds dates that clause
    assert _fill(ask_reader, "When will the welfare bill be introduced?",
                 "The measure will be introduced as part of a health bill, which will be considered before Christmas.") < minimum


def test_a_length_of_time_is_not_a_calendar_date(ask_reader) -> None:
    assert _lasts("85 years") and _lasts("21 days") and _lasts("two weeks") and _lasts("a 30-year-old")
    assert not _lasts("26 February") and not _lasts("December 2004") and not _lasts("last year")
    minimum = Parameters().slot_min
    assert _fill(ask_reader, "How long could Tom Hale spend in jail?", "Mr Hale could face 25 years in jail.") == 1.0
    assert _fill(ask_reader, "How long could Tom Hale spend in jail?", "Mr Hale was arrested on 26 February.") < minimum
    assert _fill(ask_reader, "How old was Tom Hale when he died?", "Mr Hale died on 26 February at his home.") < minimum


def test_how_many_of_the_noun_counts_the_noun(ask_reader) -> None:
    asked = _asked(ask_reader, "How many of the club's senior players are Welsh?")
    assert (asked.wants, asked.counted) == ("quantity", "player")
    assert _fill(ask_reader, "How many of the club's senior players are Welsh?",
                 "Only three of the 20 senior players at the club are Welsh.") == 1.0


def test_a_named_speakers_verb_of_saying_fills_what_they_said(ask_reader) -> None:
    # the parse may hang "that …" on "at the time", leaving the words unmarked; the named speaker still said it
    question = "What did the French army say about extra troops?"
    sentence = "The French army also said at the time that the rebels sent about 300 extra troops to the border."
    assert _fill(ask_reader, question, sentence) >= Parameters().slot_min


def test_how_old_wants_an_age_not_any_length_of_time(ask_reader) -> None:
    minimum = Parameters().slot_min
    assert _asked(ask_reader, "How old is Tom Hale?").measure == "old"
    assert _fill(ask_reader, "How old is Tom Hale?", "The 30-year-old Tom Hale won the race.") >= minimum
    assert _fill(ask_reader, "How old is Tom Hale?", "Tom Hale has held the record for the last eight years.") < minimum


def test_the_event_may_be_named_by_a_noun_of_its_verb(ask_reader) -> None:
    assert _fill(ask_reader, "When are the new Acme planes due to be delivered?",
                 "The 70 new Acme planes are due for delivery between 2008 and 2012.") == 1.0


def test_names_joined_by_and_need_only_one_of_them(ask_reader) -> None:
    asked = _asked(ask_reader, "Which country did King Olaf and Queen Sonja visit this week?")
    assert frozenset({"King Olaf", "Queen Sonja"}) in asked.joined
    # a name describing the asked noun ("which NBA team") describes the answer; the sentence need not repeat it
    assert [e.text for e in _asked(ask_reader, "Which NBA team won the title this week?").entities] == []


def test_a_clause_inside_the_dated_one_does_not_name_its_event(ask_reader) -> None:
    # "introducing" belongs to the "when…" clause, not to the clause "2008" dates
    assert _fill(ask_reader, "When will the welfare bill be introduced?",
                 "The first cards would be issued in 2008 and when he was introducing the bill, he suggested a vote.") \
        < Parameters().slot_min


def test_how_much_wants_a_figure_of_the_asked_event(ask_reader) -> None:
    minimum = Parameters().slot_min
    question = "How much did Acme Air pay its chief executive last year?"
    assert _fill(ask_reader, question, "Acme Air paid its chief executive £2m last year.") == 1.0
    assert _fill(ask_reader, question, "Acme Air made a pre-tax profit of £75m last year.") < minimum
    assert _fill(ask_reader, "How much is the Acme brand worth?", "The Acme brand is worth £75m.") == 1.0


def test_a_figure_of_someone_else_does_not_fill_the_slot(ask_reader) -> None:
    minimum = Parameters().slot_min
    question = "How many counts is Ana Ruiz charged with?"
    assert _fill(ask_reader, question, "Tom Hale is a man facing a 42-count indictment, while Ana Ruiz is a sprinter.") < minimum
    assert _fill(ask_reader, question, "Ana Ruiz is charged with 12 counts of fraud.") == 1.0


def test_a_name_in_a_how_many_phrase_says_what_is_counted(ask_reader) -> None:
    assert [e.text for e in _asked(ask_reader, "How many Airbus planes did Ryanair order?").entities] == ["Airbus", "Ryanair"]
    assert _fill(ask_reader, "How fast did Tom Hale run the 100m?", "Tom Hale won the 100m in a time of 9.85 seconds.") \
        >= Parameters().slot_min


def test_the_asked_event_is_the_wh_clause_not_the_scene(ask_reader) -> None:
    assert _asked(ask_reader, "How steep is the drop in pupils sitting exams once they leave school?").verbs == ()
    assert {"expect", "sign"} <= set(_asked(ask_reader, "When do the bosses expect the deal to be signed?").verbs)


def test_a_figure_may_stand_in_the_clause_around_the_event(ask_reader) -> None:
    assert _fill(ask_reader, "What share of orders were cancelled last year?",
                 "Shops saw a sharp rise in customers cancelling orders, from 5% in 2003 to a record 13.3% last year.") == 1.0


def test_how_much_noun_is_met_by_a_figure_beside_the_noun(ask_reader) -> None:
    assert _fill(ask_reader, "How much compensation can delayed rail passengers claim under the new rules?",
                 "New rules set compensation at between £25 and £60, depending on the delay.") == 1.0


def test_a_cause_must_be_of_the_asked_event(ask_reader) -> None:
    assert _fill(ask_reader, "Why did the firm close its plant?", "It closed the plant because demand collapsed.") == 1.0
    assert _fill(ask_reader, "Why did Acme Baby close its stores?",
                 "The future looked a lot less bright for Acme Baby at the beginning of 2023.") < Parameters().slot_min
    # "This was because…" gives the cause of what the sentence before told
    assert _fill(ask_reader, "Why did the firm close its plant?", "This was because demand had collapsed.") == 1.0
    # a verb of causing states the cause of what it names, in whatever words ("drop" for "fall")
    assert _fill(ask_reader, "Why did Acme Air's profits fall?", "Acme Air has blamed high fuel prices for a 40% drop in profits.") \
        >= Parameters().slot_min


def test_a_figure_owned_by_another_name_of_the_same_kind_does_not_fill(ask_reader) -> None:
    minimum = Parameters().slot_min
    question = "How much did Nokia's profits rise?"
    # the figure's owner — the subject of its clause, with its possessor or "of X" — is another company
    assert _fill(ask_reader, question, "Siemens' fourth quarter sales rose 2% to $11.1bn from $10.9bn.") < minimum
    assert _fill(ask_reader, question, "The profits of Siemens rose 76% to $1.13bn.") < minimum
    # the question's own company, or an owner left unnamed ("its profits"), fills it
    assert _fill(ask_reader, question, "Nokia's fourth quarter profits rose 76% to $1.13bn.") == 1.0
    assert _fill(ask_reader, question, "Its profits rose 76% to $1.13bn, the firm said.") == 1.0
    # a person is not the same kind of owner as a company: the rule decides nothing between them
    assert _fill(ask_reader, "How much did Nokia pay its chief executive?", "Chief executive John Smith was paid $5m last year.") == 1.0
    # a company's report of a figure its unnamed subject measures is its own figure; a counted subject is no one's
    assert _fill(ask_reader, question, "Siemens said fourth quarter sales rose 2% to $11.1bn.") < minimum
    assert _fill(ask_reader, "How many people were hurt in the Lisbon fire?",
                 "Portuguese police said 20 people were hurt in the fire in Lisbon.") == 1.0
    assert _fill(ask_reader, question, "Quarterly profits at US media giant Siemens rose 76% to $1.13bn.") < minimum
    assert _fill(ask_reader, question, "Quarterly profits at Nokia rose 76% to $1.13bn.") == 1.0
    # a length of time answers "how old"/"how fast", not "how much": the period a figure covers is not the figure
    assert _fill(ask_reader, question, "Profits at Siemens rose 76% to $1.13bn for the three months to December.") < minimum
    # a name the question holds outside its subject is no owner: another country's troops sent there answer it
    assert _fill(ask_reader, "How many Freedonian troops are in Ruritania?",
                 "Freedonia has sent 14,000 troops to Ruritania, officials said.") >= minimum
    # a product is not a company: the plane's figure is the planemaker's
    assert _fill(ask_reader, "How far can Airbus's A350-900 fly non-stop?",
                 "The A350-900 will be capable of flying almost 9,000 miles non-stop.") >= minimum


def test_the_one_picks_out_it_does_not_count(ask_reader) -> None:
    minimum = Parameters().slot_min
    question = "How many candidates took part in the debate?"
    assert _fill(ask_reader, question, "Ana Ruiz said she is the one candidate who can win the election.") < minimum
    assert _fill(ask_reader, question, "Five candidates took part in the debate.") == 1.0


def test_a_quizs_opening_statement_is_not_what_is_asked(ask_reader) -> None:
    asked = _asked(ask_reader, "Crowds gathered in the square to mourn the singer Tom Hale. Which band did Hale lead?")
    assert "crowd" not in asked.terms and "mourn" not in asked.terms  # the scene, not the question
    assert "band" in asked.terms and "hale" in asked.terms


def test_an_event_dated_to_another_year_is_not_this_weeks(ask_reader) -> None:
    import datetime as dt

    from ragnews.answer.extractive import _dated_to_another_year

    reader, _ = ask_reader
    asked = _asked(ask_reader, "Which team won the cup final this week?")
    as_of, same = dt.date(2023, 11, 3), (lambda lemma: lemma == "win")

    def other_year(sentence: str) -> bool:
        return _dated_to_another_year(asked, reader.read([sentence])[0], as_of, 10, same)

    assert other_year("1986 — The Rovers won the cup final with a 3-1 victory.")
    assert other_year("In 2015 the Rovers won the cup final.")
    assert not other_year("The Rovers, founded in 1972, won the cup final on Wednesday.")  # the year dates another clause
    assert not other_year("The Rovers won the cup final on Wednesday.")


def test_the_asked_verb_counts_only_told_of_the_asked_thing_and_with_the_question_s_polarity(ask_reader) -> None:
    """"Hostages are released" does not tell who released a code of conduct; "letters will not be delivered" does not
    tell who delivers the parcels; "the court released its code" does."""
    from ragnews.answer.extractive import _tells_event

    reader, _ = ask_reader
    asked = _asked(ask_reader, "Which institution released its first code of conduct?")
    hostages, code = reader.read(["Israel said it won't consider a ceasefire until all hostages are released.",
                                  "The court released its first code of conduct on Monday."])
    assert not _tells_event(asked, hostages)
    assert _tells_event(asked, code)
    parcels = _asked(ask_reader, "Which company delivers the most parcels?")
    (letters,) = reader.read(["Royal Mail said most parcels will not be delivered on strike days."])
    assert not _tells_event(parcels, letters)


def test_a_superlative_or_ordinal_that_picks_the_asked_thing_must_be_said(ask_reader) -> None:
    """"Which state raises the most turkeys" is not answered by a farm raising turkeys; a first that only sets the
    scene ("during his first visit") asks for nothing."""
    from ragnews.answer.extractive import _missing

    reader, _ = ask_reader
    most = _asked(ask_reader, "Which US state raises the most turkeys?")
    assert most.degree == (("most", "turkeys"),)
    farm, leader = reader.read(["Kozak raised her first flock of turkeys at a farm in Florida.",
                                "Minnesota raises the most turkeys of any state."])
    assert "most" in _missing(most, farm, None, None, (frozenset(), frozenset()))[0]
    assert "most" not in _missing(most, leader, None, None, (frozenset(), frozenset()))[0]
    assert _asked(ask_reader, "Which city did Xi visit during his first trip to the US in six years?").degree == ()
    assert _asked(ask_reader, "Which court released its first-ever code of conduct?").degree == (("first", "code"),)
    # the parse hangs "longest" on "ever", itself on the noun it picks out
    assert _asked(ask_reader, "The longest-ever strike by dock workers ended after how many days?").degree == (("longest", "strike"),)
    # the lead gives it with its noun; the sentence points back ("the new plant")
    second = _asked(ask_reader, "Where will Globex build its second plant?")
    (new,) = reader.read(["The new plant will be built in Leeds."])
    lead = (frozenset(), frozenset({"globex", "plans", "to", "build", "a", "second", "plant"}))
    assert "second" not in _missing(second, new, None, None, lead)[0]
    assert "second" in _missing(second, new, None, None, (frozenset(), frozenset({"globex", "second", "quarter"})))[0]
