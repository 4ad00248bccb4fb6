"""What plans ask of, or tell, the domains above them (Indico's ``core/signals`` model).

Dependencies go one way: org ← plans ← progress ← reports. Plans never imports
progress; where plans must hear about it, it sends a signal here and progress
connects a receiver (app/progress/__init__.py).
"""
from blinker import Namespace

_signals = Namespace()

tasks_reported = _signals.signal("tasks-reported", doc="""
Asked before tasks are deleted: which of these tasks have been reported on (progress entries)?
Such a task is archived instead, so its history stays. Sent with the list of task ids as the
sender; each receiver returns the set of those ids it holds records of.
""")
