"""A key point's "who" is a subject that names someone, read from the model's morphology (issue 26, round 6: the
subject's `ProForm` in place of the words "he", "she", "it", "they", "we", "i" as written)."""

from __future__ import annotations

import pytest

from ragnews.brief.keypoints import _completeness
from ragnews.text.reading import default_reader


@pytest.mark.parametrize("text, parts", [
    ("Officials met the mayor in Rome on Monday.", 4),  # who, did, where, when
    ("They met the mayor in Rome on Monday.", 3),  # "they" names no one by itself
    ("He met the mayor in Rome on Monday.", 3),
    ("It met the mayor in Rome on Monday.", 3),
    ("We met the mayor in Rome on Monday.", 3),
    ("IT staff met the mayor in Rome on Monday.", 4),  # spelled like "it", and no pronoun
])
def test_who_is_a_subject_that_is_no_personal_pronoun(text, parts):
    assert _completeness(default_reader().one(text)) == parts
