"""The numbers every page shows, as plain functions over a DuckDB connection that return
DataFrames. No Streamlit here; metrics/README.md lists each measure, its unit and source."""

from metrics.agenda import agenda_text, discussion_brief, draft_agenda, validated_corrections
from metrics.calendar import deadline, finnish_holidays, is_working_day, next_working_day
from metrics.changes import changes_since_previous, previous_period
from metrics.completion import (
    available_periods,
    completion,
    completion_change,
    national_distribution,
    reporting_coverage,
)
from metrics.flags import open_red_flags
from metrics.national import national_headline
from metrics.overdue import overdue_stalled_counts, overdue_subtasks, stalled_subtasks
from metrics.pace import pace_forecast, rating_definitions
from metrics.peers import lagging_subtasks, peer_position, peer_ranking, peer_trend
from metrics.quality import data_quality, submission_tracker
from metrics.region import region_groups, region_headline, region_trend
from metrics.roadmap import (
    entity_completion,
    roadmap_size,
    roadmap_subtasks,
    subtask_completion,
    task_completion,
)
from metrics.submissions import (
    ingest_problems,
    submission_files,
    submission_states,
    thin_resubmissions,
)

__all__ = [
    "agenda_text",
    "available_periods",
    "changes_since_previous",
    "completion",
    "completion_change",
    "data_quality",
    "deadline",
    "discussion_brief",
    "draft_agenda",
    "entity_completion",
    "finnish_holidays",
    "ingest_problems",
    "is_working_day",
    "lagging_subtasks",
    "national_distribution",
    "national_headline",
    "next_working_day",
    "open_red_flags",
    "overdue_stalled_counts",
    "overdue_subtasks",
    "pace_forecast",
    "peer_position",
    "peer_ranking",
    "peer_trend",
    "previous_period",
    "rating_definitions",
    "region_groups",
    "region_headline",
    "region_trend",
    "reporting_coverage",
    "roadmap_size",
    "roadmap_subtasks",
    "stalled_subtasks",
    "submission_files",
    "submission_states",
    "submission_tracker",
    "subtask_completion",
    "task_completion",
    "thin_resubmissions",
    "validated_corrections",
]
