"""What the organisation's pages ask of the domains above it, which org does not import.

A higher domain connects a receiver for its app in create_app (``sender=app``); org sends the signal
and shows what comes back (Indico's ``indico/core/signals/`` in small)."""
from blinker import Namespace

_signals = Namespace()

unit_list_columns = _signals.signal("unit-list-columns", doc="""
Columns of figures the unit list shows beside each unit. Sent with the app as sender; each receiver
returns ``(heading, {unit_id: figure})`` (a unit not in the dict shows 0). Plans: the live tasks
each unit leads.""")


def unit_list_figures(app) -> list[tuple[str, dict[int, int]]]:
    """The columns every receiver gives for ``app``, in the order they were connected."""
    return [columns for _, columns in unit_list_columns.send(app)]
