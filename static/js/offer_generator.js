// The offer generator in the browser: add rows to tables (schedule, results, costs,
// partners) and recompute totals and shares as people type. The server computes
// everything again; this only saves people a round trip.
(function () {
  "use strict";

  function num(value) {
    var n = parseFloat(String(value || "").replace(/\s/g, "").replace(",", "."));
    return isNaN(n) ? 0 : n;
  }
  function money(n) { return (Math.round(n * 100) / 100).toFixed(2); }

  function initRows(form) {
    var rows = form.querySelector("[data-rows]");
    var template = form.querySelector("template[data-row-template]");
    var add = form.querySelector("[data-add-row]");
    if (!rows || !template || !add) return;
    var prefix = rows.getAttribute("data-prefix");
    var total = form.querySelector("input[name='" + prefix + "-TOTAL_FORMS']");
    add.addEventListener("click", function () {
      var index = parseInt(total.value, 10);
      var html = template.innerHTML.replace(/__prefix__/g, String(index));
      rows.insertAdjacentHTML("beforeend", html);
      total.value = String(index + 1);
      var added = rows.lastElementChild;
      var first = added && added.querySelector("input, select, textarea");
      if (first) first.focus();
      recompute(form);
    });
  }

  function recompute(form) {
    var step = form.getAttribute("data-offer-step");
    if (step === "costs") {
      var sum = 0;
      form.querySelectorAll("[data-row]").forEach(function (row) {
        var del = row.querySelector("input[name$='-DELETE']");
        if (del && del.checked) return;
        var cost = row.querySelector("input[name$='-unit_cost']");
        var units = row.querySelector("input[name$='-units']");
        if (cost && units) sum += Math.round(num(cost.value) * num(units.value) * 100) / 100;
      });
      var out = form.querySelector("[data-costs-total]");
      if (out) out.textContent = money(sum);
    }
    if (step === "financing") {
      var totalCost = num(form.getAttribute("data-total-cost"));
      var names = ["grant", "own_financial", "own_personal", "own_in_kind", "participant_fees", "other_public"];
      var values = {};
      var sources = 0;
      names.forEach(function (name) {
        var input = form.querySelector("input[name$='-" + name + "']");
        values[name] = input ? num(input.value) : 0;
        sources += values[name];
      });
      var share = function (part) { return totalCost ? money(part * 100 / totalCost) : "0.00"; };
      var set = function (selector, text) { var el = form.querySelector(selector); if (el) el.textContent = text; };
      set("[data-sources-total]", money(sources));
      set("[data-grant-share]", share(values.grant));
      set("[data-own-share]", share(sources - values.grant));
    }
  }

  document.querySelectorAll("form[data-offer-step]").forEach(function (form) {
    initRows(form);
    form.addEventListener("input", function () { recompute(form); });
    form.addEventListener("change", function () { recompute(form); });
    recompute(form);
  });
})();
