"""The single source of truth for sections, table keys, labels and aliases.

Everything here follows ``spec/TEMPLATES.md`` (the national 2019 and 2021 templates). The table
extractor, the consistency checks, the store and the exports all read these definitions; no other
module spells a key or a label.

Keys are the flat keys of the spec's Appendix A, e.g. ``applications.results.withheld.state_secret.total``.
"""
from __future__ import annotations

from dataclasses import dataclass

TEMPLATE_IDS = ("tpl2019", "tpl2021", "hybrid", "legacy", "unknown")

# --------------------------------------------------------------------------------------------
# Sections (spec §2)
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SectionSpec:
    key: str
    numeral: str
    heading: str
    # Distinctive phrases of the heading and its real-world variants (matched after whitespace
    # and markup are removed). The first one is the canonical heading text without its numeral.
    phrases: tuple[str, ...]


SECTIONS: tuple[SectionSpec, ...] = (
    SectionSpec("overview", "一", "一、总体情况",
                ("总体情况", "基本情况", "概述", "政府信息公开概况", "工作概况")),
    SectionSpec("proactive", "二", "二、主动公开政府信息情况",
                ("主动公开政府信息情况", "主动公开政府信息的情况", "主动公开情况")),
    SectionSpec("applications", "三", "三、收到和处理政府信息公开申请情况",
                ("收到和处理政府信息公开申请情况", "收到和处理政府信息公开申请的情况",
                 "政府信息公开申请情况", "依申请公开政府信息情况", "依申请公开情况",
                 "政府信息依申请公开办理情况", "依申请公开办理情况", "依申请公开工作情况",
                 "依申请公开、不予公开及咨询政府信息情况")),  # 2008-regulation reports
    SectionSpec("review_litigation", "四", "四、政府信息公开行政复议、行政诉讼情况",
                ("政府信息公开行政复议、行政诉讼情况", "政府信息公开行政复议及行政诉讼情况",
                 "政府信息公开行政复议和行政诉讼情况", "因政府信息公开工作被申请行政复议、提起行政诉讼的情况",
                 "因政府信息公开工作被申请行政复议和提起行政诉讼情况",
                 "因政府信息公开申请行政复议、提起行政诉讼的情况", "行政复议、行政诉讼情况",
                 "申请行政复议、提起行政诉讼和申诉的情况")),  # 2008-regulation reports
    SectionSpec("problems_improvements", "五", "五、存在的主要问题及改进情况",
                ("存在的主要问题及改进情况", "政府信息公开工作存在的主要问题及改进情况",
                 "存在的主要问题及改进措施", "存在的问题及改进措施", "存在的主要问题和改进情况",
                 "主要问题及改进情况", "主要问题和改进措施", "存在的主要问题和改进措施",
                 "存在的主要问题及明年工作计划", "存在的主要问题及下一步工作", "存在的问题和不足",
                 "存在的不足及改进措施", "存在的主要问题", "存在的问题及改进", "存在的问题", "存在的不足")),
    SectionSpec("other_matters", "六", "六、其他需要报告的事项",
                ("其他需要报告的事项", "其他需要报告事项", "其他事项")),
)
SECTION_KEYS = tuple(s.key for s in SECTIONS)
# Parts of a report outside the six numbered sections.
PREAMBLE, SIGNOFF = "preamble", "signoff"

# --------------------------------------------------------------------------------------------
# Table rows and columns
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RowSpec:
    """One data row of a template table.

    ``aliases`` are short, distinctive phrases of the row label (and its known variants); a
    record whose label contains one of them is taken to be this row. ``columns`` are the keys of
    the row's numeric cells in printed order.
    """

    key: str
    label: str
    aliases: tuple[str, ...]
    columns: tuple[str, ...]

    def cell_keys(self, prefix: str) -> tuple[str, ...]:
        base = f"{prefix}.{self.key}." if self.key else f"{prefix}."
        return tuple(base + c for c in self.columns)


# ---- table 1 (spec §3) ----------------------------------------------------------------------

T1_COLUMNS = {
    "tpl2019": {
        "rules": ("new_made", "new_published", "total_published"),
        "normative_docs": ("new_made", "new_published", "total_published"),
        "licensing": ("prev_year_items", "items_change", "decisions"),
        "other_admin_services": ("prev_year_items", "items_change", "decisions"),
        "penalty": ("prev_year_items", "items_change", "decisions"),
        "coercion": ("prev_year_items", "items_change", "decisions"),
        "admin_fees": ("prev_year_items", "items_change"),
        "central_procurement": ("projects", "amount"),
    },
    "tpl2021": {
        "rules": ("issued", "repealed", "in_force"),
        "normative_docs": ("issued", "repealed", "in_force"),
        "licensing": ("decisions",),
        "penalty": ("decisions",),
        "coercion": ("decisions",),
        "admin_fees": ("fee_amount_wan_yuan",),
    },
}

