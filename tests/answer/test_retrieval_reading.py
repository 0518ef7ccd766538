"""Retrieval reads the question, and a quotation runs on past its first sentence.

Small constructed articles only: `retrieval.plan` carries the names' variants into the lexical query,
`about_names` picks the retrieved articles about the question's names to read further, `rank_chunks` puts the chunk
whose sentence fills the slot first, and `Newsroom.retrieve` brings that chunk in when the search ranked only the
article's lead; a named speaker's open quotation gives its later sentences their speaker.
"""

from __future__ import annotations

from pathlib import Path

from ragnews.answer.extractive import _continued, _left_open
from ragnews.answer.retrieval import about_names, plan, rank_chunks
from ragnews.index.evidence import Sentence
from ragnews.index.search import Hit


def _hit(path: str, chunk: int, text: str, title: str = "") -> Hit:
    return Hit(source=path, title=title, chunk=chunk, start_line=1, end_line=1, score=0.0, text=text,
               id=f"abc-{path}-{chunk:05d}", path=path)


def test_the_lexical_query_carries_the_names_variants(ask_reader) -> None:
    reader, _ = ask_reader
    p = plan("What did the Central Intelligence Agency say about Ana Ruiz?", reader)
    assert "cia" in p.lexical.lower().split()  # an acronym the question does not spell out
    assert p.lexical.startswith("What did the Central Intelligence Agency say")
    assert p.lexical.lower().replace("?", " ").split().count("ruiz") == 1  # a surname already written is not added again


def test_articles_about_the_question_names_come_first(ask_reader) -> None:
    reader, _ = ask_reader
    p = plan("How many jets does Acme Air hope to sell?", reader)
    hits = [_hit("a.txt", 0, "Planemakers are hoping for a good year.", "Jet sales"),
            _hit("b.txt", 0, "Acme Air unveiled its new long-range jet on Tuesday.", "Acme Air's new jet"),
            _hit("c.txt", 2, "Rivals of Acme Air also expect orders.")]
    assert about_names(p, hits, limit=1) == ["b.txt"]  # the first that meets the name, not the first hit
    assert about_names(p, hits, limit=5) == ["b.txt", "c.txt"]  # an article that never names it is not about it


def test_the_chunk_that_fills_the_slot_ranks_first(ask_reader) -> None:
    reader, _ = ask_reader
    p = plan("How many jets does Acme Air hope to sell?", reader)
    chunks = [_hit("b.txt", 1, "The jet has a longer range than any other. Acme Air is proud of its jet."),
              _hit("b.txt", 2, "Acme Air said it expected to sell about 500 of the jets over the next 20 years."),
              _hit("b.txt", 3, "The first flight took place in March.")]
    assert [h.chunk for h in rank_chunks(p, chunks, reader)][0] == 2


def test_retrieve_reads_on_in_the_article_about_the_names(tmp_path: Path) -> None:
    from ragnews import Newsroom

    body = ["Acme Air unveiled its new long-range jet on Tuesday, hoping to sell the jet to airlines that fly long routes."]
    body += [f"Paragraph {i} tells of the cabin, the seats and the lighting chosen for the flights." for i in range(30)]
    body += ["The firm said it expected orders for about 500 of the jets over the next 20 years."]
    (tmp_path / "acme.txt").write_text("Acme Air shows its new long-range jet\n\n" + "\n\n".join(body) + "\n", encoding="utf-8")
    (tmp_path / "other.txt").write_text("Trains\n\nA new train line opened in the north of the country.\n", encoding="utf-8")
    nr = Newsroom(db=tmp_path / "db")
    nr.ingest([str(tmp_path / "acme.txt"), str(tmp_path / "other.txt")])
    question = "How many of its long-range jets does Acme Air hope to sell?"
    assert not any("about 500" in h.text for h in nr.search(question, k=1))  # the search alone finds only the lead
    assert any("about 500" in h.text for h in nr.retrieve(question, k=1))
    answer = nr.ask(question, k=1)
    assert "500" in answer.answer and not answer.abstained


def _s(offset: int, text: str) -> Sentence:
    return Sentence(text=text, source="a.txt", path="a.txt", start_line=1, end_line=1, offset=offset)


