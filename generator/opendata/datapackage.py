"""The public data as a frictionless Data Package: datapackage.json and one CSV per table.

Every column comes from the public view (`generator/public.py`) or from the
ledger's public line items and totals — never from raw rows — so a leader's name
or phone is published only as the leader chose, and a spending record marked not
public appears only inside its hub's yearly total. Amounts are decimal strings
written from integer fen.
"""

from __future__ import annotations

import csv
import io
import json
from functools import cache
from typing import Callable, NamedTuple

from ..ledger.model import Ledger
from ..ledger.money import plain_yuan
from ..public import PublicIndex

DATA_DIR = "data"


def _field(name: str, title: str, kind: str = "string", **extra) -> dict:
    return {"name": name, "title": title, "type": kind, **extra}


def _id(name: str, title: str) -> dict:
    return _field(name, title, constraints={"required": True, "unique": True})


class _Table(NamedTuple):
    name: str
    title: str
    schema: dict
    rows: Callable[[], list[list]]  # made only when the CSV is written: the page listing the tables needs none


def _tables(index: PublicIndex, ledger: Ledger | None) -> list[_Table]:
    """One per resource."""
    public = index.public
    subsidy = _field("subsidy_yuan", "年度补助（元，按补助政策；筹建中或已关闭为空）", "integer")
    tables = [
        _Table("communities", "社区（村）", {
            "fields": [_id("id", "编号"), _field("name", "名称"), _field("area", "城乡类别"),
                       _field("unit", "下辖单位"), _field("units", "单位个数", "integer"),
                       _field("population", "常住人口", "integer"),
                       _field("planned_points", "设想建设友邻点数", "integer")],
            "primaryKey": ["id"]},
         lambda: [[c.id, c.name, c.area_name, c.unit, c.units, c.population, c.planned_points]
                  for c in public.communities]),
        _Table("stations", "友邻站", {
            "fields": [_id("id", "编号"), _field("name", "名称"), _field("community", "所在社区（村）编号"),
                       _field("area", "城乡类别"), _field("venue", "场地"), _field("address", "地址"),
                       _field("operator", "运营单位"), _field("opening_hours", "开放时间"), _field("phone", "电话"),
                       subsidy, _field("status", "状态"),
                       _field("established", "设立日期", "date"), _field("closed_on", "关闭日期", "date")],
            "primaryKey": ["id"],
            "foreignKeys": [{"fields": ["community"], "reference": {"resource": "communities", "fields": ["id"]}}]},
         lambda: [[s.id, s.name, s.community_id, s.area_name, s.venue, s.address, s.operator, s.opening_hours,
                   s.phone, s.subsidy.yearly_yuan, s.status_name, s.established, s.closed_on]
                  for s in public.stations]),
        _Table("points", "友邻点", {
            "fields": [_id("id", "编号"), _field("name", "名称"), _field("station", "所属友邻站编号"),
                       _field("venue_type", "场地类型"), _field("address", "地址"),
                       _field("compounds", "服务小区（顿号分隔）"),
                       _field("contact_name", "负责人（本人同意公开时）"),
                       _field("contact_phone", "联系电话（按本人选择公开或部分隐藏）"),
                       _field("instructor", "指导员"), _field("services", "服务内容（顿号分隔）"),
                       _field("opening_hours", "开放时间"), subsidy,
                       _field("status", "状态"), _field("established", "设立日期", "date"),
                       _field("closed_on", "关闭日期", "date"), _field("latitude", "纬度", "number"),
                       _field("longitude", "经度", "number")],
            "primaryKey": ["id"],
            "foreignKeys": [{"fields": ["station"], "reference": {"resource": "stations", "fields": ["id"]}}]},
         lambda: [[p.id, p.name, p.station_id, p.venue_type, p.address, "、".join(p.compounds), p.contact.name,
                   p.contact.phone, p.instructor, "、".join(p.services), p.opening_hours, p.subsidy.yearly_yuan,
                   p.status_name, p.established, p.closed_on, p.latitude, p.longitude] for p in public.points]),
    ]
    if ledger is None:
        return tables
    ledger_rows = cache(lambda: _ledger_rows(ledger))
    money = {"bareNumber": True, "decimalChar": "."}
    tables += [
        _Table("subsidy_totals", "补助逐年合计", {
            "fields": [_field("hub", "单位编号", constraints={"required": True}),
                       _field("year", "年份", "integer", constraints={"required": True}),
                       _field("allocated_yuan", "拨付（元）", "number", **money),
                       _field("spent_yuan", "已用（元）", "number", **money),
                       _field("remaining_yuan", "结余（元）", "number", **money),
                       _field("records", "支出笔数", "integer"),
                       _field("records_not_public", "其中不公开明细的笔数", "integer"),
                       _field("flag", "标记")],
            "primaryKey": ["hub", "year"]}, lambda: ledger_rows()[0]),
        _Table("spending_items", "公开的支出明细", {
            "fields": [_id("id", "记录编号"), _field("hub", "单位编号"), _field("date", "支出日期", "date"),
                       _field("item", "支出事项"), _field("category", "用途"),
                       _field("amount_yuan", "金额（元）", "number", **money), _field("receipt", "票据号")],
            "primaryKey": ["id"]}, lambda: ledger_rows()[1]),
    ]
    return tables


