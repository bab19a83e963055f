"""Each checker rule on made-up sentences of the structure it reads.

Every case states a figure and the verdict a careful reader gives it. Where the case is
one the rule decides, switching the rule off (`rules.disabled`) changes the verdict:
that is the proof the rule does the work, not a neighbour.
"""

from __future__ import annotations

import pytest

from summarizer.checker import check_numbers, rules
from summarizer.clean import clean

INDUSTRY = (
    "全市规模以上工业增加值比上年增长6.2%，其中，装备制造业增加值增长9.8%，高技术制造业增加值下降2.1%。"
)
INCOME = "城镇居民人均可支配收入达到52000元，比上年增长5.1%；农村居民人均可支配收入23500元，增长7.2%。"
POPULATION = "全市常住人口达到352万人，比上年增加3.1万人。"
GROWTH = "全年完成固定资产投资320亿元，同比增长8%，其中工业投资150亿元，增长12%。"
VALUE_ADDED = "规模以上工业增加值862亿元，增长6.8%；建筑业增加值210亿元，增长3.1%。"
TRADE = "全年进出口总额下降3.2%，其中出口增长1.5%。"
SECTORS = "第一产业、第二产业和第三产业增加值分别增长3.1%、6.4%和5.2%。"
LEVELS = "对新认定的国家级、省级、市级智能制造示范工厂，分别给予200万元、100万元和50万元奖励。"
ENTERPRISES = "全区新增市场主体3200户，新培育国家级专精特新企业12家、省级专精特新企业45家。"
EMERGENCY = "急症室求诊人次中，有逾六成属非紧急病人；不足四成为紧急病人。"
VOUCHERS = "医疗券的累积上限，亦会由5,000元增至8,000元。"
FORESTS = "去年完成造林面积12万亩。今年计划造林15万亩。"
CARE = "全市共有养老机构120家，床位1.8万张，护理人员3200人。"
INCOMES = "城镇居民人均可支配收入4.2万元，农村居民人均可支配收入2.1万元。"
PLANNED = "预计今年完成投资26亿元，明年23亿元，后年19亿元。"
ALTERNATIVES = "与上年同月比较，电动机械出口货值增加152亿元或21.4%，服装出口货值减少6亿元或12.8%。"
RATE_COLUMNS = (
    "表1 主要出口货品\n货品别\t金额(亿美元)\t月增率(%)\t年增率(%)\n"
    "电子零组件\t172.4\t-3.6\t9.8\n化学品\t13.6\t-5.6\t-8.7\n机械\t18.9\t1.2\t2.4\n"
)
AIR_QUALITY = (
    "全市细颗粒物（PM2.5）年均浓度为34微克/立方米，同比下降8.1%；"
    "可吸入颗粒物（PM10）年均浓度为58微克/立方米，同比下降6.5%。"
)
RATES = "全市新发放一般贷款加权平均利率为3.92%，较上年同期下降38个基点。"
NIGHT = "全市旅游收入42.6亿元，其中夜间消费5.45亿元，占旅游收入的12.8%。"
BILLS = "5月末，未贴现的银行承兑汇票余额320.5亿元，比年初减少18.7亿元。"
TARGET = "四季度要紧扣全年9%左右的预期增长目标，确保规模以上工业增加值全年增长12%以上。"
GROWING = "全市规模以上工业38个行业大类中，29个行业增加值保持增长，增长面为76.3%。"
PROGRESS = (
    "部分项目进度如下（单位：亿元）：\n序号  项目名称  总投资  年度计划投资  1-8月完成投资  完成年度计划(%)\n"
    "1  溪宁新能源电池材料产业园  86.0  18.0  14.6  81.1\n2  恒拓高端装备智能制造基地  52.5  12.0  9.3  77.5\n"
)
TARGET_TABLE = (
    "2025年主要预期目标一览：\n指标\n预期目标\n地区生产总值增速\n6%左右\n规模以上工业增加值增速\n8.5%左右\n"
    "固定资产投资增速\n8%左右\n城镇新增就业\n6,000人以上\n城镇调查失业率\n5.5%以内\n"
)
SEGMENTS = "智能物流装备业务占营业收入的比重为53.77%；核心零部件业务营业收入增速在各产品中最高，为21.33%。"
CLASSES = "全市小学平均班额41.2人，初中平均班额46.5人，生师比16.8。"
HOUSING_SALES = "5月份，全市二手住宅网签成交1.26万套，环比增长8.2%；1—5月份累计成交5.47万套，同比增长3.6%。"
PHASES = "一期10MW项目于2016年并网发电，电价按照0.98元/度结算。二期15MW项目于2018年并网发电，电价按照0.75元/度结算。"
ENERGY = "一季度全市实现地区生产总值626.9亿元，同比增长2%。单位GDP能耗为1.0439吨标准煤/万元，同比下降3%。"
RANKED = (
    "全市A级旅游景区共接待游客318.6万人次，同比增长79.8%。\n表2  假期接待游客前三位景区\n排名\n景区名称\n"
    "接待游客(万人次)\n同比增长(%)\n1\n岫山风景区\n42.8\n68.4\n2\n云岫古城\n38.5\n92.1\n3\n星湖旅游度假区\n31.2\n133.8\n"
)
QUARTERS_TABLE = (
    "全年总体失业率为1.9%，按年下降0.6个百分点。\n\n二〇二四年各季主要劳动力指标（%）\n季度\n总体失业率\n"
    "本地居民失业率\n就业不足率\n第一季\n2.1\n2.6\n1.4\n第二季\n1.9\n2.4\n1.2\n第三季\n1.9\n2.4\n1.0\n"
)
MOVED_TO = "第四季男性劳动力参与率为73.4%。16至24岁青年中，正在求学的占比上升，令该组别劳动力参与率按年下降2.1个百分点至31.4%。"
SPENDING = (
    "分类别看，八大类消费支出“七增一降”，具体如下（单位：元、%）：\n类别\t人均支出\t同比增长\t占消费支出比重\n"
    "食品烟酒\t6,215\t5.4\t28.9\n衣着\t1,236\t-2.3\t5.7\n居住\t4,682\t3.1\t21.7\n交通通信\t3,021\t9.8\t14.0\n"
)
PLANTS = (
    "各污水处理厂运行情况如下（单位：万立方米/日、万立方米、%）：\n片区\t设计规模\t全年处理量\t负荷率\t处理量同比\n"
    "主城片区\t58\t17,386\t82.1\t3.6\n县城片区\t12\t2,965\t67.7\t-2.1\n"
)
MARGINS = "上半年公司综合毛利率为8.6%，同比下降9.3个百分点，其中锂盐产品毛利率为-2.4%。"
INBOUND = "全年接待入境游客86.5万人次，其中港澳台游客47.8万人次，占入境游客的55.3%。"
ADJUSTED = "全年一般公共预算支出48.62亿元，完成调整预算的96.8%，同比增长4.1%。"
VISITORS = (
    "全年接待省外游客2,963.4万人次，增长16.8%，占接待游客总量的43.3%，比上年提高1.6个百分点。"
    "大型演唱会吸引观众96.8万人次，省外观众占比超过六成。"
)
PENSION = "城乡居民基础养老金最低标准由每人每月163元提高到186元。"
CRUDE = "全年进口原油1286.4万吨，下降3.1%。"
FOOD = "8月食物类年增率最高，为3.84%，衣着类年增率为1.02%。"
CONTRIBUTION = "蔬菜、水果及肉类价格上涨，合计影响CPI上涨约1.05个百分点。"
POWER = "抽水蓄能电站装机容量120万千瓦，总投资约70亿元，建设工期6年。引导资金总规模20亿元，期限5年。"
PARKS = "示范园区占地面积约1200亩。物流园区建筑面积28万平方米。"
QUARTERS = "一季度出口总额120亿元，二季度出口总额150亿元。"
TIERS = "对投资5000万元以上的项目奖励50万元，对投资1亿元以上的项目奖励100万元。"
VILLAGES = "全县经营性收入10万元以上的村由2020年的45个增加到162个；还有24个村经营性收入不足10万元。"
DEMAND = "三大需求中，投资、消费、净出口分别拉动经济增长4.8、3和0.2个百分点。"
AIR = "各区优良天数比例在80.1%至93.7%之间。"
ROADS = "全县投入2.3亿元用于农村公路建设，投入0.8亿元用于危桥改造。"
ECONOMY = "全年实现地区生产总值2350亿元，增长5.5%。社会消费品零售总额900亿元。"
TABLE = (
    "表1 主要农产品产量\n产品\n单位\n产量\n比上年增长（%）\n粮食\n万吨\n150.2\n2.1\n油料\n万吨\n8.3\n-1.5\n"
)
WAITING = "新识别监测对象143户，从发现到纳入帮扶平均用时由2022年的21天缩短到9天。"
RETAIL = "9月份，社会消费品零售总额1892.5亿元，同比增长3.9%，环比增长0.31%。"
QUARTERLY = "第三季本地生产总值按年实质增长3.1%，较第二季的2.9%和第一季的2.6%略为加快。"
CHANGES_TABLE = (
    "表1：本地生产总值\n（按年实质变动百分率）\n                  2024年   第一季   第二季\n"
    "私人消费开支      -0.8     -0.6     1.2\n政府消费开支      1.9      2.1      2.6\n"
)
URBAN = "常住人口城镇化率由63.2%提高到68.5%。"
RATIO = "城乡居民收入比由上年的1.85缩小为1.82。"
SCHOOLING = "九年义务教育巩固率为百分之九十八点七，比上年提高零点三个百分点。"
CASH = "全年经营活动产生的现金流量净额为-3.26亿元。"
PORT = "2月份港口货物吞吐量1842万吨，同比下降6.8%；7月份港口货物吞吐量2210万吨，同比增长6.5%。"
ORDERS = "11月外销订单金额为528.6亿美元，较上月减少5.4%，较上年同月增加3.3%。"
HOUSING = (
    "表2 住房保障任务完成情况\n项目\n年度计划\n实际完成\n完成率（%）\n保障性租赁住房（套、间）\n12000\n12600\n"
    "105.0\n配售型保障性住房（套）\n2000\n2150\n107.5\n"
)
RETAIL_TRADES = (
    "表5 零售业销货价值（按行业）\n行业\t销货价值（百万澳门元）\t按年变动（%）\n"
    "钟表及珠宝\t4325\t-17.6\n成人服装\t2612\t-15.8\n"
)