# Row label aliases. 规范性文件 is matched after 行政规范性文件 fails, and both map to normative_docs.
T1_ROW_LABELS = {
    "rules": ("规章", ("规章",)),
    "normative_docs": ("行政规范性文件", ("行政规范性文件", "规范性文件")),
    "licensing": ("行政许可", ("行政许可",)),
    "other_admin_services": ("其他对外管理服务事项", ("其他对外管理服务事项", "对外管理服务事项")),
    "penalty": ("行政处罚", ("行政处罚",)),
    "coercion": ("行政强制", ("行政强制",)),
    "admin_fees": ("行政事业性收费", ("行政事业性收费",)),
    "central_procurement": ("政府集中采购", ("政府集中采购", "集中采购")),
}

T1_COLUMN_LABELS = {
    "new_made": "本年新制作数量", "new_published": "本年新公开数量", "total_published": "对外公开总数量",
    "prev_year_items": "上一年项目数量", "items_change": "本年增/减", "decisions": "处理决定数量",
    "projects": "采购项目数量", "amount": "采购总金额",
    "issued": "本年制发件数", "repealed": "本年废止件数", "in_force": "现行有效件数",
    "fee_amount_wan_yuan": "本年收费金额（单位：万元）",
}

# Where the 2021 template words a shared column differently.
T1_COLUMN_LABELS_2021 = {**T1_COLUMN_LABELS, "decisions": "本年处理决定数量"}


def t1_column_label(template: str, column: str) -> str:
    return (T1_COLUMN_LABELS_2021 if template == "tpl2021" else T1_COLUMN_LABELS)[column]


def t1_row_label(template: str, row: str) -> str:
    """The row label as the template prints it (2019: 规范性文件, 2021: 行政规范性文件)."""
    return "规范性文件" if (template, row) == ("tpl2019", "normative_docs") else T1_ROW_LABELS[row][0]


# The 第二十条 item (block caption) each table-1 row is printed under.
T1_ITEMS = {"rules": "一", "normative_docs": "一", "licensing": "五", "other_admin_services": "五", "penalty": "六",
            "coercion": "六", "admin_fees": "八", "central_procurement": "九"}

# Column-header phrases that identify the table-1 template (spec §9).
T1_TEMPLATE_MARKERS = {
    "tpl2021": ("本年制发件数", "本年废止件数", "现行有效件数", "本年处理决定数量", "本年收费金额"),
    "tpl2019": ("本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量", "本年增/减",
                "采购项目数量", "采购总金额", "第二十条第(九)项"),
}

# Signed columns: the only table-1 cells that may be negative.
SIGNED_COLUMNS = frozenset({"items_change"})
# Decimal (money) columns.
AMOUNT_COLUMNS = frozenset({"amount", "fee_amount_wan_yuan"})


def t1_rows(template: str) -> tuple[RowSpec, ...]:
    cols = T1_COLUMNS[template]
    return tuple(RowSpec(k, T1_ROW_LABELS[k][0], T1_ROW_LABELS[k][1], cols[k]) for k in cols)


# ---- table 2 (spec §4) ----------------------------------------------------------------------

T2_COLUMNS = ("natural_person", "commercial_enterprise", "research_institution", "social_welfare_org",
              "legal_service_org", "other_org", "total")
T2_COLUMN_LABELS = {
    "natural_person": ("自然人",),
    "commercial_enterprise": ("商业企业",),
    "research_institution": ("科研机构",),
    "social_welfare_org": ("社会公益组织", "社会组织", "公益组织"),
    "legal_service_org": ("法律服务机构",),
    "other_org": ("其他", "其他组织", "其他法人或其他组织"),
    "total": ("总计", "合计"),
}


def _t2(key: str, label: str, *aliases: str) -> RowSpec:
    return RowSpec(key, label, aliases or (label,), T2_COLUMNS)


