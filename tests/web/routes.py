"""Shared by the tests that walk the app's URL map (robustness, access matrix, CSRF, audit).

- ``url_map_routes``: every (endpoint, method) of the URL map;
- ``DemoObjects``: the demo department's objects a route's URL names (built on first use), relative to
  one unit, Thanh tra Sở: its task, its entries in every state, its evidence, ...;
"""
import io

from sqlalchemy import select

from app.extensions import db

IGNORED_METHODS = {"HEAD", "OPTIONS"}


def _user_model():
    from app.org.models import User

    return User


def url_map_routes(app) -> list[tuple[str, str]]:
    """Every (endpoint, method) the app answers, HEAD and OPTIONS aside (Werkzeug adds them)."""
    return sorted({(rule.endpoint, method) for rule in app.url_map.iter_rules()
                   for method in rule.methods - IGNORED_METHODS})


def rule_of(app, endpoint: str):
    rules = [r for r in app.url_map.iter_rules() if r.endpoint == endpoint]
    assert len(rules) == 1, (endpoint, rules)
    return rules[0]


# -- demo objects -------------------------------------------------------------------------

def _user(username):
    return db.session.scalar(select(_user_model()).where(_user_model().username == username))


def evidence_of(entry):
    """An item of evidence on ``entry``, added by its unit (a PDF, stored in the upload folder)."""
    from app.progress.evidence import add_evidence
    from app.progress.models import Evidence
    from app.transactions import transaction
    from tests.filegen import pdf_bytes

    evidence = db.session.scalar(select(Evidence).where(Evidence.entry_id == entry.id,
                                                        Evidence.removed_at.is_(None)))
    if evidence is None:
        with transaction():
            evidence = add_evidence(None, entry, entry.unit, io.BytesIO(pdf_bytes()), "qd.pdf")
    return evidence


def a_report_draft(period, plan) -> dict:
    """The period's report draft (for the whole department) and the plan's own outline."""
    from app.reports import services
    from app.reports.wording import ReportSettings
    from app.transactions import transaction

    office = _user("vanphong")
    with transaction():
        draft = services.generate_draft(office, period, None, ReportSettings())
        template = services.ensure_template(office, plan)
    return {"draft_id": draft.id, "key": "de-xuat", "section_id": template.sections[1].id}


def an_import() -> dict:
    """A plan import of the Office's (vanphong), in review."""
    from app.plans.importer import queries, service
    from app.transactions import transaction

    with transaction():
        preview = service.read_pasted("KẾ HOẠCH\nCải cách hành chính năm 2026\nII. NHIỆM VỤ\n"
                                      "1. Cải cách thể chế\n- Rà soát văn bản\n+ Tự kiểm tra\n"
                                      "III. TỔ CHỨC THỰC HIỆN\n1. Thanh tra Sở: chủ trì cải cách thể chế.",
                                      queries.unit_refs())
        record = service.start_import(_user("vanphong"), preview)
    subitem = next(line for line in preview.lines if line.text == "Tự kiểm tra")
    return {"import_id": record.id, "line_id": subitem.id, "assignment_id": preview.assignments[0].id}