# (rule, source, value, metric, verdict with every rule on, verdict with the rule off or None
# when another rule would decide the same without it)
CASES = [
    ("direction", INDUSTRY, "2.1%", "高技术制造业增加值同比下降", "supported", None),
    ("direction", INDUSTRY, "2.1%", "高技术制造业增加值同比增长", "unsupported", "supported"),
    ("sign", TRADE, "-3.2%", "进出口总额增速", "supported", None),
    ("sign", TRADE, "-1.5%", "出口增速", "unsupported", "supported"),
    ("change_sense", POPULATION, "3.1万人", "常住人口", "unsupported", "supported"),
    ("change_sense", POPULATION, "352万人", "常住人口增加", "unsupported", "supported"),
    ("change_sense", INCOME, "5.1%", "城镇居民人均可支配收入增速", "supported", None),
    ("borrowed_level", GROWTH, "12%", "工业投资增速", "supported", None),
    ("borrowed_level", GROWTH, "12%", "固定资产投资增速", "unsupported", "supported"),
    ("borrowed_level", VALUE_ADDED, "3.1%", "建筑业增加值增长", "supported", None),
    ("respectively", SECTORS, "6.4%", "第二产业增加值增长", "supported", None),
    ("respectively", SECTORS, "6.4%", "第三产业增加值增长", "unsupported", "supported"),
    ("respectively", LEVELS, "200万元", "国家级智能制造示范工厂奖励", "supported", None),
    ("respectively", LEVELS, "50万元", "市级智能制造示范工厂奖励", "supported", None),
    ("modifier", LEVELS, "200万元", "市级智能制造示范工厂奖励", "unsupported", None),
    ("modifier", ENTERPRISES, "45家", "省级专精特新企业数量", "supported", None),
    ("modifier", ENTERPRISES, "12家", "省级专精特新企业数量", "unsupported", None),
    ("modifier", PARKS, "约1200亩", "示范园区占地面积", "supported", None),
    ("modifier", PARKS, "约1200亩", "物流园区建筑面积", "unsupported", None),
    ("clause_subject", EMERGENCY, "不足四成", "急症室求诊人次中紧急病人比例", "supported", "warning"),
    ("former_value", VOUCHERS, "5,000元", "医疗券累积上限", "unsupported", "supported"),
    ("former_value", VOUCHERS, "5,000元", "医疗券原累积上限", "supported", None),
    ("former_value", VOUCHERS, "8,000元", "医疗券累积上限", "supported", None),
    ("plan_sense", FORESTS, "12万亩", "计划造林面积", "unsupported", "supported"),
    ("plan_sense", FORESTS, "15万亩", "计划造林面积", "supported", None),
    ("asked_measure", CARE, "3200人", "养老机构数量", "unsupported", "supported"),
    ("asked_measure", CARE, "120家", "养老机构数量", "supported", None),
    ("modifier", INCOMES, "4.2万元", "农村居民人均可支配收入", "unsupported", "supported"),
    ("modifier", INCOMES, "2.1万元", "农村居民人均可支配收入", "supported", None),
    ("period_terms", PLANNED, "19亿元", "明年投资", "unsupported", "supported"),
    ("period_terms", PLANNED, "23亿元", "明年投资", "supported", None),
    ("period_terms", PLANNED, "26亿元", "今年投资", "supported", None),
    ("list_lead", ALTERNATIVES, "21.4%", "电动机械出口升幅", "supported", "unsupported"),
    ("list_lead", ALTERNATIVES, "12.8%", "服装出口跌幅", "supported", "unsupported"),
    ("direction", ALTERNATIVES, "12.8%", "服装出口增长", "unsupported", None),
    ("table_cells", RATE_COLUMNS, "-8.7%", "化学品出口年增率", "supported", "unsupported"),
    ("sign", RATE_COLUMNS, "8.7%", "化学品出口年增率", "unsupported", None),
    ("synonyms", AIR_QUALITY, "6.5%", "PM10浓度同比下降", "supported", None),
    ("synonyms", AIR_QUALITY, "8.1%", "PM10浓度同比下降", "unsupported", None),
    ("change_sense", RATES, "-38个基点", "一般贷款利率较上年同期", "supported", None),
    ("change_sense", RATES, "3.92%", "一般贷款利率较上年同期", "unsupported", "supported"),
    ("asked_measure", NIGHT, "12.8%", "夜间消费占旅游收入", "supported", None),
    ("asked_measure", NIGHT, "5.45亿元", "夜间消费占旅游收入", "unsupported", "supported"),
    ("change_sense", BILLS, "-18.7亿元", "未贴现银行承兑汇票", "supported", None),
    ("change_sense", BILLS, "18.7亿元", "未贴现银行承兑汇票", "unsupported", "supported"),
    ("change_sense", BILLS, "320.5亿元", "未贴现银行承兑汇票", "supported", None),
    ("change_sense", TARGET, "9%左右", "全年预期增长目标", "supported", None),
    ("change_sense", GROWING, "76.3%", "工业行业增长面", "supported", None),
    ("table_cells", PROGRESS, "12.0亿元", "恒拓高端装备智能制造基地年度计划投资", "supported", "unsupported"),
    ("plan_sense", PROGRESS, "52.5亿元", "恒拓高端装备智能制造基地年度计划投资", "unsupported", None),
    ("table_cells", PROGRESS, "9.3亿元", "恒拓高端装备智能制造基地1-8月完成投资", "supported", "unsupported"),
    ("table_cells", TARGET_TABLE, "6%左右", "GDP增长（预期目标）", "supported", "warning"),
    ("table_cells", TARGET_TABLE, "8.5%左右", "GDP增长（预期目标）", "unsupported", "warning"),
    ("table_cells", TARGET_TABLE, "6,000人以上", "城镇新增就业（预期目标）", "supported", None),
    ("change_sense", SEGMENTS, "21.33%", "核心零部件营业收入增速", "supported", None),
    ("asked_measure", CLASSES, "41.2人", "小学平均班额", "supported", None),
    ("period_terms", HOUSING_SALES, "5.47万套", "二手住宅累计成交（1-5月）", "supported", None),
    ("period_terms", PHASES, "0.75元/度", "光伏产业园一期结算电价", "unsupported", "supported"),
    ("period_terms", PHASES, "0.98元/度", "光伏产业园一期结算电价", "supported", None),
    ("asked_measure", ENERGY, "626.9亿元", "单位GDP能耗", "unsupported", None),
    ("asked_measure", ENERGY, "1.0439吨标准煤/万元", "单位GDP能耗", "supported", None),
    ("table_cells", RANKED, "92.1%", "云岫古城接待游客同比增长", "supported", "unsupported"),
    ("table_cells", RANKED, "38.5万人次", "云岫古城接待游客", "supported", "unsupported"),
    ("table_cells", QUARTERS_TABLE, "2.1%", "第一季总体失业率", "supported", "unsupported"),
    ("table_cells", QUARTERS_TABLE, "1.4%", "第一季就业不足率", "supported", "unsupported"),
    ("list_lead", MOVED_TO, "31.4%", "16至24岁劳动力参与率", "supported", "unsupported"),
    ("table_cells", SPENDING, "21.7%", "居住支出占比", "supported", "unsupported"),
    ("table_cells", SPENDING, "9.8%", "交通通信支出增长", "supported", "unsupported"),
    ("table_cells", SPENDING, "4,682元", "居住人均支出", "supported", "warning"),
    ("table_cells", PLANTS, "67.7%", "县城片区负荷率", "supported", "unsupported"),
    ("table_cells", PLANTS, "-2.1%", "县城片区处理量同比", "supported", "unsupported"),
    ("change_sense", MARGINS, "-2.4%", "锂盐毛利率", "supported", None),
    ("asked_measure", INBOUND, "55.3%", "港澳台游客占入境游客", "supported", None),
    ("asked_measure", INBOUND, "47.8万人次", "港澳台游客占入境游客", "unsupported", "supported"),
    ("asked_measure", ADJUSTED, "96.8%", "一般公共预算支出完成调整预算", "supported", None),
    ("former_value", PENSION, "186元/月", "城乡居民基础养老金最低标准", "supported", None),
    ("asked_measure", CRUDE, "1286.4万吨", "进口原油数量", "supported", None),
    ("change_sense", FOOD, "3.84%", "食物类年增率", "supported", None),
    ("change_sense", CONTRIBUTION, "约1.05個百分點", "蔬果等合計對CPI年增率影響", "supported", None),
    ("asked_measure", POWER, "70亿元", "电站装机容量", "unsupported", "warning"),
    ("asked_measure", POWER, "120万千瓦", "电站装机容量", "supported", None),
    ("asked_measure", POWER, "5年", "引导资金总规模", "unsupported", "supported"),
    ("asked_measure", POWER, "20亿元", "引导资金总规模", "supported", None),
    ("period_terms", QUARTERS, "150亿元", "二季度出口总额", "supported", None),
    ("period_terms", QUARTERS, "150亿元", "一季度出口总额", "unsupported", "supported"),
    ("metric_numbers", TIERS, "100万元", "投资1亿元以上项目奖励", "supported", None),
    ("metric_numbers", TIERS, "50万元", "投资1亿元以上项目奖励", "unsupported", "supported"),
    ("metric_numbers", VILLAGES, "162个", "经营性收入10万元以上的村", "supported", None),
    ("shared_unit", DEMAND, "4.8个百分点", "投资拉动经济增长", "supported", "unsupported"),
    ("range_ends", AIR, "93.7%", "优良天数比例最高", "supported", "unsupported"),
    ("words_after", ROADS, "2.3亿元", "农村公路建设投入", "supported", None),
    ("words_after", ROADS, "0.8亿元", "农村公路建设投入", "unsupported", "supported"),
    ("synonyms", ECONOMY, "2350亿元", "GDP", "supported", None),
    ("synonyms", ECONOMY, "900亿元", "GDP", "unsupported", "supported"),
    ("table_cells", TABLE, "150.2万吨", "粮食产量", "supported", "unsupported"),
    ("table_cells", TABLE, "8.3万吨", "粮食产量", "unsupported", None),
    ("table_cells", TABLE, "-1.5%", "油料产量增长", "supported", "unsupported"),
    ("list_lead", WAITING, "9天", "监测对象从发现到纳入帮扶平均用时", "supported", None),
    ("basis", RETAIL, "0.31%", "社零总额环比增长", "supported", None),
    ("basis", RETAIL, "3.9%", "社零总额环比增长", "unsupported", "supported"),
    ("basis", RETAIL, "3.9%", "社零总额同比增长", "supported", None),
    ("change_sense", QUARTERLY, "2.9%", "第二季本地生产总值按年实质增长", "supported", None),
    ("table_cells", CHANGES_TABLE, "-0.8%", "私人消费开支（2024年）按年变动", "supported", "unsupported"),
    ("sign", CHANGES_TABLE, "0.8%", "私人消费开支（2024年）", "unsupported", "warning"),
    ("former_value", URBAN, "63.2%", "常住人口城镇化率（2020年）", "supported", None),
    ("former_value", URBAN, "63.2%", "常住人口城镇化率", "unsupported", "supported"),
    ("change_sense", RATIO, "1.82", "城乡居民收入比", "supported", None),
    ("change_sense", SCHOOLING, "0.3个百分点", "义务教育巩固率提高", "supported", None),
    ("change_sense", SCHOOLING, "98.7%", "义务教育巩固率", "supported", None),
    ("sign", CASH, "3.26亿元", "经营活动现金流量净额", "unsupported", "supported"),
    ("sign", CASH, "3.26亿元", "经营活动现金净流出", "supported", None),
    ("change_sense", PORT, "-6.8%", "港口吞吐量2月当月同比", "supported", None),
    ("sign", PORT, "-6.5%", "港口吞吐量2月当月同比", "unsupported", None),
    ("basis", ORDERS, "3.3%", "外销订单年增率", "supported", None),
    ("table_cells", HOUSING, "107.5%", "配售型保障性住房完成率", "supported", "unsupported"),
    ("table_cells", RETAIL_TRADES, "4325百万澳门元", "钟表及珠宝销货价值", "supported", "unsupported"),
    ("table_cells", RETAIL_TRADES, "43.25亿澳门元", "钟表及珠宝销货价值", "supported", "unsupported"),
    ("table_cells", RETAIL_TRADES, "-17.6%", "钟表及珠宝销货价值按年变动", "supported", "unsupported"),
    ("synonyms", "11月消费者物价指数较上年同月上涨2.08%。", "2.08%", "CPI同比涨幅", "supported", None),
]


