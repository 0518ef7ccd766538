"""Text as ragnews reads it: sentences, words, tokens, dates, untrusted characters.

The bottom layer: pure functions over strings, no I/O, no imports from the
rest of ragnews.
"""
