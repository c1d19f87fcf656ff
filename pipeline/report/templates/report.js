// Claims table: filter by words, source kind and type; sort by any column. Runs from file:// with no
// network. The last line marks <body> so tests can tell the script ran to the end without errors.
(function () {
  "use strict";
  var table = document.getElementById("claims-table");
  if (table && table.tBodies.length) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var words = document.getElementById("claims-filter");
    var kind = document.getElementById("claims-kind");
    var type = document.getElementById("claims-type");
    var count = document.getElementById("claims-count");
    var apply = function () {
      var needle = words.value.trim().toLowerCase();
      var shown = 0;
      rows.forEach(function (row) {
        var ok = (!needle || row.textContent.toLowerCase().indexOf(needle) >= 0) &&
          (!kind.value || row.getAttribute("data-kind") === kind.value) &&
          (!type.value || (" " + row.getAttribute("data-types") + " ").indexOf(" " + type.value + " ") >= 0);
        row.hidden = !ok;
        if (ok) { shown += 1; }
      });
      count.textContent = shown + " of " + rows.length + " claims shown";
    };
    [words, kind, type].forEach(function (el) { el.addEventListener("input", apply); });
    var headers = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(headers, function (th, column) {
      th.addEventListener("click", function () {
        var numeric = th.getAttribute("data-type") === "num";
        var descending = th.getAttribute("aria-sort") !== "descending";
        Array.prototype.forEach.call(headers, function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", descending ? "descending" : "ascending");
        var value = function (row) {
          var cell = row.cells[column];
          var v = cell.getAttribute("data-v");
          if (!numeric) { return cell.textContent.trim().toLowerCase(); }
          var number = parseFloat(v === null ? cell.textContent : v);
          return isNaN(number) ? -Infinity : number;  // an empty cell (no figure) sorts below every number
        };
        rows.sort(function (a, b) {
          var x = value(a), y = value(b);
          var order = x < y ? -1 : x > y ? 1 : 0;
          return descending ? -order : order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
    apply();
  }
  document.body.setAttribute("data-report-ready", "1");
})();