def _verdict(source: str, value: str, metric: str) -> str:
    (verdict,) = check_numbers(value, path="value", source=clean(source), metric=metric)
    return verdict.status


@pytest.mark.parametrize(("rule", "source", "value", "metric", "expected", "without"), CASES)
def test_each_rule_on_the_structure_it_reads(
    rule: str, source: str, value: str, metric: str, expected: str, without: str | None
) -> None:
    assert _verdict(source, value, metric) == expected
    if without is not None:
        with rules.disabled(rule):
            assert _verdict(source, value, metric) == without


def test_every_rule_that_decides_a_case_here_is_a_rule_of_the_table() -> None:
    assert {case[0] for case in CASES} <= set(rules.RULES)


def test_a_gap_against_an_average_is_a_change_and_a_bound_is_not_a_fall() -> None:
    source = (
        "全市规模以上工业经济效益综合指数达到849.8点，比全省平均水平高出476.9点。每区每年至少要投放5亿元。"
    )
    assert _verdict(source, "476.9点", "经济效益综合指数高出全省平均水平") == "supported"
    assert _verdict(source, "至少5亿元", "每区每年投放资金") == "supported"


def test_a_traditional_summary_is_read_like_the_simplified_source() -> None:
    source = "預算案計劃撥款約12億元，在未來6年進行4至5萬個全基因組測序。"
    assert check_numbers("未來6年", path="period", source=clean(source)) == []  # a stretch of time
    (value,) = check_numbers("4至5萬個", path="value", source=clean(source), metric="全基因組測序數量")
    assert value.status == "supported"
    assert value.text == "4至5萬個"  # reported as the summary writes it


