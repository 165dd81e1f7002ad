"""The stress generator's own determinability engine, on the Putian prints issue 9 quotes."""
import pytest
from placements import UNDETERMINED, Sum, collapsed_candidates, determinable, spec_sums, split_candidates

from ie.schema import T2_COLUMNS, T3_GROUPS, T3_OUTCOMES

ROW = [f"applications.new_received.{c}" for c in T2_COLUMNS]
T3 = [f"review_litigation.{g}.{o}" for g in T3_GROUPS for o in T3_OUTCOMES]


def test_collapsed_candidates_are_every_run_length_placement():
    assert collapsed_candidates(["0"], 3) == [(0, 0, 0)]  # "规章 0" for 0|0|0
    assert sorted(collapsed_candidates(["5", "7"], 3)) == [(5, 5, 7), (5, 7, 7)]
    assert len(collapsed_candidates(["2", "0", "2"], 7)) == 15  # C(6, 2)
    assert collapsed_candidates(["1", "2", "3", "4"], 3) == []


def test_a_row_of_seven_printed_as_three_numbers_is_fixed_by_its_total():
    """"2 / 0 / 2" for 2|0|0|0|0|0|2: the 总计 column leaves one placement."""
    out = determinable([(ROW, collapsed_candidates(["2", "0", "2"], 7))], spec_sums("tpl2021"))
    assert [out[k] for k in ROW] == [2, 0, 0, 0, 0, 0, 2]


def test_a_lone_one_among_zeros_has_three_places():
    """"19 / 0 / 1 / 0 / 20" (putian_cgj_2023): the 1 may be 科研机构, 社会公益组织 or 法律服务机构."""
    out = determinable([(ROW, collapsed_candidates(["19", "0", "1", "0", "20"], 7))], spec_sums("tpl2021"))
    assert [out[k] for k in ROW] == [19, 0, UNDETERMINED, UNDETERMINED, UNDETERMINED, 0, 20]


def test_table3_zero_one_zero_leaves_pending_and_total_open_where_they_can_be():
    """"0 / 1 / 0" for the 15 cells of table 3: the 1s must be 尚未审结 and 总计 of one group, and
    not of 复议后起诉, the last group, since a 0 is printed after them."""
    out = determinable([(T3, collapsed_candidates(["0", "1", "0"], 15))], spec_sums("tpl2021"))
    for g in T3_GROUPS:
        assert [out[f"review_litigation.{g}.{o}"] for o in ("upheld", "corrected", "other")] == [0, 0, 0]
    for g in ("review", "litigation_direct"):
        assert out[f"review_litigation.{g}.pending"] is UNDETERMINED
        assert out[f"review_litigation.{g}.total"] is UNDETERMINED
    assert out["review_litigation.litigation_after_review.pending"] == 0
    assert out["review_litigation.litigation_after_review.total"] == 0


def test_rows_settle_each_other_through_column_sums():
    """Two rows, each ambiguous alone, fixed together by a column total."""
    sums = [Sum("t.a", ("r.a", "s.a")), Sum("t.b", ("r.b", "s.b"))]
    rows = [(["t.a", "t.b"], [(3, 1)]), (["r.a", "r.b"], [(3, 0), (0, 3)]), (["s.a", "s.b"], [(0, 1), (1, 0)])]
    assert determinable(rows, sums) == {"t.a": 3, "t.b": 1, "r.a": 3, "r.b": 0, "s.a": 0, "s.b": 1}


def test_split_numbers_are_joined_back_without_leading_zeros():
    """Sanming 2021: "2 / 7 / 0 / 0 / 1 / 0 / 0 / 28" for 27|0|0|1|0|0|28."""
    cands = split_candidates(["2", "7", "0", "0", "1", "0", "0", "28"], 7)
    assert (27, 0, 0, 1, 0, 0, 28) in cands and all(len(c) == 7 for c in cands)
    assert split_candidates(["1", "05"], 1) == [(105,)] and split_candidates(["1", "05"], 2) == []
    out = determinable([(ROW, cands)], spec_sums("tpl2021"))
    assert [out[k] for k in ROW] == [27, 0, 0, 1, 0, 0, 28]


def test_a_print_with_too_many_placements_is_refused_not_hung(monkeypatch):
    import placements

    monkeypatch.setattr(placements, "MAX_STATES", 2)
    rows = [([f"r{i}.a", f"r{i}.b"], [(1, 0), (0, 1)]) for i in range(4)] + [(["t.a", "t.b"], [(2, 2)])]
    sums = [Sum("t.a", tuple(f"r{i}.a" for i in range(4))), Sum("t.b", tuple(f"r{i}.b" for i in range(4)))]
    with pytest.raises(placements.TooManyPlacements):
        determinable(rows, sums)
    monkeypatch.setattr(placements, "MAX_STATES", 1000)
    out = determinable(rows, sums)
    assert out["t.a"] == 2 and out["r0.a"] is UNDETERMINED
