"""The electronic ledger of a station-year as a CSV file for Excel and WPS.

The file is written with a UTF-8 byte order mark: without it, Excel and WPS on
Chinese Windows read a CSV as GBK and every Chinese character comes out garbled.
Every text cell taken from the data goes through `neutralise_formula`, so an item
typed as ``=HYPERLINK(…)`` stays text instead of becoming a formula. Amounts are
numbers the generator writes itself (``-12.50``), never data text, so they are
left as they are and the spreadsheet can still add them up.
"""

from __future__ import annotations

import csv
import io

from ..hygiene import neutralise_formula
from .money import plain_yuan
from .pages import StationYearContext

HEADER = ("部分", "单位编号", "单位名称", "日期", "事项", "类别", "金额（元）", "票据号", "备注")


def ledger_csv(context: StationYearContext) -> bytes:
    rows: list[tuple[str, ...]] = []
    for detail in context.details:
        hub, name, money = detail.anchor, detail.title, detail.money
        if money.allocated is not None:
            rows.append(("补助拨付", hub, name, "", f"{context.year}年度补助", "", plain_yuan(money.allocated), "", ""))
        for item in detail.items:
            rows.append(("支出", hub, name, item.date.isoformat(), item.item, item.category, plain_yuan(item.amount),
                         item.receipt, item.note or ""))
        if detail.hidden_count:
            rows.append(("支出（未公开明细）", hub, name, "", f"{detail.hidden_count} 笔合计", "",
                         plain_yuan(detail.hidden_amount), "", ""))
        rows.append(("已用合计", hub, name, "", "", "", plain_yuan(money.spent), "", money.flag))
        if money.remaining is not None:
            rows.append(("结余", hub, name, "", "", "", plain_yuan(money.remaining), "", money.flag))
    for meeting in context.meetings:
        rows.append(("会议", "", meeting.hub, meeting.date.isoformat(), meeting.link.text, "", "", "",
                     f"参会 {meeting.attendance} 人" if meeting.attendance is not None else ""))
    for part, lines in (("议题提出", context.raised), ("议题上报", context.escalated), ("议题办结", context.closed)):
        for line in lines:
            rows.append((part, "", line.hub, line.date.isoformat(), line.link.text, line.category, "", "", ""))
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADER)
    amount = HEADER.index("金额（元）")
    for row in rows:
        writer.writerow([cell if i == amount else neutralise_formula(cell) for i, cell in enumerate(row)])
    return "\ufeff".encode("utf-8") + buffer.getvalue().encode("utf-8")
