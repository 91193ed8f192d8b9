/* Shell behaviour, loaded on every page (no inline scripts anywhere).
 *
 * The menu is laid out on one line when its items fit the window and collapses behind the menu button
 * when they do not: the width the items need depends on the user's modules, so it is measured instead of
 * being fixed at a Bootstrap breakpoint (the markup's navbar-expand-xxl is the fallback without script). */
(function () {
  "use strict";

  var EXPAND = ["navbar-expand-sm", "navbar-expand-md", "navbar-expand-lg", "navbar-expand-xl", "navbar-expand-xxl"];

  function fit(nav) {
    var box = nav.querySelector(".container-fluid") || nav;
    EXPAND.forEach(function (c) { nav.classList.remove(c); });
    nav.classList.add("navbar-expand");
    if (box.scrollWidth > box.clientWidth + 1) {
      nav.classList.remove("navbar-expand");
    }
  }

  function fitAll() {
    document.querySelectorAll("[data-fit-menu]").forEach(fit);
  }

  var pending = false;
  window.addEventListener("resize", function () {
    if (pending) { return; }
    pending = true;
    window.requestAnimationFrame(function () { pending = false; fitAll(); });
  });
  /* A wide table scrolls inside its own box instead of widening the page (phones): every table of the
   * content that is not already in a .table-responsive box gets one. */
  function contain(root) {
    (root || document).querySelectorAll("main table").forEach(function (table) {
      if (table.closest(".table-responsive")) { return; }
      var box = document.createElement("div");
      box.className = "table-responsive";
      table.parentNode.insertBefore(box, table);
      box.appendChild(table);
    });
  }
  contain(document);
  document.body.addEventListener("htmx:afterSettle", function (event) { contain(event.target); });

  fitAll();
  // Web fonts and the notification bell (loaded by htmx) can change the width after the first pass.
  window.addEventListener("load", fitAll);
  document.body.addEventListener("htmx:afterSettle", fitAll);
})();

/* Accessibility: the error summary of a form posted with errors (templates/includes/form_errors.html) takes
 * the focus, so a screen reader reads it and a keyboard user starts from it; its links go to the fields. */
(function () {
  "use strict";
  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
    // A link of the summary puts the focus in its field (a plain #anchor would only scroll to it).
    summary.addEventListener("click", function (event) {
      var link = event.target.closest && event.target.closest("a[href^='#']");
      var field = link && document.getElementById(link.getAttribute("href").slice(1));
      if (!field) { return; }
      event.preventDefault();
      var control = field.matches("input, select, textarea, button") ? field : field.querySelector("input, select, textarea");
      (control || field).focus();
      (control || field).scrollIntoView({ block: "center" });
    });
  }
})();
