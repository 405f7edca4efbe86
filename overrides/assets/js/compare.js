/* Narrow the comparison table by body area or group. Without JavaScript the full table stays.
   Re-initialises on Material's instant navigation (document$), else on DOMContentLoaded. */
(function () {
  "use strict";

  function setup(root) {
    if (root.dataset.hbReady) return;
    root.dataset.hbReady = "1";
    var form = root.querySelector(".hb-compare-filter");
    var table = root.querySelector(".hb-compare-table");
    if (!form || !table) return;
    var heads = Array.prototype.slice.call(table.querySelectorAll("th[data-condition]"));
    var output = form.querySelector("output");

    function apply() {
      var region = form.elements.region.value;
      var group = form.elements.group.value;
      var shown = {};
      var count = 0;
      heads.forEach(function (th) {
        var regions = (th.getAttribute("data-regions") || "").split(" ");
        var ok = (!region || regions.indexOf(region) !== -1) &&
                 (!group || th.getAttribute("data-group") === group);
        shown[th.getAttribute("data-condition")] = ok;
        if (ok) count += 1;
      });
      table.querySelectorAll("[data-condition]").forEach(function (cell) {
        cell.hidden = !shown[cell.getAttribute("data-condition")];
      });
      var groupCounts = {};
      heads.forEach(function (th) {
        var g = th.getAttribute("data-group");
        groupCounts[g] = (groupCounts[g] || 0) + (shown[th.getAttribute("data-condition")] ? 1 : 0);
      });
      table.querySelectorAll(".hb-groups th[data-group]").forEach(function (th) {
        var n = groupCounts[th.getAttribute("data-group")] || 0;
        th.hidden = n === 0;
        th.colSpan = Math.max(n, 1);
      });
      table.querySelectorAll(".hb-rowgroup th").forEach(function (th) { th.colSpan = count + 1; });
      if (output) {
        output.textContent = (output.getAttribute("data-template") || "")
          .replace("{shown}", String(count)).replace("{total}", String(heads.length));
      }
    }

    form.addEventListener("change", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); apply(); });
    form.hidden = false;
    var params = new URLSearchParams(window.location.search);
    if (params.get("region")) form.elements.region.value = params.get("region");
    if (params.get("group")) form.elements.group.value = params.get("group");
    apply();
  }

  function init() {
    document.querySelectorAll("[data-hb-compare]").forEach(setup);
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
