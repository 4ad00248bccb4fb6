// The little behaviour htmx does not give for free. No inline scripts: the page runs under a CSP.
(function () {
  "use strict";

  function toast(message) {
    var box = document.getElementById("toast");
    if (!box) return;
    box.textContent = message;
    box.hidden = false;
    clearTimeout(box._timer);
    box._timer = setTimeout(function () { box.hidden = true; }, 8000);
  }

  function textOf(html) {
    var doc = new DOMParser().parseFromString(html || "", "text/html");
    var main = doc.querySelector("[data-error-message]") || doc.body;
    return (main.textContent || "").replace(/\s+/g, " ").trim();
  }

  // A refused or failed htmx request: say so, and leave the page (and what was typed) as it was.
  document.addEventListener("htmx:responseError", function (evt) {
    var xhr = evt.detail.xhr;
    var text = textOf(xhr.responseText);
    toast(text || ("Không thực hiện được thao tác (mã lỗi " + xhr.status + ")."));
  });
  document.addEventListener("htmx:sendError", function () {
    toast("Không kết nối được tới máy chủ. Nội dung bạn nhập vẫn còn trên trang, hãy thử lại.");
  });

  document.addEventListener("click", function (evt) {
    var target = evt.target instanceof Element ? evt.target : null;
    if (!target) return;
    // "Hủy" on a form for a new row: drop the row, no request needed.
    var cancel = target.closest("[data-cancel-new]");
    if (cancel) {
      evt.preventDefault();
      var row = cancel.closest("[data-new-row]");
      if (row) row.remove();
      return;
    }
    var closeToast = target.closest("#toast");
    if (closeToast) closeToast.hidden = true;
  });

  // A plain form that asks first (htmx requests use hx-confirm).
  document.addEventListener("submit", function (evt) {
    var form = evt.target;
    var message = form.getAttribute && form.getAttribute("data-confirm");
    if (message && !window.confirm(message)) evt.preventDefault();
  });

  // Plan form: show the year or the from–to years depending on the kind of plan.
  function syncPlanKind(select) {
    var form = select.form;
    if (!form) return;
    var programme = select.value === "programme";
    form.querySelectorAll("[data-kind-programme]").forEach(function (el) { el.hidden = !programme; });
    form.querySelectorAll("[data-kind-year]").forEach(function (el) { el.hidden = programme; });
  }
  function init(root) {
    root.querySelectorAll("select[data-plan-kind]").forEach(syncPlanKind);
  }
  document.addEventListener("change", function (evt) {
    if (evt.target.matches && evt.target.matches("select[data-plan-kind]")) syncPlanKind(evt.target);
  });
  document.addEventListener("DOMContentLoaded", function () { init(document); });
  document.addEventListener("htmx:load", function (evt) { init(evt.detail.elt); });
})();

// Plan import: show how much of the document has been sent while it uploads.
document.addEventListener("htmx:xhr:progress", function (evt) {
  var bar = document.getElementById("upload-progress");
  if (bar && evt.detail && evt.detail.total) bar.value = Math.round((evt.detail.loaded / evt.detail.total) * 100);
});
