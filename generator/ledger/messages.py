"""The subsidy ledger's problem codes, in Chinese, for the office."""

from __future__ import annotations

from ..problems import register_messages

MESSAGES = {
    "spending-hub-unknown": (
        "{subject}的使用单位 {found} 不是友邻中心、友邻站或友邻点的编号",
        "{advice}",  # RECORD_HUB_IDS, or the hub whose name or id in other case was written (consultation/hubrefs.py)
    ),
    "spending-hub-not-established": (
        "{subject}的使用单位 {found} 还没有设立日期（{expected}）",
        "补助从设立那年开始拨付：请先在数据中填写它的设立日期（established），或把这笔支出记到实际使用的单位",
    ),
    "spending-before-established": (
        "{subject}的支出日期 {found} 早于使用单位 {hub} 的设立日期 {expected}",
        "请核对支出日期和使用单位；设立之前的支出不能记在它名下",
    ),
    "spending-after-closed": (
        "{subject}的支出日期 {found} 晚于使用单位 {hub} 的关闭日期 {expected}",
        "关闭后结清的账可以这样记；如果是记错了日期或使用单位，请改正。关闭那年以后的支出没有当年的补助额度，台账会显示超支",
    ),
    "spending-receipt-duplicate": (
        "{subject}的票据号 {found} 在 {hub} 已经用过（第 {first_line} 行）",
        "同一单位的每张票据只能登记一次；如果是两笔不同的支出，请核对票据号",
    ),
}

register_messages(MESSAGES)
