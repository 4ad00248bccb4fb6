"""Progress: reporting periods, the units' entries and their evidence, approval, follow-up.

Plans, the domain below, asks before deleting tasks whether any has been reported on
(``app.plans.signals.tasks_reported``); create_app connects progress's answer
(``queries.tasks_with_progress``) for each app, so plans never imports progress.
"""
