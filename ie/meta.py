"""Report metadata: issuer, the year reported on, and the publication date.

The report's own words win: its title line (钦州市行政审批局 / 2020年政府信息公开工作年度报告), its
preamble (…编制了本报告, 请与…联系) and its closing date. Page metadata (a web page's 发布时间, a
scrape header) is used only when the report itself is silent."""
from __future__ import annotations

import re
from dataclasses import dataclass

from .document import Document
from .sections import Section
from .textnorm import cn_digits_to_int, cn_to_int

_TITLE = re.compile(r"(?P<year>(?:19|20)\d{2}|[〇零○一二三四五六七八九]{4})[ \t]*年[ \t]*(?:度)?[ \t]*"
                    r"(?P<mid>[^\s，。,；;、:：《》]{0,25}?)[ \t]*(?:的)?(?:政府)?(?:信息|政务)公开(?:工作)?"
                    r"[ \t]*\n?[ \t]*(?:年度)?[ \t]*(?:报告|年报)")
_LEAD_VERBS = re.compile(r"^(?:现将|现公布|特发布|现发布|公布|发布|编制|印发|关于)")
_PLACE = re.compile(r"(?:省|市|县|区|州|盟|旗)$")
_ZONE = re.compile(r"(?:实验区|开发区|高新区|新区|园区|示范区|自贸区)$")
_PERIOD = re.compile(r"统计(?:期限|时限|周期|时间|区间)[^\d\n]{0,8}(?P<year>(?:19|20)\d{2})\s*年")
_DATE = re.compile(r"(?P<y>(?:19|20)\d{2}|[〇零○一二三四五六七八九]{4})\s*年\s*(?P<m>\d{1,2}|[一二三四五六七八九十]{1,2})\s*月\s*"
                   r"(?P<d>\d{1,2}|[一二三四五六七八九十]{1,3})\s*日")
_ISO = re.compile(r"(?:发布时间|发布日期|时间|日期)\s*[:：]\s*((?:19|20)\d{2})[-/.年](\d{1,2})[-/.月](\d{1,2})")
_HEADER_ISSUER = re.compile(r"^(?:发布机构|来源|发文机关)\s*[:：]\s*(\S{2,40})\s*$", re.M)
_COMPILED_BY = re.compile(r"(?:由|，|,|。|\n|^)(?P<name>[^，,。；;（(《\n]{2,30}?)(?:编制完成|编制了|编制而成|编写了|编制|编写)"
                          r"(?:完成)?(?:了)?(?:本报告|本年度报告|此报告|《)")
_CONTACT = re.compile(r"请与(?P<name>[^，,。；;（(\n]{2,30}?)联系")
_AGENCY_END = re.compile(r"(?:人民政府|政府|局|委员会|委|办公室|办|厅|中心|院|署|会|区|县|市|所|站|处)$")
_LEGACY_MARKERS = ("政府信息公开情况统计表", "依申请公开政府信息情况", "政府信息公开的收费及减免情况",
                   "因政府信息公开申请行政复议、提起行政诉讼的情况")


@dataclass
class ReportMeta:
    issuer: str | None
    year: int | None
    published: str | None


def _year(s: str) -> int | None:
    return int(s) if s.isdigit() else cn_digits_to_int(s)


def report_meta(doc: Document, sections: dict[str, Section]) -> ReportMeta:
    text = doc.text
    head = text[:3000]
    title = _TITLE.search(doc.meta.get("title", "")) or _TITLE.search(head)
    year = _year(title.group("year")) if title else None
    if year is None:
        m = _PERIOD.search(text)
        year = int(m.group("year")) if m else None
    return ReportMeta(_issuer(doc, title, head), year, _published(doc, sections))


def _issuer(doc: Document, title: re.Match | None, head: str) -> str | None:
    name = _title_issuer(title) if title is not None else ""
    if not name:
        # the preamble: "请与XX联系", "…由XX编制"
        for pattern in (_CONTACT, _COMPILED_BY):
            for m in pattern.finditer(head):
                cand = _clean(m.group("name"))
                if _AGENCY_END.search(cand) and not cand.startswith(("本", "我", "现")):
                    name = cand
                    break
            if name:
                break
    if not name:
        m = _HEADER_ISSUER.search(head)
        name = m.group(1) if m else doc.meta.get("publisher", "")
    if name and _PLACE.search(name) and not _ZONE.search(name):
        name += "人民政府"  # a place's own report is its government's ("贵港市" → 贵港市人民政府)
    return name or None


def _title_issuer(title: re.Match) -> str:
    """The body a title line names: before the year ("钦州市行政审批局2020年…", possibly on the
    line above), or between the year and 政府信息公开 ("2024年上海市科委政府信息公开…")."""
    if title.group("mid"):
        return _clean(title.group("mid"))
    before = title.string[: title.start()]
    line = before.split("\n")[-1]
    name = _clean(re.split(r"[，,。；;：:（）()《》]", line)[-1])
    name = _LEAD_VERBS.sub("", name)
    if not name:
        prev = [ln for ln in before.split("\n")[:-1] if ln.strip()]
        name = _clean(prev[-1]) if prev and len(prev[-1].strip()) <= 30 else ""
    return name if len(name) >= 2 and not name.endswith(("关于", "的")) else ""


def _clean(s: str) -> str:
    s = re.sub(r"[#*`>\[\]【】\s]|^(?:标题|题目)", "", s)
    return s.strip("　 ：:，,、")


def _published(doc: Document, sections: dict[str, Section]) -> str | None:
    text = doc.text
    tail = text[-300:]
    dates = list(_DATE.finditer(tail))
    if dates:
        m = dates[-1]
        line_end = tail.find("\n", m.end())
        rest = tail[m.end(): len(tail) if line_end < 0 else line_end]
        if not rest.strip(" 　。）)"):
            iso = _iso(m)
            if iso:
                return iso
    m = _ISO.search(text[:1500]) or _ISO.search(doc.meta.get("published", "") and "时间:" + doc.meta["published"])
    if m:
        return f"{int(m.group(1)):04d}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
    return None


def _iso(m: re.Match) -> str | None:
    y = _year(m.group("y"))
    mo, d = cn_to_int(m.group("m")), cn_to_int(m.group("d"))
    if y and mo and d and 1 <= mo <= 12 and 1 <= d <= 31:
        return f"{y:04d}-{mo:02d}-{d:02d}"
    return None


def looks_legacy(text: str) -> bool:
    return sum(1 for m in _LEGACY_MARKERS if m in text) >= 1
