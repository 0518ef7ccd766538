"""The store and everything that reads or writes it.

Chroma collections, the BM25 index, embedders, the ingest pipeline that
writes articles in, hybrid search that reads chunks out, the sentence model
of stored evidence, path scoping and the consistency check.
"""
