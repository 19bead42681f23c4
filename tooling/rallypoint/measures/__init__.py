"""The community's measurements (DESIGN.md section 7): goals, purpose health, ideas, forecasts.

Pure functions from the model and git history to plain data: nothing here reads a file, runs
git or writes markup. ``activity`` gathers who did what when in each purpose, ``goals`` and
``health`` measure, ``report`` puts them together (and makes the section-7 document), and
``changes`` compares two days. The site's pages, ``/report.json`` and ``rallypoint report``
show the same numbers.
"""

from __future__ import annotations

from .activity import today_of
from .changes import PurposeChanges, compare
from .goals import STATES, GoalMeasure
from .health import Health
from .report import Measures, PurposeMeasures, attention_order, measure_community, report_dict, report_json

__all__ = [
    "STATES",
    "GoalMeasure",
    "Health",
    "Measures",
    "PurposeChanges",
    "PurposeMeasures",
    "attention_order",
    "compare",
    "measure_community",
    "report_dict",
    "report_json",
    "today_of",
]