def _ledger_rows(ledger: Ledger) -> tuple[list[list], list[list]]:
    """The rows of subsidy_totals and of spending_items, made in one walk of the ledger."""
    network = ledger.network
    hubs = [*network.stations, *network.points, network.centre.id]
    totals, items = [], []
    for hub in hubs:
        for year in ledger.years:
            row = ledger.hub_year(hub, year)
            if not row.items and not row.allocated:
                continue
            totals.append([hub, year, None if row.allocated is None else plain_yuan(row.allocated),
                           plain_yuan(row.spent), None if row.remaining is None else plain_yuan(row.remaining),
                           len(row.items), len(row.private_items),
                           "超支" if row.overspent else "未使用" if row.unused else None])
            items += [[s.id, s.hub, s.date, s.item, s.category, plain_yuan(s.amount_fen), s.receipt]
                      for s in row.public_items]
    return totals, items


def _csv(header: list[str], rows: list[list]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if value is None else value.isoformat() if hasattr(value, "isoformat") else value
                         for value in row])
    return buffer.getvalue().encode("utf-8")


def table_paths(index: PublicIndex, ledger: Ledger | None) -> list[str]:
    """The CSV files data_package writes, by their path in the docs folder (without writing them)."""
    return [f"{DATA_DIR}/{table.name}.csv" for table in _tables(index, ledger)]


def data_package(index: PublicIndex, ledger: Ledger | None, name: str, title: str,
                 site_url: str | None) -> dict[str, bytes]:
    """datapackage.json and its CSV files, by their path in the docs folder."""
    files: dict[str, bytes] = {}
    resources = []
    for table, table_title, schema, rows in _tables(index, ledger):
        path = f"{table}.csv"
        files[f"{DATA_DIR}/{path}"] = _csv([f["name"] for f in schema["fields"]], rows())
        resources.append({"name": table, "title": table_title, "path": path, "format": "csv",
                          "mediatype": "text/csv", "encoding": "utf-8", "profile": "tabular-data-resource",
                          "schema": schema})
    descriptor = {
        "profile": "tabular-data-package",
        "name": name,
        "title": title,
        "description": "友邻网络的公开数据：社区（村）、友邻站、友邻点，以及补助逐年合计和公开的支出明细。"
                       "负责人姓名和电话只在本人同意时公开；标明不公开明细的支出只计入合计。",
        "resources": resources,
    }
    if site_url:
        descriptor["homepage"] = site_url
    files[f"{DATA_DIR}/datapackage.json"] = json.dumps(descriptor, ensure_ascii=False, indent=2).encode("utf-8")
    return files
