/* Small-screen helpers (issue 17). Without this script every menu and filter stays open,
   as the page was before; with it, a phone shows a menu button and a "Filtrovat" control
   and gets to the content first. */
(function () {
  "use strict";
  var root = document.documentElement;
  root.classList.add("js");
  var narrow = window.matchMedia("(max-width: 50rem)");

  function initMenu() {
    var button = document.querySelector(".menu-toggle");
    var menu = document.getElementById("site-menu");
    if (!button || !menu) return;
    function set(open) {
      button.setAttribute("aria-expanded", open ? "true" : "false");
      menu.setAttribute("data-collapsed", open ? "false" : "true");
    }
    set(false);
    button.addEventListener("click", function () {
      set(button.getAttribute("aria-expanded") !== "true");
    });
  }

  function initFilters() {
    var toggles = document.querySelectorAll("details.filter-toggle");
    function apply() {
      for (var i = 0; i < toggles.length; i++) {
        // Open on a wide screen (the summary is hidden there); folded on a phone.
        toggles[i].open = !narrow.matches;
      }
    }
    apply();
    if (narrow.addEventListener) narrow.addEventListener("change", apply);
  }

  function init() {
    initMenu();
    initFilters();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
