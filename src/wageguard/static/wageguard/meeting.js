// The dispatch meeting screen: paging by keyboard (arrows, PageUp/PageDown), dark/light (D,
// remembered), full screen (F), and on the overview the map of the prefectures coloured by the
// page's KPI; a click on a prefecture opens its page.
(function () {
  const root = document.documentElement;
  const body = document.body;
  function toggleTheme() {
    const next = root.dataset.bsTheme === "dark" ? "light" : "dark";
    root.dataset.bsTheme = next;
    localStorage.setItem("wg-meeting-theme", next);
  }
  function fullscreen() {
    if (document.fullscreenElement) document.exitFullscreen();
    else if (root.requestFullscreen) root.requestFullscreen();
  }
  document.querySelectorAll("[data-action=theme]").forEach((b) => b.addEventListener("click", toggleTheme));
  document.querySelectorAll("[data-action=fullscreen]").forEach((b) => b.addEventListener("click", fullscreen));
  document.addEventListener("keydown", (e) => {
    if (e.altKey || e.ctrlKey || e.metaKey || /INPUT|TEXTAREA|SELECT/.test(e.target.tagName)) return;
    const go = (url) => { if (url) window.location = url; };
    if (e.key === "ArrowRight" || e.key === "PageDown") go(body.dataset.next);
    else if (e.key === "ArrowLeft" || e.key === "PageUp") go(body.dataset.previous);
    else if (e.key === "d" || e.key === "D") toggleTheme();
    else if (e.key === "f" || e.key === "F") fullscreen();
  });

  const box = document.getElementById("meeting-map");
  const source = document.getElementById("meeting-map-data");
  if (!box || !source || !window.echarts) return;
  const data = JSON.parse(source.textContent);
  const byName = Object.fromEntries(data.rows.map((r) => [r.name, r]));
  let chart = null;
  function draw() {
    const dark = root.dataset.bsTheme === "dark";
    if (chart) chart.dispose();
    chart = window.echarts.init(box, dark ? "dark" : null, { renderer: "canvas" });
    chart.setOption({
      backgroundColor: "transparent",
      tooltip: {
        trigger: "item",
        formatter: (p) => {
          const r = byName[p.name];
          if (!r) return p.name;
          return `${p.name}<br>${data.label}：${r.value === null ? "—" : r.value + "%"}${r.lagging ? "<br>进展滞后" : ""}`;
        },
      },
      visualMap: {
        min: 0, max: 100, left: 10, bottom: 10, text: ["100%", "0%"], calculable: false,
        inRange: { color: ["#dc3545", "#ffc107", "#198754"] },
        textStyle: { color: dark ? "#dee2e6" : "#212529" },
      },
      series: [{
        type: "map", map: "province", roam: false,
        label: { show: true, fontSize: 12, color: dark ? "#fff" : "#212529" },
        // A prefecture without a figure is grey, not the colour of 0%.
        itemStyle: { areaColor: dark ? "#495057" : "#dee2e6", borderColor: dark ? "#212529" : "#fff" },
        data: data.rows.map((r) => ({
          name: r.name, value: r.value,
          itemStyle: r.lagging ? { borderColor: "#ff4d4f", borderWidth: 2 } : undefined,
        })),
      }],
    });
    chart.on("click", (p) => {
      const r = byName[p.name];
      if (r) window.location = r.url;
    });
    box.setAttribute("data-ready", "1");
  }
  fetch(box.dataset.map, { credentials: "same-origin" })
    .then((r) => (r.ok ? r.json() : Promise.reject(r.status)))
    .then((geo) => {
      window.echarts.registerMap("province", geo);
      draw();
      new MutationObserver(draw).observe(root, { attributes: true, attributeFilter: ["data-bs-theme"] });
      window.addEventListener("resize", () => chart && chart.resize());
    })
    .catch(() => box.remove());
})();
