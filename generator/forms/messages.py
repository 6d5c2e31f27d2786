"""The forms feature's problem codes, in Chinese, for the office."""

from __future__ import annotations

from ..problems import register_messages

MESSAGES = {
    # form definitions (generator/forms/definitions/*.yaml, data/forms/*.yaml)
    "form-unknown": (
        "表单定义 {found} 不是生成器提供的表单",
        "data/forms/ 中的文件只能修改已有的表单（文件名可选：{expected}）",
    ),
    "form-key-missing": ("{subject}缺少 {found}", "{hint}"),
    "form-value": ("{subject}的 {field}「{found}」不对", "应为{expected}"),
    "form-field-unknown": (
        "{subject}中的字段 {found} 不在表结构 {schema} 中",
        "可用的字段：{expected}",
    ),
    "form-field-twice": ("{subject}中字段 {found} 出现了不止一次", "每个字段在表单中只出现一次"),
    "form-field-missing": (
        "{subject}没有表结构 {schema} 要求填写的字段 {found}",
        "必填的字段都要出现在表单中（编号 {id_field} 在收录时自动分配，不用放进表单）",
    ),
    "form-records-not-used": (
        "{found}的记录没有检查，也不会用在网站上：网站上要有{expected}，才用得上这张表",
        "加上{expected}后再检查一次；用不上的记录文件请移出 data/ 文件夹",
    ),
    "form-show-if": ("{subject}的显示条件 {reason}", "{hint}"),
    "form-sheet-rows": (
        "{subject}的 rows 是 {found} 行，但写了 tally 的签名表每份只印一张 A4，最多排得下 {expected} 行",
        "请把 rows 改为 {expected} 或更少：人多时多打印几份，每份的序号都从 1 起，按份计数",
    ),
    "form-sheet-columns": (
        "{subject}的签名表只有一列「{found}」：第一列印的是序号，没有地方签名",
        "在 columns 中再写至少一列（如 姓名、签名），每列写 label 和 width",
    ),
    # a submitted record (intake, and the same messages in the browser)
    "record-value": ("{subject}：{text}", "{hint}"),
    "record-hidden-value": (
        "{subject}：填写了“{field}”，但按所选答案这一项不需要填写",
        "请删除这一项，或检查前面的选择",
    ),
    "intake-form-unknown": (
        "{subject}看不出是哪一张表：{found}",
        "网上下载的记录 JSON 中有 \"form\"（可选：{expected}）；CSV 的表头应与该表的字段名一致",
    ),
    "intake-unreadable": ("{subject}无法读取：{reason}", "请用网页上下载的 JSON 或 CSV 文件，不要修改格式"),
    "intake-hub-unknown": (
        "{subject}的{field} {found} 不存在",
        "编号见 data/hubs.yaml 和 data/points.csv；这张表只能由{expected}填写",
    ),
    "intake-hub-tier": (
        "{subject}的{field} {found} 是{tier}，这张表由{expected}填写",
        "请核对编号",
    ),
    "intake-topic-unknown": ("{subject}的议题编号 {found} 不存在", "议题编号见 data/topics.yaml"),
    "intake-duplicate": (
        "{subject}与{where}重复（{found}）",
        "同一份记录只收录一次；如果确实是两笔不同的记录，请核对后修改其中一份",
    ),
    "intake-store-unreadable": ("{subject}要写入的 {found} 无法读取", "请先运行 python -m generator check 改正这个文件"),
}

register_messages(MESSAGES)
