// Suggestions for the header search box (progressive enhancement: without
// JavaScript the box is a plain search form).
(function () {
  "use strict";
  var input = document.getElementById("recherche-entete-input");
  var list = document.getElementById("recherche-entete-suggestions");
  if (!input || !list || !window.fetch) return;
  var endpoint = input.getAttribute("data-suggestions-url");
  var timer = null;
  var last = "";
  input.addEventListener("input", function () {
    var query = input.value.trim();
    if (query.length < 2 || query === last) return;
    last = query;
    window.clearTimeout(timer);
    timer = window.setTimeout(function () {
      fetch(endpoint + "?q=" + encodeURIComponent(query), {
        headers: { Accept: "application/json" },
      })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) {
          list.textContent = "";
          data.results.forEach(function (result) {
            var option = document.createElement("option");
            option.value = result.title;
            list.appendChild(option);
          });
        })
        .catch(function () {});
    }, 200);
  });
})();
