"""Consultation (协商议事): topics, their escalation up the tiers, meetings and generated agendas.

The 五民 loop — residents propose, discuss, decide, carry out, evaluate — runs at
every tier; what a point cannot settle goes to its station, then to the centre,
then to the street. The office keeps two files beside the hub data:
``data/topics.yaml`` and ``data/meetings.yaml`` (see README, “协商议事”).

`load_consultation` is the feature's loader (see `generator/features.py`). A
project with neither file and no consultation page in its navigation does not use
the feature: the loader returns ``(None, [])``. "Today" — what is upcoming, what
is overdue, which draft agenda comes next — is the day of the run's settings
(`project.resolve_today`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

from ..cache import cached_over
from ..features import nav_links_under
from ..history import DataHistory
from ..model import Network
from ..problems import Problem
from ..project import Project, Settings
from ..rules import network_files
from .feature import ConsultationFeature
from .model import hub_directory
from .reading import MEETINGS_FILE, TOPICS_FILE, consultation_files, read_consultation
from .rules import check_consultation

__all__ = ["ConsultationFeature", "load_consultation"]


def load_consultation(project: Project, network: Network, settings: Settings,
                      earlier: Sequence = ()) -> tuple[ConsultationFeature | None, list[Problem]]:
    """Read and check the consultation files against the network; None when the project does not use them."""
    files = [project.data_dir / Path(rel).name for rel in (TOPICS_FILE, MEETINGS_FILE)]
    if not any(path.exists() for path in files) and not nav_links_under(settings.config.get("nav"), "consultation/"):
        return None, []
    today = settings.today
    data, problems = read_consultation(project.data_dir, hub_directory(network), network.plan.escalation)
    if data is None:
        return None, problems
    # The network is the project's, as the pipeline passes it: the checks are kept under both groups' files.
    groups = (network_files(project.data_dir), consultation_files(project.data_dir))
    escalation = network.plan.escalation
    problems += cached_over("consultation-checks", groups, lambda: check_consultation(data, today, escalation),
                            extra=today.isoformat().encode())
    if any(p.is_error for p in problems):
        return None, problems
    history = DataHistory(project.root, [TOPICS_FILE, MEETINGS_FILE])
    # The web forms it links to come later, from the forms feature (see `ConsultationFeature.use_forms`).
    return ConsultationFeature(data, today, settings.site_url, tuple(network.plan.escalation), history), problems
