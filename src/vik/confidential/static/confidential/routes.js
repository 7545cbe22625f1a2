// Route chart: choosing a route opens its panel and closes the others. Without JavaScript every
// route is a <details> element that opens on its own, so the page works the same.
document.addEventListener("DOMContentLoaded", () => {
  const chart = document.querySelector("[data-route-chart]");
  if (!chart) return;
  const panels = chart.querySelectorAll("details[data-route]");
  chart.querySelectorAll("input[name=route]").forEach((radio) => {
    radio.addEventListener("change", () => {
      panels.forEach((panel) => { panel.open = panel.dataset.route === radio.value; });
      const open = chart.querySelector(`details[data-route="${radio.value}"] summary`);
      if (open) open.focus();
    });
  });
});
