// 排查覆盖率 by county as bars (ECharts, served locally). The rows come from the page
// (json_script "coverage-rows"); the table beside it carries the same numbers.
(function () {
  const box = document.getElementById("coverage-chart");
  const source = document.getElementById("coverage-rows");
  if (!box || !source || !window.echarts) return;
  const rows = JSON.parse(source.textContent);
  const chart = window.echarts.init(box);
  chart.setOption({
    tooltip: {
      trigger: "axis",
      formatter: (p) => {
        const r = rows[p[0].dataIndex];
        return `${r.name}<br>${r.rate === null ? "—" : r.rate + "%"} (${r.visited}/${r.total})`;
      },
    },
    grid: { left: 40, right: 10, top: 20, bottom: 80 },
    xAxis: { type: "category", data: rows.map((r) => r.name), axisLabel: { rotate: 60, fontSize: 10 } },
    yAxis: { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" } },
    series: [{
      type: "bar",
      data: rows.map((r) => ({
        value: r.rate,
        itemStyle: { color: r.rate === null ? "#adb5bd" : r.rate < 60 ? "#dc3545" : r.rate < 100 ? "#ffc107" : "#198754" },
      })),
    }],
  });
  window.addEventListener("resize", () => chart.resize());
})();
