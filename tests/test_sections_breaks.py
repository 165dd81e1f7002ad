"""Section headings broken over lines by web crawlers ("五、" alone on its line, or the title cut
in two) are found as on the unbroken report: same sections, same starts, same body starts."""
import pytest

from conftest import seed
from heading_breaks import break_points, expected_spans, insert_breaks, section_spans
from ie.facts.rules import rule_facts
from ie.readers import read
from ie.sections import segment

# Starts and body starts of the numbered sections of the seed reports once every heading is
# broken (one character inserted per heading), as measured on examples/.
BROKEN = {
    "seed_000": {"overview": (447, 469), "proactive": (2751, 2764), "applications": (3294, 3312),
                 "review_litigation": (4384, 4413), "problems_improvements": (4621, 4644),
                 "other_matters": (5051, 5063)},
    "seed_002": {"overview": (35, 42), "proactive": (868, 881), "applications": (1231, 1249),
                 "review_litigation": (2451, 2471), "problems_improvements": (2660, 2675),
                 "other_matters": (3020, 3032)},
    "seed_004": {"overview": (257, 264), "proactive": (1532, 1545), "applications": (1863, 1881),
                 "review_litigation": (3332, 3352), "problems_improvements": (3560, 3575),
                 "other_matters": (4057, 4069)},
}


def _broken(name: str, kind: str):
    text = read(seed(name)).text
    before = segment(text)
    points = break_points(text, before, kind)
    new = insert_breaks(text, points)
    return text, before, points, new, segment(new)


@pytest.mark.parametrize("kind", ["numeral", "title"])
@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_headings_keep_the_sections(name, kind):
    text, before, points, new, after = _broken(name, kind)
    assert list(after) == list(before)
    got = section_spans(new, after)
    assert {k: (a, b) for k, (a, b, _) in got.items()} == BROKEN[name]
    assert got == expected_spans(section_spans(text, before), points)


def test_numeral_line_heading_spans_both_lines():
    _, _, _, new, after = _broken("seed_004", "numeral")
    five = after["problems_improvements"]
    assert five.heading == "五、\n存在的主要问题及改进情况"
    assert new[five.start:five.start + len(five.heading)] == five.heading


def test_title_broken_in_two_heading_spans_both_lines():
    _, _, _, _, after = _broken("seed_004", "title")
    assert after["problems_improvements"].heading == "五、存在的主要问\n题及改进情况"
    assert after["proactive"].heading == "二、主动公开政\n府信息情况"


def test_rule_facts_unchanged_by_broken_headings():
    text, before, _, new, after = _broken("seed_004", "numeral")
    facts = {(f.type, f.text) for f in rule_facts(text, before, 2021, ())}
    broken = {(f.type, f.text) for f in rule_facts(new, after, 2021, ())}
    assert broken == facts
    assert sum(t == "problem" for t, _ in broken) >= 2


def test_wild_putian_pages(corpus):
    # in-sample: these pages are the ones the fix was written for
    text = read(corpus / "wild" / "reports" / "putian_tyj_2022.txt").text
    sections = segment(text)
    assert {k: s.start for k, s in sections.items()} == {
        "preamble": 0, "overview": 570, "proactive": 1373, "applications": 1548, "review_litigation": 2116,
        "problems_improvements": 2243, "other_matters": 2473}
    five = sections["problems_improvements"]
    assert five.heading == "五、\n存在的主要问题及改进情况"
    assert text[five.start + len(five.heading):].lstrip().startswith("（一）存在的主要问题。")
    text = read(corpus / "wild" / "reports" / "putian_tyj_2020.txt").text
    sections = segment(text)
    assert sections["applications"].start == 1819  # "三、\n收到和处理…", not the table's "三、\n本年度办理结果"
    assert sections["applications"].start < text.index("三、\n本年度办理结果") < sections["applications"].end


@pytest.mark.parametrize("text", [
    "一、总体情况\n本机关全年主动公开信息120条。\n三、\n本年度办理结果\n（一）予以公开\n5\n",  # a table label
    "一、总体情况\n本机关全年主动公开信息120条。\n二、\n我局高度重视，全年主动公开信息120条。\n",  # prose
])
def test_numeral_line_before_a_non_title_is_no_heading(text):
    assert list(segment(text)) == ["overview"]


def test_numeral_line_before_the_next_heading_is_not_that_heading():
    text = "一、总体情况\n全年主动公开信息120条。\n五、\n六、其他需要报告的事项\n无。\n"
    sections = segment(text)
    assert list(sections) == ["overview", "other_matters"]
    assert sections["other_matters"].heading == "六、其他需要报告的事项"
    assert sections["other_matters"].start == text.index("六、")


@pytest.mark.parametrize("text", ["", "五、", "五、\n", "五、\n\n  \n"])
def test_a_lone_numeral_at_the_end_is_nothing(text):
    assert segment(text) == {}


def test_truncated_title_reads_as_on_one_line():
    one = segment("一、总体情况\n五、存在的主要")["problems_improvements"]
    two = segment("一、总体情况\n五、\n存在的主要")["problems_improvements"]
    assert (one.start, one.end, one.heading) == (7, 14, "五、存在的主要")
    assert (two.start, two.end, two.heading) == (7, 15, "五、\n存在的主要")


def test_every_gold_report_survives_numeral_breaks(corpus):
    from ie.readers import supported

    texts = [read(p).text for p in sorted((corpus / "reports").iterdir()) if supported(p)]
    assert len(texts) >= 25
    for text in texts:
        before = segment(text)
        points = break_points(text, before, "numeral")
        new = insert_breaks(text, points)
        assert section_spans(new, segment(new)) == expected_spans(section_spans(text, before), points)
