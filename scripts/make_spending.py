"""Write the shipped network's fictional spending records, data/spending.csv, deterministically.

    python scripts/make_spending.py [project folder]

The records are invented to exercise the ledger: most hubs spend part of their
allocation, some overspend, some spend nothing in a year, and items that concern
a particular household (慰问品) are marked not public. Run again after changing
the hubs; the same data gives the same file.
"""

from __future__ import annotations

import csv
import random
import sys
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.build import check  # noqa: E402
from generator.project import Project  # noqa: E402

ITEMS = [
    ("宣传栏制作", "氛围营造", True),
    ("活动室墙面布置", "氛围营造", True),
    ("友邻点标识牌", "氛围营造", True),
    ("邻里茶话会茶点", "日常活动", True),
    ("重阳敬老活动物资", "日常活动", True),
    ("儿童暑期托管材料", "日常活动", True),
    ("议事会茶水", "日常活动", True),
    ("便民维修工具", "日常活动", True),
    ("文体活动器材", "日常活动", True),
    ("困难家庭慰问品", "其他", False),
]
CENTRE_ITEMS = [("负责人培训资料印制", "其他"), ("联席会议场地布置", "氛围营造"), ("友邻中心标识制作", "氛围营造")]
LAST_YEAR = 2018


def yuan(fen: int) -> str:
    return f"{fen // 100}.{fen % 100:02d}"


def split(total: int, parts: int, rng: random.Random) -> list[int]:
    cuts = sorted(rng.sample(range(1, total), parts - 1)) if total > parts else []
    edges = [0, *cuts, total]
    return [b - a for a, b in zip(edges, edges[1:]) if b > a]


def main(root: Path) -> None:
    checked = check(Project(root))
    network = checked.network
    assert network is not None, [p.format() for p in checked.report.problems]
    rng = random.Random(20181115)
    policy = network.policy
    hubs = [(s.id, s.established, s.subsidy_yuan, policy.station_subsidy_yuan) for s in network.stations.values()]
    hubs += [(p.id, p.established, p.subsidy_yuan, policy.point_subsidy_yuan) for p in network.points.values()]
    rows = []
    for hub_id, established, first_year, standard in hubs:
        if established is None:
            continue
        for year in range(established.year, LAST_YEAR + 1):
            allocated = (first_year if year == established.year else standard) * 100
            roll = rng.random()
            if roll < 0.07:
                continue  # nothing spent this year
            spent = allocated + rng.randrange(5000, 30000) if roll < 0.13 else rng.randrange(allocated * 2 // 5,
                                                                                              allocated + 1)
            start = max(established, date(year, 1, 1))
            days = (date(year, 12, 31) - start).days
            amounts = split(spent, rng.randint(1, 4), rng)
            for number, amount in enumerate(amounts, start=1):
                item, category, public = rng.choices(ITEMS, weights=[public and 10 or 1 for *_, public in ITEMS])[0]
                day = start + timedelta(days=rng.randrange(days + 1))
                rows.append((hub_id, day, item, category, amount, public, f"{hub_id}-{year}-{number:03d}"))
    centre = network.centre
    for number, (item, category) in enumerate(CENTRE_ITEMS, start=1):
        day = centre.established + timedelta(days=30 * number)
        rows.append((centre.id, day, item, category, rng.randrange(80000, 300000), True,
                     f"{centre.id}-{day.year}-{number:03d}"))
    rows.sort(key=lambda r: (r[1], r[0], r[6]))
    with open(root / "data" / "spending.csv", "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["id", "hub", "date", "item", "category", "amount_yuan", "receipt", "detail_public", "note"])
        for n, (hub_id, day, item, category, amount, public, receipt) in enumerate(rows, start=1):
            writer.writerow([f"E{day.year}-{n:04d}", hub_id, day.isoformat(), item, category, yuan(amount),
                             receipt, "是" if public else "否", ""])
    print(f"wrote {len(rows)} records")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent)
