/* A table too wide for a phone scrolls sideways in Material's wrapper: a keyboard must reach it too.
   Its name is in the site's language, written on this script's tag by partials/rallypoint-page.html. */
(function (label) {
  if (window.document$) document$.subscribe(function () {
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (wrap) {
      wrap.tabIndex = 0; wrap.setAttribute("role", "region"); wrap.setAttribute("aria-label", label);
    });
  });
})((document.currentScript && document.currentScript.dataset.label) || "Table");
