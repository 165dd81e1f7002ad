"""Agencies named in the prose, one fact per distinct name at its first place; the issuer's
name gets ``role: issuer``. A precise baseline: a trained model does better."""
from __future__ import annotations

import re
from typing import Iterator

from ...body import CENTRAL_BODIES, in_order, is_division, parse as parse_body
from .exclusions import scraper_header_end
from .spans import Span, overlaps
from .strings import CJK, any_word, enclosing, longest_first
from .view import TextView, ViewFact

# Name endings, longest first; each may be followed by nothing that continues a word.
_AGENCY_SUFFIX = re.compile(
    r"(?:领导小组办公室|人民政府办公室|人民政府办公厅|政府办公室|政府办公厅|管理委员会|人民政府|委员会|管委会|办公室|办公厅|"
    r"党工委|领导小组|服务中心|人民法院|检察院|国务院(?!令)|党中央|档案馆|图书馆|总局|"
    r"中心(?!工作|任务|城区|位置|环节|地位|思想|组|区)|政府(?!网|信息|工作|公报|部门|规章|性|采购|投资|购买|职能|和社会|令)|"
    r"(?<![布格结大全当开残棋饭出时终败僵定变破])局(?![面部限势])|委(?![托派屈婉员])|(?<![举创承主协督申包])办(?![理事结法公件好实学班报文证税成完])|(?<![大分展])厅)")
# What may follow a complete name inside a longer one (市人民政府|办公室, 党工委|管委会, 区委|网信办).
_SUB_UNIT = re.compile(r"领导小组办公室|办公室|办公厅|管委会|委员会|领导小组|党工委|服务中心|中心|局|办")
# Strong endings: a name without a place or level word in front must end with one of these.
# A division inside a named office, only after a complete name (…人民政府办公室|政务公开科, 县司法局|复议科).
_DIVISION = re.compile(r"科(?![学技普研室])|处(?![理置分罚于在])")
_STRONG_SUFFIX = re.compile(r"(?:局|委员会|管委会|中心|馆|委|厅|检察院|法院|办公室)$")
_LEVEL_START = re.compile(r"自治区|自治州|街道|[省市区县镇乡]")
_NATIONAL = ("国务院", "党中央", "中共")
_NATIONAL_RE = any_word(_NATIONAL)
# 财政部 the ministry, not 财政部门 (finance departments, generic)
_CENTRAL_BODY = re.compile("(?:" + "|".join(longest_first(CENTRAL_BODIES)) + ")(?![门分])")
_NAME_STOP = set("的了在对向将是从把被让使等各我本该其并或也又都就还要、，。；：,.;:（）()“”《》\n感亲路号楼段")
_NAME_VERB = re.compile(r"通过|编制|进驻|入驻|开展|推进|加强|发布|组织|督促|指导|联系|负责|审定|印发|报送|制定|建立|设立|"
                        r"举办|成立|牵头|会同|配合|落实|完成|实施|统筹|按照|依托|利用|围绕|结合|采取|推动|深化|做好|认真|"
                        r"贯彻|坚持|积极|主动|及时|严格|全面|不断|进一步|关于|要求|公开了|门户|网站|平台|调整|完善|提升|"
                        r"优化|切实|聚焦|受到|查阅|指定|简称|作为|召开|参加|参与|听取|审议|批准|同意|下设|设立了|分管|大道|"
                        r"设置|提供|充分|发挥")
# Words after which a name may start (请与…联系, 在…设置, 邀请…授课) and list separators.
_SEPARATORS = ("在", "与", "向", "对", "由", "经", "请", "和", "及", "同", "会同", "配合", "联系", "协调", "对接", "进驻",
               "入驻", "邀请", "至", "到", "是", "为", "了", "从", "将", "把", "被", "让", "接受", "报", "据", "按", "按照",
               "根据", "依据", "即", "以", "给", "经过", "并", "暨", "有", "指定", "设在", "依托", "通过", "落实", "贯彻",
               "转发", "印发", "下发", "关心", "支持", "领导", "部署", "要求")
_SEPARATOR_WORD = any_word(_SEPARATORS)
# a name may also start after a non-Chinese character, after a name (区委|区政府) or a date (2011年|区管委会)
_AFTER_NON_NAME = re.compile(r"(?:^|(?<=[^\u4e00-\u9fff]|[委府局办年月日]))[\u4e00-\u9fff]")
# 围绕|区委区政府, 落实|市委、市政府: the party committee and the government of one level, written as a
# pair after any word, are two names
_PARTY_AND_GOVERNMENT = re.compile(r"(?=([省市区县镇乡])委[、和与及]?\1(?:人民)?政府)")
_REGULATION_TITLE = re.compile(r"(?:办法|条例|规定|意见|通知|方案|规划|要点|细则|制度|决定|清单|目录|报告|指南|函|批复|公告|"
                               r"通告|标准|规则|纲要|计划|法)$")
