/* Injected by tests/e2e/a11y.py into every document the browser tests open (a Playwright init script, so
 * the page's Content-Security-Policy does not apply to it). After the page has loaded it asks the test
 * process whether this URL pattern still needs checking (one axe run per pattern per test session), runs
 * axe-core with the WCAG 2.0/2.1 A and AA rules and hands the serious and critical violations back. */
(function () {
  "use strict";
  if (window.top !== window || !window.axe) { return; }
  var TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

  function summary(violation) {
    return {
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      helpUrl: violation.helpUrl,
      nodes: violation.nodes.slice(0, 40).map(function (node) {
        return { target: node.target.join(" "), html: node.html.slice(0, 200), summary: node.failureSummary };
      }),
      count: violation.nodes.length,
    };
  }

  window.__dvkA11yCheck = function () {
    return window.axe.run(document, { runOnly: { type: "tag", values: TAGS }, resultTypes: ["violations"] })
      .then(function (result) {
        return result.violations.filter(function (v) {
          return v.impact === "serious" || v.impact === "critical";
        }).map(summary);
      });
  };

  function wait(ms) { return new Promise(function (resolve) { window.setTimeout(resolve, ms); }); }

  function automatic() {
    if (typeof window.__dvkA11yWanted !== "function") { return Promise.resolve(); }
    var path = window.location.pathname;
    return window.__dvkA11yWanted(path).then(function (wanted) {
      if (!wanted) { return null; }
      // htmx fragments (the notification bell, lazy panels) load just after the page.
      return wait(250).then(window.__dvkA11yCheck).then(function (found) {
        return window.__dvkA11yReport(window.location.href, path, found);
      });
    }).catch(function () { return null; });  // navigated away meanwhile: the next visit checks it
  }

  window.addEventListener("load", function () { window.__dvkA11yPending = automatic(); });
})();
