/* Bulk entry of voters' opinions and petitions from paper minutes (voters/bulk_entry.html).
 * Keyboard only: Enter in a row moves to the next row (a new one is added at the end), Tab
 * walks the fields as usual; pasting several lines into a row fills that row and the next ones,
 * with list marks ("1.", "-", "a)") removed and "Ý kiến:" lines marked as opinions — the same
 * rule as dvk/voters/entry.py, which the server applies again. The save button works once. */
(function () {
  "use strict";
  var form = document.querySelector("[data-bulk-entry]");
  if (!form) return;
  var body = form.querySelector("#rows tbody");
  var MARKER = /^\s*(?:\(?\d{1,3}\s*[.)\-:]|\(?[a-zđA-ZĐ]\s*[.)]|\(?[IVXLC]{1,6}\s*[.)]|[-–—•·*+▪●○■□➢►])\s*/;
  var KIND = /^\s*(ý\s*kiến|y\s*kien|yk|kiến\s*nghị|kien\s*nghi|kn)\s*[:\-–]\s*/i;

  function strip(line) {
    var text = line.normalize("NFC").trim(), previous = null;
    while (previous !== text) { previous = text; text = text.replace(MARKER, "").trim(); }
    return text;
  }
  function parse(line) {
    var text = strip(line), kind = null, m = text.match(KIND);
    if (m) {
      var word = m[1].toLowerCase().replace(/\s+/g, "");
      kind = (word === "ýkiến" || word === "ykien" || word === "yk") ? "opinion" : "petition";
      text = strip(text.slice(m[0].length));
    }
    return { text: text, kind: kind };
  }
  function rows() { return Array.prototype.slice.call(body.querySelectorAll("[data-row]")); }
  function renumber() {
    rows().forEach(function (tr, i) {
      tr.querySelector("[data-row-number]").textContent = String(i + 1);
    });
  }
  function addRow() {
    var last = rows()[rows().length - 1];
    var tr = last.cloneNode(true);
    tr.querySelectorAll("input").forEach(function (input) { input.value = ""; input.classList.remove("is-invalid"); });
    tr.querySelectorAll(".invalid-feedback").forEach(function (el) { el.remove(); });
    tr.querySelector("select").value = "petition";
    body.appendChild(tr);
    renumber();
    return tr;
  }
  function nextRow(tr) { return tr.nextElementSibling || addRow(); }

  body.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" || event.shiftKey || event.isComposing) return;
    var target = event.target;
    if (!(target instanceof HTMLInputElement || target instanceof HTMLSelectElement)) return;
    event.preventDefault();
    var tr = target.closest("[data-row]");
    nextRow(tr).querySelector("[data-row-text]").focus();
  });

  body.addEventListener("paste", function (event) {
    var target = event.target;
    if (!(target instanceof HTMLInputElement) || !target.hasAttribute("data-row-text")) return;
    var text = (event.clipboardData || window.clipboardData).getData("text");
    var lines = text.replace(/\r\n?/g, "\n").split("\n").map(parse).filter(function (p) { return p.text; });
    if (lines.length < 2 && !(lines.length === 1 && lines[0].text !== text.trim())) return; // a plain paste
    event.preventDefault();
    var tr = target.closest("[data-row]");
    lines.forEach(function (line, i) {
      if (i > 0) tr = nextRow(tr);
      tr.querySelector("[data-row-text]").value = line.text;
      if (line.kind) tr.querySelector("select").value = line.kind;
    });
    nextRow(tr).querySelector("[data-row-text]").focus();
  });

  form.addEventListener("submit", function (event) {
    if (form.dataset.sent === "1") { event.preventDefault(); return; }
    form.dataset.sent = "1";
    var button = form.querySelector("[data-once]");
    if (button && event.submitter === button) button.disabled = true;
  });
})();