_TRAILING_PAREN = re.compile(r"[（(][^）)]*[）)]$")  # 《…办法（试行）》
_PLACE_IN_NAME = re.compile(r"[\u4e00-\u9fff]{2,6}?(?:省|市|区|县|自治区|自治州|州|旗|盟)")
_GENERIC = re.compile(r"^(?:我|本|该|各|贵(?:单位|局|委|部门|方|处|司)|有关|相关|上级|下级|全市|全区|全县|全省|区直|市直|县直|省直|"
                      r"[省市区县乡镇]级|[省市区县]局$)")  # 县级…; 区局 (the bureau itself, as 我局)
_MAX_NAME = 20
_PLACE_START = re.compile(r"[\u4e00-\u9fff]{2,3}?(?:省|市|县)(?=[\u4e00-\u9fff])")
# characters that do not occur in place names but do in the words before them (与, 及, 查阅 …)
_NOT_IN_PLACE = set("与及和的在向是为了从将把被让对由经请按照通过度号查阅集中加强大充分发挥精神会第各我本该其并或也又都就还要全")
# a level word a few characters into a bare name: what stands before it is a verb, not the name
_LATER_LEVEL = re.compile(r"[省市县]")
_NAME_BREAK = re.compile(r"[^\u4e00-\u9fff]|[局委办厅]")  # (卫生局、县供电公司: two names)
_LIST_WORD_BEFORE = re.compile(r"(?:、|是|与|同|会同|联合|配合|协调|对接|和|及)$")
_AGENCY_END_BEFORE = re.compile(r"(?:局|委|办|中心|委员会|管委会|党工委|厅|馆|政府)$")


def find_agencies(view: TextView, regions: list[Span], issuer: str | None) -> Iterator[ViewFact]:
    """One fact per distinct name outside ``regions`` (tables, chrome), at its first place; the
    issuer's name is looked for too, when no name found equals it."""
    t = view.text
    issuer_c = "".join((issuer or "").split())
    places = _known_places(view.original, issuer)
    found: list[tuple[int, int, str]] = []
    covered_to = -1
    for s, body_from, strong_only in _agency_starts(t, places):
        if s < covered_to:
            continue  # inside a longer name found from an earlier start
        e = _name_end(t, s, body_from, strong_only)
        if e is None or e - s < 2:
            continue
        s = _after_address_town(t, s, e)
        name = t[s:e]
        if strong_only and (e - s < 3 or name.endswith("馆")):
            continue
        if _GENERIC.match(name) or overlaps(regions, s, e) or _in_regulation_title(t, s):
            continue
        found.append((s, e, name))
        covered_to = e
    taken = [(s, e) for s, e, _ in found]
    found += [(m.start(), m.end(), m.group()) for m in _CENTRAL_BODY.finditer(t)
              if not overlaps(taken, m.start(), m.end()) and not overlaps(regions, m.start(), m.end())
              and not _in_regulation_title(t, m.start())]
    if issuer_c and all(n != issuer_c for _, _, n in found):
        i = t.find(issuer_c)
        while i >= 0 and overlaps(regions, i, i + len(issuer_c)):
            i = t.find(issuer_c, i + 1)  # not in the chrome (a scraper's 标题: line)
        if i >= 0:
            found.append((i, i + len(issuer_c), issuer_c))
        else:
            issuer_c = _short_form(issuer_c, [n for _, _, n in sorted(found)]) or issuer_c
    seen: set[str] = set()
    for s, e, name in sorted(found):
        if name in seen:
            continue
        seen.add(name)
        role = "issuer" if issuer_c and name == issuer_c else "mentioned"
        yield ViewFact("agency", s, e, 0.9 if role == "issuer" else 0.6, {"role": role})


def _short_form(issuer: str, names: list[str]) -> str | None:
    """The first name that is the issuer's short form, for a report whose prose never writes the
    issuer's full name (莆田市民宗局 for 莆田市民族与宗教事务局): the same division, the same last
    character, the organ's characters in order."""
    full = parse_body(issuer)
    if not full.codes:
        return None
    for name in names:
        short = parse_body(name)
        if (short.codes & full.codes and short.organ and short.organ != full.organ
                and short.organ[-1] == full.organ[-1] and in_order(short.organ, full.organ)):
            return name
    return None


_TOWN = re.compile(r"[\u4e00-\u9fff]{1,4}?(?:镇|乡|街道)(?=[\u4e00-\u9fff]{4})")
_ADDRESS_LABEL = re.compile(r"地址[：:，,]?\s*$")


def _after_address_town(t: str, s: int, e: int) -> int:
    """In an address (地址：平潭综合实验区北厝镇金井湾片区管委会大楼), the place down to the town is
    the address and the body's name starts after it (金井湾片区管委会)."""
    if not _ADDRESS_LABEL.search(t, max(0, s - 6), s):
        return s
    last = s
    for m in _TOWN.finditer(t, s, e):
        last = m.end()
    return last


