// Executive dashboard charts (Chart.js 4). The figures come from the page's JSON data block
// (json_script "dashboard-data"); every chart also has a table view with the same numbers.
"use strict";

(() => {
  const source = document.getElementById("dashboard-data");
  if (!source || typeof Chart === "undefined") {
    return;
  }
  const data = JSON.parse(source.textContent);
  const L = data.labels;
  const locale = document.documentElement.lang === "th" ? "th-TH" : "en-GB";
  const money = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const pct = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
  const whole = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const num = (values) => values.map((v) => (v === null || v === undefined ? null : Number(v)));
  const baht = (v) => (v === null ? L.noData : `${money.format(v)} ${L.baht}`);
  const percent = (v) => (v === null ? L.noData : `${pct.format(v)}%`);
  // Axis amounts the Thai way: whole numbers with separators below a million ("500,000"), then in
  // millions with the word ("1.5 ล้าน", "1,250 ล้าน") — never "500K" or "1.5M".
  const short = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
  const axisBaht = (v) => (Math.abs(v) >= 1e6 ? `${short.format(v / 1e6)} ${L.million}` : whole.format(v));

  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.maintainAspectRatio = false;
  Chart.defaults.responsive = true;

  // Clicking a bar, a slice or a point opens the rows behind it.
  const follow = (links) => (event, elements) => {
    if (elements.length && links && links[elements[0].index]) {
      window.location.href = links[elements[0].index];
    }
  };
  const pointer = (event, elements) => {
    event.native.target.style.cursor = elements.length ? "pointer" : "default";
  };
  const percentAxis = { beginAtZero: true, suggestedMax: 100, ticks: { callback: (v) => `${v}%` } };
  const percentTooltip = { callbacks: { label: (c) => `${c.dataset.label || c.label}: ${percent(c.raw)}` } };
  const draw = (id, config) => {
    const canvas = document.getElementById(id);
    if (canvas) {
      new Chart(canvas, config);
    }
  };
  // Long Thai names wrap at word boundaries (Thai has no spaces: Intl.Segmenter finds the words) into at
  // most two lines, the rest cut with an ellipsis; the tooltip shows the whole name.
  const segmenter = Intl.Segmenter ? new Intl.Segmenter(locale.slice(0, 2), { granularity: "word" }) : null;
  const wrap = (label, width = 24) => {
    if (label.length <= width) {
      return label;
    }
    const words = segmenter ? [...segmenter.segment(label)].map((w) => w.segment) : label.split(/(?<= )/);
    const lines = [""];
    for (const word of words) {
      if (lines[lines.length - 1].length + word.length > width && lines[lines.length - 1]) {
        if (lines.length === 2) {
          lines[1] = `${lines[1].trimEnd()}…`;
          return lines;
        }
        lines.push("");
      }
      lines[lines.length - 1] += word;
    }
    return lines;
  };

  const s = data.strategies;
  draw("chart-strategies", {
    type: "bar",
    data: {
      labels: s.labels.map((l) => wrap(l, window.innerWidth < 576 ? 18 : 24)),
      datasets: s.datasets.map((d) => ({ label: d.label, data: d.data, backgroundColor: d.color })),
    },
    options: {
      indexAxis: "y",
      scales: {
        x: { stacked: true, beginAtZero: true, ticks: { precision: 0, callback: (v) => whole.format(v) } },
        y: { stacked: true, ticks: { autoSkip: false } },
      },
      plugins: {
        legend: { position: "bottom", labels: { boxWidth: 12 } },
        tooltip: { callbacks: { title: (items) => s.labels[items[0].dataIndex] } },
      },
      onClick: follow(s.links),
      onHover: pointer,
    },
  });

  const q = data.quarters;
  draw("chart-quarters", {
    data: {
      labels: q.labels,
      datasets: [
        { type: "bar", label: L.disbursed, data: num(q.disbursed), backgroundColor: "#0d6efd", yAxisID: "y", order: 2 },
        {
          type: "line",
          label: L.cumulativeRate,
          data: num(q.cumulativeRate),
          borderColor: "#fd7e14",
          backgroundColor: "#fd7e14",
          yAxisID: "rate",
          order: 1,
        },
      ],
    },
    options: {
      scales: {
        y: { beginAtZero: true, ticks: { precision: 0, callback: axisBaht } },
        rate: { ...percentAxis, position: "right", grid: { drawOnChartArea: false } },
      },
      plugins: {
        legend: { position: "bottom", labels: { boxWidth: 12 } },
        tooltip: {
          callbacks: {
            label: (c) => `${c.dataset.label}: ${c.dataset.yAxisID === "rate" ? percent(c.raw) : baht(c.raw)}`,
          },
        },
      },
      onClick: follow(q.links),
      onHover: pointer,
    },
  });

  const st = data.statuses;
  draw("chart-status", {
    type: "doughnut",
    data: { labels: st.labels, datasets: [{ data: st.data, backgroundColor: st.colors }] },
    options: {
      plugins: {
        legend: { position: "bottom", labels: { boxWidth: 12 } },
        tooltip: {
          callbacks: {
            label: (c) => {
              const all = st.data.reduce((a, b) => a + b, 0);
              return `${c.label}: ${whole.format(c.raw)} ${L.projects} (${percent(all ? (c.raw * 100) / all : null)})`;
            },
          },
        },
      },
      onClick: follow(st.links),
      onHover: pointer,
    },
  });

  const p = data.perspectives;
  draw("chart-perspectives", {
    type: "bar",
    data: {
      labels: p.labels.map((l) => wrap(l, 16)),
      datasets: [{ label: L.score, data: num(p.data), backgroundColor: "#20c997" }],
    },
    options: {
      scales: { y: percentAxis },
      plugins: {
        legend: { display: false },
        tooltip: { callbacks: { title: (items) => p.labels[items[0].dataIndex], ...percentTooltip.callbacks } },
      },
      onClick: follow(p.links),
      onHover: pointer,
    },
  });

  const d = data.departments;
  draw("chart-departments", {
    type: "bar",
    data: {
      labels: d.labels.map((l) => wrap(l, 20)),
      datasets: [
        { label: L.completion, data: num(d.completion), backgroundColor: "#198754" },
        { label: L.rate, data: num(d.rate), backgroundColor: "#0d6efd" },
      ],
    },
    options: {
      indexAxis: "y",
      scales: { x: percentAxis, y: { ticks: { autoSkip: false } } },
      plugins: {
        legend: { position: "bottom", labels: { boxWidth: 12 } },
        tooltip: { callbacks: { title: (items) => d.labels[items[0].dataIndex], ...percentTooltip.callbacks } },
      },
      onClick: follow(d.links),
      onHover: pointer,
    },
  });

  const t = data.trend;
  draw("chart-trend", {
    type: "line",
    data: {
      labels: t.labels,
      datasets: [
        { label: L.score, data: num(t.score), borderColor: "#20c997", backgroundColor: "#20c997", spanGaps: true, pointRadius: 5 },
        { label: L.rate, data: num(t.rate), borderColor: "#0d6efd", backgroundColor: "#0d6efd", spanGaps: true, pointRadius: 5 },
      ],
    },
    options: {
      scales: { x: { offset: true }, y: percentAxis },
      plugins: { legend: { position: "bottom", labels: { boxWidth: 12 } }, tooltip: percentTooltip },
      onClick: follow(t.links),
      onHover: pointer,
    },
  });
})();
