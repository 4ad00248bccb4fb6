"""What evidence an entry needs (kept apart so the submit step and the evidence module share it)."""
from .models import DONE


def entry_needs_explanation(entry) -> bool:
    """Reported as done without any cited document and without a written explanation (giải trình)."""
    return entry.task_status == DONE and not entry.live_evidence and not (entry.explanation or "").strip()
