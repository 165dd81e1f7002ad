"""spaCy components of the facts pipeline: model spans with confidences, filtered by rules.

``gidar_filter`` sits after the trained ``ner`` in the same ``nlp``. It re-decodes the NER with
a beam to get a probability for every span (``doc._.fact_spans``: (start_char, end_char, label,
probability)), keeps the most probable non-overlapping spans above a threshold, and drops those
that the exact rules rule out:

* AGENCY: spans that do not end like an agency name (局, 委员会, 人民政府, 中心…), generic
  references (我局, 各部门, 有关单位…), spans with digits, Latin letters, punctuation, website or
  street words, and names that only sit inside a regulation's title (《…办法》);
* METRIC: spans with digits, and spans that are not next to a number in the same clause (a
  metric names what a number counts)."""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

GENERIC_AGENCY = re.compile(r"^(?:我|本|该|各|有关|相关|上级|下级|市直|区直|县直|其他|所属|直属)"
                            r"(?:局|委|办|部门|单位|机关|科室|处室|股室|镇|乡|街道|县区|区县)?$|"
                            r"^(?:各|有关|相关)")
_BAD_AGENCY_CHARS = re.compile(r"[0-9A-Za-z，,。；;：:、！？\s《》“”\"（）()]|网站|门户|专栏|栏目|平台|公众号|系统|热线|"
                               r"服务网|大道|路|街|号楼|\d号")
# An agency name ends like one (局, 委员会, 人民政府, 中心, 办公室…): the model proposes, this rule checks.
_AGENCY_END = re.compile(r"(?:局|委|委员会|办|办公室|政府|厅|部|署|院|所|站|队|中心|馆|会|组|处|科|室|社|台|团|司|行|"
                         r"法院|检察院|党委|党工委|管委会|街道|支队|大队|中队|公司)$")
MAX_AGENCY_CHARS = 30
_REGULATION_TAIL = re.compile(r"^[^《》]{0,30}?(?:办法|条例|规定|规则|细则|制度|意见|方案|规范|指南)》")
_NUMBER_NEAR = re.compile(r"\d|[一二两三四五六七八九十百千万]+(?:余|多)?[个条件篇项次场期人份家户批类起宗名位轮]")
_CLAUSE_BREAK = re.compile(r"[，。；;！？!?\n]")

if not Doc.has_extension("fact_spans"):
    Doc.set_extension("fact_spans", default=None)


@Language.factory("gidar_filter", default_config={"beam_width": 2, "threshold": 0.5},
                  assigns=["doc.ents", "doc._.fact_spans"])
def make_filter(nlp: Language, name: str, beam_width: int, threshold: float) -> "FactFilter":
    return FactFilter(nlp, beam_width, threshold)


class FactFilter:
    def __init__(self, nlp: Language, beam_width: int, threshold: float):
        self.nlp = nlp
        self.beam_width = beam_width
        self.threshold = threshold

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc])))

    def pipe(self, docs, batch_size: int = 64):
        ner = self.nlp.get_pipe("ner")
        batch = []
        for doc in docs:
            batch.append(doc)
            if len(batch) >= batch_size:
                yield from self._process(ner, batch)
                batch = []
        if batch:
            yield from self._process(ner, batch)

    def _process(self, ner, docs):
        beams = ner.beam_parse(docs, beam_width=self.beam_width)
        for doc, scores in zip(docs, ner.scored_ents(beams)):
            spans = []
            taken: list[tuple[int, int]] = []
            for (start, end, label), prob in sorted(scores.items(), key=lambda kv: -kv[1]):
                if prob < self.threshold:
                    break
                if any(start < b and a < end for a, b in taken):
                    continue
                span = doc[start:end]
                if keep(doc.text, span.start_char, span.end_char, label):
                    taken.append((start, end))
                    spans.append((span.start_char, span.end_char, label, float(prob)))
            doc._.fact_spans = sorted(spans)
            doc.ents = [doc.char_span(s, e, label=lab) for s, e, lab, _ in doc._.fact_spans]
            yield doc


def keep(text: str, start: int, end: int, label: str) -> bool:
    """The rules' veto on a model span."""
    span = text[start:end]
    if label == "AGENCY":
        if (not 2 <= len(span) <= MAX_AGENCY_CHARS or GENERIC_AGENCY.match(span) or _BAD_AGENCY_CHARS.search(span)
                or not _AGENCY_END.search(span)):
            return False
        opened, closed = text.rfind("《", 0, start), text.rfind("》", 0, start)
        return not (opened > closed and _REGULATION_TAIL.match(text[end:]))
    if label == "METRIC":
        if re.search(r"\d", span):
            return False
        before = text[max(0, start - 12):start]
        after = text[end:end + 12]
        before = _CLAUSE_BREAK.split(before)[-1]
        after = _CLAUSE_BREAK.split(after)[0]
        return bool(_NUMBER_NEAR.search(after) or _NUMBER_NEAR.search(before))
    return True
