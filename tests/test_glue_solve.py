"""Glued-digit splitting and the arithmetic that chooses between splits."""
from ie.equations import Equation
from ie.tables.glue import AMOUNT, INT, SIGNED, splits, valid_part
from ie.tables.solve import Group, solve


def test_no_leading_zeros_and_decimals_only_in_money():
    assert splits(["0000000"], [INT] * 7) == [["0"] * 7]
    assert not valid_part("05", INT)
    assert valid_part("0.52", AMOUNT) and not valid_part("0.52", INT)
    assert ["13", "575394432.52"] in splits(["13575394432.52"], [INT, AMOUNT])


def test_sign_goes_to_the_signed_column_only():
    alts = splits(["315", "-1937193"], [INT, SIGNED, INT])
    assert ["315", "-19", "37193"] in alts
    assert all(a[1].startswith("-") for a in alts)


def test_row_total_picks_the_split():
    row = Equation("R-T2-ROW", "r", ("t",), tuple("abcdef"))
    keys = list("abcdef") + ["t"]
    alts = [tuple(int(x) for x in s) for s in splits(["713000074"], [INT] * 7)]
    sol = solve([Group(keys, alts)], [row])
    assert [sol.values[k] for k in keys] == [71, 3, 0, 0, 0, 0, 74]
    assert not sol.ambiguous


def test_ambiguous_cells_stay_null():
    keys = ["prev", "change", "decisions"]
    alts = [tuple(int(x) for x in s) for s in splits(["3960181"], [INT, SIGNED, INT])]
    sol = solve([Group(keys, alts)], [])
    assert sol.values == {"prev": None, "change": None, "decisions": None}
    assert sol.ambiguous == keys


def test_blank_cell_derived_when_an_equation_forces_it():
    eq = Equation("R-T2-ROW", "r", ("t",), ("a", "b"))
    sol = solve([Group(["a", "b", "t"], [(1, 0, None)])], [eq])
    assert sol.values["t"] == 1 and sol.derived == ["t"]


def test_balanced_equation_zeroes_blanks():
    eq = Equation("R-T2-ROW", "r", ("t",), ("a", "b", "c"))
    sol = solve([Group(["a", "b", "c", "t"], [(3, None, None, 3)])], [eq])
    assert (sol.values["b"], sol.values["c"]) == (0, 0)
