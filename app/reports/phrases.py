"""The report's wording as data: every sentence the report generates is written from a phrase of
the outline (ReportTemplate.phrases), which the Office edits on "Đề cương báo cáo". A phrase is
text with placeholders in braces ("{co_quan} đã hoàn thành {so_hoan_thanh} nhiệm vụ"); each phrase
names the placeholders it may use, and the page lists them with what they hold.

A phrase is checked when it is saved (and again when it is used, for one stored before a change
of this list): an unknown placeholder, a brace left open or a placeholder with a format (``{x:>3}``,
``{x.y}``, ``{x[0]}``) is refused with a Vietnamese message naming it, so a report is never
half-written from a bad phrase.
"""
import json
import string
from dataclasses import dataclass

from ..errors import DomainError

PHRASE_LIMIT = 2000

# Placeholders shared by many phrases.
_COMMON = {
    "co_quan": "tên cơ quan báo cáo (Sở Công Thương)",
    "ky": "kỳ báo cáo (6 tháng đầu năm 2026)",
    "ngay": "ngày tính số liệu (14/06/2026)",
}
_RESULT = {
    "nhiem_vu": "tên nhiệm vụ",
    "don_vi": "đơn vị chủ trì",
    "ket_qua": "kết quả đơn vị báo cáo (đã duyệt), chữ đầu viết thường",
    "van_ban": "văn bản kiểm chứng, trong ngoặc: “ (Quyết định số 12/QĐ-SCT ngày 12/3/2026 của Sở Công Thương)”; "
               "trống nếu không có",
}

# A list the sentence may hold; without the placeholder, each item is a line of its own below it.
_IN_SENTENCE = "{} ghép trong câu; không dùng chỗ trống này thì mỗi mục một dòng dưới câu"


@dataclass(frozen=True)
class Phrase:
    label: str  # what it is for, on the page
    text: str  # the default wording
    fields: dict  # placeholder -> what it holds


