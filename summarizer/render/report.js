(function () {
  "use strict";
  var smooth = !(window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches);

  function marksOf(ref) {
    return document.querySelectorAll('mark.ev[data-refs~="' + ref + '"]');
  }
  function itemOf(ref) {
    return document.querySelector('[data-target="' + ref + '"]');
  }
  function clearActive() {
    document.querySelectorAll(".active").forEach(function (node) { node.classList.remove("active"); });
  }
  // Emphasise an item's evidence in the article and bring it into view.
  function showEvidence(ref, revealItem) {
    var marks = marksOf(ref);
    clearActive();
    var item = itemOf(ref);
    if (item) {
      // A folded figure is unfolded before it is shown.
      var fold = item.closest("details");
      if (fold) { fold.open = true; }
      item.classList.add("active");
      // Instant: Chromium drops one of two smooth scrolls started together.
      if (revealItem) { item.scrollIntoView({ block: "nearest", behavior: "auto" }); }
    }
    if (!marks.length) { return; }
    marks.forEach(function (mark) { mark.classList.add("active"); });
    marks[0].scrollIntoView({ block: "center", behavior: smooth ? "smooth" : "auto" });
    if (history.replaceState) { history.replaceState(null, "", "#ev-" + ref); }
  }

  document.addEventListener("click", function (event) {
    var item = event.target.closest("[data-target]");
    if (item) {
      event.preventDefault();
      showEvidence(item.getAttribute("data-target"), false);
      return;
    }
    var mark = event.target.closest("mark.ev");
    if (mark) {
      var refs = mark.getAttribute("data-refs").split(" ");
      // Repeated clicks on shared evidence cycle through the items that cite it.
      var current = document.querySelector("[data-target].active");
      var at = current ? refs.indexOf(current.getAttribute("data-target")) : -1;
      showEvidence(refs[(at + 1) % refs.length], true);
    }
  });
  document.addEventListener("keydown", function (event) {
    var item = event.target.closest && event.target.closest("[data-target]");
    if (item && (event.key === "Enter" || event.key === " ")) {
      event.preventDefault();
      showEvidence(item.getAttribute("data-target"), false);
    }
  });
  var initial = /^#ev-([a-z]+-\d+)$/.exec(location.hash);
  if (initial) { showEvidence(initial[1], true); }
})();
