"""The progress page, its charts, and its link on the centre's page."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from ..features import HubSection
from ..links import DATA_SOURCE, HOME, PLAN, GeneratedFile, Link, Linker, Page, plan_annex_path
from ..model import Milestone, Network
from ..paging import long_list
from ..public import PublicIndex, Site
from .charts import Bar, bar_chart
from .model import Activities, CommunityFigure, Goal, activity_goals, community_figures, projects_by_kind, tier_goals

PROGRESS = "progress.md"
# The pages this one links to; the sidebar holds only the plan progress, so these are reached from here.
LEDGER = "ledger/index.md"
OPEN_DATA = "open-data.md"


@dataclass(frozen=True)
class ProgressContext:
    site: Site
    crumbs: tuple[Link, ...]
    plan: Link
    document: str
    goals: tuple[Goal, ...]
    goals_chart: Markup
    activities: tuple[Goal, ...]
    activities_chart: Markup | None
    kinds: tuple[tuple[str, int], ...]
    trainings: int
    participants: int
    communities: tuple[CommunityFigure, ...]  # of the annexes this page holds
    communities_chart: Markup
    annexes: tuple[Link, ...]  # the plan's pages of the annexes it does not
    milestones: tuple[Milestone, ...]
    reports: tuple[Link, ...]  # the ledger (when the street keeps one) and the open data


class ProgressFeature:
    """Plan progress: see README, “规划进展”."""

    def __init__(self, network: Network, activities: Activities, has_ledger: bool):
        self.network = network
        self.activities = activities
        self.has_ledger = has_ledger

    def pages(self, index: PublicIndex) -> list[Page]:
        network, site, link = self.network, index.site, Linker(PROGRESS)
        goals = tier_goals(network)
        activities = activity_goals(self.activities)
        communities, annexes = [], []
        for annex in network.annexes:
            # A city's annexes are too long for this page: the plan lists them on pages of their own.
            listed = long_list(link, plan_annex_path(annex.id), f"{annex.title}（{len(annex.communities)} 个）",
                               community_figures(network, annex))
            communities += listed.items
            annexes += [listed.pages] if listed.pages else []
        context = ProgressContext(
            site=site,
            crumbs=(link(site.title, HOME),),
            plan=link("关于规划", PLAN),
            document=network.plan.document,
            goals=tuple(goals),
            goals_chart=bar_chart("各层级友邻站、友邻点：已设立数量与规划目标", ("已设立", "规划目标"),
                                  [Bar(g.name, (g.now, g.target)) for g in goals]),
            activities=tuple(activities),
            activities_chart=bar_chart("运作项目和专题培训：现有数量与规划目标", ("现有", "规划目标"),
                                       [Bar(g.name, (g.now, g.target)) for g in activities]) if activities else None,
            kinds=tuple(projects_by_kind(self.activities)),
            trainings=len(self.activities.trainings),
            participants=sum(t.participants for t in self.activities.trainings),
            communities=tuple(communities),
            communities_chart=bar_chart("各社区（村）友邻点：已设立数量与设想建设数量", ("已设立友邻点", "设想建设"),
                                        [Bar(c.name, (c.set_up, c.planned)) for c in communities]),
            annexes=tuple(annexes),
            milestones=tuple(network.plan.milestones),
            reports=(*((link("补助台账：每年拨付、使用和结余，各友邻站的电子台账", LEDGER),) if self.has_ledger else ()),
                     link("开放数据：下载全部公开数据", OPEN_DATA)),
        )
        return [Page(PROGRESS, "progress.md.j2", "规划进展",
                     f"{network.plan.document}的目标完成情况：友邻站、友邻点、运作项目和培训", context,
                     source=DATA_SOURCE)]

    def files(self, index: PublicIndex) -> dict[str, GeneratedFile]:
        return {}

    def hub_sections(self, kind: str, hub_id: str, link: Linker) -> list[HubSection]:
        if kind == "centre":
            return [HubSection("规划进展", (link("规划目标完成情况（图表）", PROGRESS),))]
        return []
