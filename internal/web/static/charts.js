// Draws every element with a data-chart attribute: the attribute holds an
// ECharts option built on the server. Sets data-ready="true" on the element
// when the chart has finished rendering (tests and printing wait for it).
(function () {
  "use strict";
  // On a phone the category labels would take the whole width: shorten
  // them and thin out the value axis.
  function narrow(option) {
    if (option.yAxis && option.yAxis.axisLabel) { option.yAxis.axisLabel.width = 96; }
    if (option.xAxis && option.xAxis.type === "value") { option.xAxis.splitNumber = 2; }
    if (option.legend) { option.legend.itemGap = 6; option.grid.bottom = 56; }
  }

  function draw() {
    if (typeof echarts === "undefined") { return; }
    var charts = [];
    document.querySelectorAll("[data-chart]").forEach(function (el) {
      var option;
      try {
        option = JSON.parse(el.getAttribute("data-chart"));
      } catch (err) {
        el.textContent = "图表数据有误";
        return;
      }
      if (el.clientWidth < 520) { narrow(option); }
      var chart = echarts.init(el, null, { renderer: "canvas" });
      chart.on("finished", function () { el.setAttribute("data-ready", "true"); });
      chart.setOption(option);
      charts.push(chart);
    });
    var pending;
    window.addEventListener("resize", function () {
      clearTimeout(pending);
      pending = setTimeout(function () { charts.forEach(function (c) { c.resize(); }); }, 150);
    });
    window.addEventListener("beforeprint", function () { charts.forEach(function (c) { c.resize(); }); });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
