"""Every model, imported in one place so Alembic and the app see all tables."""
from .assessment.models import IndexCriterion, IndexLink, IndexScore, IndexYear  # noqa: F401
from .audit import AuditLog  # noqa: F401
from .dataversion import DataScopeVersion, DataVersion  # noqa: F401
from .org.models import LoginAttempt, Unit, User, UserRole  # noqa: F401
from .plans.importer.models import PlanImport  # noqa: F401
from .plans.models import Area, Plan, PlanTarget, Target, Task, TaskItem  # noqa: F401
from .progress.models import (  # noqa: F401
    EntryContribution, Evidence, Notification, ProgressEntry, ReportingPeriod, TargetResult, supervised_units,
)
from .reports.models import DraftSection, ReportDraft, ReportFigures, ReportSection, ReportTemplate  # noqa: F401
