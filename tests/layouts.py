"""Build real-structure documents (HTML with rowspan/colspan, DOCX with merged cells) from a
report's template tables, to test the readers and the extractor on those formats."""
from __future__ import annotations

import html

from ie.schema import T1_COLUMNS, T2_COLUMNS, T2_ROWS, T3_GROUPS, T3_OUTCOMES, t1_column_label, t1_row_label

T2_HEADER = [["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "", "", "申请人情况"] + [""] * 6,
             ["", "", "", "自然人", "法人或其他组织", "", "", "", "", "总计"],
             ["", "", "", "", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", ""]]


def table_rows(values: dict, template: str) -> dict[str, list[list[str]]]:
    """Rows of cell texts for the three tables, labels as printed, values from ``values``."""
    def v(key):
        x = values[key]
        return str(int(x)) if float(x).is_integer() else str(x)

    t1 = []
    items = {"rules": "一", "licensing": "五", "penalty": "六", "admin_fees": "八", "central_procurement": "九"}
    for row, cols in T1_COLUMNS[template].items():
        if row in items:
            t1.append([f"第二十条第（{items[row]}）项", "", "", ""])
            t1.append(["信息内容"] + [t1_column_label(template, c) for c in cols] + [""] * (3 - len(cols)))
        t1.append([t1_row_label(template, row)] + [v(f"proactive.{row}.{c}") for c in cols] + [""] * (3 - len(cols)))
    t2 = [list(r) for r in T2_HEADER]
    for row in T2_ROWS[template]:
        level = row.key.count(".")
        labels = ["", "", ""]
        labels[min(level, 2)] = row.label
        t2.append(labels + [v(f"applications.{row.key}.{c}") for c in T2_COLUMNS])
    t3 = [["行政复议", "", "", "", "", "行政诉讼"] + [""] * 9,
          ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计", "未经复议直接起诉", "", "", "", "", "复议后起诉"] + [""] * 4,
          [""] * 5 + ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2,
          [v(f"review_litigation.{g}.{o}") for g in T3_GROUPS for o in T3_OUTCOMES]]
    return {"proactive": t1, "applications": t2, "review_litigation": t3}


def html_page(title: str, paragraphs: dict[str, list[str]], tables: dict[str, list[list[str]]]) -> str:
    """A government-site page: navigation chrome, then the report with <table>s whose empty label
    cells are merged into their neighbours with colspan and rowspan. In a row holding None cells
    only those are merged (colspan) and "" is a blank cell of its own."""
    def table(rows):
        out = ["<table border=1>"]
        for r in rows:
            cells, i = [], 0
            explicit = None in r  # None marks a cell merged into its left neighbour; "" is then a blank cell
            while i < len(r):
                span = 1
                while i + span < len(r) and (r[i + span] is None if explicit else
                                             r[i + span] == "" and r[i] != "" and not r[i].replace(".", "").isdigit()):
                    span += 1
                attr = f' colspan="{span}"' if span > 1 else ""
                cells.append(f"<td{attr}>{html.escape(r[i]) or '&nbsp;'}</td>")
                i += span
            out.append("<tr>" + "".join(cells) + "</tr>")
        return "\n".join(out + ["</table>"])

    body = []
    for heading, paras in paragraphs.items():
        body.append(f"<p><strong>{html.escape(heading)}</strong></p>")
        body += [f"<p>{html.escape(p)}</p>" for p in paras]
        key = {"二、主动公开政府信息情况": "proactive", "三、收到和处理政府信息公开申请情况": "applications",
               "四、政府信息公开行政复议、行政诉讼情况": "review_litigation"}.get(heading)
        if key:
            body.append(table(tables[key]))
    nav = "".join(f"<li><a href='#'>栏目{i}</a></li>" for i in range(30))
    return (f"<html><head><meta charset='utf-8'><title>{title}_政府信息公开年报_某某市人民政府</title>"
            f"<meta name='PubDate' content='2022-01-20 09:30'></head><body><div class='nav'><ul>{nav}</ul>"
            f"<p>当前位置：首页 &gt; 政务公开 &gt; 年报</p></div><div class='article'><h1>{title}</h1>"
            f"<div class='TRS_Editor'>{''.join(body)}</div></div><div class='footer'>主办单位：某某市人民政府办公室"
            "</div></body></html>")


def docx_document(path, title: str, paragraphs: dict[str, list[str]], tables: dict[str, list[list[str]]],
                  merge_labels: bool = True) -> None:
    """A Word report: paragraphs and real tables; in table 2 the group labels are merged
    vertically over their rows and horizontally over empty label columns, as Word users do.
    A None cell is merged into its left neighbour (then "" is a blank cell of its own)."""
    import docx

    doc = docx.Document()
    doc.add_paragraph(title)
    for heading, paras in paragraphs.items():
        doc.add_paragraph(heading)
        for p in paras:
            doc.add_paragraph(p)
        key = {"二、主动公开政府信息情况": "proactive", "三、收到和处理政府信息公开申请情况": "applications",
               "四、政府信息公开行政复议、行政诉讼情况": "review_litigation"}.get(heading)
        if not key:
            continue
        rows = tables[key]
        t = doc.add_table(rows=len(rows), cols=len(rows[0]))
        for i, r in enumerate(rows):
            for j, text in enumerate(r):
                t.cell(i, j).text = text or ""
        for i, r in enumerate(rows):  # None: merged into the cell on its left
            for j, text in enumerate(r):
                if text is None and r[j - 1] is not None:
                    end = j
                    while end + 1 < len(r) and r[end + 1] is None:
                        end += 1
                    t.cell(i, j - 1).merge(t.cell(i, end))
        if merge_labels and key == "applications" and not any(None in r for r in rows):
            for i, r in enumerate(rows[3:], start=3):
                if r[0] == "" and r[1] == "" and r[2] == "":
                    continue
                if r[1] == "" and r[2] == "" and r[0]:
                    t.cell(i, 0).merge(t.cell(i, 2))  # 一、本年新收… spans the three label columns
    doc.save(path)