def test_a_first_line_that_is_a_numbered_section_is_its_heading_not_the_title() -> None:
    from summarizer.checker.layout import read_layout

    text = "三、农业\n全年粮食产量达到150万吨。\n四、工业\n全年完成产量80万吨。"
    layout = read_layout(text)
    assert layout.title is None
    assert [heading.text for heading in layout.heading_path(text.index("80万吨"))] == ["四、工业"]
    assert [heading.text for heading in layout.heading_path(text.index("150万吨"))] == ["三、农业"]


def test_a_change_after_a_compared_base_is_named_by_the_level_before_the_base() -> None:
    # 较二○二三年同月的3,320亿元上升14.9%: the rise is of 3,814亿元 (its own words), not of the base.
    source = "三月的商品整体出口货值为3,814亿元，较二○二三年同月的3,320亿元上升14.9%。输往内地的整体出口在首季按年上升17.1%。"
    quote = "较二○二三年同月的3,320亿元上升14.9%"
    at = source.index(quote)
    (verdict,) = check_numbers(
        "14.9%", path="value", source=clean(source), metric="整体出口按年升幅", within=(at, at + len(quote))
    )
    assert verdict.status == "supported"


def test_a_revision_note_on_a_forecast_does_not_make_it_a_change() -> None:
    source = "主计总处日前上修今年经济成长率预测至3.90%，较上次预测提高0.2个百分点。"
    assert _verdict(source, "3.90%", "经济成长率预测（上修）") == "supported"
    assert _verdict(source, "3.90%", "经济成长率上修幅度") == "unsupported"


