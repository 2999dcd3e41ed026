"""The model's point and the offline figure that set the same passages against each other
are shown once: the first (the model's)."""

from briefing.compare import distinct_differences
from briefing.models import Citation, Difference, Statement


def side(*passage_ids: str) -> Statement:
    return Statement("…", [Citation(p.split("#")[0], p, "…", 0, 1) for p in passage_ids])


def test_a_point_whose_sides_share_passages_with_an_earlier_one_is_left_out():
    written = Difference("talks' length", [side("hk#p4", "hk#p5"), side("bl#p4")])
    figure = Difference("hours", [side("hk#p5"), side("bl#p4")])
    other = Difference("dead", [side("hk#p5"), side("rh#p2")])
    assert distinct_differences([written, figure, other]) == [written, other]
