/* The light participant pages (kit/light): a little help on top of forms that work without it.
 * - Forms are sent in the background and the page's regions are replaced by the answer's (no jump, focus kept).
 * - A choice on a scale is saved as soon as it is made.
 * - Every 2 s the page asks the server for the workshop's state; when it changed (closed, another case, the plan),
 *   the page is fetched again and its regions replaced, except a form someone is typing in.
 * - Text fields count their characters.
 */
(function () {
  "use strict";
  var main = document.getElementById("kit-main");
  if (!main || !window.fetch || !window.DOMParser || !window.URLSearchParams) return;
  document.documentElement.classList.add("kit-js");
  var busy = false;

  function each(root, selector, fn) { Array.prototype.forEach.call(root.querySelectorAll(selector), fn); }

  function count(field) {
    var max = field.getAttribute("data-kit-count"), out = document.getElementById(field.id + "-teller");
    if (!max || !out) return;
    var n = field.value.length;
    out.textContent = n + " / " + max + " tekens";
    out.classList.toggle("kit-over", n > Number(max));
  }

  function setup() { each(main, "[data-kit-count]", count); }

  function cleanAddress(url) {
    var u = new URL(url, window.location.href);
    u.searchParams.delete("klaar"); u.searchParams.delete("melding");
    u.searchParams.delete("bewerk"); u.searchParams.delete("intrekken");
    return u.pathname + u.search;
  }

  function note(text) { document.getElementById("kit-live-note").innerHTML = text; }

  function swap(html, submitted) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    var fresh = doc.getElementById("kit-main");
    if (!fresh) { document.open(); document.write(html); document.close(); return; }
    if (submitted) note("");
    var token = main.querySelector("input[name=_xsrf]");
    if (token) each(fresh, "input[name=_xsrf]", function (input) { input.value = token.value; });
    var ids = function (root) {
      return Array.prototype.map.call(root.querySelectorAll("[data-kit-live]"), function (n) { return n.id; }).join(" ");
    };
    var sameShape = ids(main) === ids(fresh);
    if (!sameShape && (submitted || !main.querySelector("form[data-dirty]"))) {
      main.replaceWith(fresh); main = fresh; setup(); return;
    }
    each(fresh, "[data-kit-live]", function (node) {
      var old = document.getElementById(node.id);
      if (!old || old.isEqualNode(node)) return;
      if (old.querySelector("form[data-dirty]")) return;  /* someone is typing here: keep it */
      old.replaceWith(node);
    });
    ["data-kit-version", "data-kit-case"].forEach(function (name) { main.setAttribute(name, fresh.getAttribute(name)); });
    setup();
  }

  var waiting = [];  // forms sent while another was on its way: sent next, in order, never dropped

  function send(form) {
    if (busy) {
      if (waiting.indexOf(form) < 0) waiting.push(form);
      return;
    }
    busy = true;
    var focused = document.activeElement && document.activeElement.id;
    var region = form.closest("[data-kit-live]");
    var place = region && region.id;
    form.removeAttribute("data-dirty");
    fetch(form.action, {method: "POST", body: new URLSearchParams(new FormData(form)), credentials: "same-origin"})
      .then(function (response) {
        return response.text().then(function (html) {
          swap(html, true);
          if (response.redirected) history.replaceState(null, "", cleanAddress(response.url));
          var target = (focused && document.getElementById(focused)) ||
                       (place && document.getElementById(place));
          var message = place && document.querySelector("#" + place + " .kit-msg");
          if (target && target.focus) target.focus({preventScroll: true});
          if (message && !(target && target.closest("#" + place))) message.scrollIntoView({block: "nearest"});
        });
      })
      .catch(function () { form.submit(); })
      .then(function () {
        busy = false;
        if (waiting.length) send(waiting.shift());  // a detached form still holds what was chosen
      });
  }

  document.addEventListener("input", function (event) {
    var field = event.target;
    if (field.form && (field.tagName === "TEXTAREA" || field.type === "text" || field.type === "checkbox" ||
        (field.type === "radio" && !field.form.hasAttribute("data-kit-auto")))) field.form.setAttribute("data-dirty", "1");
    if (field.hasAttribute && field.hasAttribute("data-kit-count")) count(field);
  });
  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field.type === "radio" && field.form && field.form.hasAttribute("data-kit-auto")) send(field.form);
  });
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if ((form.getAttribute("method") || "").toLowerCase() !== "post") return;
    event.preventDefault();
    send(form);
  });

  function poll() {
    if (document.hidden || busy) return later();
    fetch(main.getAttribute("data-kit-state"), {credentials: "same-origin", cache: "no-store"})
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (state) {
        if (!state || state.versie === main.getAttribute("data-kit-version")) return null;
        var caseForm = main.querySelector("#casus form[data-dirty]");
        if (caseForm && (state.casus || "") !== main.getAttribute("data-kit-case")) {
          note('<p class="kit-msg kit-msg-warn">De begeleider toont nu een andere casus. Je antwoord is nog niet ' +
               'opgeslagen: sla het op, dan zie je daarna de nieuwe casus.</p>');
        }
        return fetch(window.location.href, {credentials: "same-origin", cache: "no-store"})
          .then(function (response) { return response.text(); })
          .then(function (html) { if (!busy) swap(html, false); });
      })
      .catch(function () { return null; })
      .then(later);
  }
  function later() { window.setTimeout(poll, Number(main.getAttribute("data-kit-poll")) || 2000); }

  setup();
  if (window.location.search.indexOf("klaar=") >= 0) history.replaceState(null, "", cleanAddress(window.location.href) + window.location.hash);
  later();
})();
