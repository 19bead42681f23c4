/* A "new contribution" button opens GitHub's editor with a file whose date reads YYYY-MM-DD
   (site/contribute.py): the reader's own day goes in when they follow it. */
(function () {
  function today() {
    var now = new Date();
    var two = function (n) { return String(n).padStart(2, "0"); };
    return now.getFullYear() + "-" + two(now.getMonth() + 1) + "-" + two(now.getDate());
  }
  function dated(event) {
    var link = event.target.closest && event.target.closest("a.rp-invite");
    if (link) link.href = link.href.replace("YYYY-MM-DD", today());
  }
  ["click", "auxclick", "contextmenu", "focusin"].forEach(function (name) {
    document.addEventListener(name, dated);
  });
})();
