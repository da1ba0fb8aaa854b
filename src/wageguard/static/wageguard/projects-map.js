// 制度落实率 by prefecture on a map of the province (ECharts, served locally). The rows come from
// the page (json_script "rate-rows"); a click opens the prefecture's projects.
(function () {
  const box = document.getElementById("rates-map");
  const source = document.getElementById("rate-rows");
  if (!box || !source || !window.echarts) return;
  const rows = JSON.parse(source.textContent);
  fetch(box.dataset.map, { credentials: "same-origin" })
    .then((r) => (r.ok ? r.json() : Promise.reject(r.status)))
    .then((geo) => {
      window.echarts.registerMap("province", geo);
      const chart = window.echarts.init(box);
      const byName = Object.fromEntries(rows.map((r) => [r.name, r]));
      chart.setOption({
        tooltip: {
          trigger: "item",
          formatter: (p) => {
            const r = byName[p.name];
            return r ? `${p.name}<br>${r.rate === null ? "—" : r.rate + "%"} (${r.applied}/${r.total})` : p.name;
          },
        },
        visualMap: {
          min: 0, max: 100, left: 0, bottom: 0, text: ["100%", "0%"], calculable: false,
          inRange: { color: ["#dc3545", "#ffc107", "#198754"] },
        },
        series: [{
          type: "map", map: "province", roam: false, label: { show: true, fontSize: 10 },
          data: rows.map((r) => ({ name: r.name, value: r.rate === null ? null : Number(r.rate) })),
        }],
      });
      chart.on("click", (p) => {
        const r = byName[p.name];
        if (r) window.location = `${box.dataset.list}?region=${r.code}`;
      });
      box.setAttribute("data-ready", "1");
      window.addEventListener("resize", () => chart.resize());
    })
    .catch(() => box.remove());
})();