PHRASES: dict[str, Phrase] = {
    # -- the opening
    "opening": Phrase(
        "Mở đầu", "Thực hiện {can_cu}, {co_quan} báo cáo kết quả thực hiện công tác cải cách hành chính {ky} "
        "(số liệu tính từ ngày {tu_ngay} đến ngày {den_ngay}) như sau:",
        {**_COMMON, "can_cu": "các kế hoạch thực hiện, theo số và ngày",
         "tu_ngay": "ngày đầu của số liệu", "den_ngay": "ngày cuối của số liệu"}),
    # -- I. chỉ đạo, điều hành
    "plan_issued": Phrase(
        "I. Kế hoạch ban hành trong kỳ",
        "{co_quan} đã ban hành {ke_hoach}, gồm {so_nhiem_vu} nhiệm vụ thuộc {so_linh_vuc} lĩnh vực, phân công cụ thể "
        "đơn vị chủ trì, đơn vị phối hợp, thời hạn hoàn thành và triển khai đến các phòng, đơn vị thuộc Sở.",
        {**_COMMON, "ke_hoach": "kế hoạch (số, ngày, trích yếu)", "so_nhiem_vu": "số nhiệm vụ trong kỳ",
         "so_linh_vuc": "số lĩnh vực"}),
    "plan_continued": Phrase(
        "I. Kế hoạch ban hành trước kỳ, tiếp tục thực hiện",
        "{co_quan} tiếp tục triển khai {ke_hoach}, với {so_nhiem_vu} nhiệm vụ thực hiện trong kỳ.",
        {**_COMMON, "ke_hoach": "kế hoạch (số, ngày, trích yếu)", "so_nhiem_vu": "số nhiệm vụ trong kỳ"}),
    "reporting": Phrase(
        "I. Các đơn vị báo cáo", "Văn phòng Sở tổ chức {cac_ky}; đến ngày {ngay}, {tinh_hinh}.",
        {**_COMMON, "cac_ky": "các kỳ báo cáo đã tổ chức trong năm (kỳ báo cáo quý I, 6 tháng đầu năm 2026)",
         "tinh_hinh": "tình hình gửi báo cáo, ghép từ ba câu dưới (bỏ phần bằng 0)"}),
    "reporting_on_time": Phrase("I. Đơn vị gửi đúng hạn", "{so} đơn vị gửi đủ báo cáo đúng hạn",
                                {"so": "số đơn vị gửi đủ báo cáo đúng hạn"}),
    "reporting_late": Phrase("I. Đơn vị gửi trễ hạn", "{so} đơn vị gửi trễ hạn ({danh_sach})",
                             {"so": "số đơn vị gửi đủ nhưng trễ hạn", "danh_sach": "các đơn vị"}),
    "reporting_missing": Phrase("I. Đơn vị chưa gửi đủ", "{so} đơn vị chưa gửi đủ báo cáo ({danh_sach})",
                                {"so": "số đơn vị chưa gửi đủ", "danh_sach": "các đơn vị"}),
    "reminders": Phrase(
        "I. Nhắc việc", "Văn phòng Sở đã gửi {so_luot_nhac} lượt nhắc việc đến các đơn vị chậm báo cáo.",
        {"so_luot_nhac": "số lượt đơn vị được nhắc việc trong năm, đến kỳ này"}),
    "returns": Phrase(
        "I. Báo cáo bị trả lại", "Lãnh đạo Sở đã trả lại {so_tra_lai} báo cáo nhiệm vụ để đơn vị bổ sung, hoàn thiện.",
        {"so_tra_lai": "số báo cáo nhiệm vụ bị trả lại trong kỳ"}),
    "overall": Phrase(
        "I. Kết quả chung",
        "Tính đến ngày {ngay}, trong tổng số {tong} nhiệm vụ cải cách hành chính, {co_quan} đã hoàn thành "
        "{so_hoan_thanh} nhiệm vụ (đạt {ty_le}%), trong đó {so_dung_han} nhiệm vụ hoàn thành đúng hạn; "
        "{so_dang_lam} nhiệm vụ đang triển khai.",
        {**_COMMON, "tong": "tổng số nhiệm vụ", "so_hoan_thanh": "số nhiệm vụ hoàn thành",
         "ty_le": "tỷ lệ hoàn thành (%)", "so_dung_han": "số nhiệm vụ hoàn thành đúng hạn",
         "so_dang_lam": "số nhiệm vụ đang thực hiện"}),
    "overall_none": Phrase(
        "I. Kết quả chung (chưa có nhiệm vụ hoàn thành)",
        "Tính đến ngày {ngay}, trong tổng số {tong} nhiệm vụ cải cách hành chính, chưa có nhiệm vụ hoàn thành; "
        "{so_dang_lam} nhiệm vụ đang triển khai.",
        {**_COMMON, "tong": "tổng số nhiệm vụ", "so_dang_lam": "số nhiệm vụ đang thực hiện"}),
    "overall_overdue": Phrase(
        "I. Nhiệm vụ quá hạn", "Có {so_qua_han} nhiệm vụ quá hạn chưa hoàn thành (tính đến ngày {ngay}).",
        {**_COMMON, "so_qua_han": "số nhiệm vụ quá hạn chưa hoàn thành"}),
    "topic": Phrase(
        "I. Đề mục nhóm việc chỉ đạo (kiểm tra, tuyên truyền, khảo sát)", "Về {chu_de}:",
        {"chu_de": "nhóm việc: công tác chỉ đạo, điều hành; công tác kiểm tra; thông tin, tuyên truyền; "
                   "khảo sát, đánh giá"}),
    # -- results (I and II)
    "result_done": Phrase(
        "Kết quả: nhiệm vụ hoàn thành", "{nhiem_vu}: {ket_qua}{van_ban}; hoàn thành ngày {ngay_hoan_thanh}.",
        {**_RESULT, "ngay_hoan_thanh": "ngày hoàn thành"}),
    "result_in_progress": Phrase(
        "Kết quả: nhiệm vụ đang thực hiện", "{nhiem_vu}: {ket_qua}{van_ban}; đến nay đạt khoảng {ty_le}% khối lượng.",
        {**_RESULT, "ty_le": "tỷ lệ đã làm (%)"}),
    "result_cannot": Phrase(
        "Kết quả: nhiệm vụ không thực hiện được", "{nhiem_vu}: {ket_qua}{van_ban}.", _RESULT),
    "area_done": Phrase(
        "II. Câu mở đầu lĩnh vực (khi có nhiệm vụ hoàn thành)",
        "Trong kỳ, đã hoàn thành {so_hoan_thanh} trong tổng số {tong} nhiệm vụ của lĩnh vực.",
        {"so_hoan_thanh": "số nhiệm vụ hoàn thành", "tong": "số nhiệm vụ của lĩnh vực",
         "so_dung_han": "số nhiệm vụ hoàn thành đúng hạn"}),
    "area_pending": Phrase(
        "II. Nhiệm vụ chưa có kết quả (một câu mỗi lĩnh vực)",
        "Có {so_nhiem_vu} nhiệm vụ chưa có kết quả trong kỳ, đang được đôn đốc thực hiện (chi tiết tại phụ lục "
        "“{phu_luc}”).",
        {"so_nhiem_vu": "số nhiệm vụ chưa có kết quả được duyệt",
         "phu_luc": "tên phụ lục (trang tính Excel) liệt kê các nhiệm vụ này: Việc chưa có kết quả"}),
    "area_empty": Phrase(
        "II. Lĩnh vực chưa có kết quả", "Các nhiệm vụ của lĩnh vực đang được triển khai theo kế hoạch.", {}),
    "target_met": Phrase(
        "Chỉ tiêu đạt (bằng số)", "{chi_tieu}: đạt {ket_qua}, {so_sanh}.",
        {"chi_tieu": "tên chỉ tiêu", "ket_qua": "kết quả",
         "so_sanh": "“vượt chỉ tiêu 95%” hoặc “hoàn thành chỉ tiêu”", "muc_tieu": "mức chỉ tiêu"}),
    "target_not_met": Phrase(
        "Chỉ tiêu chưa đạt (bằng số)", "{chi_tieu}: đạt {ket_qua}, chưa đạt chỉ tiêu {muc_tieu}.",
        {"chi_tieu": "tên chỉ tiêu", "ket_qua": "kết quả", "muc_tieu": "mức chỉ tiêu"}),
    "target_yes": Phrase("Chỉ tiêu Có/Không đã đạt", "{chi_tieu}: đã hoàn thành.", {"chi_tieu": "tên chỉ tiêu"}),
    "target_no": Phrase("Chỉ tiêu Có/Không chưa đạt", "{chi_tieu}: chưa hoàn thành.", {"chi_tieu": "tên chỉ tiêu"}),
    "target_text": Phrase(
        "Chỉ tiêu không đo bằng số", "{chi_tieu}: {ket_qua}.", {"chi_tieu": "tên chỉ tiêu", "ket_qua": "kết quả"}),
    # -- III. đánh giá chung
    "strength_general": Phrase(
        "III. Ưu điểm: chỉ đạo", "Công tác cải cách hành chính được Lãnh đạo Sở quan tâm chỉ đạo; {so_nhiem_vu} "
        "nhiệm vụ được phân công cụ thể đến {so_don_vi} đơn vị, có thời hạn và sản phẩm rõ ràng.",
        {"so_nhiem_vu": "tổng số nhiệm vụ", "so_don_vi": "số đơn vị chủ trì"}),
    "strength_on_time": Phrase(
        "III. Ưu điểm: hoàn thành đúng hạn", "{so_dung_han} nhiệm vụ hoàn thành đúng thời hạn, {so_dang_lam} nhiệm vụ "
        "đang được triển khai theo kế hoạch.",
        {"so_dung_han": "số nhiệm vụ hoàn thành đúng hạn", "so_dang_lam": "số nhiệm vụ đang thực hiện"}),
    "strength_targets": Phrase(
        "III. Ưu điểm: chỉ tiêu đạt", "{so_dat}/{so_co_so_lieu} chỉ tiêu có số liệu đạt hoặc vượt kế hoạch.",
        {"so_dat": "số chỉ tiêu đạt", "so_co_so_lieu": "số chỉ tiêu có số liệu"}),
    "strength_reporting": Phrase(
        "III. Ưu điểm: báo cáo đúng hạn", "{so_dung_han} đơn vị gửi đủ báo cáo đúng hạn.",
        {"so_dung_han": "số đơn vị gửi đủ báo cáo đúng hạn"}),
    "weakness_overdue": Phrase(
        "III. Hạn chế: quá hạn", "Còn {so_qua_han} nhiệm vụ quá hạn chưa hoàn thành, gồm:",
        {"so_qua_han": "số nhiệm vụ quá hạn", "danh_sach": _IN_SENTENCE.format("các nhiệm vụ (đơn vị, hạn)")}),
    "weakness_targets": Phrase(
        "III. Hạn chế: chỉ tiêu chưa đạt", "{so_chua_dat} chỉ tiêu chưa đạt kế hoạch, gồm:",
        {"so_chua_dat": "số chỉ tiêu chưa đạt",
         "danh_sach": _IN_SENTENCE.format("các chỉ tiêu (kết quả / chỉ tiêu)")}),
    "weakness_reports": Phrase(
        "III. Hạn chế: báo cáo chậm", "Một số đơn vị gửi báo cáo trễ hạn hoặc chưa gửi đủ ({danh_sach}).",
        {"danh_sach": "các đơn vị"}),
    "weakness_returned": Phrase(
        "III. Hạn chế: báo cáo bị trả lại", "{so_tra_lai} báo cáo nhiệm vụ phải trả lại để bổ sung, hoàn thiện.",
        {"so_tra_lai": "số báo cáo bị trả lại"}),
    "weakness_none": Phrase(
        "III. Hạn chế: không có", "Chưa ghi nhận nhiệm vụ quá hạn hay chỉ tiêu chưa đạt trong kỳ.", {}),
    "cause_objective": Phrase(
        "III. Nguyên nhân khách quan (mỗi nhóm khó khăn)", "Về {chu_de}: {noi_dung} ({don_vi}).",
        {"chu_de": "nhóm khó khăn (nhân lực; kinh phí; hạ tầng, phần mềm; văn bản hướng dẫn; phối hợp; khác)",
         "noi_dung": "khó khăn các đơn vị nêu", "don_vi": "các đơn vị nêu"}),
    "cause_objective_none": Phrase(
        "III. Nguyên nhân khách quan: không có", "Các đơn vị chưa nêu khó khăn, vướng mắc khách quan trong kỳ.", {}),
    "cause_subjective": Phrase(
        "III. Nguyên nhân chủ quan", "Một số đơn vị chưa bố trí hợp lý thời gian, nhân lực để hoàn thành nhiệm vụ và "
        "báo cáo đúng hạn; việc theo dõi, đôn đốc của đơn vị chủ trì có lúc chưa thường xuyên.", {}),
    "cause_subjective_none": Phrase(
        "III. Nguyên nhân chủ quan: không có", "Chưa ghi nhận nguyên nhân chủ quan đáng kể trong kỳ.", {}),
    # -- IV. phương hướng
    "next_intro": Phrase(
        "IV. Câu mở đầu", "Tiếp tục triển khai đồng bộ các nhiệm vụ cải cách hành chính theo kế hoạch; tập trung "
        "vào các nhiệm vụ trọng tâm sau ({ky_toi}):", {"ky_toi": "kỳ tới và thời gian của nó"}),
    "next_area": Phrase(
        "IV. Nhiệm vụ kỳ tới của một lĩnh vực", "Về {linh_vuc}:",
        {"linh_vuc": "tên lĩnh vực, chữ đầu viết thường",
         "danh_sach": _IN_SENTENCE.format("các nhiệm vụ (đơn vị, hạn)")}),
    "next_none": Phrase(
        "IV. Không còn nhiệm vụ có thời hạn", "Duy trì thực hiện thường xuyên các nhiệm vụ định kỳ theo kế hoạch.", {}),
    # -- V. đề xuất
    "proposal": Phrase(
        "V. Một đề xuất, kiến nghị", "{noi_dung} ({don_vi}).",
        {"noi_dung": "đề xuất (các đề xuất gần giống nhau gộp làm một)", "don_vi": "các đơn vị đề xuất"}),
    "proposal_none": Phrase("V. Không có đề xuất", "Không có.", {}),
    # -- the closing line
    "closing": Phrase(
        "Câu kết", "Trên đây là báo cáo kết quả thực hiện công tác cải cách hành chính {ky} của {co_quan}./.",
        _COMMON),
}