def _known_places(text: str, issuer: str | None) -> list[str]:
    """Place names (钦州市, 兖州区) from the issuer's name and the title line: a name may start
    with them wherever they stand. A long one also stands for its short form (平潭综合实验区 →
    实验区)."""
    sources = [issuer or ""]
    body = text[scraper_header_end(text):]  # the title, not a scraper's 标题: line
    first = next((ln.strip() for ln in body.split("\n") if ln.strip()), "")
    sources.append(first[:40])
    places = set()
    for src in sources:
        src = "".join(src.split())
        pos = 0
        while True:
            m = _PLACE_IN_NAME.match(src, pos)
            if not m:
                break
            places.add(m.group())
            if len(m.group()) >= 5:
                places.add(m.group()[-3:])
            pos = m.end()
    return list(longest_first(places))


def _name_end(t: str, start: int, body_from: int, strong_only: bool) -> int | None:
    """End of the longest agency name starting at ``start`` (its prefix ends at ``body_from``)."""
    best = None
    j = body_from
    limit = min(len(t), start + _MAX_NAME)
    while j < limit:
        m = _AGENCY_SUFFIX.match(t, j)
        if m and (not strong_only or _STRONG_SUFFIX.search(m.group())) and (
                best is None or _SUB_UNIT.fullmatch(m.group())):
            best = max(best or 0, m.end())
        elif best is not None and j > best and _DIVISION.match(t, j):
            best = j + 1
        ch = t[j]
        verb = _NAME_VERB.match(t, j)
        if ch in _NAME_STOP or not CJK.match(ch) or verb and not _AGENCY_SUFFIX.match(t, verb.end()):
            break  # a verb ends the name, unless a body's ending follows it (机构编制|委员会办公室)
        if best is not None and j >= best and _LEVEL_START.match(t, j):
            break  # 区委区政府: two names
        j += 1
    return best


def _agency_starts(t: str, places: list[str]) -> Iterator[tuple[int, int, bool]]:
    """(start, end of prefix, needs a strong ending) of possible names: at a known place
    (钦州市…), at a national body (国务院, 党中央), at a place or level word after a separator
    (请与市…, 部门、平潭县…, 区委区政府), and a bare name in a list or after 与/是
    (市教育局、卫生健康委; 部门是教育局)."""
    fixed: dict[int, tuple[int, int, bool]] = {}
    if places:
        for m in any_word(places).finditer(t):
            fixed.setdefault(m.start(), (m.start(), m.end(), False))
    for m in _NATIONAL_RE.finditer(t):
        fixed.setdefault(m.start(), (m.start(), m.start(), False))
    boundaries = {m.end() for m in _SEPARATOR_WORD.finditer(t)}
    boundaries |= {m.start() for m in _AFTER_NON_NAME.finditer(t)}
    boundaries |= {m.start() for m in _PARTY_AND_GOVERNMENT.finditer(t)}
    for i in sorted(boundaries | set(fixed)):
        if i in fixed:
            yield fixed[i]
            continue
        if i >= len(t) or not CJK.match(t[i]):
            continue
        level = _LEVEL_START.match(t, i)
        if level:
            yield i, level.end(), False
            continue
        named_place = _PLACE_START.match(t, i)
        if named_place and is_division(named_place.group()):
            yield i, named_place.end(), False
            continue
        before = t[max(0, i - 4):i]
        if _LIST_WORD_BEFORE.search(before) and (
                not before.endswith("、") or _AGENCY_END_BEFORE.search(t[max(0, i - 6):i - 1])):
            later = _LATER_LEVEL.search(t, i + 1, i + 5)
            if later and CJK.match(t, later.end()) and not _NAME_BREAK.search(t, i, later.start()):  # 更新市体育局, 由莆田市民宗局: the name starts at the place
                place = _PLACE_START.match(t, later.start() - 2) if later.start() - 2 > i else None
                start = later.start() - 2 if place and is_division(place.group()) else later.start()
                yield start, later.end(), False
            else:
                yield i, i, True


def _in_regulation_title(t: str, i: int) -> bool:
    """Whether the name at ``i`` is inside the title of a regulation or notice (《福建省政府信息
    公开办法》, 《…关于印发…的通知》); a publication's title (《钦州市人民政府公报》) is not, nor is the
    issuing body that opens a document's title (《国务院办公厅关于…的通知》)."""
    title = enclosing(t, i, "《", "》")
    if title is None:
        return False
    if i == title[0] + 1 and "关于" in t[i:title[1]]:
        return False  # 《国务院办公厅关于…的通知》: the body that issued the document is named
    name = _TRAILING_PAREN.sub("", t[title[0] + 1:title[1]])
    return bool(_REGULATION_TITLE.search(name))
