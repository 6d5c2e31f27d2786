"""Run MkDocs on the generated folder, as a separate process.

MkDocs (or its successor, which reads the same mkdocs.yml) sees only plain
Markdown; nothing of the generator runs inside it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from .project import Project


def mkdocs_build(project: Project, site_dir: Path | None = None) -> int:
    """`mkdocs build --strict`; returns its exit status.

    Never with --quiet: it silences warnings before strict mode can count them, so
    a broken link would pass.
    """
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project.config_file)]
    if site_dir is not None:
        command += ["--site-dir", str(site_dir.resolve())]
    # MkDocs resolves some paths (the jieba dictionary) from the working folder.
    return subprocess.run(command, cwd=project.root, env=_environment()).returncode


def mkdocs_serve(project: Project, address: str) -> subprocess.Popen:
    command = [sys.executable, "-m", "mkdocs", "serve", "-f", str(project.config_file), "--dev-addr", address]
    return subprocess.Popen(command, cwd=project.root, env=_environment())


def _environment() -> dict[str, str]:
    # Material's end-of-life banner is known (see README); keep the build output for real problems.
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