_T2_HEAD = (
    _t2("new_received", "一、本年新收政府信息公开申请数量", "本年新收", "新收政府信息公开申请"),
    _t2("carried_over", "二、上年结转政府信息公开申请数量", "上年结转"),
    _t2("results.granted", "（一）予以公开", "予以公开"),
    _t2("results.partially_granted", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "部分公开"),
    _t2("results.withheld.state_secret", "1.属于国家秘密", "属于国家秘密", "国家秘密"),
    _t2("results.withheld.law_prohibited", "2.其他法律行政法规禁止公开", "其他法律行政法规禁止公开",
        "法律行政法规禁止公开"),
    _t2("results.withheld.security_stability", "3.危及“三安全一稳定”", "三安全一稳定"),
    _t2("results.withheld.third_party_rights", "4.保护第三方合法权益", "第三方合法权益"),
    _t2("results.withheld.internal_affairs", "5.属于三类内部事务信息", "三类内部事务"),
    _t2("results.withheld.process_info", "6.属于四类过程性信息", "四类过程性"),
    _t2("results.withheld.enforcement_case_file", "7.属于行政执法案卷", "行政执法案卷"),
    _t2("results.withheld.admin_inquiry", "8.属于行政查询事项", "行政查询事项"),
    _t2("results.unavailable.not_held", "1.本机关不掌握相关政府信息", "不掌握相关政府信息", "本机关不掌握"),
    _t2("results.unavailable.needs_creation", "2.没有现成信息需要另行制作", "需要另行制作", "没有现成信息"),
    _t2("results.unavailable.unclear_after_correction", "3.补正后申请内容仍不明确", "补正后申请内容仍不明确",
        "仍不明确"),
    _t2("results.not_processed.petition_complaint", "1.信访举报投诉类申请", "信访举报投诉"),
    _t2("results.not_processed.duplicate", "2.重复申请", "重复申请"),
    _t2("results.not_processed.publication", "3.要求提供公开出版物", "公开出版物"),
    _t2("results.not_processed.mass_repeated", "4.无正当理由大量反复申请", "大量反复申请", "大量反复"),
    _t2("results.not_processed.confirm_or_reissue", "5.要求行政机关确认或重新出具已获取信息",
        "确认或重新出具", "重新出具已获取信息"),
)
_T2_OTHER_2019 = (_t2("results.other.total", "（六）其他处理", "其他处理"),)
_T2_OTHER_2021 = (
    _t2("results.other.overdue_correction",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "逾期不补正"),
    _t2("results.other.fee_unpaid",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "收费通知", "缴纳费用"),
    _t2("results.other.misc", "3.其他", "3.其他"),
)
_T2_TAIL = (
    _t2("results.total", "（七）总计", "(七)总计", "七)总计"),
    _t2("carried_forward", "四、结转下年度继续办理", "结转下年度", "结转下一年度", "转下年度继续办理"),
)
T2_ROWS = {
    "tpl2019": _T2_HEAD + _T2_OTHER_2019 + _T2_TAIL,
    "tpl2021": _T2_HEAD + _T2_OTHER_2021 + _T2_TAIL,
}
# Rows that count into （七）总计 (rule R-T2-RES), per table-2 variant.
T2_RESULT_LEAVES = {
    variant: tuple(r.key for r in rows if r.key.startswith("results.") and r.key != "results.total")
    for variant, rows in T2_ROWS.items()
}

# ---- table 3 (spec §5) ----------------------------------------------------------------------

T3_GROUPS = ("review", "litigation_direct", "litigation_after_review")
T3_GROUP_LABELS = {"review": ("行政复议",), "litigation_direct": ("未经复议直接起诉",),
                   "litigation_after_review": ("复议后起诉",)}
T3_OUTCOMES = ("upheld", "corrected", "other", "pending", "total")
T3_OUTCOME_LABELS = {"upheld": "结果维持", "corrected": "结果纠正", "other": "其他结果", "pending": "尚未审结",
                     "total": "总计"}
T3_ROWS = tuple(RowSpec(g, T3_GROUP_LABELS[g][0], T3_GROUP_LABELS[g], T3_OUTCOMES) for g in T3_GROUPS)
# Table 3 is one data row of 15 cells (drawn 1x15 or, in some layouts, 3x5): read as one row.
T3_FLAT_ROW = RowSpec("", "行政复议、行政诉讼", ("行政复议",), tuple(f"{g}.{o}" for g in T3_GROUPS for o in T3_OUTCOMES))

# Phrases that open each table in a document (used to find the table regions).
TABLE_ANCHORS = {
    "proactive": ("第二十条第(一)项", "第二十条第(五)项", "信息内容"),
    "applications": ("勾稽关系", "申请人情况", "本年新收政府信息公开申请数量"),
    "review_litigation": ("行政复议", "行政诉讼", "结果维持", "未经复议直接起诉"),
}

