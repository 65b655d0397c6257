// Survey results charts (Chart.js 4): the satisfaction index of each item, and the shares of the options
// of each item stacked. The figures come from the page's JSON data block (json_script "survey-data");
// the tables of the page hold the same numbers.
"use strict";

(() => {
  const source = document.getElementById("survey-data");
  if (!source || typeof Chart === "undefined") {
    return;
  }
  const data = JSON.parse(source.textContent);
  const locale = document.documentElement.lang === "th" ? "th-TH" : "en-GB";
  const pct = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const num = (values) => values.map((v) => (v === null || v === undefined ? null : Number(v)));
  const percent = (v) => (v === null ? data.labels.noData : `${pct.format(v)}%`);
  const short = (label) => (label.length > 28 ? `${label.slice(0, 27)}…` : label);

  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.maintainAspectRatio = false;
  Chart.defaults.responsive = true;
  const axis = { beginAtZero: true, max: 100, ticks: { callback: (v) => `${v}%` } };

  const index = document.getElementById("chart-index");
  if (index && data.index.labels.length) {
    new Chart(index, {
      type: "bar",
      data: {
        labels: data.index.labels.map(short),
        datasets: [{ label: data.labels.index, data: num(data.index.data), backgroundColor: "#0d6efd" }],
      },
      options: {
        indexAxis: "y",
        scales: { x: axis, y: { ticks: { autoSkip: false } } },
        plugins: {
          legend: { display: false },
          tooltip: {
            callbacks: {
              title: (items) => data.index.labels[items[0].dataIndex],
              label: (c) => `${c.dataset.label}: ${percent(c.raw)}`,
            },
          },
        },
      },
    });
  }
  const shares = document.getElementById("chart-shares");
  if (shares && data.shares.labels.length) {
    new Chart(shares, {
      type: "bar",
      data: {
        labels: data.shares.labels.map(short),
        datasets: data.shares.datasets.map((d) => ({ label: d.label, data: num(d.data), backgroundColor: d.color })),
      },
      options: {
        indexAxis: "y",
        scales: { x: { ...axis, stacked: true }, y: { stacked: true, ticks: { autoSkip: false } } },
        plugins: {
          legend: { position: "bottom", labels: { boxWidth: 12 } },
          tooltip: {
            callbacks: {
              title: (items) => data.shares.labels[items[0].dataIndex],
              label: (c) => `${c.dataset.label}: ${percent(c.raw)}`,
            },
          },
        },
      },
    });
  }
})();
