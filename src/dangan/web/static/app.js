// dangan reading room: what JavaScript adds to pages that work without it.
// Copy buttons, filters that apply as they change, j/k to move between hits,
// and the highlighted passage brought into view.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    var area = document.createElement("textarea");
    area.value = text;
    document.body.appendChild(area);
    area.select();
    document.execCommand("copy");
    area.remove();
    return Promise.resolve();
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("button.copy");
    if (!button) return;
    var source = document.getElementById(button.dataset.copy);
    if (!source) return;
    copyText(source.textContent.trim()).then(function () {
      button.classList.add("done");
      button.setAttribute("aria-label", "Copied");
    });
  });

  // Leave empty fields and defaults out of the address, so that it stays readable.
  document.addEventListener("submit", function (event) {
    Array.prototype.forEach.call(event.target.elements, function (field) {
      var unset = field.value === "" || (field.name === "sort" && field.value === "relevance");
      if (field.name && field.name !== "q" && unset) field.disabled = true;
    });
  });

  window.addEventListener("pageshow", function () {  // back to a page left by a search
    Array.prototype.forEach.call(document.querySelectorAll("form [disabled]"), function (field) {
      field.disabled = false;
    });
  });

  document.addEventListener("change", function (event) {
    if (event.target.classList && event.target.classList.contains("live")) {
      var form = event.target.form;
      var page = form && form.querySelector("input[name=page]");
      if (page) page.remove();
      if (form) form.requestSubmit();
    }
  });

  document.addEventListener("keydown", function (event) {
    var tag = (event.target.tagName || "").toLowerCase();
    if (tag === "input" || tag === "textarea" || tag === "select") return;
    if (event.key !== "j" && event.key !== "k") return;
    var links = Array.prototype.slice.call(document.querySelectorAll(".hit-title a"));
    if (!links.length) return;
    var at = links.indexOf(document.activeElement);
    var next = event.key === "j" ? Math.min(at + 1, links.length - 1) : Math.max(at - 1, 0);
    links[next].focus();
    event.preventDefault();
  });

  var hit = document.querySelector(".is-hit");
  if (hit) {
    hit.scrollIntoView({block: "center"});
    hit.focus({preventScroll: true});
  }
})();
