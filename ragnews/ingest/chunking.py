"""Sentence-aware chunks sized in tiktoken tokens.

Chunks are what retrieval returns and what an LLM reads, so they follow
sentence boundaries (a citation never starts mid-sentence) and carry their
character span and file lines. A one-sentence overlap keeps a fact that
straddles a boundary findable from both sides.
"""

from __future__ import annotations

from dataclasses import dataclass

from ragnews.ingest.document import Article
from ragnews.text.sentences import Span, split_spans
from ragnews.text.tokens import count_tokens, encoding

DEFAULT_CHUNK_TOKENS = 180
DEFAULT_OVERLAP_TOKENS = 40


@dataclass(frozen=True)
class Chunk:
    index: int
    text: str
    start: int  # character span in Article.text
    end: int
    start_line: int
    end_line: int
    tokens: int


def _hard_split(text: str, span: Span, limit: int) -> list[tuple[Span, int]]:
    """Cut an over-long sentence at token boundaries, keeping exact spans."""
    enc = encoding()
    piece = text[span.start : span.end]
    tokens = enc.encode_ordinary(piece)
    out, offset = [], span.start
    for i in range(0, len(tokens), limit):
        part = enc.decode(tokens[i : i + limit])
        # decode() can repair split multi-byte characters; anchor on the real text
        end = min(span.end, offset + len(part)) if i + limit < len(tokens) else span.end
        if end > offset:
            out.append((Span(offset, end), len(tokens[i : i + limit])))
        offset = end
    return out


def _sized_sentences(article: Article, limit: int) -> list[tuple[Span, int]]:
    sized: list[tuple[Span, int]] = []
    for span in split_spans(article.text):
        n = count_tokens(article.text[span.start : span.end])
        sized.extend(_hard_split(article.text, span, limit) if n > limit else [(span, n)])
    return sized


def chunk_article(
    article: Article, max_tokens: int = DEFAULT_CHUNK_TOKENS, overlap_tokens: int = DEFAULT_OVERLAP_TOKENS
) -> list[Chunk]:
    """Pack consecutive sentences into chunks of at most `max_tokens`."""
    sentences = _sized_sentences(article, max_tokens)
    chunks: list[Chunk] = []
    i = 0
    while i < len(sentences):
        j, total = i, 0
        while j < len(sentences) and (j == i or total + sentences[j][1] <= max_tokens):
            total += sentences[j][1]
            j += 1
        chunks.append(_make_chunk(article, len(chunks), sentences[i:j], total))
        if j >= len(sentences):
            break
        # overlap: carry the last sentence over when it is short enough
        last_tokens = sentences[j - 1][1]
        i = j - 1 if (j - 1 > i and last_tokens <= overlap_tokens) else j
    return chunks


def _make_chunk(article: Article, index: int, sents: list[tuple[Span, int]], tokens: int) -> Chunk:
    start, end = sents[0][0].start, sents[-1][0].end
    start_line, end_line = article.lines_for_span(start, end)
    return Chunk(index, article.text[start:end], start, end, start_line, end_line, tokens)
