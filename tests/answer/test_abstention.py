"""An abstention says what was missing, and only what is true of every retrieved sentence: a name is "mentioned by
none of the retrieved articles" only when no sentence meets it."""

from __future__ import annotations

from ragnews.answer.extractive import Scored, abstention
from ragnews.answer.scoring import Features, Parameters, score
from ragnews.index.evidence import Sentence

from .conftest import asked as _asked


def _scored(ask_reader, text: str, missing: tuple[str, ...], overlap: float) -> Scored:
    reader, _ = ask_reader
    f = Features(slot=0.0, overlap=overlap, meaning=0.0, predicate=False, missing=missing, typed=True, age_days=None, in_time=True)
    return Scored(Sentence(text, "a.txt", "/a.txt", 1, 1, 0), f, score(f, Parameters()), reader.read([text])[0])


def test_a_name_one_sentence_meets_is_not_said_to_be_missing(ask_reader) -> None:
    asked = _asked(ask_reader, "What is the list price of the Globex X200?")
    scored = [_scored(ask_reader, "The X200 drew a crowd at the show.", ("Globex",), 0.9),
              _scored(ask_reader, "Globex showed the X200 to buyers on Monday.", (), 0.5)]
    text, note = abstention(asked, scored)
    assert "None of the retrieved articles mentions" not in text
    assert text.startswith("The sources don't say. Nothing in the retrieved articles answers")
    assert "the closest one does not mention “Globex”" in note  # the best-scored sentence, and what it lacked


def test_a_name_no_sentence_meets_is_named_as_missing(ask_reader) -> None:
    asked = _asked(ask_reader, "What is the list price of the Globex X200?")
    scored = [_scored(ask_reader, "The X200 drew a crowd at the show.", ("Globex",), 0.9),
              _scored(ask_reader, "Buyers saw the X200 on Monday.", ("Globex",), 0.5)]
    text, _ = abstention(asked, scored)
    assert "None of the retrieved articles mentions “Globex”" in text


class _Counting:
    """The MiniLM embedder, recording what it was asked to embed."""

    def __init__(self, inner) -> None:
        self.inner, self.name, self.texts = inner, inner.name, []

    def embed(self, texts, progress=None):
        self.texts += list(texts)
        return self.inner.embed(texts)


def test_only_sentences_that_could_answer_are_embedded(ask_reader) -> None:
    """The cosine can raise a score, never rescue a sentence that misses a name or holds no filler: those are not
    embedded (the embedder is most of `ask`'s time), and keep a meaning of 0."""
    from ragnews.answer.extractive import _meaning

    _, embedder = ask_reader
    asked = _asked(ask_reader, "What is the list price of the Globex X200?")
    could = _scored(ask_reader, "Globex lists the X200 at $300,000.", (), 0.9)
    could = Scored(could.sentence, Features(1.0, 0.9, 0.0, False, (), True, None, True), could.verdict, could.reading)
    lacks_name = _scored(ask_reader, "The X200 costs $300,000.", ("Globex",), 0.9)
    no_filler = _scored(ask_reader, "Globex showed the X200 to buyers.", (), 0.9)
    counting = _Counting(embedder)
    found = _meaning(asked, [s.sentence for s in (could, lacks_name, no_filler)],
                     [s.features for s in (could, lacks_name, no_filler)], counting, Parameters())
    assert list(found) == [could.sentence] and 0.0 < found[could.sentence] <= 1.0
    assert counting.texts == [asked.text, could.sentence.text]


def test_a_sentence_about_something_else_does_not_answer_however_its_words_meet() -> None:
    """The question's words met in the article's title or lead, a filler of the asked type and the asked verb, in a
    sentence whose meaning is far from the question's: another story of the same page, no answer."""
    p = Parameters()
    far = Features(slot=0.8, overlap=0.36, meaning=0.01, predicate=True, missing=(), typed=True, age_days=0, in_time=True)
    near = Features(slot=0.8, overlap=0.36, meaning=p.relevant + 0.1, predicate=True, missing=(), typed=True, age_days=0, in_time=True)
    assert score(far, p).reason == "it is about something else"
    assert score(near, p).answers


def test_an_open_question_has_no_meaning_an_answer_must_be_close_to() -> None:
    """"What did he say?" names nothing of the words it asks for: a far cosine tells nothing there."""
    p = Parameters()
    far = Features(slot=1.0, overlap=0.3, meaning=0.08, predicate=True, missing=(), typed=True, age_days=0, in_time=True, open=True)
    assert score(far, p).answers


def test_a_sentence_left_unembedded_is_not_judged_by_its_cosine() -> None:
    """Past the first candidates no cosine is taken: its 0 says nothing of what the sentence is about."""
    p = Parameters()
    unmeasured = Features(slot=1.0, overlap=0.6, meaning=0.0, predicate=True, missing=(), typed=True, age_days=0, in_time=True,
                          measured=False)
    assert score(unmeasured, p).answers
