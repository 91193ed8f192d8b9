/* Confirmation before irreversible actions (Ban hành, Công nhận, Hủy, …): one pattern for every page.
 *
 * Put data-confirm="<question>" on a <form> (asked on submit), on a submit <button> (asked when that
 * button submits its form) or on a link. The browser's own confirm dialog asks the question: it is
 * modal, keyboard operable and read by screen readers. Cancel stops the action; OK goes on. Without
 * script the action goes ahead as before, and services still refuse what is not allowed. */
(function () {
  "use strict";

  function ask(el) {
    var question = el && el.getAttribute("data-confirm");
    return !question || window.confirm(question);
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var button = event.submitter;
    if ((button && button.hasAttribute("data-confirm") && !ask(button)) ||
        (form.hasAttribute("data-confirm") && !(button && button.hasAttribute("data-confirm")) && !ask(form))) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[data-confirm]");
    if (link && !ask(link)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);
})();
