"""The scripts of eval/ as the gate tests import them: by file name from eval/, as they
import one another when run there (eval/fivew_train.py imports fivew)."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from types import ModuleType

EVAL = Path(__file__).resolve().parents[1] / "eval"


def eval_script(name: str) -> ModuleType:
    """eval/<name>.py, imported once as the module `name`."""
    if str(EVAL) not in sys.path:
        sys.path.insert(0, str(EVAL))
    return importlib.import_module(name)
