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
    var toggle = target.closest("[data-menu-toggle]");
    if (toggle) setMenu(toggle, toggle.getAttribute("aria-expanded") !== "true");
  });

  // The phone header's "Danh mục" button (base.html): opens and closes the links; Escape closes.
  function setMenu(toggle, open) {
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
    var header = toggle.closest(".site-header");
    if (header) header.classList.toggle("menu-open", open);
  }
  document.addEventListener("keydown", function (evt) {
    if (evt.key !== "Escape") return;
    var toggle = document.querySelector("[data-menu-toggle][aria-expanded=true]");
    if (!toggle) return;
    var inMenu = toggle.closest(".site-header").contains(document.activeElement);
    setMenu(toggle, false);
    if (inMenu) toggle.focus();
  });

  // Keyboard: a swap in a checklist entry never drops the focus to the page. htmx gives it back to an
  // element with the same id; when the element that asked is gone (the "Báo cáo kỳ này" button replaced
  // by the entry panel, "Gửi duyệt", "Đóng"), the focus goes into what replaced it: the first invalid
  // field, else the first field, else the panel itself, else its first button or link.
  var FIELDS = "input:not([type=hidden]):not([disabled]), select:not([disabled]), textarea:not([disabled])";
  var FOCUSABLE = "button:not([disabled]), a[href], summary, [tabindex]:not([tabindex='-1'])";
  function focusInto(root) {
    var el = root.querySelector("[aria-invalid=true]") || root.querySelector(FIELDS);
    if (el && el.type === "radio" && el.name) {
      var checked = root.querySelector("input[type=radio][name='" + el.name + "']:checked");
      if (checked) el = checked;
    }
    el = el || root.querySelector("[tabindex='-1']") || root.querySelector(FOCUSABLE);
    if (el) el.focus();
  }
  document.addEventListener("htmx:afterSettle", function (evt) {
    var asker = evt.detail.requestConfig && evt.detail.requestConfig.elt, root = evt.target;
    var lost = !document.activeElement || document.activeElement === document.body;
    if (!lost || !(root instanceof Element) || !root.isConnected || !asker || asker.isConnected) return;
    if (root.matches(".entry-head")) return;  // sent out of band with the evidence section (the first upload)
    if (root.matches(".entry-slot") || root.closest(".entry-panel") || root.querySelector(".entry-panel")) {
      focusInto(root);
    }
  });

  // Index screen: the reply to a change on a criterion's card marks its score field (data-refocus), which
  // takes the focus once htmx has made the card live (htmx:load comes after its forms are wired), and only
  // if the focus was lost with the element that asked. Not the autofocus attribute: the browser acts on it
  // as soon as the card is inserted, before htmx wires it (a settle later, longer on a busy machine), so a
  // quick typist's Enter sent the form without htmx, and htmx's own focus at the settle pulled the caret
  // back into the score field in the middle of the note.
  document.addEventListener("htmx:load", function (evt) {
    var root = evt.target, lost = !document.activeElement || document.activeElement === document.body;
    var field = lost && root instanceof Element && root.querySelector("[data-refocus]");
    if (field) field.focus();
  });

  // Import review: a row's editor is fetched on demand ("Sửa"); it opens with the focus on its first field.
  // Escape or "Đóng" closes it (a text still being typed is saved first) and the focus goes back to the
  // row's "Sửa".
  var closeAfterSave = null;
  function closeRow(row) {
    var close = row.querySelector("[data-line-close]");
    if (close) close.click();
  }
  document.addEventListener("htmx:afterSettle", function (evt) {
    var row = evt.target;
    if (!(row instanceof Element) || !row.matches("li.import-line") || !row.isConnected) return;
    if (closeAfterSave === row.id) {
      closeAfterSave = null;
      if (evt.detail.xhr && evt.detail.xhr.status === 200) closeRow(row);
      return;
    }
    var asker = evt.detail.requestConfig && evt.detail.requestConfig.elt;
    if (!asker || asker.isConnected) return;
    if (asker.matches("[data-line-edit]")) focusInto(row.querySelector("form") || row);
    else if (asker.matches("[data-line-close]")) {
      var edit = row.querySelector("[data-line-edit]");
      if (edit) edit.focus();
    }
  });
  document.addEventListener("keydown", function (evt) {
    if (evt.key !== "Escape" || !evt.target.closest) return;
    var row = evt.target.closest("li.import-line");
    if (!row || !row.querySelector("[data-line-close]")) return;
    evt.preventDefault();
    var field = evt.target;
    if ((field.tagName === "TEXTAREA" || field.tagName === "INPUT") && field.type !== "checkbox" &&
        !field.classList.contains("pick-search") && field.value !== field.defaultValue) {
      closeAfterSave = row.id;  // the change event saves it; the row closes once saved
      field.blur();
      return;
    }
    closeRow(row);
  });

  // A <details data-keep-open> redrawn by a swap stays as the person left it: open if it was open (the import
  // summary's list of unmatched unit names, redrawn after each change on the review page). By its id.
  var keptOpen = [];
  document.addEventListener("htmx:beforeSwap", function (evt) {
    var target = evt.detail.target;
    if (!(target instanceof Element)) return;
    var open = Array.prototype.slice.call(target.querySelectorAll("details[data-keep-open][id][open]"));
    if (target.matches("details[data-keep-open][id][open]")) open.push(target);
    keptOpen = open.map(function (details) { return details.id; });
  });
  document.addEventListener("htmx:afterSwap", function () {
    keptOpen.forEach(function (id) {
      var details = document.getElementById(id);
      if (details && details.tagName === "DETAILS") details.open = true;
    });
    keptOpen = [];
  });

  // Approval queue: once a card is decided (its card swapped for a line saying so), the focus goes to the
  // next card still waiting (else the one before it, else the count), so a supervisor goes on from there.
  document.addEventListener("htmx:afterSettle", function (evt) {
    var done = evt.target;
    if (!(done instanceof Element) || !done.matches(".approval-card[data-decided]")) return;
    var waiting = Array.prototype.slice.call(document.querySelectorAll(".approval-card"));
    var at = waiting.indexOf(done), next = null;
    for (var i = at + 1; i < waiting.length && !next; i++) if (!waiting[i].hasAttribute("data-decided")) next = waiting[i];
    for (var j = at - 1; j >= 0 && !next; j--) if (!waiting[j].hasAttribute("data-decided")) next = waiting[j];
    (next || document.getElementById("approval-count") || done).focus();
  });

  // Approval queue: a PDF or an image of a card opens in the page's <dialog id="evidence-viewer"> (a frame or a
  // picture of the app's own /evidence/<id>/view); Escape or "Đóng" closes it, the focus goes back to the link.
  var viewerLink = null;
  document.addEventListener("click", function (evt) {
    var link = evt.target.closest && evt.target.closest("a[data-viewer]");
    var dialog = document.getElementById("evidence-viewer");
    if (!link || !dialog || evt.ctrlKey || evt.metaKey || evt.shiftKey) return;
    evt.preventDefault();
    var body = dialog.querySelector(".viewer-body"), title = (link.textContent || "").trim();
    var shown = document.createElement(link.getAttribute("data-viewer") === "pdf" ? "iframe" : "img");
    shown.src = link.href;
    if (shown.tagName === "IMG") shown.alt = title; else shown.title = title;
    body.replaceChildren(shown);
    dialog.querySelector("h2").textContent = title;
    dialog.querySelector(".viewer-open").href = link.href;
    viewerLink = link;
    dialog.showModal();
    dialog.querySelector("[data-close-viewer]").focus();
  });
  document.addEventListener("click", function (evt) {
    var close = evt.target.closest && evt.target.closest("[data-close-viewer]");
    if (close) close.closest("dialog").close();
  });
  document.addEventListener("close", function (evt) {
    if (evt.target.id !== "evidence-viewer") return;
    evt.target.querySelector(".viewer-body").replaceChildren();
    if (viewerLink && viewerLink.isConnected) viewerLink.focus();
    viewerLink = null;
  }, true);

  // "Chọn tất cả": a checkbox [data-select-all=<form id>] checks or clears every box sent with that form.
  document.addEventListener("change", function (evt) {
    var all = evt.target.closest && evt.target.closest("[data-select-all]");
    if (!all) return;
    document.querySelectorAll("input[type=checkbox][form='" + all.getAttribute("data-select-all") + "']").forEach(function (box) {
      box.checked = all.checked;
    });
  });

  // One polite live region (base.html #announcer, role=status) reads out what a swap says in [data-announce]:
  // the attribute's sentence ("Đang hiện 12 nhiệm vụ."), else the element's text ("Đã lưu lúc 09:41"). A live
  // region inserted together with its text is often not read, and a live list would be read out whole.
  function announce(text) {
    var box = document.getElementById("announcer");
    if (!box || !text) return;
    box.textContent = "";
    setTimeout(function () { box.textContent = text; }, 100);
  }
  document.addEventListener("htmx:afterSettle", function (evt) {
    var root = evt.target;
    if (!(root instanceof Element)) return;
    var el = root.matches("[data-announce]") ? root : root.querySelector("[data-announce]");
    if (el) announce((el.getAttribute("data-announce") || el.textContent || "").replace(/\s+/g, " ").trim());
  });

  // A plain form that asks first (htmx requests use hx-confirm).
  document.addEventListener("submit", function (evt) {
    var form = evt.target;
    var message = form.getAttribute && form.getAttribute("data-confirm");
    if (message && !window.confirm(message)) evt.preventDefault();
  });

  // Evidence upload (progress/_evidence.html): files dropped on the zone go to its file input;
  // sizes are checked before anything is sent; a progress bar follows the upload.
  function dropzoneOf(evt) {
    return evt.target instanceof Element ? evt.target.closest("[data-dropzone]") : null;
  }
  function isUploadForm(el) {
    return el instanceof Element && el.matches("form.evidence-upload");
  }
  function uploadStatus(form, text, percent) {
    var box = form.querySelector("[data-upload-status]");
    if (!box) return;
    box.hidden = text === null;
    var bar = box.querySelector("progress");
    if (bar && percent !== undefined) bar.value = percent;
    var label = box.querySelector("[data-upload-text]");
    if (label) label.textContent = text || "";
  }
  function uploadProblem(form) {
    var input = form.querySelector("input[type=file]");
    var files = input ? input.files : [];
    var maxFile = Number(form.dataset.maxFile), maxRequest = Number(form.dataset.maxRequest);
    var maxFiles = Number(form.dataset.maxFiles), total = 0;
    if (!files.length) return "Hãy chọn ít nhất một tệp để tải lên.";
    if (maxFiles && files.length > maxFiles) return "Mỗi lần tải lên tối đa " + maxFiles + " tệp.";
    for (var i = 0; i < files.length; i++) {
      if (maxFile && files[i].size > maxFile) {
        return "Tệp “" + files[i].name + "” vượt quá dung lượng cho phép: mỗi tệp tối đa " + form.dataset.maxFileMb + " MB.";
      }
      total += files[i].size;
    }
    if (maxRequest && total > maxRequest - 256 * 1024) {
      return "Các tệp chọn cùng lúc quá lớn để gửi một lần (tổng " + (total / 1048576).toFixed(1).replace(".", ",") +
        " MB): hãy tải lên từng tệp một.";
    }
    return "";
  }
  document.addEventListener("dragover", function (evt) {
    var zone = dropzoneOf(evt);
    if (!zone) return;
    evt.preventDefault();
    zone.classList.add("dragover");
  });
  document.addEventListener("dragleave", function (evt) {
    var zone = dropzoneOf(evt);
    if (zone && !zone.contains(evt.relatedTarget)) zone.classList.remove("dragover");
  });
  document.addEventListener("drop", function (evt) {
    var zone = dropzoneOf(evt);
    if (!zone) return;
    evt.preventDefault();
    zone.classList.remove("dragover");
    var input = zone.querySelector("input[type=file]");
    if (!input || input.disabled || !evt.dataTransfer || !evt.dataTransfer.files.length) return;
    input.files = evt.dataTransfer.files;
    input.dispatchEvent(new Event("change", { bubbles: true }));
  });
  // The file picker (macros/ui.html file_picker) says in Vietnamese what was chosen.
  function showChosen(input) {
    var zone = input.closest("[data-dropzone]");
    var box = zone && zone.querySelector("[data-file-chosen]");
    if (!box) return;
    var names = Array.prototype.map.call(input.files || [], function (f) { return f.name; });
    box.textContent = !names.length ? "Chưa chọn tệp nào"
      : names.length === 1 ? "Đã chọn: " + names[0]
      : "Đã chọn " + names.length + " tệp: " + names.join(", ");
  }
  document.addEventListener("change", function (evt) {
    if (evt.target.matches && evt.target.matches("[data-dropzone] input[type=file]")) showChosen(evt.target);
  });
  document.addEventListener("reset", function (evt) {
    var form = evt.target;
    setTimeout(function () {  // after the browser has emptied the inputs
      form.querySelectorAll("[data-dropzone] input[type=file]").forEach(showChosen);
    });
  });
  document.addEventListener("htmx:beforeRequest", function (evt) {
    var form = evt.detail.elt;
    if (!isUploadForm(form)) return;
    var problem = uploadProblem(form);
    if (problem) {
      evt.preventDefault();
      form.reset();
      uploadStatus(form, null);
      toast(problem);
      return;
    }
    uploadStatus(form, "Đang tải lên… 0%", 0);
  });
  document.addEventListener("htmx:xhr:progress", function (evt) {
    var form = evt.target;
    if (!isUploadForm(form) || !evt.detail.lengthComputable || !evt.detail.total) return;
    var percent = Math.min(100, Math.round(evt.detail.loaded / evt.detail.total * 100));
    uploadStatus(form, percent < 100 ? "Đang tải lên… " + percent + "%" : "Đang kiểm tra tệp…", percent);
  });
  document.addEventListener("htmx:afterRequest", function (evt) {
    var form = evt.detail.elt;
    if (isUploadForm(form) && form.isConnected && evt.detail.failed) {
      form.reset();
      uploadStatus(form, null);
    }
  });

  // Plan form: show the year or the from–to years depending on the kind of plan.
  function syncPlanKind(select) {
    var form = select.form;
    if (!form) return;
    var programme = select.value === "programme";
    form.querySelectorAll("[data-kind-programme]").forEach(function (el) { el.hidden = !programme; });
    form.querySelectorAll("[data-kind-year]").forEach(function (el) { el.hidden = programme; });
  }
  // Searchable checkbox lists (macros/ui.html checkbox_list): a long list of real checkboxes gets a search
  // box (diacritics ignored, as the app's search: every word must match the name or the short name), the
  // chosen items as chips that unchoose, and a scroll box. The checkboxes stay the form's control.
  var PICK_MIN = 7;  // shorter lists (the five roles) stay plain checkboxes
  var pickQueries = {};  // a list's search text kept across an htmx swap of its form (the import preview)
  function fold(text) {
    return (text || "").replace(/[đĐð]/g, "d").replace(/[ƣƢ]/g, "u").normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/\s+/g, " ").trim();
  }
  function pickBoxes(set) { return set.querySelectorAll(".pick-options input[type=checkbox]"); }
  function pickLabel(box) { return (box.closest("label").textContent || "").replace(/\s+/g, " ").trim(); }
  function pickFilter(set) {
    var terms = fold(set.querySelector(".pick-search").value).split(" ").filter(Boolean), shown = 0;
    pickBoxes(set).forEach(function (box) {
      var hay = fold(pickLabel(box) + " " + (box.getAttribute("data-abbr") || ""));
      var match = terms.every(function (t) { return hay.indexOf(t) >= 0; });
      box.closest("label").hidden = !match;
      if (match) shown++;
    });
    var count = set.querySelector(".pick-count");
    count.textContent = terms.length ? (shown ? shown + " kết quả" : "Không có kết quả") : "";
  }
  function pickChips(set) {
    var list = set.querySelector(".pick-chips");
    list.textContent = "";
    pickBoxes(set).forEach(function (box) {
      if (!box.checked) return;
      var li = document.createElement("li"), chip = document.createElement("button");
      chip.type = "button";
      chip.className = "chip";
      chip.setAttribute("data-pick-value", box.value);
      chip.title = pickLabel(box);
      var text = document.createElement("span"), x = document.createElement("span");
      text.className = "chip-text";
      text.textContent = box.getAttribute("data-abbr") || pickLabel(box);
      x.setAttribute("aria-hidden", "true");
      x.textContent = "×";
      chip.append(text, x);
      chip.setAttribute("aria-label", "Bỏ chọn " + text.textContent);  // the full name is its title
      li.appendChild(chip);
      list.appendChild(li);
    });
    list.hidden = !list.children.length;
  }
  function enhancePick(set) {
    if (set.classList.contains("pick-enhanced") || pickBoxes(set).length < PICK_MIN) return;
    var legend = set.querySelector("legend");
    var name = legend ? legend.textContent.trim() : "";
    var tools = document.createElement("div");
    tools.className = "pick-tools";
    var search = document.createElement("input");
    search.type = "search";
    search.className = "pick-search";
    search.autocomplete = "off";
    search.placeholder = "Tìm theo tên hoặc tên viết tắt";
    search.setAttribute("aria-label", "Tìm trong danh sách " + name);
    if (set.id) search.id = set.id + "-search";
    var count = document.createElement("small");
    count.className = "pick-count muted";
    count.setAttribute("aria-live", "polite");
    var chips = document.createElement("ul");
    chips.className = "pick-chips";
    chips.setAttribute("aria-label", "Đã chọn: " + name);
    tools.append(search, count);
    set.insertBefore(chips, set.querySelector(".pick-options"));
    set.insertBefore(tools, chips);
    set.classList.add("pick-enhanced");
    if (set.id && pickQueries[set.id]) {
      search.value = pickQueries[set.id];
      delete pickQueries[set.id];
    }
    pickFilter(set);
    pickChips(set);
  }
  document.addEventListener("input", function (evt) {
    if (evt.target.matches && evt.target.matches(".pick-search")) pickFilter(evt.target.closest("[data-pick]"));
  });
  document.addEventListener("change", function (evt) {
    var el = evt.target;
    if (!el.matches) return;
    if (el.matches(".pick-search")) {  // the search box is no form field: its change sends nothing
      evt.stopPropagation();
      return;
    }
    if (el.matches(".pick-enhanced .pick-options input[type=checkbox]")) pickChips(el.closest("[data-pick]"));
  }, true);
  document.addEventListener("keydown", function (evt) {
    var el = evt.target;
    if (!el.matches || !el.matches(".pick-search")) return;
    var set = el.closest("[data-pick]");
    if (evt.key === "Enter") {  // never submits the form around the list
      evt.preventDefault();
    } else if (evt.key === "Escape" && el.value) {
      evt.preventDefault();
      el.value = "";
      pickFilter(set);
    } else if (evt.key === "ArrowDown") {
      var first = Array.prototype.find.call(pickBoxes(set), function (b) { return !b.closest("label").hidden; });
      if (first) { evt.preventDefault(); first.focus(); }
    }
  });
  document.addEventListener("click", function (evt) {
    var chip = evt.target instanceof Element ? evt.target.closest(".pick-chips .chip") : null;
    if (!chip) return;
    var set = chip.closest("[data-pick]");
    var box = Array.prototype.find.call(pickBoxes(set), function (b) { return b.value === chip.getAttribute("data-pick-value"); });
    if (!box) return;
    box.focus();  // the focus stays in the list (htmx gives it back to the checkbox if the form is swapped)
    box.checked = false;
    box.dispatchEvent(new Event("change", { bubbles: true }));
  });
  document.addEventListener("htmx:beforeSwap", function (evt) {
    var target = evt.detail.target;
    if (!(target instanceof Element)) return;
    target.querySelectorAll(".pick-search").forEach(function (search) {
      var set = search.closest("[data-pick]");
      if (search.value && set.id) pickQueries[set.id] = search.value;
    });
  });

  function init(root) {
    root.querySelectorAll("select[data-plan-kind]").forEach(syncPlanKind);
    if (root.matches && root.matches("[data-pick]")) enhancePick(root);
    root.querySelectorAll("[data-pick]").forEach(enhancePick);
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

// Nothing typed is lost. A form marked data-unsaved-guard (a task's entry, a cooperating unit's part) asks
// before what was typed in it is thrown away: by closing its panel, by opening another task's panel (one
// panel is open at a time), by any other request that would replace it (a filter, a page of the list), by
// leaving or reloading the page. A form the server gave back as typed (a refused save: data-typed) counts
// as unsaved until it is saved.
(function () {
  "use strict";

  var QUESTION = "Nội dung bạn vừa nhập chưa được lưu. Bỏ các thay đổi đó?";

  function guarded(root) {
    var forms = Array.prototype.slice.call(root.querySelectorAll ? root.querySelectorAll("form[data-unsaved-guard]") : []);
    if (root.matches && root.matches("form[data-unsaved-guard]")) forms.push(root);
    return forms;
  }
  function snapshot(form) {
    var data = new FormData(form);
    data.delete("version");  // not typed: the server moves it on (below)
    return new URLSearchParams(data).toString();
  }
  function remember(root) {
    guarded(root).forEach(function (form) { form._saved = snapshot(form); });
  }
  function unsaved(form) {
    return form.isConnected && !form._discarded &&
      (form.hasAttribute("data-typed") || (form._saved !== undefined && snapshot(form) !== form._saved));
  }
  function replaces(elt) {
    var holder = elt.closest ? elt.closest("[hx-swap]") : null;
    var swap = holder ? holder.getAttribute("hx-swap").trim().split(/\s+/)[0] : "innerHTML";
    return swap === "innerHTML" || swap === "outerHTML";
  }
  function openedSlots(except) {
    return Array.prototype.filter.call(document.querySelectorAll(".entry-slot"), function (slot) {
      return slot !== except && slot.querySelector(".entry-panel");
    });
  }

  document.addEventListener("DOMContentLoaded", function () { remember(document); });
  document.addEventListener("htmx:load", function (evt) { remember(evt.detail.elt); });

  document.addEventListener("htmx:confirm", function (evt) {
    var detail = evt.detail, elt = detail.elt, target = detail.target;
    if (!(elt instanceof Element)) return;
    var own = elt.closest("form[data-unsaved-guard]");
    var saving = own && detail.verb !== "get";  // "Lưu nháp", "Gửi duyệt": the form saves itself
    var lost = [];
    if (target instanceof Element && replaces(elt)) {
      lost = guarded(target).filter(function (form) { return unsaved(form) && !(saving && form === own); });
    }
    var opening = target instanceof Element && target.matches(".entry-slot") && detail.verb === "get" &&
      target.contains(elt) && !elt.closest(".entry-panel");  // a row's button that opens its panel
    if (opening) {
      openedSlots(target).forEach(function (slot) { lost = lost.concat(guarded(slot).filter(unsaved)); });
    }
    if (!lost.length) return;
    evt.preventDefault();
    if (window.confirm(QUESTION)) {
      lost.forEach(function (form) { form._discarded = true; });
      detail.issueRequest();
    }
  });

  // A task's panel opened: the one open before closes (its unsaved edits were asked about above).
  document.addEventListener("htmx:afterSwap", function (evt) {
    var slot = evt.detail.target;
    if (!(slot instanceof Element) || !slot.matches(".entry-slot") || !slot.querySelector(".entry-panel")) return;
    openedSlots(slot).forEach(function (other) {
      var url = other.querySelector(".entry-panel").getAttribute("data-close-url");
      if (url) window.htmx.ajax("GET", url, { target: other, swap: "innerHTML" });
    });
  });

  // Evidence uploaded before the first "Lưu nháp" stores the entry, with what its form held when the upload
  // left (progress/_evidence.html sends the form along): the form takes the entry's version, so its next save
  // is no conflict, and what was saved counts as saved (what was typed during the upload does not).
  document.addEventListener("htmx:beforeRequest", function (evt) {
    var elt = evt.detail.elt, id = elt.getAttribute && elt.getAttribute("hx-include");
    var form = id && elt.matches("form.evidence-upload") ? document.querySelector(id) : null;
    if (form) form._sending = snapshot(form);
  });
  document.addEventListener("entry-started", function (evt) {
    var form = document.getElementById(evt.detail.form);
    if (!form) return;
    form.querySelector("input[name=version]").value = evt.detail.version;
    if (evt.detail.saved && form._sending !== undefined) form._saved = form._sending;
  });

  window.addEventListener("beforeunload", function (evt) {
    if (!guarded(document).some(unsaved)) return;
    evt.preventDefault();
    evt.returnValue = QUESTION;
    return QUESTION;
  });
})();
