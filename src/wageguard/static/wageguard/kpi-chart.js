// The dispatch dashboard's chart of the divisions one level below (rows from json_script
// "kpi-chart-data"): for a province, the map of its prefectures coloured by on-time rate; for a
// prefecture, bars of overdue clues per county. A click opens that division's dashboard.
(function () {
  const box = document.getElementById("kpi-chart");
  const source = document.getElementById("kpi-chart-data");
  if (!box || !source || !window.echarts) return;
  const data = JSON.parse(source.textContent);
  const byName = Object.fromEntries(data.rows.map((r) => [r.name, r]));
  const open = (p) => { const r = byName[p.name]; if (r) window.location = r.url; };
  function ready(chart) {
    chart.on("click", open);
    box.setAttribute("data-ready", "1");
    window.addEventListener("resize", () => chart.resize());
  }
  if (data.kind === "bars") {
    const rows = data.rows.slice().sort((a, b) => (b.overdue || 0) - (a.overdue || 0));
    const chart = window.echarts.init(box);
    chart.setOption({
      tooltip: { trigger: "axis" },
      grid: { left: 40, right: 10, top: 30, bottom: 70 },
      xAxis: { type: "category", data: rows.map((r) => r.name), axisLabel: { rotate: 45, interval: 0 } },
      yAxis: { type: "value", name: data.count_label, minInterval: 1 },
      series: [{ type: "bar", data: rows.map((r) => r.overdue || 0), itemStyle: { color: "#dc3545" } }],
    });
    ready(chart);
    return;
  }
  fetch(data.map, { credentials: "same-origin" })
    .then((r) => (r.ok ? r.json() : Promise.reject(r.status)))
    .then((geo) => {
      window.echarts.registerMap("province", geo);
      const chart = window.echarts.init(box);
      chart.setOption({
        tooltip: {
          trigger: "item",
          formatter: (p) => {
            const r = byName[p.name];
            return r ? `${p.name}<br>${data.rate_label}：${r.rate === null ? "—" : r.rate + "%"}<br>${data.count_label}：${r.overdue}` : p.name;
          },
        },
        visualMap: {
          min: 0, max: 100, left: 0, bottom: 0, text: ["100%", "0%"], calculable: false,
          inRange: { color: ["#dc3545", "#ffc107", "#198754"] },
        },
        series: [{
          type: "map", map: "province", roam: false, label: { show: true, fontSize: 10 },
          itemStyle: { areaColor: "#dee2e6" },
          data: data.rows.map((r) => ({ name: r.name, value: r.rate })),
        }],
      });
      ready(chart);
    })
    .catch(() => box.remove());
})();
