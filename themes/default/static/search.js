// Site search on a static host: loads the page language's index and searches it with
// MiniSearch. Without JavaScript the search page is a list of every province and indicator.
(function () {
  "use strict";
  var results = document.getElementById("search-results");
  var input = document.getElementById("search-query");
  if (!results || !input || typeof MiniSearch === "undefined") return;
  var status = results.querySelector(".search-status");
  var list = results.querySelector("ul");
  var all = document.getElementById("search-all");

  // The same folding as the index (src/render/search.rs): no diacritics, đ → d, lowercase.
  function fold(text) {
    return text.normalize("NFD").replace(/\p{M}/gu, "").replace(/[đĐ]/g, "d").toLowerCase();
  }

  var search = new MiniSearch({
    fields: ["t", "x"],
    storeFields: ["title", "url", "kind"],
    processTerm: function (term) { return fold(term); },
    searchOptions: { prefix: true, combineWith: "AND", boost: { t: 4 } }
  });

  function show(query) {
    var q = query.trim();
    results.hidden = q === "";
    if (all) all.hidden = q !== "";
    list.textContent = "";
    if (q === "") return;
    var found = search.search(q);
    status.textContent = found.length === 0
      ? results.dataset.none
      : results.dataset.count.replace("{count}", String(found.length));
    found.slice(0, 50).forEach(function (hit) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = hit.url;
      link.textContent = hit.title;
      var kind = document.createElement("span");
      kind.className = "search-kind";
      kind.textContent = results.dataset["kind" + hit.kind.charAt(0).toUpperCase() + hit.kind.slice(1)] || "";
      item.appendChild(link);
      item.appendChild(document.createTextNode(" "));
      item.appendChild(kind);
      list.appendChild(item);
    });
  }

  fetch(results.dataset.index)
    .then(function (response) { return response.json(); })
    .then(function (index) {
      search.addAll(index.docs);
      var query = new URLSearchParams(window.location.search).get("q") || "";
      input.value = query;
      show(query);
      input.addEventListener("input", function () {
        show(input.value);
        var url = new URL(window.location.href);
        if (input.value) url.searchParams.set("q", input.value); else url.searchParams.delete("q");
        window.history.replaceState(null, "", url);
      });
    });
})();
