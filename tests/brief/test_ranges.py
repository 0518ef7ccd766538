"""A range in a briefing's labels: it backs a figure inside it and no figure outside it (constructed articles only)."""

from __future__ import annotations

from pathlib import Path

INSIDE = ("Poll on the plan\n\nSupport for the transit plan stood at 41% in the city poll. The mayor called the result "
          "encouraging. A vote on the plan is due in the spring.\n")
RANGE = ("City poll\n\nSupport for the transit plan stood at 40%-42% in the city poll. Critics say the plan costs too "
         "much. Bus drivers have threatened to strike over the changes.\n")
OUTSIDE = ("Transit plan\n\nSupport for the transit plan stood at 55% in the city poll. Cyclists back the new lanes. The "
           "council will publish the full survey next week.\n")


def test_a_range_is_counted_with_the_figure_inside_it_not_the_one_outside(tmp_path: Path) -> None:
    """"40%-42%" was one token, so no figure: it backed "41%" and "55%" alike, and the point said 3 sources."""
    from tests.shareddata import brief_texts

    b, _ = brief_texts(tmp_path, INSIDE, RANGE, OUTSIDE, full=True)
    by_n = {c.n: c for c in b.citations}
    items = [[by_n[n].quote for n in cites] for _, cites in b.summary] + [[by_n[n].quote for n in k.citations] for k in b.key_points]
    poll = [quotes for quotes in items if any("40%-42%" in q for q in quotes)]
    assert poll and all(any("41%" in q for q in quotes) and not any("55%" in q for q in quotes) for quotes in poll)