def test_a_series_of_quarterly_changes_keeps_each_quarter() -> None:
    # Each change borrows the measure named before it, but keeps its own quarter; 前三季度 is
    # not 三季度; and a 环比 change is no rival for a 同比 rate.
    source = (
        "前三季度全省地区生产总值同比增长5.4%。分季度看，一季度增长5.6%，二季度增长5.3%，三季度增长5.2%；"
        "从环比看，三季度地区生产总值增长1.2%。"
    )
    quote = "分季度看，一季度增长5.6%，二季度增长5.3%，三季度增长5.2%"
    at = source.index(quote)

    def verdict(value: str, period: str) -> str:
        (found,) = check_numbers(
            value,
            path="value",
            source=clean(source),
            metric="GDP同比增速",
            period=period,
            within=(at, at + len(quote)),
        )
        return found.status

    assert verdict("5.3%", "二季度") == "supported"
    assert verdict("5.2%", "三季度") == "supported"
    assert verdict("5.3%", "三季度") == "unsupported"
    assert verdict("5.6%", "三季度") == "unsupported"


def test_a_value_restated_in_another_scale_is_no_rival() -> None:
    # 36,819.42万元 in the text is 368,194,226.03元 in the table, rounded: the same figure.
    source = (
        "归属于上市公司股东的扣除非经常性损益的净利润36,819.42万元，同比增长12.5%。\n主要会计数据\n"
        "项目\t本年\t上年\n扣除非经常性损益的净利润（元）\t368,194,226.03\t327,281,005.44\n"
    )
    quote = "归属于上市公司股东的扣除非经常性损益的净利润36,819.42万元"
    at = source.index(quote)
    (verdict,) = check_numbers(
        "36,819.42万元",
        path="value",
        source=clean(source),
        metric="扣非归母净利润",
        within=(at, at + len(quote)),
    )
    assert verdict.status == "supported"