class DemoObjects(dict):
    """Ids of the demo objects the routes' URLs and forms name, each found (or made) on first use.

    "Own unit" is Thanh tra Sở (TTr): ``task`` is a task it leads in the issued 2026 plan, ``entry``
    its draft entry of the open period, ``evidence`` a file TTr added to it; ``submitted_entry`` and
    ``approved_entry`` other TTr entries of that period. Their cooperating units are neither QLCN nor
    KH-TC-TH, the units of the "other unit" users (congnghiep, khtc). ``coop_entry`` is an editable
    entry of a task another unit (not QLCN, not KH-TC-TH) leads and TTr cooperates on."""

    OTHER_UNITS = ("QLCN", "KH-TC-TH")

    def __missing__(self, name):
        builder = getattr(self, f"_{name}", None)
        if builder is None:
            raise KeyError(name)
        value = builder()
        if isinstance(value, dict):
            self.update(value)
            return self[name]
        self[name] = value
        return value

    # -- helpers
    @staticmethod
    def unit_id(short_name):
        from app.org.models import Unit

        return db.session.scalar(select(Unit.id).where(Unit.short_name == short_name))

    @staticmethod
    def user_id(username):
        return _user(username).id

    def _ttr(self):
        return self.unit_id("TTr")

    def _user(self):
        return self.user_id("thanhtra")

    def _supervisor(self):
        return self.user_id("lanhdao")

    def _plan(self):
        from app.plans.models import Plan

        return db.session.scalar(select(Plan.id).where(Plan.status == "issued", Plan.kind == "annual"))

    def _draft_plan(self):
        from app.plans.models import Plan

        return db.session.scalar(select(Plan.id).where(Plan.status == "draft"))

    def _period(self):
        from app.progress.models import ReportingPeriod

        return db.session.scalar(select(ReportingPeriod.id).where(ReportingPeriod.status == "open"))

    def _locked_period(self):
        """A locked period: the demo's first, or early in the year (nothing due yet, so nothing locked)
        an ad hoc one the Office opens and locks."""
        from app.progress import services
        from app.progress.models import ReportingPeriod
        from app.transactions import transaction

        locked = db.session.scalar(select(ReportingPeriod.id).where(ReportingPeriod.status == "locked")
                                   .order_by(ReportingPeriod.window_end))
        if locked is not None:
            return locked
        office = _user("vanphong")
        with transaction():
            period = services.open_period(office, "adhoc", db.session.get(ReportingPeriod, self["period"]).year,
                                          "Báo cáo đột xuất về kiểm soát thủ tục hành chính")
            services.lock_period(office, period)
        return period.id

    def _entries(self, status, lead="TTr", cooperating=None):
        """Entries of the open period in ``status``, of tasks ``lead`` leads (and ``cooperating`` cooperates
        on), where the other units' users neither lead nor cooperate."""
        from app.plans.models import Task
        from app.progress.models import ProgressEntry

        found = []
        for entry in db.session.scalars(select(ProgressEntry).join(Task).where(
                ProgressEntry.period_id == self["period"], ProgressEntry.status.in_(status),
                Task.plan_id == self["plan"], Task.archived_at.is_(None)).order_by(ProgressEntry.id)):
            units = {entry.task.lead_unit.short_name, *(u.short_name for u in entry.task.cooperating_units)}
            if (entry.task.lead_unit.short_name == lead and not units & set(self.OTHER_UNITS)
                    and (cooperating is None or cooperating in units)):
                found.append(entry)
        assert found, (status, lead, cooperating)
        return found[0]

    def _entry(self):
        entry = self._entries(("draft",))
        return {"entry": entry.id, "task": entry.task_id, "area": entry.task.area_id}

    _task = _area = _entry

    def _unreported_task(self):
        """A task of the plan Thanh tra Sở leads, the Office's unit cooperating on it (no other unit's user),
        that the open period expects, with no entry yet."""
        from app.plans.models import Task
        from app.progress.models import ReportingPeriod
        from app.progress.period_rules import is_expected
        from app.progress.queries import find_entry

        period = db.session.get(ReportingPeriod, self["period"])
        tasks = db.session.scalars(select(Task).where(Task.plan_id == self["plan"], Task.archived_at.is_(None),
                                                      Task.lead_unit_id == self["ttr"]).order_by(Task.id))
        coop = lambda t: {u.short_name for u in t.cooperating_units}  # noqa: E731
        return next(t.id for t in tasks if "VP" in coop(t) and not coop(t) & set(self.OTHER_UNITS)
                    and is_expected(t, period) and find_entry(period, t) is None)

    def _submitted_entry(self):
        return self._entries(("submitted",)).id

    def _approved_entry(self):
        return self._entries(("approved",)).id

    def _coop_entry(self):
        entry = self._entries(("draft", "returned"), lead="VP", cooperating="TTr")
        return {"coop_entry": entry.id, "coop_task": entry.task_id}

    _coop_task = _coop_entry

    def _target(self):
        from app.plans.models import Area, Target

        return db.session.scalar(select(Target.id).join(Area).where(Area.plan_id == self["plan"])
                                 .order_by(Target.id))

    def _evidence(self):
        from app.progress.models import ProgressEntry

        return evidence_of(db.session.get(ProgressEntry, self["entry"])).id

    def _draft_area(self):
        """An empty area of the draft plan (one that may be deleted)."""
        from app.plans import services
        from app.plans.models import Plan
        from app.transactions import transaction

        with transaction():
            area = services.add_area(_user("vanphong"), db.session.get(Plan, self["draft_plan"]), "Nội dung thử")
        return area.id

    def _draft_task(self):
        from app.plans.models import Plan

        plan = db.session.get(Plan, self["draft_plan"])
        area = next(a for a in plan.areas if a.tasks and a.targets)
        return {"draft_task": area.tasks[0].id, "draft_target": area.targets[0].id}

    _draft_target = _draft_task

    def _notification(self):
        from app.progress.models import Notification

        return db.session.scalar(select(Notification.id).where(Notification.user_id == self["user"])
                                 .order_by(Notification.id))

    def _draft_id(self):
        from app.plans.models import Plan
        from app.progress.models import ReportingPeriod

        return a_report_draft(db.session.get(ReportingPeriod, self["period"]), db.session.get(Plan, self["plan"]))

    _key = _section_id = _draft_id

    def _import_id(self):
        return an_import()

    _line_id = _assignment_id = _import_id


def values_for(rule, objects: DemoObjects, overrides: dict | None = None) -> dict:
    """The values of ``rule``'s arguments: each argument's default object, or as overridden."""
    defaults = {"plan_id": "plan", "area_id": "area", "task_id": "task", "target_id": "target",
                "unit_id": "ttr", "user_id": "user", "period_id": "period", "entry_id": "entry",
                "evidence_id": "evidence", "notification_id": "notification", "draft_id": "draft_id",
                "key": "key", "section_id": "section_id", "import_id": "import_id", "line_id": "line_id",
                "assignment_id": "assignment_id",
                "filename": None}
    names = {**defaults, **(overrides or {})}
    return {arg: (objects[names[arg]] if arg != "filename" else "css/app.css") for arg in rule.arguments}
