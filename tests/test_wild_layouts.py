"""Issue-9 failure classes on gold reports re-printed as the wild sites print them
(tests/wild_layouts.py). Each class has two tests: no wrong cell (never trade a wrong cell for a
filled one) and every determinable cell read."""
import pytest
import wild_layouts as wl
from conftest import gold_tables
from placements import UNDETERMINED

import ie

REPORTS = ("seed_004_guigang_2021", "seed_000_qinzhou_2020", "pingtan_2022")


def _gold(corpus, stem):
    gold = gold_tables(corpus, stem)
    return gold["tables"], gold["template"]


def _wrong(report, expected) -> list:
    """Cells filled with a value other than the determinable one, or filled where nothing is determinable."""
    out = []
    for key, want in expected.items():
        got = report.value(key)
        if got is not None and (want is UNDETERMINED or abs(float(got) - float(want)) > 1e-9):
            out.append((key, got, "undetermined" if want is UNDETERMINED else want))
    return out


def _missing(report, expected) -> list:
    return [k for k, want in expected.items() if want is not UNDETERMINED and report.value(k) is None]


def _blank_layouts(values, template, tmp_path):
    out = {"pipes": wl.blank_pipe_rows(values, template)}
    out.update(wl.blank_cell_files(values, template, tmp_path))
    return out


# ---- (a) zero cells printed blank in pipes, HTML and Word tables: 0 with flag was_blank ----------

@pytest.mark.parametrize("stem", REPORTS)
def test_blank_cells_no_wrong_cell(corpus, stem, tmp_path):
    values, template = _gold(corpus, stem)
    for name, (source, expected) in _blank_layouts(values, template, tmp_path).items():
        assert _wrong(ie.extract(source, facts=False), expected) == [], name


@pytest.mark.parametrize("stem", REPORTS)
def test_blank_cells_read_as_flagged_zeros(corpus, stem, tmp_path):
    values, template = _gold(corpus, stem)
    for name, (source, expected) in _blank_layouts(values, template, tmp_path).items():
        report = ie.extract(source, facts=False)
        assert _missing(report, expected) == [], name
        unflagged = [k for k, v in expected.items() if v is not UNDETERMINED and v == 0
                     and "was_blank" not in report.tables[k].flags]
        assert unflagged == [], name


# ---- (b) row labels split over lines ("1." / "属于国家秘密", "（一）" / "予以公开", "商业" / "企业") --

@pytest.mark.parametrize("fine", [False, True], ids=["sanming2021", "sanming2022"])
@pytest.mark.parametrize("stem", REPORTS)
def test_split_labels_no_wrong_cell(corpus, stem, fine):
    values, template = _gold(corpus, stem)
    doc, expected = wl.split_labels_layout(values, template, fine=fine)
    assert _wrong(ie.extract(doc, facts=False), expected) == []


@pytest.mark.parametrize("fine", [False, True], ids=["sanming2021", "sanming2022"])
@pytest.mark.parametrize("stem", REPORTS)
def test_split_labels_every_cell_read(corpus, stem, fine):
    values, template = _gold(corpus, stem)
    doc, expected = wl.split_labels_layout(values, template, fine=fine)
    report = ie.extract(doc, facts=False)
    assert _missing(report, expected) == [] and _wrong(report, expected) == []


# ---- (c) runs of equal adjacent cells printed once (Putian crawler) -----------------------------

@pytest.mark.parametrize("stem", REPORTS)
def test_collapsed_runs_no_wrong_cell_and_no_guess(corpus, stem):
    values, template = _gold(corpus, stem)
    doc, expected = wl.collapsed_layout(values, template)
    assert _wrong(ie.extract(doc, facts=False), expected) == []


@pytest.mark.parametrize("stem", REPORTS)
def test_collapsed_runs_every_determinable_cell_read(corpus, stem):
    values, template = _gold(corpus, stem)
    doc, expected = wl.collapsed_layout(values, template)
    assert _missing(ie.extract(doc, facts=False), expected) == []


def test_collapsed_runs_print_what_putian_prints(corpus):
    """seed 004's 2|0|... rows come out as the Putian crawler prints them: "规章 / 0 / 1" for 0|0|1."""
    values, template = _gold(corpus, "seed_004_guigang_2021")
    doc, expected = wl.collapsed_layout(values, template)
    assert "\n规章\n0\n1\n行政规范性文件\n501\n26\n1845\n" in doc
    assert "\n二、上年结转政府信息公开申请数量\n3\n0\n3\n" in doc
    assert expected["proactive.rules.repealed"] is UNDETERMINED  # 0|0|1 or 0|1|1
    assert sum(v is UNDETERMINED for v in expected.values()) == 1


# ---- (d) numbers printed in two pieces (Sanming 2021: "1" / "62" for 162) ----------------------

@pytest.mark.parametrize("stem", REPORTS)
def test_split_numbers_no_wrong_cell_and_no_guess(corpus, stem):
    values, template = _gold(corpus, stem)
    doc, expected = wl.split_numbers_layout(values, template, seed=1)
    assert _wrong(ie.extract(doc, facts=False), expected) == []


@pytest.mark.parametrize("stem", REPORTS)
def test_split_numbers_every_determinable_cell_read(corpus, stem):
    values, template = _gold(corpus, stem)
    doc, expected = wl.split_numbers_layout(values, template, seed=1)
    assert _missing(ie.extract(doc, facts=False), expected) == []


# ---- (e) section 五 heading reworded or dropped: tables still read whole --------------------------

@pytest.mark.parametrize("variant", list(wl.FIVE_VARIANTS))
@pytest.mark.parametrize("stem", REPORTS)
def test_section_five_heading_reworded_or_dropped_tables_read_whole(corpus, stem, variant):
    values, template = _gold(corpus, stem)
    doc, expected = wl.five_heading_layout(values, template, wl.FIVE_VARIANTS[variant])
    report = ie.extract(doc, facts=False)
    assert _missing(report, expected) == [] and _wrong(report, expected) == []


@pytest.mark.parametrize("variant", list(wl.FIVE_VARIANTS))
def test_section_five_is_the_text_between_table_3_and_heading_six(corpus, variant):
    """Spec §8: a reworded 五 heading is matched fuzzily; a lost one leaves the text between
    the end of table 3 and heading 六 as section 五, not as part of table 3's section."""
    values, template = _gold(corpus, "seed_004_guigang_2021")
    doc, _ = wl.five_heading_layout(values, template, wl.FIVE_VARIANTS[variant])
    report = ie.extract(doc, facts=False)
    assert wl.FIVE_PROSE not in report.section_text("review_litigation")
    assert wl.FIVE_PROSE in report.section_text("problems_improvements")
