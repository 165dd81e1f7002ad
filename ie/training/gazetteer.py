"""Names of government bodies for training-data augmentation.

A dozen annotated reports mention only a few hundred agency names, all from a handful of
regions; a model trained on them learns those names rather than what an agency name looks like.
Augmentation swaps each annotated agency mention for a name composed from real place-name and
department patterns, so the model sees the same contexts with many names. The lists below are
ordinary knowledge of Chinese administration (the standard department names after the 2018
institutional reform and common older ones), not data from any report."""
from __future__ import annotations

import random

from ..body import CENTRAL_BODIES

PROVINCES = ("广西壮族自治区", "福建省", "山东省", "陕西省", "宁夏回族自治区", "江苏省", "上海市", "浙江省", "湖南省", "四川省",
             "河南省", "广东省", "安徽省", "江西省", "湖北省", "云南省", "贵州省", "甘肃省", "吉林省", "辽宁省")
CITIES = ("钦州市", "贵港市", "南宁市", "柳州市", "济宁市", "安康市", "银川市", "淮安市", "宿迁市", "福州市", "泉州市", "厦门市",
          "漳州市", "莆田市", "温州市", "嘉兴市", "岳阳市", "常德市", "绵阳市", "洛阳市", "开封市", "佛山市", "惠州市", "芜湖市",
          "赣州市", "宜昌市", "曲靖市", "遵义市", "天水市", "四平市", "鞍山市", "徐州市", "扬州市", "潍坊市", "临沂市", "宝鸡市")
COUNTIES = ("兖州区", "紫阳县", "金凤区", "洪泽区", "沭阳县", "平潭县", "灵山县", "浦北县", "钦南区", "钦北区", "港北区", "晋安区",
            "鼓楼区", "南湖区", "平江县", "桐城市", "溧阳市", "宁国市", "文登区", "五通桥区", "滨海新区", "龙潭区", "舒兰市",
            "清河区", "海门区", "仁寿县", "宜良县", "安溪县", "永泰县", "闽侯县")
TOWNS = ("城关镇", "潭城镇", "北厝镇", "中楼乡", "苏澳镇", "新城街道", "东街街道")
DEPARTMENTS = (
    "人民政府", "人民政府办公室", "人民政府办公厅", "发展和改革委员会", "教育局", "科学技术局", "工业和信息化局", "公安局",
    "民政局", "司法局", "财政局", "人力资源和社会保障局", "自然资源局", "自然资源和规划局", "生态环境局", "住房和城乡建设局",
    "交通运输局", "水利局", "农业农村局", "商务局", "文化和旅游局", "文化广电和旅游局", "卫生健康委员会", "卫生健康局",
    "退役军人事务局", "应急管理局", "审计局", "市场监督管理局", "统计局", "医疗保障局", "林业局", "城市管理局",
    "行政审批局", "行政审批服务局", "审批服务管理局", "政务服务中心", "政务服务管理局", "政务服务数据管理局", "大数据发展局",
    "信访局", "档案馆", "图书馆", "地方税务局", "税务局", "国家税务局", "机关事务管理局", "人民防空办公室", "地方志办公室",
    "公共资源交易中心", "不动产登记中心", "住房公积金管理中心", "疾病预防控制中心", "市场监管局", "民族宗教事务局",
    "政务公开领导小组办公室", "政府信息公开工作领导小组办公室", "保密局", "融媒体中心", "综合执法局", "经济发展局",
)
SHORT_PREFIXES = ("市", "区", "县", "省", "自治区", "州")
NATIONAL = ("国务院办公厅", "国务院办公厅政府信息与政务公开办公室", *CENTRAL_BODIES)


def random_agency(rng: random.Random) -> str:
    """One plausible agency name: 贵港市教育局, 市教育局, 紫阳县人民政府, 福建省财政厅 …"""
    roll = rng.random()
    dept = rng.choice(DEPARTMENTS)
    if roll < 0.35:
        return rng.choice(CITIES) + dept
    if roll < 0.6:
        return rng.choice(COUNTIES) + dept
    if roll < 0.8:
        return rng.choice(SHORT_PREFIXES) + dept
    if roll < 0.88:
        return rng.choice(PROVINCES) + dept.replace("局", "厅") if dept.endswith("局") else rng.choice(PROVINCES) + dept
    if roll < 0.94:
        return rng.choice(NATIONAL)
    return rng.choice(CITIES) + rng.choice(COUNTIES) + dept if rng.random() < 0.3 else rng.choice(TOWNS) + "人民政府"