class WordingError(DomainError):
    """A stored phrase that cannot be written (refused before any of the report is written)."""


class Wording:
    """The phrases of one outline (the stored ones over the defaults), rendered with their values."""

    def __init__(self, stored: dict | None = None):
        self.texts = {key: phrase.text for key, phrase in PHRASES.items()}
        self.texts.update({k: v for k, v in (stored or {}).items() if k in PHRASES and isinstance(v, str)})

    def uses(self, key: str, name: str) -> bool:
        """Whether the phrase has the placeholder ``name``."""
        check(key, self.texts[key])
        return any(field == name for _literal, field, _spec, _conv in string.Formatter().parse(self.texts[key]))

    def __call__(self, key: str, **values) -> str:
        text = self.texts[key]
        check(key, text)
        return text.format_map({name: values.get(name, "") for name in PHRASES[key].fields})


def check(key: str, text: str) -> None:
    """Refuse a phrase with a placeholder the phrase does not know, or broken braces, naming it."""
    label = PHRASES[key].label
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError:
        raise DomainError(fields={key: f"Câu “{label}”: dấu ngoặc {{ }} chưa đóng hoặc thừa; "
                                       "viết {{ }} quanh tên một chỗ trống, ví dụ {co_quan}."}) from None
    for _literal, name, spec, conversion in parsed:
        if name is None:
            continue
        if name not in PHRASES[key].fields or spec or conversion:
            known = ", ".join("{" + n + "}" for n in PHRASES[key].fields) or "không có chỗ trống nào"
            shown = name + (f":{spec}" if spec else "")
            raise WordingError(fields={key: f"Câu “{label}”: không có chỗ trống {{{shown}}}; "
                                           f"câu này dùng được: {known}."})


def parse_stored(raw: str | None) -> dict:
    """The phrases stored on an outline (JSON), or none."""
    try:
        data = json.loads(raw or "{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def validated(values: dict) -> dict:
    """The phrases as typed, each checked (every error at once, by phrase)."""
    fields, clean = {}, {}
    for key in PHRASES:
        text = " ".join((values.get(key) or "").split())
        if not text:
            fields[key] = f"Câu “{PHRASES[key].label}” không được để trống."
            continue
        if len(text) > PHRASE_LIMIT:
            fields[key] = f"Tối đa {PHRASE_LIMIT} ký tự."
            continue
        try:
            check(key, text)
        except DomainError as exc:
            fields.update(exc.fields)
            continue
        clean[key] = text
    if fields:
        raise DomainError(fields=fields)
    return clean


def defaults_json() -> str:
    return json.dumps({key: phrase.text for key, phrase in PHRASES.items()}, ensure_ascii=False)
