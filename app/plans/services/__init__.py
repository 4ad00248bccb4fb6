"""Building, issuing and closing plans. Plain functions with explicit arguments, one module per entity
like ``plans/routes/``: ``plans`` (the plan itself), ``areas``, ``targets``, ``tasks``, and ``common``
(what they share: a closed plan refuses changes, ordering).

Each function checks the domain rules (raising DomainError with Vietnamese
messages), adds its audit record and flushes; it never commits. The request
(or the CLI's ``transaction()``) commits once, so several services compose
into one transaction (see app/transactions.py). Who may call them is decided
by app.permissions, in the routes.

Callers use the names below (``from app.plans import services``; ``services.add_task``), whichever module
holds them.
"""
from .areas import add_area, delete_area, move_area, update_area
from .plans import PlanData, close_plan, create_plan, delete_plan, issue_plan, issue_problems, update_plan
from .targets import (
    TargetData, add_plan_target, add_target, delete_target, move_target, update_target, validate_target,
)
from .tasks import (
    TaskData, add_task, archive_task, delete_task, move_task, next_task_code, restore_task, update_task,
    validate_task,
)

__all__ = [
    "PlanData", "create_plan", "update_plan", "issue_problems", "issue_plan", "close_plan", "delete_plan",
    "add_area", "update_area", "move_area", "delete_area",
    "TargetData", "validate_target", "add_target", "add_plan_target", "update_target", "move_target",
    "delete_target",
    "TaskData", "validate_task", "next_task_code", "add_task", "update_task", "move_task", "delete_task",
    "archive_task", "restore_task",
]
