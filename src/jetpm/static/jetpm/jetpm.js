// JETPM's own script (self-hosted, no CDN; loaded with the CSP nonce). Pages work without it.
// The main menu folds behind a "Menu" button on narrow screens; long selects get a search box.
(function () {
  "use strict";
  function setUpMenu() {
    var nav = document.querySelector(".mainnav");
    var button = nav && nav.querySelector(".navtoggle");
    if (!button) { return; }
    nav.classList.add("collapsible");
    button.hidden = false;
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-expanded") !== "true";
      button.setAttribute("aria-expanded", open ? "true" : "false");
      nav.classList.toggle("open", open);
    });
  }
  // A long select (data-searchable) gets a search box: typing keeps the options whose text contains
  // what was typed (the selected option always stays); without the script the select is unchanged.
  function fold(text) {
    return text.normalize("NFKC").toLocaleLowerCase();
  }
  function setUpSearch(select) {
    var input = document.createElement("input");
    input.type = "search";
    input.className = "select-search";
    input.setAttribute("aria-label", select.getAttribute("data-search-label") || "Search");
    input.setAttribute("placeholder", select.getAttribute("data-search-label") || "");
    input.setAttribute("aria-controls", select.id);
    input.setAttribute("autocomplete", "off");
    select.parentNode.insertBefore(input, select);
    var all = Array.prototype.slice.call(select.children).map(function (node) { return node.cloneNode(true); });
    input.addEventListener("input", function () {
      var q = fold(input.value.trim());
      var chosen = select.value;
      select.textContent = "";
      all.forEach(function (node) {
        var copy = node.cloneNode(true);
        if (q && copy.tagName === "OPTGROUP") {
          Array.prototype.slice.call(copy.children).forEach(function (option) {
            if (option.value !== chosen && fold(option.textContent).indexOf(q) < 0) { copy.removeChild(option); }
          });
          if (!copy.children.length) { return; }
        } else if (q && copy.value !== "" && copy.value !== chosen && fold(copy.textContent).indexOf(q) < 0) {
          return;
        }
        select.appendChild(copy);
      });
      select.value = chosen;
    });
  }
  function setUp() {
    setUpMenu();
    Array.prototype.forEach.call(document.querySelectorAll("select[data-searchable]"), setUpSearch);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
