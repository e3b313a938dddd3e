// Filter the hardware catalogue table in the browser. Everything it needs is in
// the page (data-* attributes on each row), so it works on any static host and
// contacts no other server. Filters are mirrored in the address (?category=mcu)
// so a filtered view can be shared as a link.
(function () {
  "use strict";
  function has(list, word) {
    return (" " + (list || "") + " ").indexOf(" " + word + " ") >= 0;
  }
  function number(text) {
    return text === "" || text === undefined ? null : Number(text);
  }
  function within(value, low, high) {
    if (low === null && high === null) { return true; }
    if (value === "" || value === undefined) { return false; }  // unknown never matches a range
    var v = Number(value);
    return (low === null || v >= low) && (high === null || v <= high);
  }
  function setup() {
    var form = document.getElementById("sd-hw-filters");
    if (!form || form.dataset.ready) { return; }
    form.dataset.ready = "1";
    form.hidden = false;
    var rows = Array.prototype.slice.call(document.querySelectorAll("tr.sd-hw-device"));
    var count = document.getElementById("sd-hw-count");
    var fields = ["category", "toolchain", "ram_min", "ram_max", "flash_min", "flash_max", "country"];
    var params = new URLSearchParams(window.location.search);
    fields.forEach(function (name) {
      var el = form.elements[name];
      if (el && params.has(name)) { el.value = params.get(name); }
    });
    function apply() {
      var f = form.elements;
      var shown = 0;
      rows.forEach(function (row) {
        var d = row.dataset;
        var ok = (!f.category.value || d.category === f.category.value) &&
          (!f.toolchain.value || has(d.toolchains, f.toolchain.value)) &&
          within(d.sram, number(f.ram_min.value), number(f.ram_max.value)) &&
          within(d.flash, number(f.flash_min.value), number(f.flash_max.value)) &&
          (!f.country.value || has(d.countries, f.country.value));
        row.hidden = !ok;
        if (ok) { shown += 1; }
      });
      count.textContent = shown + " of " + rows.length + " devices match";
      var query = new URLSearchParams();
      fields.forEach(function (name) { if (f[name].value) { query.set(name, f[name].value); } });
      var search = query.toString();
      if (window.history && window.history.replaceState) {
        window.history.replaceState(null, "", search ? "?" + search : window.location.pathname);
      }
    }
    form.addEventListener("change", apply);
    form.addEventListener("reset", function () { setTimeout(apply, 0); });
    apply();
  }
  if (window.document$ && window.document$.subscribe) { window.document$.subscribe(setup); }
  else if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", setup); }
  else { setup(); }
})();