def test_an_open_quotation_runs_on_until_it_closes(ask_reader) -> None:
    from ragnews.text.reading import speakers

    reader, _ = ask_reader
    texts = ['After the hearing, her lawyer Tom Hale said: "Ana has always told the truth.',
             '"The board acted in bad faith.',
             'We challenge them to publish the report."',
             "The board did not reply."]
    sents, at = [], 0
    for t in texts:
        sents.append(_s(at, t))
        at += len(t) + 1
    said = speakers(reader.read(texts))
    openers = _continued(sents, said)
    def speaker(i: int) -> str | None:  # its own, or that of the sentence its open quotation runs on from
        a = said[i] or (said[sents.index(opener)] if (opener := openers[i]) is not None else None)
        return a.speaker if a is not None else None

    # the quoted paragraphs after it are his words (the reading may carry him onto the next one itself, since walk4
    # reads an opening straight mark by where it stands; the run goes on from there)
    assert speaker(1) == speaker(2) == "Tom Hale"
    assert openers[3] is None and said[3] is None  # the closing mark ends the quotation
    assert _left_open(texts[0], False) and _left_open(texts[1], True) and not _left_open(texts[2], True)


def test_a_quotation_closed_by_its_speaker_is_theirs_from_its_start(ask_reader) -> None:
    from ragnews.text.reading import speakers

    reader, _ = ask_reader
    texts = ["Tom Hale wrote nine novels.",
             '"I have never been able to write fast.',
             'I am never satisfied," he once said.',
             "He died on Friday."]
    sents, at = [], 0
    for t in texts:
        sents.append(_s(at, t))
        at += len(t) + 1
    said = speakers(reader.read(texts))
    assert _continued(sents, said) == [None, sents[2], None, None]
    from ragnews.answer.extractive import _quotations

    readings = dict(zip(texts, reader.read(texts)))
    said_at = {(s.path, s.offset): a for s, a in zip(sents, said)}
    named: dict = {}
    _quotations(sents, said, readings, said_at, named)
    first = said_at[(sents[1].path, sents[1].offset)]
    assert first is not None and first.speaker == "Tom Hale" and first.direct  # "he" is whom the text before was about
    assert named[(sents[1].path, sents[1].offset)] is sents[0]  # the answer shows the sentence naming him


def test_a_question_about_this_week_searches_that_weeks_articles(tmp_path: Path) -> None:
    import datetime as dt

    from ragnews import Newsroom

    old = "Acme recalls its kettles\nPublished: 2023-01-10\n\nAcme recalled 20,000 kettles over a fire risk, the firm said.\n"
    new = "Globex recall\nPublished: 2023-11-06\n\nGlobex recalled 5,000 toasters on Monday after reports of burns.\n"
    (tmp_path / "old.txt").write_text(old, encoding="utf-8")
    (tmp_path / "new.txt").write_text(new, encoding="utf-8")
    nr = Newsroom(db=tmp_path / "db")
    nr.ingest([str(tmp_path / "old.txt"), str(tmp_path / "new.txt")])
    question = "Which company recalled kettles over a fire risk this week?"
    as_of = dt.date(2023, 11, 10)
    assert {h.path.rsplit("/", 1)[-1] for h in nr.retrieve(question, k=2, as_of=as_of)} == {"new.txt"}
    # without a time named, or with no article in it, the search looks everywhere
    assert "old.txt" in {h.path.rsplit("/", 1)[-1] for h in nr.retrieve("Which company recalled kettles?", k=2, as_of=as_of)}
    assert "old.txt" in {h.path.rsplit("/", 1)[-1] for h in nr.retrieve(question, k=2, as_of=dt.date(2025, 1, 1))}


def test_a_resolved_speaker_counts_as_named_in_the_sentence() -> None:
    from ragnews.answer.extractive import _speaker_words
    from ragnews.text.reading import Attribution
    from ragnews.text.terms import stem

    he = Attribution("say", "Tom Hale", "person", "We will win", True, pronoun="he", keys=("tom hale", "hale"))
    assert stem("hale") in _speaker_words(he) and stem("tom") in _speaker_words(he)
    assert _speaker_words(None) == frozenset()