PREFIX = {"proactive": "proactive", "applications": "applications", "review_litigation": "review_litigation"}


# --------------------------------------------------------------------------------------------
# Key lists (spec Appendix A)
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Layout:
    """Which template each table follows. A report is ``hybrid`` when its tables disagree."""

    table1: str  # tpl2019 | tpl2021
    table2: str  # tpl2019 | tpl2021

    @property
    def template(self) -> str:
        return self.table1 if self.table1 == self.table2 else "hybrid"


def table1_keys(template: str) -> list[str]:
    return [k for row in t1_rows(template) for k in row.cell_keys("proactive")]


def table2_keys(variant: str) -> list[str]:
    return [k for row in T2_ROWS[variant] for k in row.cell_keys("applications")]


def table3_keys() -> list[str]:
    return [k for row in T3_ROWS for k in row.cell_keys("review_litigation")]


def layout_keys(layout: Layout) -> list[str]:
    """Every printed cell key of a layout, in table order (spec Appendix A)."""
    return table1_keys(layout.table1) + table2_keys(layout.table2) + table3_keys()


# Extra keys reported next to the 2019 procurement amount (spec §3.1).
PROCUREMENT_UNIT_KEY = "proactive.central_procurement.amount_unit"
PROCUREMENT_WAN_KEY = "proactive.central_procurement.amount_wan_yuan"

# --------------------------------------------------------------------------------------------
# Consistency rules (spec §6)
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RuleSpec:
    id: str
    severity: str  # error | warning | info
    summary: str


RULES: dict[str, RuleSpec] = {r.id: r for r in (
    RuleSpec("R-T2-BAL", "error", "new_received + carried_over = results.total + carried_forward, per column"),
    RuleSpec("R-T2-ROW", "error", "the 总计 column equals the sum of the six applicant columns, per row"),
    RuleSpec("R-T2-RES", "error", "（七）总计 equals the sum of all result rows, per column"),
    RuleSpec("R-T2-NN", "error", "every table-2 cell is an integer >= 0"),
    RuleSpec("R-T3-SUM", "error", "总计 = 维持 + 纠正 + 其他 + 尚未审结, per review/litigation group"),
    RuleSpec("R-T3-NN", "error", "every table-3 cell is an integer >= 0"),
    RuleSpec("R-T1-NN", "error", "table-1 counts are integers >= 0 (items_change may be signed)"),
    RuleSpec("R-T1-19-CUM", "warning", "total_published >= new_published"),
    RuleSpec("R-T1-19-CNT", "error", "prev_year_items + items_change >= 0"),
    RuleSpec("R-T1-19-SEM", "warning", "decisions == prev_year_items + items_change suggests a misfilled row"),
    RuleSpec("R-T1-21-UNIT", "warning", "the fee amount is in 万元"),
    RuleSpec("R-TXT", "warning", "figures quoted in the prose equal the table cells"),
    RuleSpec("R-TPL", "warning", "the template matches the report year; sections and tables are present"),
    RuleSpec("R-TIME", "info", "published by the statutory deadline"),
    RuleSpec("R-T2-XY", "warning", "carried_over (Y) = carried_forward (Y-1), same body"),
    RuleSpec("R-T1-21-XY", "warning", "in_force (Y) = in_force (Y-1) + issued (Y) - repealed (Y)"),
    RuleSpec("R-T1-19-XY", "warning", "prev_year_items (Y) = prev_year_items (Y-1) + items_change (Y-1)"),
)}

# --------------------------------------------------------------------------------------------
# Narrative facts (spec FACTS.md)
# --------------------------------------------------------------------------------------------

FACT_TYPES = ("count", "amount", "percent", "date", "agency", "problem", "measure", "contact")
CONTACT_KINDS = ("address", "postcode", "phone", "fax", "email", "url")
FACT_METHODS = ("rule", "model", "rule+model")


@dataclass(frozen=True)
class TemplateYears:
    first_year: int
    last_year: int | None


TEMPLATE_YEARS = {"legacy": TemplateYears(2008, 2018), "tpl2019": TemplateYears(2019, 2020),
                  "tpl2021": TemplateYears(2021, None)}


def expected_template(year: int | None) -> str | None:
    """The template a report on ``year`` should use (spec §9), or None when unknown."""
    if year is None:
        return None
    for tpl, span in TEMPLATE_YEARS.items():
        if span.first_year <= year and (span.last_year is None or year <= span.last_year):
            return tpl
    return None