def test_zero_in_a_word_is_no_number() -> None:
    from summarizer.numbers import find_quantities

    assert [q.text for q in find_quantities("汽车零部件产业增长5%，零售额增长3%")] == ["5%", "3%"]
    assert [str(q.value) for q in find_quantities("一百零五家，零点三个百分点")] == ["105", "0.3"]


def test_each_rule_code_is_written_as_its_own_name() -> None:
    # NumberCheck.rule is part of the JSON output: a code's value must never drift from its name.
    assert all(code.value == code.name for code in rules.RuleCode)
    assert {rule.code for rule in rules.RULES.values()} <= set(rules.RuleCode)


def test_belonging_codes_name_the_measure_not_the_value_unit_or_direction() -> None:
    belonging = {code for code in rules.RuleCode if code.is_belonging}
    assert {
        rules.RuleCode.OWNED,
        rules.RuleCode.RIVAL,
        rules.RuleCode.KIND,
        rules.RuleCode.EVIDENCE,
    } <= belonging
    assert not belonging & {
        rules.RuleCode.VALUE,
        rules.RuleCode.UNIT,
        rules.RuleCode.DIRECTION,
        rules.RuleCode.SIGN,
    }


def test_the_unit_of_a_base_names_nothing() -> None:
    # 完成年初预算3,247.50亿元的101.2%: 亿元 is no word of the share's name, so nothing says the
    # share names another measure (a rival may still fit better: a warning, not a verdict).
    source = (
        "一、一般公共预算执行情况\n（一）全省一般公共预算收入\n2024年，全省一般公共预算收入3,286.47亿元，"
        "完成年初预算3,247.50亿元的101.2%，比上年增长3.6%。其中，税收收入2,362.1亿元，"
        "税收收入占一般公共预算收入的比重为71.9%。"
    )
    quote = "2024年，全省一般公共预算收入3,286.47亿元，完成年初预算3,247.50亿元的101.2%，比上年增长3.6%"
    at = source.index(quote)
    (verdict,) = check_numbers(
        "101.2%",
        path="value",
        source=clean(source),
        metric="一般公共预算收入完成年初预算比例",
        within=(at, at + len(quote)),
    )
    assert verdict.status != "unsupported"


