"""Forms from schemas: web forms, printed A4 forms and intake back into the data.

Each form is a Table Schema for its record plus a small form layer (see
definitions.py); the same definition makes the web form and its browser checks
(pages.py, validation.py, theme/assets/javascripts/forms.js), the printed sheets
(printing.py) and the office's intake of submitted records (intake.py).

`load_forms` is the feature's loader (see `generator/features.py`). The site's
submission endpoint, if any, is ``extra.youlin.forms_endpoint`` in mkdocs.yml;
without one residents download the filled record or print it. A form that serves
another feature (evaluating topics, the subsidy ledger, covenants) is offered, and a
sentence about one said, only where the site has it (`site_features`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

from ..consultation import ConsultationFeature
from ..features import earlier_feature
from ..ledger import ledger_published
from ..model import Network
from ..problems import Problem, problem
from ..project import Project, Settings
from ..yamlfiles import read_yaml
from .definitions import FEATURES, load_definitions
from .model import FormDef
from .pages import FormsFeature
from .records import check_records

TOPICS_FILE = "data/topics.yaml"

__all__ = ["FormsFeature", "load_forms", "read_forms", "forms_endpoint", "site_features"]


def load_forms(project: Project, network: Network, settings: Settings,
               earlier: Sequence = ()) -> tuple[FormsFeature | None, list[Problem]]:
    """Read and check the form definitions; the feature is always on (every hub has forms).

    The consultation feature, loaded before, gets the web forms from here (`ConsultationFeature.use_forms`), and the
    covenants feature its sign sheet, the covenant form as read here: the street's own wording where it has one.
    """
    from ..covenants import CovenantFeature  # late: the covenants feature prints a sheet defined here

    endpoint, problems = forms_endpoint(settings.config)
    categories, topics = known_topics(project.data_dir, earlier)
    forms, found = read_forms(project.data_dir, categories,
                              site_features(project, settings, earlier, categories, topics))
    problems += found
    if any(p.is_error for p in problems):
        return None, problems
    records, found = check_records(project.data_dir, forms, network, topics)
    problems += found
    if any(p.is_error for p in problems):
        return None, problems
    consultation = earlier_feature(earlier, ConsultationFeature)
    if consultation is not None:
        # Topic pages and the overview link to raising and evaluating only where the site has those forms.
        consultation.use_forms(web_forms(forms))
    covenants = earlier_feature(earlier, CovenantFeature)
    if covenants is not None and "covenant" in forms:
        # Printed for every covenant and scope as on the forms pages, the definition read and checked once, here.
        problems += covenants.use_sheet(forms["covenant"])
    return FormsFeature(forms, network, settings.site_url, endpoint, records.private_names), problems


def web_forms(forms: dict[str, FormDef]) -> dict[str, tuple[str, ...]]:
    """The forms residents fill in on the site, by id, with the tiers of the hubs that use them."""
    return {form.id: form.tiers for form in forms.values() if form.online and form.tiers}


def known_topics(data_dir: Path, earlier: Sequence = ()) -> tuple[tuple[str, ...], set[str] | None]:
    """The topic categories and topic ids, from the consultation feature if it was loaded, else from the file.

    topics.yaml is the largest file of a city's data: it is parsed once, by the consultation feature.
    """
    consultation = earlier_feature(earlier, ConsultationFeature)
    if consultation is None:
        return topic_categories(data_dir), topic_ids(data_dir)
    # The feature is on without topics.yaml when the navigation links it: then no topics are kept.
    kept = (data_dir / Path(TOPICS_FILE).name).exists()
    return tuple(consultation.data.categories), set(consultation.data.topics) if kept else None


def read_forms(data_dir: Path, categories: tuple[str, ...] | None = None,
               features: frozenset[str] | None = None) -> tuple[dict[str, FormDef], list[Problem]]:
    """The forms this project uses: those whose `needs` are among the site's `features` (see `site_features`).

    Without `features`, the site is taken to have everything but what data/topics.yaml says: the topic form
    is there only where topic categories (its choices) are kept.
    """
    if categories is None:
        categories = topic_categories(data_dir)
    if features is None:
        features = frozenset(name for name in FEATURES if name != "topic-categories" or categories)
    return load_definitions(data_dir, {"topic-categories": categories}, features)


def site_features(project: Project, settings: Settings, earlier: Sequence,
                  categories: tuple[str, ...], topics: set[str] | None) -> frozenset[str]:
    """What the site has of what a form may need (`definitions.FEATURES`), as `known_topics` found the topics.

    Features loaded before the forms are asked as they were loaded; the ledger, loaded after, by the files it reads.
    """
    from ..covenants import CovenantFeature  # late: the covenants feature prints a sheet defined here

    consultation = earlier_feature(earlier, ConsultationFeature)
    has = {
        "topic-categories": bool(categories),
        "topics": bool(topics),
        # Attendance is recorded with a meeting, and a meeting has one of data/meetings.yaml's types.
        "meetings": consultation is not None and bool(consultation.data.types),
        "ledger": ledger_published(project.data_dir, settings.config),
        "covenants": earlier_feature(earlier, CovenantFeature) is not None,
    }
    return frozenset(name for name, present in has.items() if present)


def topic_categories(data_dir: Path) -> tuple[str, ...]:
    """The categories of data/topics.yaml; its problems are the consultation feature's to report."""
    values = _topics_file(data_dir, "categories")
    return tuple(v for v in values if isinstance(v, str)) if isinstance(values, list) else ()


def topic_ids(data_dir: Path) -> set[str] | None:
    """The ids of the topics residents can evaluate; None where no topics are kept."""
    values = _topics_file(data_dir, "topics")
    if values is None:
        return None
    return {t["id"] for t in values if isinstance(t, dict) and isinstance(t.get("id"), str)} if isinstance(values, list) \
        else set()


def _topics_file(data_dir: Path, key: str):
    path = data_dir / Path(TOPICS_FILE).name
    if not path.exists():
        return None
    document, _ = read_yaml(path, TOPICS_FILE)
    return document.get((key,)) if document is not None and isinstance(document.data, dict) else None


def forms_endpoint(config: dict) -> tuple[str | None, list[Problem]]:
    """Where the web forms POST their records (``extra.youlin.forms_endpoint``), if the street has a server."""
    extra = config.get("extra")
    youlin = extra.get("youlin") if isinstance(extra, dict) else None
    value = youlin.get("forms_endpoint") if isinstance(youlin, dict) else None
    if value is None:
        return None, []
    if not isinstance(value, str) or not value.startswith("https://") or any(c in value for c in " \"'<>"):
        return None, [problem("config-invalid", "mkdocs.yml", None, reason="extra.youlin.forms_endpoint 格式不对",
                              hint="写成 https:// 开头的网址（接收表格记录的服务器）；不接收网上提交时删除这一项")]
    return value, []
