/* Briefing Digest search: Pagefind (https://pagefind.app), fully static and self-hosted.
 *
 * `make html` runs Pagefind on the built site after `mkdocs build`; it writes the index
 * and Pagefind's own UI (pagefind-ui.js/css) to site/pagefind/. This file is the only
 * search code every page loads: it fetches nothing until a reader opens search (the
 * header button, or "/" or "s"), then loads Pagefind's UI into the search dialog. Pagefind
 * then downloads only the index chunks a query needs. No request leaves the site.
 */
(function () {
  "use strict";

  var dialog = document.getElementById("__bd-search");
  if (!dialog || typeof dialog.showModal !== "function") return;

  // This file is assets/javascripts/briefings-search.js: the site root is two folders up,
  // wherever the site is published (a domain's root or a project path on GitHub Pages).
  var root = new URL("../../", document.currentScript.src);
  var bundle = new URL("pagefind/", root);
  var container = document.getElementById("__bd-search-ui");
  var unavailable = dialog.querySelector(".bd-search__unavailable");
  var loading = null;

  function load() {
    if (loading) return loading;
    loading = new Promise(function (resolve, reject) {
      var style = document.createElement("link");
      style.rel = "stylesheet";
      style.href = new URL("pagefind-ui.css", bundle).href;
      document.head.appendChild(style);
      var script = document.createElement("script");
      script.src = new URL("pagefind-ui.js", bundle).href;
      script.onload = function () {
        /* global PagefindUI */
        resolve(new PagefindUI({
          element: "#__bd-search-ui",
          bundlePath: bundle.pathname,
          baseUrl: root.pathname,
          resetStyles: false,
          showImages: false,
          showSubResults: false,
          excerptLength: 24,
          autofocus: true,
          translations: { placeholder: "Search briefings, people, places" }
        }));
      };
      script.onerror = function () {
        style.remove();
        script.remove();
        loading = null;
        unavailable.hidden = false;
        reject(new Error("no search index at " + bundle.href));
      };
      document.head.appendChild(script);
    });
    return loading;
  }

  function focusInput() {
    var input = container.querySelector("input");
    if (input) input.focus();
  }

  function open() {
    if (!dialog.open) dialog.showModal();
    load().then(function () { setTimeout(focusInput, 0); }, function () {});
  }

  document.querySelectorAll("[data-bd-search-open]").forEach(function (button) {
    button.addEventListener("click", open);
  });
  dialog.querySelectorAll("[data-bd-search-close]").forEach(function (button) {
    button.addEventListener("click", function () { dialog.close(); });
  });
  // A click on the backdrop (outside the dialog's box) closes it.
  dialog.addEventListener("click", function (event) {
    if (event.target !== dialog) return;
    var box = dialog.getBoundingClientRect();
    var inside = event.clientX >= box.left && event.clientX <= box.right &&
                 event.clientY >= box.top && event.clientY <= box.bottom;
    if (!inside) dialog.close();
  });
  // "/" or "s" opens search, as in Material, unless the reader is typing somewhere.
  document.addEventListener("keydown", function (event) {
    if (dialog.open || event.ctrlKey || event.metaKey || event.altKey) return;
    var target = event.target;
    if (target && (target.isContentEditable || /^(input|textarea|select)$/i.test(target.tagName))) return;
    if (event.key === "/" || event.key === "s" || event.key === "S") {
      event.preventDefault();
      open();
    }
  });
})();
