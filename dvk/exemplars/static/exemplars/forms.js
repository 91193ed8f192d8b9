/* Exemplars forms, progressive enhancement (the forms work without it; the server validates
   everything regardless):
   - repeatable rows (forces, milestones, figures): an "Add a row" button clones the last row;
   - the registration form shows the individual-only fields (name, position, consent) only for
     an individual exemplar;
   - a submitted form disables its submit button (the one-time token already makes a double
     click harmless). */
(function () {
  "use strict";

  function addRow(container) {
    var rows = container.querySelectorAll(".rows-field-row");
    var last = rows[rows.length - 1];
    if (!last) { return; }
    var copy = last.cloneNode(true);
    var index = rows.length;
    copy.querySelectorAll("input, select").forEach(function (input) {
      if (input.tagName === "SELECT") { input.selectedIndex = 0; } else { input.value = ""; }
      if (input.id) { input.id = input.id.replace(/-\d+$/, "-" + index); }
    });
    last.parentNode.insertBefore(copy, last.nextSibling);
    var first = copy.querySelector("input, select");
    if (first) { first.focus(); }
  }

  document.querySelectorAll("[data-rows-add]").forEach(function (button) {
    button.classList.remove("d-none");
    button.addEventListener("click", function () { addRow(button.closest(".rows-field")); });
  });

  var kind = document.getElementById("id_kind");
  if (kind) {
    var toggle = function () {
      document.querySelectorAll("[data-only-kind]").forEach(function (el) {
        el.hidden = el.getAttribute("data-only-kind") !== kind.value;
      });
    };
    kind.addEventListener("change", toggle);
    toggle();
  }

  document.querySelectorAll("form[data-once]").forEach(function (form) {
    form.addEventListener("submit", function () {
      var button = form.querySelector("button[type=submit]");
      if (button) { setTimeout(function () { button.disabled = true; }, 0); }
    });
  });
})();

