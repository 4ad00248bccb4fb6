"""What plans ask of, or tell, the domains above them (Indico's ``core/signals`` model).

Dependencies go one way: org ← plans ← progress ← reports. Plans never imports
progress; where plans must hear about it, it sends a signal here and progress
connects a receiver for each app in create_app (``sender=app``), as for org's signals.
"""
from blinker import Namespace

_signals = Namespace()

tasks_reported = _signals.signal("tasks-reported", doc="""
Asked before tasks are deleted: which of these tasks have been reported on (progress entries)?
Such a task is archived instead, so its history stays. Sent with the app as sender and the list
of ``task_ids``; each receiver returns the set of those ids it holds records of. Progress answers.
""")
