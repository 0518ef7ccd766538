"""Answering questions from retrieved evidence, with verified citations.

Citations and their verification, question analysis, the two engines
(extractive and llm) behind one protocol, grounding of model text, prompt
files, chat-model clients and follow-up rewriting.
"""
