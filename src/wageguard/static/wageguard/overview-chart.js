// 督办总览: overdue clues by division as bars (ECharts, served locally), in the table's order.
// The rows come from the page (json_script "overview-rows"); the table carries the same numbers.
(function () {
  const box = document.getElementById("overview-chart");
  const source = document.getElementById("overview-rows");
  if (!box || !source || !window.echarts) return;
  const rows = JSON.parse(source.textContent);
  const chart = window.echarts.init(box);
  chart.setOption({
    tooltip: { trigger: "axis" },
    grid: { left: 40, right: 10, top: 20, bottom: 80 },
    xAxis: { type: "category", data: rows.map((r) => r.name), axisLabel: { rotate: 45, fontSize: 11 } },
    yAxis: { type: "value", minInterval: 1 },
    series: [{
      name: box.dataset.label || "",
      type: "bar",
      data: rows.map((r) => ({ value: r.overdue, itemStyle: { color: r.overdue ? "#dc3545" : "#adb5bd" } })),
    }],
  });
  window.addEventListener("resize", () => chart.resize());
})();
