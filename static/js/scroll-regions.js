/* Regions that scroll sideways (a wide formula, table or code block, a summary with a line that cannot wrap on a
 * phone) can be scrolled from the keyboard: the ones that overflow get a tab stop (WCAG 2.1.1), the others stay
 * out of the tab order. Without JavaScript they still scroll with a mouse, a touch or a trackpad.
 */
(function () {
  "use strict";

  var REGIONS = ".summary-body, .prose pre, .prose table, .prose math[display=block]";
  var MARK = "data-scroll-stop"; // tab stops this script added, and may take away again

  function update() {
    document.querySelectorAll(REGIONS).forEach(function (region) {
      var overflows = region.scrollWidth > region.clientWidth + 1;
      if (overflows && !region.hasAttribute("tabindex")) {
        region.setAttribute("tabindex", "0");
        region.setAttribute(MARK, "");
      } else if (!overflows && region.hasAttribute(MARK)) {
        region.removeAttribute("tabindex");
        region.removeAttribute(MARK);
      }
    });
  }

  var pending = null;
  window.addEventListener("resize", function () {
    window.clearTimeout(pending);
    pending = window.setTimeout(update, 150);
  });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", update);
  } else {
    update();
  }
  window.addEventListener("load", update); // images and the math font change widths
})();
