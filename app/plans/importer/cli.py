"""``flask plan import FILE [--dry-run] [--json]``: the importer from the command line (added to the
import blueprint's "plan" command group by routes.py)."""
import json
import os

import click
from sqlalchemy import select

from ...errors import DomainError
from ...extensions import db
from ...org.models import Unit, User
from ...transactions import transaction
from . import queries, service
from .preview import FIGURES, build_tree, figures


@click.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--dry-run", is_flag=True, help="Chỉ đọc và in kết quả, không ghi gì vào cơ sở dữ liệu.")
@click.option("--json", "as_json", is_flag=True, help="In cây kế hoạch đã đọc dưới dạng JSON (xem README).")
@click.option("--user", "username", default=None, help="Tên đăng nhập của người nhập (ghi vào lịch sử).")
@click.option("--default-lead", default=None,
              help="Tên viết tắt của đơn vị chủ trì cho các nhiệm vụ mà văn bản không phân công.")
def import_command(file, dry_run, as_json, username, default_lead):
    """Nhập kế hoạch từ văn bản (.docx, .pdf, .txt, .xlsx …): tạo kế hoạch dự thảo, hoặc chỉ in kết quả đọc."""
    with open(file, "rb") as handle:
        data = handle.read(service.max_bytes() + 1)
    units = queries.unit_refs()
    try:
        preview = service.read_upload(data, os.path.basename(file), units)
    except DomainError as exc:
        raise click.ClickException(exc.message) from exc
    fallback = None
    if default_lead:
        fallback = db.session.scalar(select(Unit.id).where(Unit.short_name == default_lead))
        if fallback is None:
            raise click.ClickException(f"Không có đơn vị có tên viết tắt “{default_lead}”.")
    result = service.tree_json(preview, units, fallback)  # each task's lead as the plan gets it
    if dry_run:
        if as_json:
            click.echo(json.dumps(result, ensure_ascii=False, indent=2))
        else:
            _print_summary(preview, result)
        return
    actor = None
    if username:
        actor = db.session.scalar(select(User).where(User.username == username))
        if actor is None:
            raise click.ClickException(f"Không có tài khoản “{username}”.")
    try:
        with transaction():
            plan = service.build_plan(actor, preview, fallback)
    except DomainError as exc:
        raise click.ClickException("Chưa tạo được kế hoạch:\n- " + "\n- ".join(exc.messages)) from exc
    if as_json:
        click.echo(json.dumps({**result, "created_plan_id": plan.id}, ensure_ascii=False, indent=2))
    else:
        _print_summary(preview, result)
        click.echo(f"Đã tạo kế hoạch dự thảo số {plan.id}: {plan.title}")


def _print_summary(preview, result) -> None:
    counts = build_tree(preview.lines).counts()
    plan = result["plan"]
    click.echo(f"{plan['title'] or '(chưa có tên)'}")
    click.echo(f"{counts['areas']} nội dung, {counts['plan_targets']} mục tiêu chung, {counts['targets']} mục tiêu, "
               f"chỉ tiêu, {counts['tasks']} nhiệm vụ, {counts['subitems']} nội dung cụ thể.")
    for area in result["areas"]:
        click.echo(f"- {area['title']}: {len(area['targets'])} mục tiêu, {len(area['tasks'])} nhiệm vụ; "
                   f"đầu mối: {area['focal_unit'] or 'chưa xác định'}")
    for warning in result["warnings"]:
        click.echo(f"! {warning}")


@click.command("import-summary")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--expected", "expected_path", default=None, type=click.Path(exists=True, dir_okay=False),
              help="Tệp JSON: với mỗi tệp (theo đường dẫn tương đối so với thư mục của tệp JSON), "
                   "{chỉ số: [giá trị mong đợi, sai số cho phép]}.")
def import_summary_command(files, expected_path):
    """Đọc từng văn bản (không ghi gì) và in những gì tìm thấy: nội dung, nhiệm vụ, mục tiêu, thời hạn,
    đơn vị chủ trì; so với kết quả mong đợi khi có --expected. Mã thoát 1 khi có chỉ số lệch quá sai số."""
    expected, base = {}, None
    if expected_path:
        with open(expected_path, encoding="utf-8") as handle:
            expected = json.load(handle)
        base = os.path.dirname(os.path.abspath(expected_path))
    units = queries.unit_refs()
    off = 0
    for file in files:
        with open(file, "rb") as handle:
            data = handle.read(service.max_bytes() + 1)
        try:
            preview = service.read_upload(data, os.path.basename(file), units)
        except DomainError as exc:
            click.echo(f"{file}: {exc.message}")
            off += 1
            continue
        found = figures(preview)
        wanted = _expected_for(expected, base, file)
        parts = []
        for name, label in FIGURES.items():
            if name not in wanted:
                parts.append(f"{label} {found[name]}")
                continue
            value, tolerance = wanted[name]
            ok = found[name] == value if isinstance(value, list) else abs(found[name] - value) <= tolerance
            off += 0 if ok else 1
            shown = value if isinstance(value, list) or not tolerance else f"{value}±{tolerance}"
            parts.append(f"{label} {found[name]}{'' if ok else ' ≠'} (mong đợi {shown})")
        click.echo(f"{file}: {preview.meta.title or '(chưa có tên)'}")
        click.echo("  " + "; ".join(parts))
    if off:
        raise click.ClickException(f"{off} chỉ số lệch quá sai số cho phép.")


def _expected_for(expected: dict, base: str | None, file: str) -> dict:
    if not base:
        return {}
    relative = os.path.relpath(os.path.abspath(file), base).replace(os.sep, "/")
    return expected.get(relative) or {}
