// Draws every chart of a dashboard from the JSON data island #dvk-charts (written by the view with
// json_script). No inline script: the page works under a strict Content-Security-Policy. Each
// chart has its table right below it, which is what screen readers and printouts use.
(function () {
  "use strict";
  function draw() {
    var island = document.getElementById("dvk-charts");
    if (!island || typeof window.Chart === "undefined") return;
    var charts;
    try {
      charts = JSON.parse(island.textContent);
    } catch (e) {
      return;
    }
    var palette = ["#b02a37", "#0d6efd", "#198754", "#fd7e14", "#6f42c1", "#20c997", "#6c757d", "#ffc107"];
    charts.forEach(function (spec) {
      var canvas = document.getElementById(spec.id);
      if (!canvas) return;
      var doughnut = spec.type === "doughnut";
      var datasets = spec.datasets.map(function (d, i) {
        return {
          label: d.label,
          data: d.data,
          backgroundColor: doughnut ? palette : palette[i % palette.length],
          borderColor: doughnut ? "#fff" : palette[i % palette.length],
        };
      });
      new window.Chart(canvas, {
        type: spec.type,
        data: { labels: spec.labels, datasets: datasets },
        options: {
          responsive: true,
          maintainAspectRatio: false,
          animation: false,
          indexAxis: spec.type === "bar" && spec.labels.length > 6 ? "y" : "x",
          plugins: { legend: { display: doughnut || datasets.length > 1 } },
        },
      });
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();