def test_a_table_column_of_another_year_is_no_rival_and_abbreviations_are_no_modifiers() -> None:
    source = (
        "参加职工基本医疗保险人数138.57万人，比上年末增加4.30万人，增长3.2%。\n表1 医疗保险参保情况\n"
        "指标\t2022年\t2023年\t增减\n职工医保参保人数（万人）\t134.27\t138.57\t4.30\n"
        "居民医保参保人数（万人）\t352.10\t347.75\t-4.35\n"
    )
    quote = "参加职工基本医疗保险人数138.57万人，比上年末增加4.30万人，增长3.2%"
    at = source.index(quote)

    def verdict(value: str, period: str, within: tuple[int, int] | None = None) -> str:
        (found,) = check_numbers(
            value, path="value", source=clean(source), metric="职工医保参保人数", period=period, within=within
        )
        return found.status

    assert verdict("138.57万人", "2023年底", (at, at + len(quote))) == "supported"  # 医保 is 医疗保险
    assert verdict("134.27万人", "2023年底") == "unsupported"  # the 2022年 column
    assert verdict("134.27万人", "2022年底") == "supported"


def test_a_change_whose_words_are_only_its_base_measures_the_level_before_it() -> None:
    # 较二○二三年同月上升6.2%: a year and 同月 are what it is compared with, not its name.
    source = (
        "在整体出口货值中，三月的港产品出口货值为58亿元，较二○二三年同月上升6.2%；转口货值为3,756亿元，上升15.0%。"
        "首季港产品出口货值上升4.8%。"
    )
    quote = "三月的港产品出口货值为58亿元，较二○二三年同月上升6.2%"
    at = source.index(quote)
    (verdict,) = check_numbers(
        "6.2%", path="value", source=clean(source), metric="港产品出口按年升幅", within=(at, at + len(quote))
    )
    assert verdict.status == "supported"


