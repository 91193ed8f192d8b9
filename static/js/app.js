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
