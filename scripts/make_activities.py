"""Write the shipped network's fictional projects and trainings (data/projects.csv, data/trainings.csv).

    python scripts/make_activities.py

Deterministic. The plan asks for at least 60 running projects in 2017 and at
least 10 trainings by mid-2018; the invented records are around those numbers, so
the progress page shows how the street stands against each.
"""

from __future__ import annotations

import csv
import random
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROJECTS = {
    "居民自治类": ["楼道自治会", "停车自治管理", "垃圾分类督导队", "邻里议事角", "小区公约宣讲"],
    "公益服务类": ["助老送餐", "四点半课堂", "便民维修队", "爱心理发", "困难家庭结对"],
    "文体康乐类": ["广场舞队", "书画社", "太极拳队", "合唱团", "亲子阅读会"],
}
TRAININGS = ["友邻点负责人履职", "居民协商议事方法", "五民工作法实务", "社区社会组织孵化", "志愿服务管理",
             "台账与补助使用", "矛盾纠纷调解", "为老服务技能", "网格化工作", "项目化运作"]


def main() -> None:
    rng = random.Random(2017)
    with open(ROOT / "data" / "points.csv", encoding="utf-8") as f:
        points = [row for row in csv.DictReader(f) if row["established"]]
    rows = []
    for n in range(64):
        kind = list(PROJECTS)[n % 3]
        point = rng.choice(points)
        started = max(date.fromisoformat(point["established"]), date(2017, 3, 1)) + timedelta(days=rng.randrange(200))
        started = min(started, date(2017, 12, 31) if n < 61 else date(2018, 10, 31))
        ended = started + timedelta(days=rng.randrange(120, 400)) if n % 7 == 0 else None
        title = f"{point['name'].removesuffix('友邻点')}{rng.choice(PROJECTS[kind])}"
        rows.append([f"X{started.year}-{n + 1:02d}", title, kind, point["id"], started.isoformat(),
                     ended.isoformat() if ended else "", "已结束" if ended else "运作中"])
    with open(ROOT / "data" / "projects.csv", "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["id", "title", "kind", "hub", "started", "ended", "status"])
        writer.writerows(sorted(rows, key=lambda r: r[4]))
    with open(ROOT / "data" / "trainings.csv", "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["id", "title", "date", "hub", "participants"])
        day = date(2017, 4, 12)
        for n, title in enumerate(TRAININGS + TRAININGS[:2], start=1):
            writer.writerow([f"T{n:02d}", f"{title}专题培训", day.isoformat(), "C01" if day >= date(2018, 6, 30)
                             else f"S{rng.randint(1, 19):02d}", rng.randint(25, 80)])
            day += timedelta(days=rng.randint(35, 60))


if __name__ == "__main__":
    main()
