"""Legacy (pre-2019) section headings: the 2008-regulation wording is recognised, not swallowed."""
from ie.sections import segment


def test_dishui_2013_headings(corpus):
    text = (corpus / "reports" / "legacy_pingtan_dishui_2013.txt").read_text(encoding="utf-8")
    sections = segment(text)
    assert sections["applications"].heading == "三、依申请公开、不予公开及咨询政府信息情况"
    assert sections["review_litigation"].heading == "五、申请行政复议、提起行政诉讼和申诉的情况"
    assert sections["proactive"].end == sections["applications"].start
    assert text[sections["review_litigation"].start:].startswith("五、申请行政复议")


def test_legacy_wording_without_the_corpus():
    text = ("一、概述\n本局全年公开信息120条。\n二、主动公开政府信息情况\n全年主动公开120条。\n"
            "三、依申请公开、不予公开及咨询政府信息情况\n全年受理申请2件。\n"
            "四、审批事项及处理情况\n全年办理审批事项30件。\n"
            "五、申请行政复议、提起行政诉讼和申诉的情况\n全年未发生行政复议。\n")
    sections = segment(text)
    assert list(sections) == ["overview", "proactive", "applications", "review_litigation"]
    assert sections["review_litigation"].heading == "五、申请行政复议、提起行政诉讼和申诉的情况"