def test_a_change_compared_with_last_year_is_not_last_years_value() -> None:
    # 比上年多增2.3万人: 上年 is what the change is compared with, not the time of its value.
    from summarizer.checker.source import source_index

    source = clean("全年城镇新增就业68.4万人，完成年度目标任务（62万人）的110.3%，比上年多增2.3万人。")
    index = source_index(source)
    (position,) = [i for i, quantity in enumerate(index.quantities) if quantity.text == "2.3万人"]
    frame = index.frames[position]
    assert frame.change and not frame.former
    assert "上年" not in frame.own


def test_the_whole_a_share_is_of_does_not_name_the_share() -> None:
    # 省外游客2,963.4万人次，…占接待游客总量的43.3%: 接待游客总量 is the denominator, not another measure.
    quote = "全年接待省外游客2,963.4万人次，增长16.8%，占接待游客总量的43.3%，比上年提高1.6个百分点"
    at = VISITORS.index(quote)
    (verdict,) = check_numbers(
        "43.3%", path="value", source=clean(VISITORS), metric="省外游客占比", within=(at, at + len(quote))
    )
    assert verdict.status == "supported"


def test_the_whole_a_share_is_of_does_not_name_its_change_either() -> None:
    source = (
        "其中，民生支出61.27亿元，占一般公共预算支出的78.2%，比上年提高0.9个百分点。"
        "“三保”支出占区级可用财力的比重达到64.5%，比上年提高3.3个百分点。"
    )
    quote = "其中，民生支出61.27亿元，占一般公共预算支出的78.2%，比上年提高0.9个百分点"
    at = source.index(quote)
    (verdict,) = check_numbers(
        "0.9个百分点",
        path="value",
        source=clean(source),
        metric="民生支出占比提高",
        within=(at, at + len(quote)),
    )
    assert verdict.status == "supported"
