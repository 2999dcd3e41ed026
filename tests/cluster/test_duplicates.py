from builders import NATO_EN, build_article

from briefing.cluster.duplicates import merge_duplicates

AGENCY = " ".join(NATO_EN)


def test_the_same_agency_story_in_two_outlets_is_merged_keeping_both_outlets():
    first = build_article(AGENCY, id="wire-a", source="Outlet A")
    second = build_article(AGENCY.replace("Wednesday", "Wednesday morning"), id="wire-b", source="Outlet B")
    kept, merged = merge_duplicates([first, second])
    assert merged == 1 and len(kept) == 1
    assert kept[0].outlets == {"Outlet A", "Outlet B"}
    assert [ref.article_id for ref in kept[0].duplicates] == ["wire-a"]  # the longer text is kept


def test_different_reports_on_the_same_event_are_kept_apart():
    first = build_article(" ".join(NATO_EN[:2]), id="a")
    second = build_article(" ".join(NATO_EN[2:]), id="b")
    kept, merged = merge_duplicates([first, second])
    assert merged == 0 and [a.id for a in kept] == ["a", "b"]


def test_short_texts_are_not_called_copies():
    kept, merged = merge_duplicates([build_article("Storm warning.", id="a"), build_article("Storm warning.", id="b")])
    assert merged == 0 and len(kept) == 2
