// ScaleDown: wide tables can be scrolled from the keyboard.
//
// Material wraps each table in a box that scrolls sideways when the table is wider
// than the page (on a phone, most tables). A box that scrolls must be reachable with
// the Tab key, or keyboard users cannot see the hidden columns (WCAG 2.1.1). This gives
// each box that overflows a tab stop and a name ("Table, scrolls sideways"), and takes
// them away again when the window grows wide enough.
(function () {
  "use strict";

  function update() {
    var boxes = document.querySelectorAll(".md-typeset__scrollwrap");
    Array.prototype.forEach.call(boxes, function (box) {
      var scrolls = box.scrollWidth > box.clientWidth + 1;
      if (scrolls && !box.hasAttribute("tabindex")) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", "Table, scrolls sideways");
        box.dataset.sdScroll = "1";
      } else if (!scrolls && box.dataset.sdScroll) {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
        delete box.dataset.sdScroll;
      }
    });
  }

  var pending = 0;
  function later() {
    if (!pending) {
      pending = window.requestAnimationFrame(function () { pending = 0; update(); });
    }
  }

  window.addEventListener("resize", later);
  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(later);  // after Material has wrapped the tables
  } else {
    window.addEventListener("load", later);
  }
})();
