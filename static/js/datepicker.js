/* One date widget everywhere: a text box that shows and accepts dd/mm/yyyy whatever the browser's locale
 * (the server parses dd/mm/yyyy, dvk.core.forms.DateInput), with a small calendar behind its button.
 * Typed dates are tidied when the box is left: 1/2/2026, 01022026 and 2026-02-01 become 01/02/2026. */
(function () {
  "use strict";

  var NAMES = {
    vi: { days: ["T2", "T3", "T4", "T5", "T6", "T7", "CN"], month: "Tháng ", prev: "Tháng trước", next: "Tháng sau", today: "Hôm nay" },
    en: { days: ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"], month: "Month ", prev: "Previous month", next: "Next month", today: "Today" }
  };
  var names = NAMES[(document.documentElement.lang || "vi").slice(0, 2)] || NAMES.vi;
  var popup = null;
  var owner = null; // the input whose calendar is open: Escape and a choice give it the focus back

  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function format(d) { return pad(d.getDate()) + "/" + pad(d.getMonth() + 1) + "/" + d.getFullYear(); }

  function parse(text) {
    var s = (text || "").trim(), m;
    if ((m = /^(\d{1,2})[\/.\-](\d{1,2})[\/.\-](\d{4})$/.exec(s))) { return make(+m[3], +m[2], +m[1]); }
    if ((m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s))) { return make(+m[1], +m[2], +m[3]); }
    if ((m = /^(\d{2})(\d{2})(\d{4})$/.exec(s))) { return make(+m[3], +m[2], +m[1]); }
    return null;
  }
  function make(y, mo, d) {
    var date = new Date(y, mo - 1, d);
    return date.getFullYear() === y && date.getMonth() === mo - 1 && date.getDate() === d ? date : null;
  }

  function set(input, date) {
    input.value = format(date);
    input.dispatchEvent(new Event("input", { bubbles: true }));
    input.dispatchEvent(new Event("change", { bubbles: true }));
  }

  function close(refocus) {
    if (popup) { popup.remove(); popup = null; }
    if (refocus && owner) { owner.focus(); }
    owner = null;
  }

  function iso(d) { return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate()); }

  function button(text, label, onClick, cls) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = cls || "btn btn-sm btn-light";
    b.textContent = text;
    if (label) { b.setAttribute("aria-label", label); }
    b.addEventListener("click", onClick);
    return b;
  }

  /* Keyboard: the calendar is a small modal dialog. Tab cycles through its buttons (previous month, next
   * month, the days as one stop, today); the arrow keys move by a day or a week, Page Up / Page Down by a
   * month, Home / End to the week's ends; Enter or Space choose; Escape closes. Focus goes back to the box. */
  function open(input, opener) {
    close();
    owner = input;
    var chosen = parse(input.value);
    var shown = chosen || new Date();
    popup = document.createElement("div");
    popup.className = "dvk-datepicker card shadow-sm p-2";
    popup.setAttribute("role", "dialog");
    popup.setAttribute("aria-modal", "true");
    if (opener && opener.getAttribute("aria-label")) { popup.setAttribute("aria-label", opener.getAttribute("aria-label")); }
    document.body.appendChild(popup);
    var rect = input.getBoundingClientRect();
    popup.style.top = (window.scrollY + rect.bottom + 4) + "px";
    popup.style.left = Math.max(4, Math.min(window.scrollX + rect.left, window.scrollX + document.documentElement.clientWidth - 260)) + "px";

    function draw(year, month) {
      popup.textContent = "";
      var head = document.createElement("div");
      head.className = "d-flex align-items-center justify-content-between mb-1";
      head.appendChild(button("‹", names.prev, function () { draw(month ? year : year - 1, month ? month - 1 : 11); refocus("prev"); }));
      head.lastChild.setAttribute("data-nav", "prev");
      var title = document.createElement("strong");
      title.textContent = names.month + (month + 1) + "/" + year;
      title.setAttribute("aria-live", "polite");
      head.appendChild(title);
      head.appendChild(button("›", names.next, function () { draw(month === 11 ? year + 1 : year, (month + 1) % 12); refocus("next"); }));
      head.lastChild.setAttribute("data-nav", "next");
      popup.appendChild(head);
      var grid = document.createElement("div");
      grid.className = "dvk-datepicker-grid";
      names.days.forEach(function (d) {
        var cell = document.createElement("span");
        cell.className = "text-secondary small";
        cell.textContent = d;
        grid.appendChild(cell);
      });
      var first = new Date(year, month, 1);
      var offset = (first.getDay() + 6) % 7; // Monday first
      for (var i = 0; i < offset; i++) { grid.appendChild(document.createElement("span")); }
      var days = new Date(year, month + 1, 0).getDate();
      var today = format(new Date());
      for (var d = 1; d <= days; d++) {
        var date = new Date(year, month, d);
        var text = format(date);
        var cls = "btn btn-sm " + (chosen && text === format(chosen) ? "btn-danger" : text === today ? "btn-outline-danger" : "btn-light");
        // Named by its visible number first (1/12/2026), so speech input and screen readers agree.
        var b = button(String(d), d + "/" + (month + 1) + "/" + year, (function (value) { return function () { set(input, value); close(true); }; })(date), cls);
        b.setAttribute("data-date", iso(date));
        b.tabIndex = -1;
        if (chosen && text === format(chosen)) { b.setAttribute("aria-pressed", "true"); }
        if (text === today) { b.setAttribute("aria-current", "date"); }
        grid.appendChild(b);
      }
      popup.appendChild(grid);
      popup.appendChild(button(names.today, null, function () { set(input, new Date()); close(true); }, "btn btn-sm btn-link w-100 mt-1"));
      popup.shown = { year: year, month: month };
      var stop = popup.querySelector('[aria-pressed="true"]') || popup.querySelector('[aria-current="date"]') || popup.querySelector("[data-date]");
      stop.tabIndex = 0; // the days are one Tab stop; the arrow keys move inside them
    }

    function refocus(nav) { popup.querySelector('[data-nav="' + nav + '"]').focus(); }

    function focusDay(date) {
      if (date.getFullYear() !== popup.shown.year || date.getMonth() !== popup.shown.month) {
        draw(date.getFullYear(), date.getMonth());
      }
      var target = popup.querySelector('[data-date="' + iso(date) + '"]');
      popup.querySelectorAll("[data-date]").forEach(function (b) { b.tabIndex = b === target ? 0 : -1; });
      if (target) { target.focus(); }
    }

    var MOVES = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -7, ArrowDown: 7 };
    popup.addEventListener("keydown", function (event) {
      if (event.key === "Tab") {
        var stops = Array.prototype.filter.call(popup.querySelectorAll("button"), function (b) { return b.tabIndex >= 0; });
        var at = stops.indexOf(document.activeElement);
        var next = event.shiftKey ? (at <= 0 ? stops.length - 1 : at - 1) : (at === stops.length - 1 ? 0 : at + 1);
        stops[next].focus();
        event.preventDefault();
        return;
      }
      var day = event.target.getAttribute && event.target.getAttribute("data-date");
      if (!day) { return; }
      var parts = day.split("-");
      var date = new Date(+parts[0], +parts[1] - 1, +parts[2]);
      if (MOVES[event.key]) {
        date.setDate(date.getDate() + MOVES[event.key]);
      } else if (event.key === "PageUp" || event.key === "PageDown") {
        var wanted = date.getDate();
        date.setDate(1);
        date.setMonth(date.getMonth() + (event.key === "PageUp" ? -1 : 1));
        date.setDate(Math.min(wanted, new Date(date.getFullYear(), date.getMonth() + 1, 0).getDate()));
      } else if (event.key === "Home" || event.key === "End") {
        var weekday = (date.getDay() + 6) % 7;
        date.setDate(date.getDate() + (event.key === "Home" ? -weekday : 6 - weekday));
      } else {
        return;
      }
      event.preventDefault();
      focusDay(date);
    });

    draw(shown.getFullYear(), shown.getMonth());
    focusDay(chosen || new Date());
  }

  document.addEventListener("click", function (event) {
    var opener = event.target.closest && event.target.closest("[data-datepicker-open]");
    if (opener) {
      var input = opener.parentNode.querySelector("input[data-datepicker]");
      if (input && !input.disabled && !input.readOnly) { open(input, opener); }
      return;
    }
    if (popup && !popup.contains(event.target)) { close(); }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && popup) { event.preventDefault(); close(true); }
  });
  document.addEventListener("focusout", function (event) {
    var input = event.target;
    if (input.matches && input.matches("input[data-datepicker]")) {
      var date = parse(input.value);
      if (date && format(date) !== input.value) { set(input, date); }
    }
  });
})();
