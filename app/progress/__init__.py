"""Progress: reporting periods, the units' entries and their evidence, approval, follow-up.

Plans, the domain below, asks before deleting tasks whether any has been reported on
(``app.plans.signals.tasks_reported``); the receiver that answers is connected here, when the
package is first imported, so plans never imports progress.
"""
from ..plans.signals import tasks_reported
from .queries import tasks_with_progress


@tasks_reported.connect
def _reported(task_ids, **_):
    return tasks_with_progress(task_ids)
