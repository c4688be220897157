// Small enhancements; every page works without them.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  document.addEventListener("click", function (e) {
    var t = e.target.closest("[data-print]");
    if (t) { window.print(); }
  });

  function bindDropzone(root) {
    var input = root.querySelector('input[type="file"]');
    var zone = root.querySelector(".dropzone");
    if (!input || !zone || zone.dataset.bound) { return; }
    zone.dataset.bound = "1";
    var label = zone.querySelector("[data-file-name]");
    function show() {
      label.textContent = input.files.length ? "已选择：" + input.files[0].name : "";
    }
    input.addEventListener("change", show);
    ["dragenter", "dragover"].forEach(function (ev) {
      zone.addEventListener(ev, function (e) { e.preventDefault(); zone.classList.add("over"); });
    });
    ["dragleave", "drop"].forEach(function (ev) {
      zone.addEventListener(ev, function (e) { e.preventDefault(); zone.classList.remove("over"); });
    });
    zone.addEventListener("drop", function (e) {
      if (e.dataTransfer && e.dataTransfer.files.length) {
        input.files = e.dataTransfer.files;
        show();
      }
    });
  }

  function init() {
    document.querySelectorAll("form.upload").forEach(bindDropzone);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
