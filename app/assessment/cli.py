"""flask index pack --year YYYY FILE.zip: the year's evidence pack, the same ZIP as the download."""
import os

import click
from flask.cli import AppGroup
from sqlalchemy import select

from ..extensions import db
from ..formatting import utcnow
from ..storage import storage
from .models import IndexYear
from .pack import plan_pack, stream_pack

index_cli = AppGroup("index", help="Chỉ số CCHC: hồ sơ tài liệu kiểm chứng.")


@index_cli.command("pack")
@click.option("--year", type=int, required=True, help="Năm của bộ Chỉ số CCHC.")
@click.argument("path", type=click.Path(dir_okay=False, writable=True))
def pack_command(year, path):
    """Ghi hồ sơ tài liệu kiểm chứng của một năm ra tệp ZIP (như tệp tải về trên trang)."""
    index_year = db.session.scalar(select(IndexYear).where(IndexYear.year == year))
    if index_year is None:
        raise click.ClickException(f"Chưa có bộ Chỉ số CCHC năm {year}.")
    plan = plan_pack(index_year)
    db.session.rollback()  # nothing is written: the stream reads only the store
    partial = f"{path}.part"
    try:
        with open(partial, "wb") as handle:
            for chunk in stream_pack(plan, storage(), utcnow()):
                handle.write(chunk)
        os.replace(partial, path)
    except BaseException:
        if os.path.exists(partial):
            os.remove(partial)
        raise
    click.echo(f"Đã ghi {path}: {len(plan.files)} tệp tài liệu kiểm chứng.")
